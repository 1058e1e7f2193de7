// Cockpit CTA configuration: the picklist JSON of the configuration endpoint
// (its shape is the decision in gainsight/endpoints.cc) to CtaTypeConfig
// messages, and the resolution of a caller's label or GSID to an item.
#ifndef GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_CTA_MAPPING_H_
#define GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_CTA_MAPPING_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gainsight/envelope.h"
#include "gainsight/picklist.h"
#include "gainsight/record_mapping.h"
#include "gainsight/v1/cta.pb.h"
#include "google/protobuf/repeated_ptr_field.h"

namespace gg {

// The `category` parameter of the configuration call: every category.
inline constexpr char kCtaConfigCategories[] =
    "CTA_TYPE,CTA_STATUS,CTA_PRIORITY,CTA_REASON";
// typeName of an item every CTA type may use.
inline constexpr char kAllCtaTypes[] = "ALL_CTA_TYPE";

// The items of one picklist category of the configuration endpoint's `data`
// (e.g. "CTA_STATUS"), whatever type they are scoped to. A missing category
// gives none.
absl::Status PicklistItemsFromJson(
    const Json& data, const char* category,
    google::protobuf::RepeatedPtrField<gainsight::v1::PicklistItem>* out);

// Builds the configuration from the endpoint's `data`: one CtaTypeConfig per
// CTA_TYPE item, in Gainsight's order, with the statuses, priorities and
// reasons whose typeName is ALL_CTA_TYPE or that type's name.
absl::Status CtaConfigFromJson(const Json& data,
                               gainsight::v1::GetCtaConfigResponse* out);

// The picklist items of one CTA, resolved from its labels or GSIDs (an
// item with an empty gsid: not set).
struct CtaPicklists {
  gainsight::v1::PicklistItem type;
  gainsight::v1::PicklistItem status;
  gainsight::v1::PicklistItem priority;
  gainsight::v1::PicklistItem reason;
};

// Resolves the `type`, `status`, `priority` and `reason` the CTA sets against
// the configuration; `path` prefixes the field names of errors ("ctas[2]"
// gives "ctas[2].status"). The type is the CTA's own when it sets one, else
// `existing_type_id` (an update); reasons and statuses must be allowed for
// that type. Fields the CTA leaves unset stay empty. The first field that
// does not resolve answers its INVALID_ARGUMENT (see ResolvePicklistItem).
absl::StatusOr<CtaPicklists> ResolveCtaPicklists(
    const gainsight::v1::Cta& cta,
    const gainsight::v1::GetCtaConfigResponse& config, absl::string_view path,
    absl::string_view existing_type_id = "");

// CTA list filters by the labels writes take: a condition on `type`,
// `status`, `priority` or `reason` (any letter case; also their API names
// TypeId, StatusId, PriorityId, ReasonId) with operator EQ, NE, IN or
// NOT_IN is sent on the API name, each value a label (any letter case) or
// an item's GSID replaced by the GSIDs of every item of `config` with that
// label (EQ becomes IN and NE NOT_IN when a label names several). A value
// that names no item is INVALID_ARGUMENT on
// "filter.conditions[i].values[j]" (UNKNOWN_PICKLIST_LABEL, the labels
// listed). Other conditions are left as they are.
absl::Status ResolveCtaFilterLabels(
    const gainsight::v1::GetCtaConfigResponse& config,
    gainsight::v1::Filter* filter);
// Whether ResolveCtaFilterLabels rewrites `condition`.
bool IsCtaLabelCondition(const gainsight::v1::Condition& condition);
// Whether `filter` has a condition ResolveCtaFilterLabels rewrites.
bool FiltersCtaPicklists(const gainsight::v1::Filter& filter);

// Cta <-> Cockpit CTA records (ISO dates). Picklists and the owner are
// output only here: writes carry what the gateway resolved.
const RecordMapping& CtaMapping();

// The fields a Get or List of CTAs reads when the caller names none: only
// names Gainsight's own samples show (a Fetch API refuses a whole call over
// one unknown select field, COCKPIT_5101).
std::vector<std::string> CtaDefaultSelect();
// What an update needs of a CTA to resolve its picklists: its type and
// entity.
std::vector<std::string> CtaScopeSelect();

// The record of a create (update = false) or an update (with Gsid): the
// CTA's set writable fields and custom_fields, the picklists by label under
// `type`, `status`, `priority` and `reason` (as every public sample sends
// them), and OwnerId when `owner_id` is not empty.
Json CtaRecord(const gainsight::v1::Cta& cta, bool update,
               const CtaPicklists& picklists, const std::string& owner_id);

// How a created CTA is found again: its Name and CompanyId.
std::vector<std::pair<std::string, std::string>> CtaReadBackKey(
    const gainsight::v1::Cta& cta);

// The query string of an update: its due date and owner cascades.
std::string CtaUpdateQuery(gainsight::v1::DueDateCascade due_date,
                           gainsight::v1::OwnerCascade owner);

// Fills `out` from a list row: typed fields, the EntityType, labels from the
// `__gr.Name` lookups (the GSID when a row has no label), every other key
// into custom_fields.
absl::Status CtaFromRow(const Json& row, gainsight::v1::Cta* out);

// The proto field a Cockpit field API name of a CTA write error stands for
// ("TypeId" -> "type", "DueDate" -> "due_date", "X__gc" ->
// "custom_fields.X__gc").
std::string CtaProtoField(absl::string_view api_name);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_CTA_MAPPING_H_
