#include "gainsight/relationship_mapping.h"

#include "absl/strings/match.h"
#include "gainsight/custom_row.h"

namespace gg {

const RecordMapping& RelationshipMapping() {
  // Field API names: see the Relationship rows of docs/gainsight-contract.md
  // (Name and CompanyId are in public samples; TypeId, Arr, Mrr and Status
  // are unconfirmed). The tenant's describe decides the letter case.
  // clang-format off
  static const auto* kMapping = new RecordMapping(
      gainsight::v1::Relationship::descriptor(),
      {
          {"Name",         "name",        FieldKind::kString},
          {"CompanyId",    "company_id",  FieldKind::kString},
          {"TypeId",       "type_id",     FieldKind::kString},
          {"Arr",          "arr",         FieldKind::kDouble},
          {"Mrr",          "mrr",         FieldKind::kDouble},
          {"Status",       "status",      FieldKind::kString},
          {"CreatedDate",  "create_time", FieldKind::kTimestamp, true},
          {"ModifiedDate", "update_time", FieldKind::kTimestamp, true},
      });
  // clang-format on
  return *kMapping;
}

std::string RelationshipTypedName(absl::string_view name) {
  if (absl::EqualsIgnoreCase(name, "Gsid")) return "Gsid";
  for (const FieldMapping& f : RelationshipMapping().fields()) {
    if (absl::EqualsIgnoreCase(name, f.api_name)) return f.api_name;
  }
  return "";
}

absl::Status RelationshipFromRow(const gainsight::v1::ObjectMetadata& describe,
                                 const Json& row, absl::TimeZone date_zone,
                                 gainsight::v1::Relationship* out) {
  if (!row.is_object()) {
    return absl::InternalError("Gainsight query row is not a JSON object");
  }
  Json typed = Json::object();
  Json other = Json::object();
  for (const auto& [name, value] : row.items()) {
    const std::string typed_name = RelationshipTypedName(name);
    (typed_name.empty() ? other[name] : typed[typed_name]) = value;
  }
  absl::Status status = RelationshipMapping().FromRow(typed, out, date_zone);
  if (!status.ok()) return status;
  out->clear_custom_fields();
  return RowToStruct(describe, other, out->mutable_custom_fields(), date_zone);
}

}  // namespace gg
