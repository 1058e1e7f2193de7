#include "sandbox/task_handlers.h"

#include <optional>
#include <string>
#include <utility>

#include "absl/time/time.h"
#include "gainsight/endpoints.h"
#include "sandbox/cockpit_config.h"
#include "sandbox/cockpit_objects.h"
#include "sandbox/cockpit_records.h"
#include "sandbox/cockpit_wire.h"
#include "sandbox/envelope.h"
#include "sandbox/error_codes.h"
#include "sandbox/ids.h"

namespace gg::sandbox {
namespace {

constexpr char kDefaultStatus[] = "Open";
constexpr char kDefaultPriority[] = "Medium";

const CockpitListSpec& TaskListSpec() {
  static const CockpitListSpec* const kSpec = new CockpitListSpec{
      &TaskObject(),
      {{"CtaId", LookupKind::kRecord, "call_to_action"},
       {"CompanyId", LookupKind::kRecord, "Company"},
       {"OwnerId", LookupKind::kRecord, kUserObject},
       {"TypeId", LookupKind::kPicklist, kTaskTypeCategory},
       {"StatusId", LookupKind::kPicklist, kTaskStatusCategory},
       {"PriorityId", LookupKind::kPicklist, kTaskPriorityCategory},
       {"PlaybookId", LookupKind::kPlaybook, ""}},
      {"Gsid",
       "CtaId",
       "CompanyId",
       "Name",
       "Description",
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
       "PlaybookId",
       "IsClosed",
       "ClosedDate",
       "CreatedDate",
       "ModifiedDate"}};
  return *kSpec;
}

// Checks the row's picklist items and owner; the first failure.
std::optional<RecordOutcome> CheckTaskReferences(const TenantData& data,
                                                 const Row& row) {
  const ObjectDef& task = TaskObject();
  for (auto [field, category] :
       {std::pair<const char*, const char*>{"TypeId", kTaskTypeCategory},
        {"StatusId", kTaskStatusCategory},
        {"PriorityId", kTaskPriorityCategory}}) {
    const std::string* id = StringAt(row, task.FieldIndex(field));
    if (id == nullptr) continue;
    const CockpitItem* item = FindCockpitItem(category, *id);
    if (item == nullptr || !item->active) return NoMatch(field);
  }
  const std::string* owner = StringAt(row, task.FieldIndex("OwnerId"));
  if (owner != nullptr && !IsActiveUser(data, *owner)) {
    return NoMatch("OwnerId");
  }
  return std::nullopt;
}

bool StatusCloses(const Row& row) {
  const std::string* id = StringAt(row, TaskObject().FieldIndex("StatusId"));
  const CockpitItem* item =
      id == nullptr ? nullptr : FindCockpitItem(kTaskStatusCategory, *id);
  return item != nullptr && item->closed;
}

std::string ItemGsid(const char* category, const char* name) {
  const CockpitItem* item = FindCockpitItemByName(category, name);
  return item == nullptr ? std::string() : std::string(item->gsid);
}

}  // namespace

void ApplyClosedState(const ObjectDef& object, bool closed, absl::Time now,
                      Row& row) {
  const int is_closed = object.FieldIndex("IsClosed");
  const int closed_date = object.FieldIndex("ClosedDate");
  const bool* was = std::get_if<bool>(&row[is_closed]);
  const bool was_closed = was != nullptr && *was;
  row[is_closed] = closed;
  if (closed && !was_closed) row[closed_date] = absl::ToUnixMillis(now);
  if (!closed) row[closed_date] = Value();
}

std::vector<Row> PlaybookTasks(const TenantData& data, const Playbook& playbook,
                               const Row& cta, absl::Time now) {
  const ObjectDef& task = TaskObject();
  const ObjectDef& cta_object = CtaObject();
  const int64_t today = absl::ToUnixMillis(absl::FromCivil(
      absl::ToCivilDay(now, absl::UTCTimeZone()), absl::UTCTimeZone()));
  std::vector<Row> rows;
  for (const PlaybookTaskTemplate& t : playbook.tasks) {
    Row row(task.fields().size());
    row[task.gsid_field()] = NewGsid(task.gsid_prefix());
    row[task.created_date_field()] = absl::ToUnixMillis(now);
    row[task.modified_date_field()] = absl::ToUnixMillis(now);
    row[task.FieldIndex("CtaId")] = cta[cta_object.gsid_field()];
    row[task.FieldIndex("CompanyId")] = cta[cta_object.FieldIndex("CompanyId")];
    row[task.FieldIndex("Name")] = std::string(t.name);
    row[task.FieldIndex("Description")] = std::string(t.description);
    row[task.FieldIndex("TypeId")] = ItemGsid(kTaskTypeCategory, t.type_name);
    row[task.FieldIndex("StatusId")] =
        ItemGsid(kTaskStatusCategory, kDefaultStatus);
    row[task.FieldIndex("PriorityId")] =
        ItemGsid(kTaskPriorityCategory, t.priority_name);
    std::optional<std::string> owner =
        t.owner_email == nullptr ? std::nullopt
                                 : ActiveUserByEmail(data, t.owner_email);
    row[task.FieldIndex("OwnerId")] =
        owner ? Value(*owner) : cta[cta_object.FieldIndex("OwnerId")];
    row[task.FieldIndex("DueDate")] =
        today + int64_t{t.due_days} * 24 * 60 * 60 * 1000;
    row[task.FieldIndex("PlaybookId")] = std::string(playbook.gsid);
    row[task.FieldIndex("IsClosed")] = false;
    rows.push_back(std::move(row));
  }
  return rows;
}

namespace {

// Task writes take picklists by label, like CTA writes.
const std::vector<PicklistLabel>& TaskLabels() {
  static const auto* kLabels = new std::vector<PicklistLabel>{
      {"type", "TypeId"}, {"status", "StatusId"}, {"priority", "PriorityId"}};
  return *kLabels;
}

std::optional<Json> TaskLabelsToIds(const Json& record,
                                    RecordOutcome* outcome) {
  return LabelsToIds(
      TaskLabels(), record,
      [](const PicklistLabel& label, const std::string& text,
         const Json&) -> std::optional<std::string> {
        const char* category =
            std::string(label.key) == "type"     ? kTaskTypeCategory
            : std::string(label.key) == "status" ? kTaskStatusCategory
                                                 : kTaskPriorityCategory;
        const CockpitItem* item = FindCockpitItemByName(category, text);
        if (item == nullptr) return std::nullopt;
        return std::string(item->gsid);
      },
      outcome);
}

// The records with labels turned into GSIDs (`known`: the translated
// record, or the original when a label named nothing, whose outcome is then
// in `outcomes`).
void TranslateTaskLabels(const std::vector<const Json*>& records,
                         std::vector<std::optional<Json>>* translated,
                         std::vector<RecordOutcome>* outcomes,
                         std::vector<const Json*>* known) {
  translated->reserve(records.size());
  outcomes->resize(records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    translated->push_back(TaskLabelsToIds(*records[i], &(*outcomes)[i]));
    known->push_back(translated->back() ? &*translated->back() : records[i]);
  }
}

}  // namespace

HttpResponse HandleTaskCreate(const GainsightCall& call, TenantData& data) {
  const ObjectDef& task = TaskObject();
  std::vector<const Json*> records;
  if (auto bad = ParseWriteRequests(call.body, &records)) return *bad;
  if (auto bad = RejectPicklistIds(TaskLabels(), records)) return *bad;
  std::vector<std::optional<Json>> translated;
  std::vector<RecordOutcome> label_outcomes;
  std::vector<const Json*> known;
  TranslateTaskLabels(records, &translated, &label_outcomes, &known);
  std::vector<const Json*> translated_only;
  for (const auto& t : translated) {
    if (t) translated_only.push_back(&*t);
  }
  if (auto bad = RejectUnknownKeys(task, translated_only)) return *bad;
  absl::MutexLock lock(&CockpitWriteMutex());
  std::vector<std::pair<Json, RecordOutcome>> outcomes;
  for (size_t i = 0; i < records.size(); ++i) {
    const Json& record = *known[i];
    std::vector<FieldAssignment> changes;
    RecordOutcome outcome = label_outcomes[i];
    Row row(task.fields().size());
    std::optional<Row> cta;
    if (!outcome.ok()) {
      // a label that names nothing
    } else if (record.contains("Gsid")) {
      outcome = RecordOutcome::Failed("Gsid", codes::kInvalidField,
                                      "Gsid is set by Gainsight");
    } else if (DecodeCockpitRecord(task, record, true, {}, &changes,
                                   &outcome)) {
      ApplyChanges(std::move(changes), row);
      if (auto missing = MissingRequired(task, row)) {
        outcome = *missing;
      } else if (!(cta =
                       FindByGsid(data.store, CtaObject(),
                                  *StringAt(row, task.FieldIndex("CtaId"))))) {
        outcome = NoMatch("CtaId");
      } else {
        const ObjectDef& cta_object = CtaObject();
        const int owner = task.FieldIndex("OwnerId");
        if (IsNull(row[owner])) {
          row[owner] = (*cta)[cta_object.FieldIndex("OwnerId")];
        }
        const int status = task.FieldIndex("StatusId");
        if (IsNull(row[status])) {
          row[status] = ItemGsid(kTaskStatusCategory, kDefaultStatus);
        }
        const int priority = task.FieldIndex("PriorityId");
        if (IsNull(row[priority])) {
          row[priority] = ItemGsid(kTaskPriorityCategory, kDefaultPriority);
        }
        if (auto bad = CheckTaskReferences(data, row)) outcome = *bad;
      }
      if (outcome.ok()) {
        outcome.gsid = NewGsid(task.gsid_prefix());
        row[task.gsid_field()] = outcome.gsid;
        row[task.created_date_field()] = absl::ToUnixMillis(call.now);
        row[task.modified_date_field()] = absl::ToUnixMillis(call.now);
        row[task.FieldIndex("CompanyId")] =
            (*cta)[CtaObject().FieldIndex("CompanyId")];
        ApplyClosedState(task, StatusCloses(row), call.now, row);
        data.store.Insert(task, {std::move(row)});
      }
    }
    outcomes.emplace_back(ReferenceIdOf(record, i), outcome);
  }
  return CockpitWriteResponse(outcomes, data.cockpit_answer);
}

HttpResponse HandleTaskUpdate(const GainsightCall& call, TenantData& data) {
  const ObjectDef& task = TaskObject();
  std::vector<const Json*> records;
  if (auto bad = ParseWriteRequests(call.body, &records)) return *bad;
  if (auto bad = RejectPicklistIds(TaskLabels(), records)) return *bad;
  std::vector<std::optional<Json>> translated;
  std::vector<RecordOutcome> label_outcomes;
  std::vector<const Json*> known;
  TranslateTaskLabels(records, &translated, &label_outcomes, &known);
  std::vector<const Json*> translated_only;
  for (const auto& t : translated) {
    if (t) translated_only.push_back(&*t);
  }
  if (auto bad = RejectUnknownKeys(task, translated_only)) return *bad;
  absl::MutexLock lock(&CockpitWriteMutex());
  std::vector<std::pair<Json, RecordOutcome>> outcomes;
  for (size_t i = 0; i < records.size(); ++i) {
    const Json& record = *known[i];
    std::vector<FieldAssignment> changes;
    RecordOutcome outcome = label_outcomes[i];
    auto gsid = record.find("Gsid");
    std::optional<Row> current;
    if (!outcome.ok()) {
      // a label that names nothing
    } else if (gsid == record.end() || !gsid->is_string()) {
      outcome =
          RecordOutcome::Failed("Gsid", "COCKPIT_9700", "Gsid is mandatory");
    } else if (DecodeCockpitRecord(task, record, false, {"CtaId"}, &changes,
                                   &outcome)) {
      if (!(current = FindByGsid(data.store, task, gsid->get<std::string>()))) {
        outcome = NoMatch("Gsid");
      } else {
        Row row = *current;
        ApplyChanges(std::move(changes), row);
        if (auto bad = CheckTaskReferences(data, row)) {
          outcome = *bad;
        } else {
          ApplyClosedState(task, StatusCloses(row), call.now, row);
          row[task.modified_date_field()] = absl::ToUnixMillis(call.now);
          ReplaceRow(data.store, task, row);
          outcome.gsid = gsid->get<std::string>();
        }
      }
    }
    outcomes.emplace_back(ReferenceIdOf(record, i), outcome);
  }
  return CockpitWriteResponse(outcomes, data.cockpit_answer);
}

HttpResponse HandleTaskList(const GainsightCall& call, TenantData& data) {
  return HandleCockpitList(TaskListSpec(), TaskObject(), call, data, false);
}

}  // namespace gg::sandbox
