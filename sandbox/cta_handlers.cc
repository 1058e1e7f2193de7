#include "sandbox/cta_handlers.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gainsight/endpoints.h"
#include "sandbox/cockpit_config.h"
#include "sandbox/cockpit_objects.h"
#include "sandbox/cockpit_records.h"
#include "sandbox/cockpit_wire.h"
#include "sandbox/envelope.h"
#include "sandbox/error_codes.h"
#include "sandbox/ids.h"
#include "sandbox/playbooks.h"
#include "sandbox/relationship_entity.h"
#include "sandbox/success_plan_handlers.h"
#include "sandbox/task_handlers.h"

namespace gg::sandbox {
namespace {

const CockpitListSpec& CtaListSpec(bool deleted) {
  static const std::vector<CockpitLookup>* const kLookups =
      new std::vector<CockpitLookup>{
          {"CompanyId", LookupKind::kRecord, "Company"},
          {"OwnerId", LookupKind::kRecord, kUserObject},
          {"CtaGroupId", LookupKind::kRecord, "cta_group"},
          {"TypeId", LookupKind::kPicklist, kCtaTypeCategory},
          {"StatusId", LookupKind::kPicklist, kCtaStatusCategory},
          {"PriorityId", LookupKind::kPicklist, kCtaPriorityCategory},
          {"ReasonId", LookupKind::kPicklist, kCtaReasonCategory},
          {"PlaybookId", LookupKind::kPlaybook, ""}};
  // [DOC-COPY] the fields every Fetch CTA row carries.
  static const std::vector<std::string>* const kDefaults =
      new std::vector<std::string>{"Gsid",
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
                                   "IsImportant"};
  static const CockpitListSpec* const kLive =
      new CockpitListSpec{&CtaObject(), *kLookups, *kDefaults};
  // [DOC-COPY] deleted rows also carry ModifiedDate (the deletion time).
  static const CockpitListSpec* const kDeleted = [] {
    auto* spec = new CockpitListSpec{&CtaObject(), *kLookups, *kDefaults};
    spec->defaults.push_back("ModifiedDate");
    return spec;
  }();
  return deleted ? *kDeleted : *kLive;
}

const CockpitItem* ItemAt(const Row& row, const char* field,
                          const char* category) {
  const std::string* id = StringAt(row, CtaObject().FieldIndex(field));
  return id == nullptr ? nullptr : FindCockpitItem(category, *id);
}

// The type, status, priority and reason of `row`: items of the
// configuration, active, and allowed for the CTA's type.
std::optional<RecordOutcome> CheckPicklists(const Row& row) {
  const CockpitItem* type = ItemAt(row, "TypeId", kCtaTypeCategory);
  if (type == nullptr || !type->active) return NoMatch("TypeId");
  for (auto [field, category] :
       {std::pair<const char*, const char*>{"StatusId", kCtaStatusCategory},
        {"PriorityId", kCtaPriorityCategory},
        {"ReasonId", kCtaReasonCategory}}) {
    const CockpitItem* item = ItemAt(row, field, category);
    if (item == nullptr || !ItemAllowedForType(*item, type->name)) {
      return NoMatch(field);
    }
  }
  return std::nullopt;
}

// A playbook the CTA may take: active and fitting its type.
std::optional<RecordOutcome> CheckPlaybook(const Row& row) {
  const std::string* id = StringAt(row, CtaObject().FieldIndex("PlaybookId"));
  if (id == nullptr) return std::nullopt;
  const Playbook* playbook = FindPlaybook(*id);
  const CockpitItem* type = ItemAt(row, "TypeId", kCtaTypeCategory);
  if (playbook == nullptr || !playbook->active || type == nullptr ||
      !PlaybookFitsType(*playbook, type->name)) {
    return NoMatch("PlaybookId");
  }
  return std::nullopt;
}

// Company, owner and success plan of `row` exist (the plan of the same
// company). `changed` limits the checks to fields a write gave.
std::optional<RecordOutcome> CheckReferences(
    const TenantData& data, const Row& row,
    const std::vector<FieldAssignment>* changed) {
  const ObjectDef& cta = CtaObject();
  auto given = [&](const char* field) {
    if (changed == nullptr) return true;
    for (const FieldAssignment& c : *changed) {
      if (c.field == cta.FieldIndex(field)) return true;
    }
    return false;
  };
  const std::string* company = StringAt(row, cta.FieldIndex("CompanyId"));
  if (given("CompanyId") &&
      !FindByGsid(data.store, *data.objects.Find("Company"), *company)) {
    return NoMatch("CompanyId");
  }
  const std::string* owner = StringAt(row, cta.FieldIndex("OwnerId"));
  if (given("OwnerId") && !IsActiveUser(data, *owner)) {
    return NoMatch("OwnerId");
  }
  const std::string* plan = StringAt(row, cta.FieldIndex("CtaGroupId"));
  if (given("CtaGroupId") && plan != nullptr) {
    const ObjectDef& plans = SuccessPlanObject();
    std::optional<Row> found = FindByGsid(data.store, plans, *plan);
    const std::string* plan_company =
        found ? StringAt(*found, plans.FieldIndex("CompanyId")) : nullptr;
    if (plan_company == nullptr || *plan_company != *company) {
      return NoMatch("CtaGroupId");
    }
  }
  return std::nullopt;
}

// [SECONDARY, every public sample] picklists go by label; status, priority
// and reason are scoped by the CTA's type.
const std::vector<PicklistLabel>& CtaLabels() {
  static const auto* kLabels =
      new std::vector<PicklistLabel>{{"type", "TypeId"},
                                     {"status", "StatusId"},
                                     {"priority", "PriorityId"},
                                     {"reason", "ReasonId"}};
  return *kLabels;
}

// The record with labels turned into item GSIDs; the type scopes the
// others (the record's own, else `current`'s).
std::optional<Json> CtaLabelsToIds(const Json& record,
                                   const std::optional<Row>& current,
                                   RecordOutcome* outcome) {
  return LabelsToIds(
      CtaLabels(), record,
      [&](const PicklistLabel& label, const std::string& text,
          const Json& partial) -> std::optional<std::string> {
        if (std::string(label.key) == "type") {
          const CockpitItem* type =
              FindCockpitItemByName(kCtaTypeCategory, text);
          if (type == nullptr) return std::nullopt;
          return std::string(type->gsid);
        }
        const CockpitItem* type = nullptr;
        auto type_id = partial.find("TypeId");
        if (type_id != partial.end() && type_id->is_string()) {
          type = FindCockpitItem(kCtaTypeCategory, type_id->get<std::string>());
        } else if (current) {
          type = ItemAt(*current, "TypeId", kCtaTypeCategory);
        }
        if (type == nullptr) return std::nullopt;
        const char* category =
            std::string(label.key) == "status"     ? kCtaStatusCategory
            : std::string(label.key) == "priority" ? kCtaPriorityCategory
                                                   : kCtaReasonCategory;
        const CockpitItem* item =
            FindCockpitItemForType(category, text, type->name);
        if (item == nullptr) return std::nullopt;
        return std::string(item->gsid);
      },
      outcome);
}

// The records whose labels translated (the others fail alone).
std::vector<const Json*> Translated(
    const std::vector<std::optional<Json>>& translated) {
  std::vector<const Json*> out;
  for (const auto& t : translated) {
    if (t) out.push_back(&*t);
  }
  return out;
}

void ApplyCtaStatus(Row& row, absl::Time now) {
  const CockpitItem* status = ItemAt(row, "StatusId", kCtaStatusCategory);
  ApplyClosedState(CtaObject(), status != nullptr && status->closed, now, row);
}

void InsertPlaybookTasks(TenantData& data, const Row& cta, absl::Time now) {
  const std::string* id = StringAt(cta, CtaObject().FieldIndex("PlaybookId"));
  const Playbook* playbook = id == nullptr ? nullptr : FindPlaybook(*id);
  if (playbook == nullptr) return;
  data.store.Insert(TaskObject(), PlaybookTasks(data, *playbook, cta, now));
}

// The cascade query parameters of an update: always sent, from a fixed set.
std::optional<HttpResponse> CascadeParam(const GainsightCall& call,
                                         const char* name,
                                         std::vector<std::string> allowed,
                                         std::string* out) {
  const std::string* value = call.request.Param(name);
  if (value != nullptr) {
    for (const std::string& a : allowed) {
      if (*value == a) {
        *out = a;
        return std::nullopt;
      }
    }
  }
  return ErrorResponse(
      BadRequest(codes::kValidation,
                 absl::StrCat("Query parameter ", name, " must be one of ",
                              absl::StrJoin(allowed, ", "))));
}

// Open tasks of `cta_gsid` take the CTA's new due date or owner.
void Cascade(TenantData& data, const std::string& cta_gsid,
             const std::string& due_cascade, const Value& old_due,
             const Value& new_due, const std::string& owner_cascade,
             const Value& old_owner, const Value& new_owner, absl::Time now) {
  const bool due_changed = due_cascade != "NO" && !IsNull(new_due) &&
                           CompareValues(old_due, new_due) != 0;
  const bool owner_changed =
      owner_cascade != "NO" && CompareValues(old_owner, new_owner) != 0;
  if (!due_changed && !owner_changed) return;
  const ObjectDef& task = TaskObject();
  const int cta_field = task.FieldIndex("CtaId");
  const int closed = task.FieldIndex("IsClosed");
  const int playbook = task.FieldIndex("PlaybookId");
  const int due = task.FieldIndex("DueDate");
  const int owner = task.FieldIndex("OwnerId");
  std::vector<Row> changed;
  data.store.Scan(task, [&](const std::vector<const Row*>& rows) {
    for (const Row* row : rows) {
      const std::string* of = StringAt(*row, cta_field);
      const bool* is_closed = std::get_if<bool>(&(*row)[closed]);
      if (of == nullptr || *of != cta_gsid ||
          (is_closed != nullptr && *is_closed)) {
        continue;
      }
      Row copy = *row;
      bool touched = false;
      if (due_changed &&
          (due_cascade == "ALL_OPEN_TASKS" || !IsNull((*row)[playbook]))) {
        copy[due] = new_due;
        touched = true;
      }
      if (owner_changed && (owner_cascade == "ALL_OPEN_TASKS" ||
                            CompareValues((*row)[owner], old_owner) == 0)) {
        copy[owner] = new_owner;
        touched = true;
      }
      if (touched) {
        copy[task.modified_date_field()] = absl::ToUnixMillis(now);
        changed.push_back(std::move(copy));
      }
    }
  });
  for (const Row& row : changed) ReplaceRow(data.store, task, row);
}

}  // namespace

HttpResponse HandleCtaCreate(const GainsightCall& call, TenantData& data) {
  const ObjectDef& cta = CtaObject();
  std::vector<const Json*> records;
  if (auto bad = ParseWriteRequests(call.body, &records)) return *bad;
  if (auto bad = RejectPicklistIds(CtaLabels(), records)) return *bad;
  absl::MutexLock lock(&CockpitWriteMutex());
  std::vector<std::optional<Json>> translated;
  translated.reserve(records.size());  // `known` points into it
  std::vector<RecordOutcome> label_outcomes(records.size());
  std::vector<const Json*> known;
  for (size_t i = 0; i < records.size(); ++i) {
    translated.push_back(
        CtaLabelsToIds(*records[i], std::nullopt, &label_outcomes[i]));
    known.push_back(translated.back() ? &*translated.back() : records[i]);
  }
  if (auto bad = RejectUnknownKeys(cta, Translated(translated))) return *bad;
  std::vector<std::pair<Json, RecordOutcome>> outcomes;
  for (size_t i = 0; i < records.size(); ++i) {
    const Json& record = *known[i];
    std::vector<FieldAssignment> changes;
    RecordOutcome outcome = label_outcomes[i];
    Row row(cta.fields().size());
    if (!outcome.ok()) {
      // a label that names nothing
    } else if (record.contains("Gsid")) {
      outcome = RecordOutcome::Failed("Gsid", codes::kInvalidField,
                                      "Gsid is set by Gainsight");
    } else if (DecodeCockpitRecord(cta, record, true, {}, &changes, &outcome)) {
      ApplyChanges(std::move(changes), row);
      std::optional<RecordOutcome> bad = MissingRequired(cta, row);
      if (!bad) bad = CheckReferences(data, row, nullptr);
      if (!bad) {
        if (auto entity = CheckRelationshipEntity(data, cta, row)) {
          bad = RecordOutcome::Failed(entity->field, codes::kInvalidField,
                                      entity->desc);
        }
      }
      if (!bad) bad = CheckPicklists(row);
      if (!bad) bad = CheckPlaybook(row);
      if (bad) outcome = *bad;
    }
    if (outcome.ok()) {
      outcome.gsid = NewGsid(cta.gsid_prefix());
      row[cta.gsid_field()] = outcome.gsid;
      row[cta.created_date_field()] = absl::ToUnixMillis(call.now);
      row[cta.modified_date_field()] = absl::ToUnixMillis(call.now);
      row[cta.FieldIndex("EntityType")] = std::string(
          IsNull(row[cta.FieldIndex("RelationshipId")]) ? "COMPANY"
                                                        : "RELATIONSHIP");
      const int important = cta.FieldIndex("IsImportant");
      if (IsNull(row[important])) row[important] = false;
      ApplyCtaStatus(row, call.now);
      data.store.Insert(cta, {row});
      InsertPlaybookTasks(data, row, call.now);
    }
    outcomes.emplace_back(ReferenceIdOf(record, i), outcome);
  }
  return CockpitWriteResponse(outcomes, data.cockpit_answer);
}

HttpResponse HandleCtaUpdate(const GainsightCall& call, TenantData& data) {
  const ObjectDef& cta = CtaObject();
  std::string due_cascade, owner_cascade;
  if (auto bad = CascadeParam(call, "dueDateCascade",
                              {"NO", "ALL_OPEN_TASKS", "PLAYBOOK_TASKS"},
                              &due_cascade)) {
    return *bad;
  }
  if (auto bad =
          CascadeParam(call, "ownerCascade", {"NO", "OWNER", "ALL_OPEN_TASKS"},
                       &owner_cascade)) {
    return *bad;
  }
  std::vector<const Json*> records;
  if (auto bad = ParseWriteRequests(call.body, &records)) return *bad;
  if (auto bad = RejectPicklistIds(CtaLabels(), records)) return *bad;
  absl::MutexLock lock(&CockpitWriteMutex());
  std::vector<std::optional<Json>> translated;
  translated.reserve(records.size());  // `known` points into it
  std::vector<RecordOutcome> label_outcomes(records.size());
  std::vector<const Json*> known;
  for (size_t i = 0; i < records.size(); ++i) {
    auto g = records[i]->find("Gsid");
    std::optional<Row> existing;
    if (g != records[i]->end() && g->is_string()) {
      existing = FindByGsid(data.store, cta, g->get<std::string>());
    }
    translated.push_back(
        CtaLabelsToIds(*records[i], existing, &label_outcomes[i]));
    known.push_back(translated.back() ? &*translated.back() : records[i]);
  }
  if (auto bad = RejectUnknownKeys(cta, Translated(translated))) return *bad;
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
    } else if (DecodeCockpitRecord(cta, record, false,
                                   {"CompanyId", "RelationshipId",
                                    "RelationshipTypeId", "EntityType"},
                                   &changes, &outcome)) {
      current = FindByGsid(data.store, cta, gsid->get<std::string>());
      if (!current) outcome = NoMatch("Gsid");
    }
    if (outcome.ok()) {
      const int playbook = cta.FieldIndex("PlaybookId");
      // A playbook is applied once: ignored for a CTA that has one.
      const bool had_playbook = !IsNull((*current)[playbook]);
      if (had_playbook) {
        changes.erase(std::remove_if(changes.begin(), changes.end(),
                                     [&](const FieldAssignment& c) {
                                       return c.field == playbook;
                                     }),
                      changes.end());
      }
      Row row = *current;
      ApplyChanges(changes, row);
      std::optional<RecordOutcome> bad = CheckReferences(data, row, &changes);
      if (!bad) bad = CheckPicklists(row);
      if (!bad && !had_playbook) bad = CheckPlaybook(row);
      if (bad) {
        outcome = *bad;
      } else {
        ApplyCtaStatus(row, call.now);
        row[cta.modified_date_field()] = absl::ToUnixMillis(call.now);
        ReplaceRow(data.store, cta, row);
        const int due = cta.FieldIndex("DueDate");
        const int owner = cta.FieldIndex("OwnerId");
        Cascade(data, gsid->get<std::string>(), due_cascade, (*current)[due],
                row[due], owner_cascade, (*current)[owner], row[owner],
                call.now);
        if (!had_playbook) InsertPlaybookTasks(data, row, call.now);
        outcome.gsid = gsid->get<std::string>();
      }
    }
    outcomes.emplace_back(ReferenceIdOf(record, i), outcome);
  }
  return CockpitWriteResponse(outcomes, data.cockpit_answer);
}

