#include "api/record_check.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "api/picklist_fields.h"
#include "api/record_results.h"
#include "common/closest_names.h"
#include "gainsight/json_value.h"

namespace gg {
namespace {

using gainsight::v1::FieldMetadata;
using gainsight::v1::ObjectMetadata;
using google::protobuf::Value;

bool IsDate(const std::string& text) {
  absl::Time t;
  std::string err;
  return text.size() == 10 &&
         absl::ParseTime("%Y-%m-%d", text, absl::UTCTimeZone(), &t, &err);
}

bool IsDateTime(const std::string& text) {
  absl::Time t;
  std::string err;
  return absl::ParseTime(absl::RFC3339_full, text, &t, &err);
}

bool IsPath(absl::string_view name) { return absl::StrContains(name, '.'); }

void CheckKnown(const ObjectMetadata& object, absl::string_view name,
                absl::string_view path, Violations& out) {
  if (!IsPath(name) && FindField(object, name) == nullptr) {
    out.push_back({std::string(path), NotAField(object, name)});
  }
}

// The value of field `name` in `record`, whatever the letter case of its key
// there; null when the record has none.
const Value* FieldValue(const google::protobuf::Struct& record,
                        absl::string_view name) {
  for (const auto& [key, value] : record.fields()) {
    if (absl::EqualsIgnoreCase(key, name)) return &value;
  }
  return nullptr;
}

// Why `value` cannot be an operand of a condition on `field` ("" when it
// can): numbers, booleans, dates and date-times are compared as such.
std::string OperandProblem(const FieldMetadata& field, const Value& value) {
  if (value.has_null_value()) return "";
  switch (field.data_type()) {
    case gainsight::v1::DATA_TYPE_NUMBER:
    case gainsight::v1::DATA_TYPE_CURRENCY:
    case gainsight::v1::DATA_TYPE_PERCENTAGE:
    case gainsight::v1::DATA_TYPE_BOOLEAN:
    case gainsight::v1::DATA_TYPE_DATE:
    case gainsight::v1::DATA_TYPE_DATE_TIME:
      return ValueProblem(field, value);
    default:
      return "";
  }
}

}  // namespace

const FieldMetadata* FindField(const ObjectMetadata& object,
                               absl::string_view name) {
  for (const FieldMetadata& f : object.fields()) {
    if (f.field_name() == name) return &f;
  }
  for (const FieldMetadata& f : object.fields()) {
    if (absl::EqualsIgnoreCase(f.field_name(), name)) return &f;
  }
  return nullptr;
}

void CheckOperands(const FieldMetadata& field,
                   const gainsight::v1::Condition& condition,
                   absl::string_view at, Violations& out) {
  for (int v = 0; v < condition.values_size(); ++v) {
    std::string problem = OperandProblem(field, condition.values(v));
    if (!problem.empty()) {
      out.push_back({absl::StrCat(at, ".values[", v, "]"),
                     absl::StrCat("compares with ", field.field_name(),
                                  ", so it ", problem)});
    }
  }
}

std::string NotAField(const ObjectMetadata& object, absl::string_view name) {
  std::vector<std::string> names;
  names.reserve(object.fields_size());
  for (const FieldMetadata& f : object.fields()) {
    names.push_back(f.field_name());
  }
  return absl::StrCat("is not a field of ", object.object_name(),
                      DidYouMean(ClosestNames(name, names)));
}

std::string DescribedName(const ObjectMetadata& object,
                          absl::string_view name) {
  const FieldMetadata* field = IsPath(name) ? nullptr : FindField(object, name);
  return field != nullptr ? field->field_name() : std::string(name);
}

void UseDescribedNames(const ObjectMetadata& object, QuerySpec* spec) {
  for (std::string& name : spec->select) name = DescribedName(object, name);
  for (auto& condition : *spec->filter.mutable_conditions()) {
    condition.set_field(DescribedName(object, condition.field()));
  }
  for (auto& order : spec->order_by) {
    order.set_field(DescribedName(object, order.field()));
  }
}

Json WithDescribedNames(const ObjectMetadata& object, const Json& record) {
  Json out = Json::object();
  for (auto it = record.begin(); it != record.end(); ++it) {
    out[DescribedName(object, it.key())] = it.value();
  }
  return out;
}

std::string ValueProblem(const FieldMetadata& field, const Value& value) {
  using gainsight::v1::DataType;
  if (value.has_null_value()) {
    return field.required() ? "is required and cannot be null" : "";
  }
  if (value.has_struct_value()) return "cannot be a JSON object";
  switch (field.data_type()) {
    case gainsight::v1::DATA_TYPE_NUMBER:
    case gainsight::v1::DATA_TYPE_CURRENCY:
    case gainsight::v1::DATA_TYPE_PERCENTAGE:
      return value.has_number_value() ? "" : "must be a number";
    case gainsight::v1::DATA_TYPE_BOOLEAN:
      return value.has_bool_value() ? "" : "must be true or false";
    case gainsight::v1::DATA_TYPE_DATE:
      return value.has_string_value() && IsDate(value.string_value())
                 ? ""
                 : "must be a date string \"YYYY-MM-DD\"";
    case gainsight::v1::DATA_TYPE_DATE_TIME:
      return value.has_string_value() && IsDateTime(value.string_value())
                 ? ""
                 : "must be an RFC 3339 date-time string";
    case gainsight::v1::DATA_TYPE_PICKLIST: {
      if (!value.has_string_value()) {
        return "must be a picklist item's label or GSID";
      }
      std::string problem;
      ChoosePicklistItem(field, value.string_value(), &problem);
      return problem;
    }
    case gainsight::v1::DATA_TYPE_MULTI_PICKLIST:
      if (!value.has_list_value()) return "must be a list of item labels";
      for (const Value& item : value.list_value().values()) {
        if (!item.has_string_value()) {
          return "must be a list of item labels of the picklist";
        }
        std::string problem;
        ChoosePicklistItem(field, item.string_value(), &problem);
        if (!problem.empty()) {
          return absl::StrCat("has ", item.string_value(), ", which ", problem);
        }
      }
      return "";
    case gainsight::v1::DATA_TYPE_UNSPECIFIED:
      return "";  // a type this API does not name: Gainsight decides
    default:      // the text types: STRING, EMAIL, URL, GSID, LOOKUP, ...
      return value.has_string_value() ? "" : "must be a string";
  }
}

namespace {

// The problem of the first item of `items` that is no active item of the
// picklist `field` (blank items skipped), or "".
std::string ItemsProblem(const FieldMetadata& field,
                         const std::vector<absl::string_view>& items) {
  for (absl::string_view item : items) {
    item = absl::StripAsciiWhitespace(item);
    if (item.empty()) continue;
    std::string problem;
    ChoosePicklistItem(field, item, &problem);
    if (!problem.empty())
      return absl::StrCat("has ", item, ", which ", problem);
  }
  return "";
}

// How a CSV cell lists several items of a multi-picklist is undocumented:
// the cell is one item, or items separated by ';' or by ','. It is refused
// only when no reading fits, naming the first misfit of the reading its
// separators suggest (';' before ','); it is sent as given.
std::string MultiPicklistCellProblem(const FieldMetadata& field,
                                     absl::string_view cell) {
  std::string problem = ItemsProblem(field, {cell});
  if (problem.empty()) return "";
  for (const char separator : {';', ','}) {
    if (!absl::StrContains(cell, separator)) continue;
    const std::string reading = ItemsProblem(
        field, absl::StrSplit(cell, separator, absl::AllowEmpty()));
    if (reading.empty()) return "";
    if (separator == ';' || !absl::StrContains(cell, ';')) problem = reading;
  }
  return problem;
}

}  // namespace

std::string CellProblem(const FieldMetadata& field, absl::string_view cell) {
  if (cell.empty()) return "";
  switch (field.data_type()) {
    case gainsight::v1::DATA_TYPE_NUMBER:
    case gainsight::v1::DATA_TYPE_CURRENCY:
    case gainsight::v1::DATA_TYPE_PERCENTAGE: {
      double number;
      return absl::SimpleAtod(cell, &number) && std::isfinite(number)
                 ? ""
                 : "must be a number";
    }
    case gainsight::v1::DATA_TYPE_BOOLEAN:
      return absl::EqualsIgnoreCase(cell, "true") ||
                     absl::EqualsIgnoreCase(cell, "false")
                 ? ""
                 : "must be true or false";
    case gainsight::v1::DATA_TYPE_DATE:
    case gainsight::v1::DATA_TYPE_DATE_TIME:
    case gainsight::v1::DATA_TYPE_PICKLIST: {
      Value value;
      value.set_string_value(std::string(cell));
      return ValueProblem(field, value);
    }
    case gainsight::v1::DATA_TYPE_MULTI_PICKLIST:
      return MultiPicklistCellProblem(field, cell);
    default:  // text and types this API does not name
      return "";
  }
}

void CheckRecord(const ObjectMetadata& object,
                 const google::protobuf::Struct& record, absl::string_view path,
                 RecordWrite write, const std::vector<std::string>& keys,
                 Violations& out) {
  // Sorted, so that violations come in a stable order.
  std::vector<std::string> names;
  for (const auto& [name, value] : record.fields()) names.push_back(name);
  std::sort(names.begin(), names.end());
  // The described names the record sets (keys in any letter case).
  std::map<std::string, std::string> present;
  for (const std::string& name : names) {
    const std::string field_path = absl::StrCat(path, ".", name);
    const FieldMetadata* field = FindField(object, name);
    if (field == nullptr) {
      out.push_back({field_path, NotAField(object, name)});
      continue;
    }
    auto [it, added] = present.emplace(field->field_name(), name);
    if (!added) {
      out.push_back({field_path, absl::StrCat("sets ", field->field_name(),
                                              " again (as ", it->second, ")")});
      continue;
    }
    const bool key =
        std::any_of(keys.begin(), keys.end(), [&](const std::string& k) {
          return absl::EqualsIgnoreCase(k, field->field_name());
        });
    if (field->read_only() && !(write == RecordWrite::kUpdate && key)) {
      out.push_back({field_path, "is read-only"});
      continue;
    }
    std::string problem = ValueProblem(*field, record.fields().at(name));
    if (!problem.empty()) out.push_back({field_path, problem});
  }
  if (write != RecordWrite::kUpdate) {
    for (const FieldMetadata& field : object.fields()) {
      if (!field.required() || field.read_only()) continue;
      if (present.count(field.field_name()) == 0) {
        out.push_back({absl::StrCat(path, ".", field.field_name()),
                       write == RecordWrite::kUpsert
                           ? "is required (the record may be inserted)"
                           : "is required"});
      }
    }
  }
  for (const std::string& key : keys) {
    const Value* value = FieldValue(record, key);
    if (value == nullptr || value->has_null_value()) {
      out.push_back({std::string(path),
                     absl::StrCat("has no value for key field ", key)});
    }
  }
}

Violations CheckDescribedRecords(
    const ObjectMetadata& object,
    const google::protobuf::RepeatedPtrField<google::protobuf::Struct>& records,
    absl::string_view field, RecordWrite write,
    const std::vector<std::string>& keys, std::vector<Json>* out,
    const std::set<std::string>& helper_fields,
    const std::set<std::string>& lookup_targets) {
  Violations violations;
  CheckKeyFields(object, keys, violations);
  std::map<std::string, int> first_with_keys;
  for (int i = 0; i < records.size(); ++i) {
    const std::string path = absl::StrCat(field, "[", i, "]");
    if (helper_fields.empty() && lookup_targets.empty()) {
      CheckRecord(object, records[i], path, write, keys, violations);
    } else {
      // Helper values are Gainsight's to match; a lookup's target is set.
      google::protobuf::Struct checked;
      for (const auto& [name, value] : records[i].fields()) {
        if (helper_fields.count(name) == 0) {
          (*checked.mutable_fields())[name] = value;
        }
      }
      for (const std::string& target : lookup_targets) {
        (*checked.mutable_fields())[target].set_string_value("lookup");
      }
      CheckRecord(object, checked, path, write, keys, violations);
    }
    Json record = Json::object();
    MergeStructInto(records[i], record);
    // Field names in any letter case are sent as the tenant spells them,
    // picklist labels as the describe spells them.
    record = WithDescribedNames(object, record);
    SendPicklistsAsDescribed(object, record);
    if (write == RecordWrite::kUpsert) {
      std::vector<std::string> key_text;
      for (const std::string& key : keys) {
        auto it = record.find(DescribedName(object, key));
        if (it != record.end()) key_text.push_back(it->dump());
      }
      auto [it, inserted] =
          first_with_keys.emplace(absl::StrJoin(key_text, "\x1f"), i);
      if (!inserted && key_text.size() == keys.size()) {
        violations.push_back(
            {path, absl::StrCat("has the same keys as ", field, "[", it->second,
                                "]: merge them into one record")});
      }
    }
    out->push_back(std::move(record));
  }
  return violations;
}

Violations DescribedQuery(
    const ObjectMetadata& object,
    const google::protobuf::RepeatedPtrField<std::string>& select,
    const gainsight::v1::Filter& filter,
    const google::protobuf::RepeatedPtrField<gainsight::v1::OrderBy>& order_by,
    const OffsetPage& page, QuerySpec* out) {
  Violations violations;
  CheckQueryFields(object, select, filter, order_by, violations);
  if (!violations.empty()) return violations;
  out->select =
      select.empty() ? DescribedFieldNames(object) : SelectWithGsid(select);
  out->filter = filter;
  out->order_by = {order_by.begin(), order_by.end()};
  out->limit = page.QueryLimit();
  out->offset = page.offset;
  UseDescribedNames(object, out);
  UsePicklistIds(object, out, violations);
  return violations;
}

std::vector<std::string> DescribedFieldNames(const ObjectMetadata& object) {
  std::vector<std::string> names;
  for (const auto& f : object.fields()) names.push_back(f.field_name());
  return names;
}

void CheckKeyFields(const ObjectMetadata& object,
                    const std::vector<std::string>& keys, Violations& out) {
  for (size_t k = 0; k < keys.size(); ++k) {
    if (FindField(object, keys[k]) == nullptr) {
      out.push_back(
          {absl::StrCat("keys[", k, "]"), NotAField(object, keys[k])});
    }
  }
}

void CheckQuerySpec(const ObjectMetadata& object, const QuerySpec& spec,
                    Violations& out) {
  for (size_t i = 0; i < spec.select.size(); ++i) {
    CheckKnown(object, spec.select[i], absl::StrCat("select[", i, "]"), out);
  }
  for (int i = 0; i < spec.filter.conditions_size(); ++i) {
    const gainsight::v1::Condition& condition = spec.filter.conditions(i);
    const std::string at = absl::StrCat("filter.conditions[", i, "]");
    CheckKnown(object, condition.field(), at + ".field", out);
    const FieldMetadata* field = IsPath(condition.field())
                                     ? nullptr
                                     : FindField(object, condition.field());
    if (field != nullptr) CheckOperands(*field, condition, at, out);
  }
  for (size_t i = 0; i < spec.order_by.size(); ++i) {
    CheckKnown(object, spec.order_by[i].field(),
               absl::StrCat("order_by[", i, "].field"), out);
  }
}

void CheckQueryFields(
    const ObjectMetadata& object,
    const google::protobuf::RepeatedPtrField<std::string>& select,
    const gainsight::v1::Filter& filter,
    const google::protobuf::RepeatedPtrField<gainsight::v1::OrderBy>& order_by,
    Violations& out) {
  QuerySpec spec;
  spec.select = {select.begin(), select.end()};
  spec.filter = filter;
  spec.order_by = {order_by.begin(), order_by.end()};
  CheckQuerySpec(object, spec, out);
}

}  // namespace gg
