// Task <-> Cockpit task records (object cs_task, ISO dates), and the task
// configuration (types, statuses, priorities) of the picklist endpoint.
#ifndef GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_TASK_MAPPING_H_
#define GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_TASK_MAPPING_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gainsight/envelope.h"
#include "gainsight/picklist.h"
#include "gainsight/record_mapping.h"
#include "gainsight/v1/common.pb.h"
#include "gainsight/v1/task.pb.h"
#include "gainsight/v1/types.pb.h"
#include "google/protobuf/repeated_ptr_field.h"

namespace gg {

// The tenant's task configuration.
struct TaskConfig {
  google::protobuf::RepeatedPtrField<gainsight::v1::PicklistItem> types;
  google::protobuf::RepeatedPtrField<gainsight::v1::PicklistItem> statuses;
  google::protobuf::RepeatedPtrField<gainsight::v1::PicklistItem> priorities;
};

// The query string of the configuration call.
std::string TaskConfigQuery();

// Parses the picklist endpoint's data: {"TASK_TYPE": [items], ...}.
absl::StatusOr<TaskConfig> ParseTaskConfig(const Json& data);

// The picklist items of one task, resolved from its labels or GSIDs (an
// item with an empty gsid: not set).
struct TaskPicklists {
  gainsight::v1::PicklistItem type;
  gainsight::v1::PicklistItem status;
  gainsight::v1::PicklistItem priority;
};

// Resolves the `type`, `status` and `priority` the task sets; `path`
// prefixes the field names of errors ("tasks[2]"). The first that does not
// resolve answers its INVALID_ARGUMENT (see ResolvePicklistItem).
absl::StatusOr<TaskPicklists> ResolveTaskPicklists(
    const gainsight::v1::Task& task, const TaskConfig& config,
    absl::string_view path);

// Task field mapping. Picklists and the owner are output only here: writes
// carry what the gateway resolved.
const RecordMapping& TaskMapping();

// The fields a task list reads when the caller names no extra ones.
// Decision (no public sample of a task row): the CTA sample's names, which
// Cockpit tasks share, plus CtaId (the filter) and ClosedDate (named in a
// task sample of the docs).
std::vector<std::string> TaskDefaultSelect();

// The record of a create or an update (with Gsid): set writable fields,
// custom_fields, the picklists by label under `type`, `status` and
// `priority` (as CTA writes send them), and OwnerId when `owner_id` is not
// empty.
Json TaskRecord(const gainsight::v1::Task& task, bool update,
                const TaskPicklists& picklists, const std::string& owner_id);

// How a created task is found again: its Name and CtaId.
std::vector<std::pair<std::string, std::string>> TaskReadBackKey(
    const gainsight::v1::Task& task);

// The filter of a CTA's tasks.
gainsight::v1::Filter TasksOfCtaFilter(const std::string& cta_id);

// Fills `out` from a list row; labels from the `__gr.Name` lookups (the GSID
// when a row has none).
absl::Status TaskFromRow(const Json& row, gainsight::v1::Task* out);

// The proto field a field API name of a task write error stands for.
std::string TaskProtoField(absl::string_view api_name);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_TASK_MAPPING_H_