HttpResponse HandleCtaList(const GainsightCall& call, TenantData& data) {
  // [DOC] "includeonlyDeletedRecords": true lists the deleted CTAs instead.
  auto only_deleted = call.body.is_object()
                          ? call.body.find("includeonlyDeletedRecords")
                          : call.body.end();
  if (call.body.is_object() && only_deleted != call.body.end() &&
      *only_deleted == true) {
    return HandleCockpitList(CtaListSpec(true), DeletedCtaObject(), call, data,
                             false);
  }
  return HandleCockpitList(CtaListSpec(false), CtaObject(), call, data, false);
}

HttpResponse HandleCtaDeletedList(const GainsightCall& call, TenantData& data) {
  return HandleCockpitList(CtaListSpec(true), DeletedCtaObject(), call, data,
                           true);
}

bool DeleteCta(Store& store, absl::string_view gsid, absl::Time now) {
  const ObjectDef& cta = CtaObject();
  absl::MutexLock lock(&CockpitWriteMutex());
  std::optional<Row> row = FindByGsid(store, cta, gsid);
  if (!row || !store.Delete(cta, gsid)) return false;
  (*row)[cta.modified_date_field()] = absl::ToUnixMillis(now);
  store.Insert(DeletedCtaObject(), {*std::move(row)});
  const ObjectDef& task = TaskObject();
  std::vector<std::string> tasks;
  store.Scan(task, [&](const std::vector<const Row*>& rows) {
    for (const Row* t : rows) {
      const std::string* of = StringAt(*t, task.FieldIndex("CtaId"));
      if (of != nullptr && *of == gsid) {
        tasks.push_back(*StringAt(*t, task.gsid_field()));
      }
    }
  });
  for (const std::string& t : tasks) store.Delete(task, t);
  return true;
}

}  // namespace gg::sandbox
