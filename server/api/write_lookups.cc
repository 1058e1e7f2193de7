#include "api/write_lookups.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "api/record_check.h"

namespace gg {
namespace {

using gainsight::v1::FieldMetadata;

bool SetsField(const google::protobuf::Struct& record, absl::string_view name) {
  return std::any_of(record.fields().begin(), record.fields().end(),
                     [&](const auto& entry) {
                       return absl::EqualsIgnoreCase(entry.first, name);
                     });
}

const google::protobuf::Value* ValueOf(const google::protobuf::Struct& record,
                                       absl::string_view name) {
  for (const auto& [key, value] : record.fields()) {
    if (absl::EqualsIgnoreCase(key, name)) return &value;
  }
  return nullptr;
}

}  // namespace

Violations CheckLookups(
    const gainsight::v1::ObjectMetadata& object,
    const google::protobuf::RepeatedPtrField<gainsight::v1::Lookup>& lookups,
    const google::protobuf::RepeatedPtrField<google::protobuf::Struct>& records,
    absl::string_view records_field, const std::vector<std::string>& keys,
    CheckedLookups* out) {
  Violations violations;
  if (lookups.size() > kMaxLookups) {
    violations.push_back(
        {"lookups", absl::StrCat("at most ", kMaxLookups, " lookups")});
    return violations;
  }
  for (int i = 0; i < lookups.size(); ++i) {
    const gainsight::v1::Lookup& lookup = lookups[i];
    const std::string path = absl::StrCat("lookups[", i, "]");
    gainsight::v1::Lookup* checked = out->lookups.Add();
    *checked = lookup;
    const FieldMetadata* field = FindField(object, lookup.field());
    if (field == nullptr) {
      violations.push_back(
          {path + ".field", NotAField(object, lookup.field())});
    } else if (field->data_type() != gainsight::v1::DATA_TYPE_GSID &&
               field->data_type() != gainsight::v1::DATA_TYPE_LOOKUP) {
      violations.push_back(
          {path + ".field",
           absl::StrCat(field->field_name(),
                        " holds no GSID: a lookup fills a GSID or lookup "
                        "field")});
    } else if (!out->targets.insert(field->field_name()).second) {
      violations.push_back({path + ".field", "is filled by another lookup"});
    } else {
      checked->set_field(field->field_name());
      for (const std::string& key : keys) {
        if (absl::EqualsIgnoreCase(key, field->field_name())) {
          violations.push_back(
              {path + ".field",
               "is a key of the write: keys must be in the records"});
        }
      }
    }
    if (!IsFieldApiName(lookup.object_name())) {
      violations.push_back(
          {path + ".object_name", "must be an object API name, e.g. Company"});
    }
    if (!lookup.lookup_field().empty() &&
        !IsFieldApiName(lookup.lookup_field())) {
      violations.push_back(
          {path + ".lookup_field", "must be a field API name (or empty)"});
    }
    if (lookup.match().empty() || lookup.match().size() > kMaxLookupMatches) {
      violations.push_back(
          {path + ".match", absl::StrCat("must pair 1 to ", kMaxLookupMatches,
                                         " source fields with fields of ",
                                         lookup.object_name())});
    }
    for (const auto& [source, target] : lookup.match()) {
      if (!IsFieldApiName(source) || !IsFieldPath(target)) {
        violations.push_back({absl::StrCat(path, ".match[", source, "]"),
                              "must map a field API name to a field of the "
                              "searched object"});
        continue;
      }
      if (FindField(object, source) == nullptr) {
        out->helper_fields.insert(source);
      }
      for (int r = 0; r < records.size(); ++r) {
        const google::protobuf::Value* value = ValueOf(records[r], source);
        if (value == nullptr || value->has_null_value()) {
          violations.push_back({absl::StrCat(records_field, "[", r, "]"),
                                absl::StrCat("has no value for ", source,
                                             ", the source of ", path)});
        }
      }
    }
    if (field != nullptr) {
      for (int r = 0; r < records.size(); ++r) {
        if (SetsField(records[r], field->field_name())) {
          violations.push_back(
              {absl::StrCat(records_field, "[", r, "].", field->field_name()),
               absl::StrCat("is filled by ", path, ": leave it out")});
        }
      }
    }
  }
  return violations;
}

}  // namespace gg
