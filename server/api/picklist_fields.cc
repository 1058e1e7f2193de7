#include "api/picklist_fields.h"

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "api/record_check.h"

namespace gg {
namespace {

using gainsight::v1::FieldMetadata;
using gainsight::v1::ObjectMetadata;
using gainsight::v1::PicklistItem;

bool SameLabel(absl::string_view a, absl::string_view b) {
  return absl::EqualsIgnoreCase(absl::StripAsciiWhitespace(a),
                                absl::StripAsciiWhitespace(b));
}

// Whether some item's label is exactly `value`: then only such items match
// it, else every item whose label is the same in another letter case.
bool HasExactLabel(const FieldMetadata& field, absl::string_view value) {
  for (const PicklistItem& item : field.picklist_values()) {
    if (item.label() == value) return true;
  }
  return false;
}

bool Matches(const PicklistItem& item, absl::string_view value, bool exact) {
  return exact ? item.label() == value : SameLabel(item.label(), value);
}

const PicklistItem* ItemWithGsid(const FieldMetadata& field,
                                 absl::string_view gsid) {
  for (const PicklistItem& item : field.picklist_values()) {
    if (item.gsid() == gsid) return &item;
  }
  return nullptr;
}

std::string ActiveLabels(const FieldMetadata& field) {
  std::vector<std::string> labels;
  for (const PicklistItem& item : field.picklist_values()) {
    if (item.active()) labels.push_back(item.label());
  }
  return absl::StrJoin(labels, ", ");
}

// The picklist value `value` (a string) as it is sent: the chosen item's
// exact label, or its GSID when given by GSID.
void SendAsDescribed(const FieldMetadata& field, Json& value) {
  if (!value.is_string()) return;
  const std::string text = value.get<std::string>();
  std::string problem;
  const PicklistItem* item = ChoosePicklistItem(field, text, &problem);
  if (item != nullptr && item->gsid() != text) value = item->label();
}

void LabelValue(const FieldMetadata& field, Json& value) {
  if (!value.is_string()) return;
  if (const PicklistItem* item =
          ItemWithGsid(field, value.get<std::string>())) {
    value = item->label();
  }
}

}  // namespace

bool IsPicklist(const FieldMetadata& field) {
  return field.data_type() == gainsight::v1::DATA_TYPE_PICKLIST ||
         field.data_type() == gainsight::v1::DATA_TYPE_MULTI_PICKLIST;
}

const PicklistItem* ChoosePicklistItem(const FieldMetadata& field,
                                       absl::string_view value,
                                       std::string* problem) {
  problem->clear();
  if (field.picklist_values().empty()) return nullptr;
  const PicklistItem* by_gsid = ItemWithGsid(field, value);
  std::vector<const PicklistItem*> active;
  const PicklistItem* inactive = by_gsid;
  const bool exact = HasExactLabel(field, value);
  for (const PicklistItem& item : field.picklist_values()) {
    if (by_gsid != nullptr || !Matches(item, value, exact)) continue;
    if (item.active()) {
      active.push_back(&item);
    } else {
      inactive = &item;
    }
  }
  if (by_gsid != nullptr && by_gsid->active()) return by_gsid;
  if (active.size() == 1) return active.front();
  if (active.size() > 1) {
    std::vector<std::string> gsids;
    for (const PicklistItem* item : active) gsids.push_back(item->gsid());
    *problem = absl::StrCat("matches ", active.size(),
                            " items of the picklist (GSIDs ",
                            absl::StrJoin(gsids, ", "), "): give the GSID");
  } else if (inactive != nullptr) {
    *problem = absl::StrCat("names the inactive item ", inactive->label(), " (",
                            inactive->gsid(), "): choose an active item (",
                            ActiveLabels(field), ")");
  } else {
    *problem = absl::StrCat("is not an item of the picklist (",
                            ActiveLabels(field), ")");
  }
  return nullptr;
}

void SendPicklistsAsDescribed(const ObjectMetadata& object, Json& record) {
  for (auto it = record.begin(); it != record.end(); ++it) {
    const FieldMetadata* field = FindField(object, it.key());
    if (field == nullptr || !IsPicklist(*field)) continue;
    if (it->is_array()) {
      for (Json& value : *it) SendAsDescribed(*field, value);
    } else {
      SendAsDescribed(*field, *it);
    }
  }
}

void LabelPicklists(const ObjectMetadata& object, Json& row) {
  if (!row.is_object()) return;
  for (auto it = row.begin(); it != row.end(); ++it) {
    const FieldMetadata* field = FindField(object, it.key());
    if (field == nullptr || !IsPicklist(*field)) continue;
    if (it->is_array()) {
      for (Json& value : *it) LabelValue(*field, value);
    } else {
      LabelValue(*field, *it);
    }
  }
}

void UsePicklistIds(const ObjectMetadata& object, QuerySpec* spec,
                    Violations& out) {
  using gainsight::v1::Operator;
  auto& conditions = *spec->filter.mutable_conditions();
  for (int i = 0; i < conditions.size(); ++i) {
    gainsight::v1::Condition& condition = conditions[i];
    const Operator op = condition.operator_();
    if (op != gainsight::v1::OPERATOR_EQ && op != gainsight::v1::OPERATOR_NE &&
        op != gainsight::v1::OPERATOR_IN &&
        op != gainsight::v1::OPERATOR_NOT_IN) {
      continue;
    }
    const FieldMetadata* field = FindField(object, condition.field());
    if (field == nullptr || !IsPicklist(*field) ||
        field->picklist_values().empty()) {
      continue;
    }
    google::protobuf::RepeatedPtrField<google::protobuf::Value> ids;
    for (int j = 0; j < condition.values_size(); ++j) {
      const google::protobuf::Value& operand = condition.values(j);
      if (!operand.has_string_value()) {  // the type check's to refuse
        *ids.Add() = operand;
        continue;
      }
      const std::string& text = operand.string_value();
      if (ItemWithGsid(*field, text) != nullptr) {
        ids.Add()->set_string_value(text);
        continue;
      }
      bool found = false;
      const bool exact = HasExactLabel(*field, text);
      for (const PicklistItem& item : field->picklist_values()) {
        if (!Matches(item, text, exact)) continue;
        ids.Add()->set_string_value(item.gsid());
        found = true;
      }
      if (!found) {
        out.push_back(
            {absl::StrCat("filter.conditions[", i, "].values[", j, "]"),
             absl::StrCat("is not an item of the picklist ",
                          field->field_name(), " (", ActiveLabels(*field),
                          ")")});
      }
    }
    if (ids.size() > condition.values_size()) {
      if (op == gainsight::v1::OPERATOR_EQ) {
        condition.set_operator_(gainsight::v1::OPERATOR_IN);
      }
      if (op == gainsight::v1::OPERATOR_NE) {
        condition.set_operator_(gainsight::v1::OPERATOR_NOT_IN);
      }
    }
    *condition.mutable_values() = std::move(ids);
  }
}

}  // namespace gg
