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

absl::StatusOr<TaskPicklistIds> ResolveTaskPicklists(
    const gainsight::v1::Task& task, const TaskConfig& config,
    absl::string_view path) {
  TaskPicklistIds ids;
  struct Part {
    bool set;
    const std::string& value;
    const google::protobuf::RepeatedPtrField<gainsight::v1::PicklistItem>&
        items;
    const char* name;
    std::string* out;
  };
  for (const Part& part :
       {Part{task.has_type(), task.type(), config.types, "type", &ids.type_id},
        Part{task.has_status(), task.status(), config.statuses, "status",
             &ids.status_id},
        Part{task.has_priority(), task.priority(), config.priorities,
             "priority", &ids.priority_id}}) {
    if (!part.set) continue;
    absl::StatusOr<std::string> id = ResolvePicklistValue(
        part.items, part.value, absl::StrCat(path, ".", part.name));
    if (!id.ok()) return id.status();
    *part.out = *id;
  }
  return ids;
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

Json TaskRecord(const gainsight::v1::Task& task, bool update,
                const TaskPicklistIds& ids, const std::string& owner_id) {
  Json record = TaskMapping().ToRecord(task, update);
  SetNonEmpty({{"TypeId", &ids.type_id},
               {"StatusId", &ids.status_id},
               {"PriorityId", &ids.priority_id},
               {"OwnerId", &owner_id}},
              record);
  return record;
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
  return TaskMapping().ErrorField(api_name, {{"TypeId", "type"},
                                             {"StatusId", "status"},
                                             {"PriorityId", "priority"},
                                             {"OwnerId", "owner"}});
}

}  // namespace gg
