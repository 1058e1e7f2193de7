// Cockpit CTA configuration: the picklist JSON of the configuration endpoint
// (its shape is the decision in gainsight/endpoints.cc) to CtaTypeConfig
// messages, and the resolution of a caller's label or GSID to an item.
#ifndef GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_CTA_MAPPING_H_
#define GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_CTA_MAPPING_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gainsight/envelope.h"
#include "gainsight/record_mapping.h"
#include "gainsight/v1/cta.pb.h"
#include "google/protobuf/repeated_ptr_field.h"

namespace gg {

// The `category` parameter of the configuration call: every category.
inline constexpr char kCtaConfigCategories[] =
    "CTA_TYPE,CTA_STATUS,CTA_PRIORITY,CTA_REASON";
// typeName of an item every CTA type may use.
inline constexpr char kAllCtaTypes[] = "ALL_CTA_TYPE";

// ErrorInfo reasons of a label that names no item, or several.
inline constexpr char kUnknownLabelReason[] = "UNKNOWN_PICKLIST_LABEL";
inline constexpr char kAmbiguousLabelReason[] = "AMBIGUOUS_PICKLIST_LABEL";

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

// The GSID of the item `value` names: an item's GSID, or the label of exactly
// one active item (case-insensitive, surrounding spaces ignored). Otherwise
// INVALID_ARGUMENT with a BadRequest on `field` (e.g. "ctas[2].status")
// listing the allowed labels, or, for a label several items carry, their
// GSIDs.
absl::StatusOr<std::string> ResolvePicklistValue(
    const google::protobuf::RepeatedPtrField<gainsight::v1::PicklistItem>&
        items,
    absl::string_view value, absl::string_view field);

// The picklist GSIDs of one CTA, resolved from its labels or GSIDs.
struct CtaPicklistIds {
  std::string type_id;
  std::string status_id;
  std::string priority_id;
  std::string reason_id;
  bool closed = false;  // the status is a closed one
};

// Resolves the `type`, `status`, `priority` and `reason` the CTA sets against
// the configuration; `path` prefixes the field names of errors ("ctas[2]"
// gives "ctas[2].status"). The type is the CTA's own when it sets one, else
// `existing_type_id` (an update); reasons and statuses must be allowed for
// that type. Fields the CTA leaves unset stay empty. The first field that
// does not resolve answers its INVALID_ARGUMENT (see ResolvePicklistValue).
absl::StatusOr<CtaPicklistIds> ResolveCtaPicklists(
    const gainsight::v1::Cta& cta,
    const gainsight::v1::GetCtaConfigResponse& config, absl::string_view path,
    absl::string_view existing_type_id = "");

// Cta <-> Cockpit CTA records (ISO dates). Picklists and the owner are
// output only here: writes carry the GSIDs the gateway resolved.
const RecordMapping& CtaMapping();

// The record of a create (update = false) or an update (with Gsid): the
// CTA's set writable fields and custom_fields, the resolved picklist GSIDs
// that are not empty, OwnerId when `owner_id` is not empty, and
// `reference_id`.
Json CtaRecord(const gainsight::v1::Cta& cta, bool update,
               const CtaPicklistIds& ids, const std::string& owner_id,
               const std::string& reference_id);

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
