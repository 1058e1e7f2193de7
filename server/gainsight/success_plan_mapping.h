// SuccessPlan <-> Gainsight Success Plan (Cockpit `cta_group`) records, the
// plan configuration (types, statuses) of the picklist endpoint, and the
// resolution of type and status labels to their GSIDs.
#ifndef GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_SUCCESS_PLAN_MAPPING_H_
#define GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_SUCCESS_PLAN_MAPPING_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gainsight/envelope.h"
#include "gainsight/v1/success_plan.pb.h"
#include "gainsight/v1/types.pb.h"

namespace gg {

// The tenant's Success Plan configuration of one entity type.
struct SuccessPlanConfig {
  std::vector<gainsight::v1::PicklistItem> types;
  std::vector<gainsight::v1::PicklistItem> statuses;
};

// The query string of the configuration call for `entity_type`
// ("category=SUCCESS_PLAN_TYPE,SUCCESS_PLAN_STATUS&et=COMPANY").
std::string SuccessPlanConfigQuery(gainsight::v1::EntityType entity_type);

// Parses the picklist endpoint's data: {"SUCCESS_PLAN_TYPE": [items],
// "SUCCESS_PLAN_STATUS": [items]}.
absl::StatusOr<SuccessPlanConfig> ParseSuccessPlanConfig(const Json& data);

// The record of a create (update = false) or update (update = true, with
// Gsid): set writable fields, the type and status by label under
// `SuccessPlanType` and `status` (as the public create sample sends them)
// when not empty, `owner_id` when not empty, and custom_fields.
Json SuccessPlanRecord(const gainsight::v1::SuccessPlan& plan, bool update,
                       const std::string& type_label,
                       const std::string& status_label,
                       const std::string& owner_id);

// The fields a Get or List of plans reads when the caller names none: the
// names of the one public list sample (display names TypeName and
// StatusName carry the labels).
std::vector<std::string> SuccessPlanSelect();

// How a created plan is found again: its Name and CompanyId.
std::vector<std::pair<std::string, std::string>> SuccessPlanReadBackKey(
    const gainsight::v1::SuccessPlan& plan);

// Fills `out` from a list row (ISO dates; TypeName/StatusName labels; lookup
// expansions). Keys without a typed field land in custom_fields.
absl::Status SuccessPlanFromRow(const Json& row,
                                gainsight::v1::SuccessPlan* out);

// The API name of a SuccessPlan proto field name that Gainsight reports
// errors on ("CompanyId" -> "company_id"); the API name itself when none.
std::string SuccessPlanProtoField(absl::string_view api_name);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_SUCCESS_PLAN_MAPPING_H_
