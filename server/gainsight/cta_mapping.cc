#include "gainsight/cta_mapping.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_details.h"
#include "gainsight/envelope.h"

namespace gg {
namespace {

using gainsight::v1::CtaTypeConfig;
using gainsight::v1::GetCtaConfigResponse;
using gainsight::v1::PicklistItem;

bool BoolAt(const Json& item, const char* key, bool fallback) {
  auto it = item.find(key);
  return it != item.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

absl::Status MalformedCtaConfig(absl::string_view what) {
  return absl::InternalError(
      absl::StrCat("Gainsight's CTA configuration is malformed: ", what));
}

// The items of one category, each with the typeName it is scoped to.
absl::Status ScopedItems(
    const Json& data, const char* category,
    std::vector<std::pair<PicklistItem, std::string>>* out) {
  auto it = data.find(category);
  if (it == data.end() || it->is_null()) return absl::OkStatus();
  if (!it->is_array())
    return MalformedCtaConfig(absl::StrCat(category, " not a list"));
  for (const Json& json : *it) {
    if (!json.is_object()) {
      return MalformedCtaConfig(absl::StrCat(category, " item not an object"));
    }
    PicklistItem item;
    item.set_gsid(StringAt(json, "gsid"));
    item.set_label(StringAt(json, "name"));
    item.set_system_name(StringAt(json, "systemName"));
    item.set_active(BoolAt(json, "active", true));
    item.set_closed(BoolAt(json, "closed", false));
    item.set_is_default(BoolAt(json, "default", false));
    auto order = json.find("displayOrder");
    if (order != json.end() && order->is_number_integer()) {
      item.set_display_order(order->get<int>());
    }
    if (item.gsid().empty()) {
      return MalformedCtaConfig(absl::StrCat(category, " item without gsid"));
    }
    std::string type_name = StringAt(json, "typeName");
    if (type_name.empty()) type_name = kAllCtaTypes;
    out->emplace_back(std::move(item), std::move(type_name));
  }
  return absl::OkStatus();
}

void AddScoped(const std::vector<std::pair<PicklistItem, std::string>>& items,
               const std::string& type_name,
               google::protobuf::RepeatedPtrField<PicklistItem>* out) {
  for (const auto& [item, scope] : items) {
    if (scope == kAllCtaTypes || absl::EqualsIgnoreCase(scope, type_name)) {
      *out->Add() = item;
    }
  }
}

}  // namespace

absl::Status PicklistItemsFromJson(
    const Json& data, const char* category,
    google::protobuf::RepeatedPtrField<PicklistItem>* out) {
  if (!data.is_object()) return MalformedCtaConfig("data is not an object");
  std::vector<std::pair<PicklistItem, std::string>> items;
  absl::Status s = ScopedItems(data, category, &items);
  if (!s.ok()) return s;
  for (auto& [item, scope] : items) *out->Add() = std::move(item);
  return absl::OkStatus();
}

absl::Status CtaConfigFromJson(const Json& data,
                               gainsight::v1::GetCtaConfigResponse* out) {
  if (!data.is_object()) return MalformedCtaConfig("data is not an object");
  std::vector<std::pair<PicklistItem, std::string>> types, statuses, priorities,
      reasons;
  for (auto [category, items] :
       {std::pair{"CTA_TYPE", &types}, std::pair{"CTA_STATUS", &statuses},
        std::pair{"CTA_PRIORITY", &priorities},
        std::pair{"CTA_REASON", &reasons}}) {
    absl::Status s = ScopedItems(data, category, items);
    if (!s.ok()) return s;
  }
  for (const auto& [type, scope] : types) {
    CtaTypeConfig* config = out->add_types();
    *config->mutable_type() = type;
    AddScoped(reasons, type.label(), config->mutable_reasons());
    AddScoped(statuses, type.label(), config->mutable_statuses());
    AddScoped(priorities, type.label(), config->mutable_priorities());
  }
  return absl::OkStatus();
}

absl::StatusOr<CtaPicklists> ResolveCtaPicklists(
    const gainsight::v1::Cta& cta,
    const gainsight::v1::GetCtaConfigResponse& config, absl::string_view path,
    absl::string_view existing_type_id) {
  CtaPicklists picklists;
  google::protobuf::RepeatedPtrField<PicklistItem> types;
  for (const CtaTypeConfig& type : config.types()) *types.Add() = type.type();
  std::string type_id(existing_type_id);
  if (cta.has_type()) {
    absl::StatusOr<PicklistItem> type = ResolvePicklistItem(
        ItemsOf(types), cta.type(), absl::StrCat(path, ".type"));
    if (!type.ok()) return type.status();
    type_id = type->gsid();
    picklists.type = *std::move(type);
  }
  const CtaTypeConfig* type_config = nullptr;
  for (const CtaTypeConfig& type : config.types()) {
    if (type.type().gsid() == type_id) type_config = &type;
  }
  if (type_config == nullptr) {
    if (!cta.has_status() && !cta.has_priority() && !cta.has_reason()) {
      return picklists;
    }
    const std::string field = absl::StrCat(path, ".type");
    const std::string description =
        "is required to resolve status, priority and reason";
    absl::Status status =
        absl::InvalidArgumentError(absl::StrCat(field, " ", description));
    AttachBadRequest(status, {{field, description}});
    return status;
  }
  struct Part {
    bool set;
    const std::string& value;
    const google::protobuf::RepeatedPtrField<PicklistItem>& items;
    const char* name;
    PicklistItem* out;
  };
  for (const Part& part :
       {Part{cta.has_status(), cta.status(), type_config->statuses(), "status",
             &picklists.status},
        Part{cta.has_priority(), cta.priority(), type_config->priorities(),
             "priority", &picklists.priority},
        Part{cta.has_reason(), cta.reason(), type_config->reasons(), "reason",
             &picklists.reason}}) {
    if (!part.set) continue;
    absl::StatusOr<PicklistItem> item = ResolvePicklistItem(
        ItemsOf(part.items), part.value, absl::StrCat(path, ".", part.name));
    if (!item.ok()) return item.status();
    *part.out = *std::move(item);
  }
  return picklists;
}

namespace {

// The picklist a list filter field names, and its API name.
struct FilterPicklist {
  const char* name;      // "priority"
  const char* api_name;  // "PriorityId"
};
constexpr FilterPicklist kFilterPicklists[] = {{"type", "TypeId"},
                                               {"status", "StatusId"},
                                               {"priority", "PriorityId"},
                                               {"reason", "ReasonId"}};

const FilterPicklist* PicklistOfFilter(const gainsight::v1::Condition& c) {
  switch (c.operator_()) {
    case gainsight::v1::OPERATOR_EQ:
    case gainsight::v1::OPERATOR_NE:
    case gainsight::v1::OPERATOR_IN:
    case gainsight::v1::OPERATOR_NOT_IN:
      break;
    default:
      return nullptr;
  }
  for (const FilterPicklist& p : kFilterPicklists) {
    if (absl::EqualsIgnoreCase(c.field(), p.name) ||
        absl::EqualsIgnoreCase(c.field(), p.api_name)) {
      return &p;
    }
  }
  return nullptr;
}

// Every item (of any type) of the picklist `name`, once per GSID.
std::vector<PicklistItem> ItemsOfPicklist(const GetCtaConfigResponse& config,
                                          absl::string_view name) {
  std::vector<PicklistItem> items;
  auto add = [&](const PicklistItem& item) {
    for (const PicklistItem& known : items) {
      if (known.gsid() == item.gsid()) return;
    }
    items.push_back(item);
  };
  for (const CtaTypeConfig& type : config.types()) {
    if (name == "type") {
      add(type.type());
      continue;
    }
    const auto& list = name == "status"     ? type.statuses()
                       : name == "priority" ? type.priorities()
                                            : type.reasons();
    for (const PicklistItem& item : list) add(item);
  }
  return items;
}

}  // namespace

bool IsCtaLabelCondition(const gainsight::v1::Condition& condition) {
  return PicklistOfFilter(condition) != nullptr;
}

bool FiltersCtaPicklists(const gainsight::v1::Filter& filter) {
  for (const auto& condition : filter.conditions()) {
    if (IsCtaLabelCondition(condition)) return true;
  }
  return false;
}

absl::Status ResolveCtaFilterLabels(const GetCtaConfigResponse& config,
                                    gainsight::v1::Filter* filter) {
  for (int i = 0; i < filter->conditions_size(); ++i) {
    gainsight::v1::Condition& condition = *filter->mutable_conditions(i);
    const FilterPicklist* picklist = PicklistOfFilter(condition);
    if (picklist == nullptr) continue;
    const std::vector<PicklistItem> items =
        ItemsOfPicklist(config, picklist->name);
    std::vector<std::string> gsids;
    for (int v = 0; v < condition.values_size(); ++v) {
      const google::protobuf::Value& value = condition.values(v);
      const std::string text =
          value.has_string_value() ? value.string_value() : "";
      const absl::string_view wanted = absl::StripAsciiWhitespace(text);
      size_t found = 0;
      for (const PicklistItem& item : items) {
        if (item.gsid() == text ||
            absl::EqualsIgnoreCase(item.label(), wanted)) {
          gsids.push_back(item.gsid());
          ++found;
        }
      }
      if (found > 0) continue;
      std::vector<std::string> labels;
      for (const PicklistItem& item : items) {
        labels.push_back(absl::StrCat("\"", item.label(), "\""));
      }
      const std::string field =
          absl::StrCat("filter.conditions[", i, "].values[", v, "]");
      return PicklistRefusal(
          field,
          absl::StrCat("\"", text, "\" is no ", picklist->name,
                       " of a CTA; known: ",
                       labels.empty() ? "none" : absl::StrJoin(labels, ", ")),
          kUnknownLabelReason);
    }
    condition.set_field(picklist->api_name);
    condition.clear_values();
    for (const std::string& gsid : gsids) {
      condition.add_values()->set_string_value(gsid);
    }
    if (gsids.size() > 1) {
      if (condition.operator_() == gainsight::v1::OPERATOR_EQ) {
        condition.set_operator_(gainsight::v1::OPERATOR_IN);
      } else if (condition.operator_() == gainsight::v1::OPERATOR_NE) {
        condition.set_operator_(gainsight::v1::OPERATOR_NOT_IN);
      }
    }
  }
  return absl::OkStatus();
}

const RecordMapping& CtaMapping() {
  // Field API names: ../shared/gainsight-api/cta-task-playbook.md §3.3 and
  // the kCtaCreate row of gainsight/endpoints.cc.
  // clang-format off
  static const auto* kMapping = new RecordMapping(
      gainsight::v1::Cta::descriptor(),
      {
          {"Name",                "name",            FieldKind::kString},
          {"CompanyId",           "company_id",      FieldKind::kString},
          {"CompanyId__gr.Name",  "company_name",    FieldKind::kString, true},
          {"RelationshipId",      "relationship_id", FieldKind::kString},
          {"RelationshipTypeId",  "relationship_type_id", FieldKind::kString},
          {"TypeId",              "type_id",         FieldKind::kString, true},
          {"TypeId__gr.Name",     "type",            FieldKind::kString, true},
          {"StatusId",            "status_id",       FieldKind::kString, true},
          {"StatusId__gr.Name",   "status",          FieldKind::kString, true},
          {"PriorityId",          "priority_id",     FieldKind::kString, true},
          {"PriorityId__gr.Name", "priority",        FieldKind::kString, true},
          {"ReasonId",            "reason_id",       FieldKind::kString, true},
          {"ReasonId__gr.Name",   "reason",          FieldKind::kString, true},
          {"OwnerId",             "owner_id",        FieldKind::kString, true},
          {"OwnerId__gr.Email",   "owner",           FieldKind::kString, true},
          {"OwnerId__gr.Name",    "owner_name",      FieldKind::kString, true},
          {"DueDate",             "due_date",        FieldKind::kDate},
          {"Comments",            "comments",        FieldKind::kString},
          {"IsImportant",         "is_important",    FieldKind::kBool},
          {"PlaybookId",          "playbook_id",     FieldKind::kString},
          {"PlaybookId__gr.Name", "playbook_name",   FieldKind::kString, true},
          {"CtaGroupId",          "success_plan_id", FieldKind::kString},
          {"IsClosed",            "is_closed",       FieldKind::kBool,   true},
          {"ClosedDate",          "close_time",      FieldKind::kTimestamp, true},
          {"CreatedDate",         "create_time",     FieldKind::kTimestamp, true},
          {"ModifiedDate",        "update_time",     FieldKind::kTimestamp, true},
      },
      DateEncoding::kIsoText);
  // clang-format on
  return *kMapping;
}

std::vector<std::string> CtaDefaultSelect() {
  // Every name below is in Gainsight's Fetch CTA and Retrieve Deleted Data
  // samples (docs/gainsight-contract.md). Playbook, Success Plan (CtaGroupId)
  // and relationship links, and the created and closed dates, are read only
  // when a caller names them.
  return {"Gsid",
          "Name",
          "CompanyId",
          "CompanyId__gr.Name",
          "EntityType",
          "TypeId",
          "TypeId__gr.Name",
          "StatusId",
          "StatusId__gr.Name",
          "PriorityId",
          "PriorityId__gr.Name",
          "ReasonId",
          "ReasonId__gr.Name",
          "OwnerId",
          "OwnerId__gr.Email",
          "OwnerId__gr.Name",
          "DueDate",
          "IsClosed",
          "IsImportant",
          "Comments",
          "ModifiedDate"};
}

std::vector<std::string> CtaScopeSelect() {
  return {"Gsid", "TypeId", "EntityType"};
}

Json CtaRecord(const gainsight::v1::Cta& cta, bool update,
               const CtaPicklists& picklists, const std::string& owner_id) {
  Json record = CtaMapping().ToRecord(cta, update);
  for (const auto& [key, item] :
       {std::pair<const char*, const PicklistItem*>{"type", &picklists.type},
        {"status", &picklists.status},
        {"priority", &picklists.priority},
        {"reason", &picklists.reason}}) {
    if (!item->gsid().empty()) record[key] = item->label();
  }
  SetNonEmpty({{"OwnerId", &owner_id}}, record);
  // [SEC] Gainsight's own CTA tool creates a relationship CTA with its
  // entity type and relationship type (GSMCP tool-inventory.md).
  if (!update && cta.has_relationship_id())
    record["EntityType"] = "RELATIONSHIP";
  return record;
}

std::vector<std::pair<std::string, std::string>> CtaReadBackKey(
    const gainsight::v1::Cta& cta) {
  return {{"Name", cta.name()}, {"CompanyId", cta.company_id()}};
}

std::string CtaUpdateQuery(gainsight::v1::DueDateCascade due_date,
                           gainsight::v1::OwnerCascade owner) {
  const char* due = "NO";
  if (due_date == gainsight::v1::DUE_DATE_CASCADE_ALL_OPEN_TASKS) {
    due = "ALL_OPEN_TASKS";
  } else if (due_date == gainsight::v1::DUE_DATE_CASCADE_PLAYBOOK_TASKS) {
    due = "PLAYBOOK_TASKS";
  }
  const char* owners = "NO";
  if (owner == gainsight::v1::OWNER_CASCADE_OWNER_TASKS) {
    owners = "OWNER";
  } else if (owner == gainsight::v1::OWNER_CASCADE_ALL_OPEN_TASKS) {
    owners = "ALL_OPEN_TASKS";
  }
  return absl::StrCat("dueDateCascade=", due, "&ownerCascade=", owners);
}

absl::Status CtaFromRow(const Json& row, gainsight::v1::Cta* out) {
  if (!row.is_object()) {
    return absl::InternalError(
        "Gainsight returned a CTA that is not an object");
  }
  Json typed = row;
  auto entity = typed.find("EntityType");
  if (entity != typed.end()) {
    out->set_entity_type(entity->is_string() &&
                                 entity->get<std::string>() == "RELATIONSHIP"
                             ? gainsight::v1::ENTITY_TYPE_RELATIONSHIP
                             : gainsight::v1::ENTITY_TYPE_COMPANY);
    typed.erase(entity);
  }
  absl::Status s = CtaMapping().FromRow(typed, out);
  if (!s.ok()) return s;
  FillMissingLabels({{"type", "type_id"},
                     {"status", "status_id"},
                     {"priority", "priority_id"},
                     {"reason", "reason_id"},
                     {"owner", "owner_id"}},
                    out);
  return absl::OkStatus();
}

std::string CtaProtoField(absl::string_view api_name) {
  return CtaMapping().ErrorField(api_name, {{"type", "type"},
                                            {"status", "status"},
                                            {"priority", "priority"},
                                            {"reason", "reason"},
                                            {"TypeId", "type"},
                                            {"StatusId", "status"},
                                            {"PriorityId", "priority"},
                                            {"ReasonId", "reason"},
                                            {"OwnerId", "owner"}});
}

}  // namespace gg
