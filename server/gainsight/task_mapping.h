// Task <-> Cockpit task records (object cs_task, ISO dates), and the task
// configuration (types, statuses, priorities) of the picklist endpoint.
#ifndef GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_TASK_MAPPING_H_
#define GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_TASK_MAPPING_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gainsight/envelope.h"
#include "gainsight/record_mapping.h"
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

// The picklist GSIDs of one task, resolved from its labels or GSIDs.
struct TaskPicklistIds {
  std::string type_id;
  std::string status_id;
  std::string priority_id;
};

// Resolves the `type`, `status` and `priority` the task sets; `path`
// prefixes the field names of errors ("tasks[2]"). The first that does not
// resolve answers its INVALID_ARGUMENT (see ResolvePicklistValue).
absl::StatusOr<TaskPicklistIds> ResolveTaskPicklists(
    const gainsight::v1::Task& task, const TaskConfig& config,
    absl::string_view path);

// Task field mapping. Picklists and the owner are output only here: writes
// carry the GSIDs the gateway resolved.
const RecordMapping& TaskMapping();

// The record of a create or an update (with Gsid): set writable fields,
// custom_fields, the resolved GSIDs that are not empty, and OwnerId when
// `owner_id` is not empty.
Json TaskRecord(const gainsight::v1::Task& task, bool update,
                const TaskPicklistIds& ids, const std::string& owner_id);

// Fills `out` from a list row; labels from the `__gr.Name` lookups (the GSID
// when a row has none).
absl::Status TaskFromRow(const Json& row, gainsight::v1::Task* out);

// The proto field a field API name of a task write error stands for.
std::string TaskProtoField(absl::string_view api_name);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_TASK_MAPPING_H_
