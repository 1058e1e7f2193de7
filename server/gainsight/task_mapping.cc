#include "gainsight/task_mapping.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "gainsight/cta_mapping.h"
#include "gainsight/endpoints.h"

namespace gg {

std::string TaskConfigQuery() {
  return absl::StrCat("category=", kTaskConfigCategories, "&et=COMPANY");
}

absl::StatusOr<TaskConfig> ParseTaskConfig(const Json& data) {
  TaskConfig config;
  for (const auto& [category, out] :
       {std::pair{"TASK_TYPE", &config.types},
        std::pair{"TASK_STATUS", &config.statuses},
        std::pair{"TASK_PRIORITY", &config.priorities}}) {
    absl::Status s = PicklistItemsFromJson(data, category, out);
    if (!s.ok()) return s;
  }
  return config;
}

absl::StatusOr<TaskPicklists> ResolveTaskPicklists(
    const gainsight::v1::Task& task, const TaskConfig& config,
    absl::string_view path) {
  TaskPicklists picklists;
  struct Part {
    bool set;
    const std::string& value;
    const google::protobuf::RepeatedPtrField<gainsight::v1::PicklistItem>&
        items;
    const char* name;
    gainsight::v1::PicklistItem* out;
  };
  for (const Part& part :
       {Part{task.has_type(), task.type(), config.types, "type",
             &picklists.type},
        Part{task.has_status(), task.status(), config.statuses, "status",
             &picklists.status},
        Part{task.has_priority(), task.priority(), config.priorities,
             "priority", &picklists.priority}}) {
    if (!part.set) continue;
    absl::StatusOr<gainsight::v1::PicklistItem> item = ResolvePicklistItem(
        ItemsOf(part.items), part.value, absl::StrCat(path, ".", part.name));
    if (!item.ok()) return item.status();
    *part.out = *std::move(item);
  }
  return picklists;
}

const RecordMapping& TaskMapping() {
  // Field API names: the kTaskCreate and kTaskList rows of
  // gainsight/endpoints.cc.
  // clang-format off
  static const auto* kMapping = new RecordMapping(
      gainsight::v1::Task::descriptor(),
      {
          {"CtaId",               "cta_id",      FieldKind::kString},
          {"CompanyId",           "company_id",  FieldKind::kString, true},
          {"Name",                "name",        FieldKind::kString},
          {"Description",         "description", FieldKind::kString},
          {"TypeId",              "type_id",     FieldKind::kString, true},
          {"TypeId__gr.Name",     "type",        FieldKind::kString, true},
          {"StatusId",            "status_id",   FieldKind::kString, true},
          {"StatusId__gr.Name",   "status",      FieldKind::kString, true},
          {"PriorityId",          "priority_id", FieldKind::kString, true},
          {"PriorityId__gr.Name", "priority",    FieldKind::kString, true},
          {"OwnerId",             "owner_id",    FieldKind::kString, true},
          {"OwnerId__gr.Email",   "owner",       FieldKind::kString, true},
          {"OwnerId__gr.Name",    "owner_name",  FieldKind::kString, true},
          {"DueDate",             "due_date",    FieldKind::kDate},
          {"PlaybookId",          "playbook_id", FieldKind::kString, true},
          {"IsClosed",            "is_closed",   FieldKind::kBool,   true},
          {"ClosedDate",          "close_time",  FieldKind::kTimestamp, true},
          {"CreatedDate",         "create_time", FieldKind::kTimestamp, true},
          {"ModifiedDate",        "update_time", FieldKind::kTimestamp, true},
      },
      DateEncoding::kIsoText);
  // clang-format on
  return *kMapping;
}

std::vector<std::string> TaskDefaultSelect() {
  return {"Gsid",
          "Name",
          "CtaId",
          "TypeId",
          "TypeId__gr.Name",
          "StatusId",
          "StatusId__gr.Name",
          "PriorityId",
          "PriorityId__gr.Name",
          "OwnerId",
          "OwnerId__gr.Email",
          "OwnerId__gr.Name",
          "DueDate",
          "IsClosed",
          "ClosedDate",
          "ModifiedDate"};
}

Json TaskRecord(const gainsight::v1::Task& task, bool update,
                const TaskPicklists& picklists, const std::string& owner_id) {
  Json record = TaskMapping().ToRecord(task, update);
  for (const auto& [key, item] :
       {std::pair<const char*, const gainsight::v1::PicklistItem*>{
            "type", &picklists.type},
        {"status", &picklists.status},
        {"priority", &picklists.priority}}) {
    if (!item->gsid().empty()) record[key] = item->label();
  }
  SetNonEmpty({{"OwnerId", &owner_id}}, record);
  return record;
}

std::vector<std::pair<std::string, std::string>> TaskReadBackKey(
    const gainsight::v1::Task& task) {
  return {{"Name", task.name()}, {"CtaId", task.cta_id()}};
}

gainsight::v1::Filter TasksOfCtaFilter(const std::string& cta_id) {
  gainsight::v1::Filter filter;
  auto* c = filter.add_conditions();
  c->set_field("CtaId");
  c->set_operator_(gainsight::v1::OPERATOR_EQ);
  c->add_values()->set_string_value(cta_id);
  return filter;
}

absl::Status TaskFromRow(const Json& row, gainsight::v1::Task* out) {
  absl::Status s = TaskMapping().FromRow(row, out);
  if (!s.ok()) return s;
  FillMissingLabels({{"type", "type_id"},
                     {"status", "status_id"},
                     {"priority", "priority_id"},
                     {"owner", "owner_id"}},
                    out);
  return absl::OkStatus();
}

std::string TaskProtoField(absl::string_view api_name) {
  return TaskMapping().ErrorField(api_name, {{"type", "type"},
                                             {"status", "status"},
                                             {"priority", "priority"},
                                             {"TypeId", "type"},
                                             {"StatusId", "status"},
                                             {"PriorityId", "priority"},
                                             {"OwnerId", "owner"}});
}

}  // namespace gg
