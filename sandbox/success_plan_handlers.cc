#include "sandbox/success_plan_handlers.h"

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "sandbox/cockpit_records.h"
#include "sandbox/cockpit_wire.h"
#include "sandbox/datetime.h"
#include "sandbox/envelope.h"
#include "sandbox/error_codes.h"
#include "sandbox/ids.h"
#include "sandbox/query.h"
#include "sandbox/relationship_entity.h"

namespace gg::sandbox {
namespace {

// One item of the tenant's Success Plan configuration. DECISION: every
// sandbox tenant has these; statuses other than Draft and Active are
// invented (Gainsight lets each tenant set its own).
struct ConfigItem {
  const char* gsid;
  const char* name;
  bool is_default;
  bool closed;
};
constexpr ConfigItem kTypes[] = {
    {"1I01SPTYPE000000000000000000ONBOARD1", "Onboarding", true, false},
    {"1I01SPTYPE000000000000000000RENEWAL1", "Renewal", false, false},
    {"1I01SPTYPE000000000000000000ADOPTIO1", "Adoption", false, false},
};
constexpr ConfigItem kStatuses[] = {
    {"1I02SPSTAT0000000000000000000DRAFT01", "Draft", true, false},
    {"1I02SPSTAT0000000000000000000ACTIVE1", "Active", false, false},
    {"1I02SPSTAT0000000000000000000COMPLE1", "Completed", false, true},
    {"1I02SPSTAT0000000000000000000CANCEL1", "Cancelled", false, true},
};

template <size_t N>
const ConfigItem* FindItem(const ConfigItem (&items)[N],
                           const std::string& gsid) {
  for (const ConfigItem& item : items) {
    if (gsid == item.gsid) return &item;
  }
  return nullptr;
}

template <size_t N>
const ConfigItem* FindItemByName(const ConfigItem (&items)[N],
                                 const std::string& name) {
  for (const ConfigItem& item : items) {
    if (name == item.name) return &item;
  }
  return nullptr;
}

// [SEC] the create sample sends the type and status by label.
const std::vector<PicklistLabel>& PlanLabels() {
  static const auto* kLabels = new std::vector<PicklistLabel>{
      {"SuccessPlanType", "SuccessPlanTypeId"}, {"status", "StatusId"}};
  return *kLabels;
}

std::optional<Json> PlanLabelsToIds(const Json& record,
                                    RecordOutcome* outcome) {
  return LabelsToIds(
      PlanLabels(), record,
      [](const PicklistLabel& label, const std::string& text,
         const Json&) -> std::optional<std::string> {
        const ConfigItem* item = std::string(label.key) == "status"
                                     ? FindItemByName(kStatuses, text)
                                     : FindItemByName(kTypes, text);
        if (item == nullptr) return std::nullopt;
        return std::string(item->gsid);
      },
      outcome);
}

}  // namespace

// The plan object: the store keeps plans like any other object's records.
const ObjectDef& SuccessPlanObject() {
  static const ObjectDef* const kPlan = new ObjectDef(
      "cta_group", "1C03",
      WithSystemFields({
          Required(StringField("Name", 255)),
          Required(LookupField("CompanyId", "Company")),
          Field("RelationshipId", FieldType::kGsid),
          Field("RelationshipTypeId", FieldType::kGsid),
          StringField("EntityType", 20),
          Required(Field("SuccessPlanTypeId", FieldType::kGsid)),
          Field("StatusId", FieldType::kGsid),
          Field("OwnerId", FieldType::kGsid),
          Field("StartDate", FieldType::kDate),
          Required(Field("DueDate", FieldType::kDate)),
          StringField("Description", 5000),
          StringField("ActionPlan", 0),
          StringField("Highlights", 0),
          ReadOnly(Field("IsClosed", FieldType::kBoolean)),
          ReadOnly(Field("ActiveDate", FieldType::kDateTime)),
          ReadOnly(Field("ClosedDate", FieldType::kDateTime)),
          ReadOnly(Field("PercentComplete", FieldType::kNumber)),
          ReadOnly(Field("TotalObjectiveCount", FieldType::kNumber)),
          ReadOnly(Field("OpenObjectiveCount", FieldType::kNumber)),
          ReadOnly(Field("OpenTaskCount", FieldType::kNumber)),
          ReadOnly(Field("ClosedTaskCount", FieldType::kNumber)),
      }));
  return *kPlan;
}

namespace {

const ObjectDef& PlanObject() { return SuccessPlanObject(); }

// Plan writes check names and companies, then write; one at a time.
absl::Mutex& PlanMutex() {
  static absl::Mutex* const kMu = new absl::Mutex();
  return *kMu;
}

bool CompanyExists(const TenantData& data, const std::string& gsid,
                   std::string* name) {
  const ObjectDef* company = data.objects.Find("Company");
  bool found = false;
  data.store.Scan(*company, [&](const std::vector<const Row*>& rows) {
    for (const Row* row : rows) {
      const std::string* g = StringAt(*row, company->gsid_field());
      if (g != nullptr && *g == gsid) {
        found = true;
        const std::string* n = StringAt(*row, company->FieldIndex("Name"));
        if (n != nullptr && name != nullptr) *name = *n;
      }
    }
  });
  return found;
}

// Keys a select may name beyond the plan's fields.
constexpr const char* kDerivedKeys[] = {
    "TypeName", "StatusName", "CompanyId__gr.Name", "OwnerId__gr.Email",
    "OwnerId__gr.Name"};

bool IsSelectable(absl::string_view key) {
  if (PlanObject().FieldIndex(key) >= 0) return true;
  for (const char* k : kDerivedKeys) {
    if (key == k) return true;
  }
  return false;
}

Json PlanJson(const TenantData& data, const Row& row,
              const std::vector<std::string>& select) {
  const ObjectDef& plan = PlanObject();
  Json out = Json::object();
  for (const std::string& key : select) {
    int index = plan.FieldIndex(key);
    if (index >= 0) {
      out[key] = CockpitValue(plan.field(index), row[index]);
    } else if (key == "TypeName" || key == "StatusName") {
      const std::string* id =
          StringAt(row, plan.FieldIndex(key == "TypeName" ? "SuccessPlanTypeId"
                                                          : "StatusId"));
      const ConfigItem* item =
          id == nullptr ? nullptr
                        : (key == "TypeName" ? FindItem(kTypes, *id)
                                             : FindItem(kStatuses, *id));
      out[key] = item == nullptr ? Json(nullptr) : Json(item->name);
    } else if (key == "CompanyId__gr.Name") {
      const std::string* id = StringAt(row, plan.FieldIndex("CompanyId"));
      std::string name;
      if (id != nullptr && CompanyExists(data, *id, &name)) {
        out[key] = name;
      } else {
        out[key] = nullptr;
      }
    } else {
      // OwnerId__gr.Email or OwnerId__gr.Name, read from GsUser.
      const ObjectDef* user = data.objects.Find(kUserObject);
      const std::string* id = StringAt(row, plan.FieldIndex("OwnerId"));
      std::optional<Row> owner =
          id == nullptr ? std::nullopt : FindByGsid(data.store, *user, *id);
      const int attr =
          user->FieldIndex(key == "OwnerId__gr.Email" ? "Email" : "Name");
      out[key] = owner ? CockpitValue(user->field(attr), (*owner)[attr])
                       : Json(nullptr);
    }
  }
  return out;
}

HttpResponse ListPlans(const GainsightCall& call, TenantData& data,
                       bool deleted) {
  CockpitListRequest request;
  auto canonical = [](const std::string& key) -> std::optional<std::string> {
    if (IsSelectable(key)) return key;
    return std::nullopt;
  };
  if (auto bad =
          ParseCockpitList(call.body, PlanObject(), kMaxSuccessPlanPageSize,
                           canonical, &request)) {
    return *bad;
  }
  if (request.select.empty()) request.select = {"Gsid", "Name"};
  Json page = Json::array();
  // DECISION: plans cannot be deleted in the sandbox yet, so the deleted
  // list is always empty. Pages come in insertion order (Gainsight documents
  // none).
  if (!deleted) {
    // Encoded after the scan: encoding reads other tables (company names).
    for (const Row& row : CockpitPage(data.store, PlanObject(), request)) {
      page.push_back(PlanJson(data, row, request.select));
    }
  }
  return CockpitListResponse(std::move(page), request, deleted);
}

// Decodes the writable fields of `record` into `changes`; an error names
// the first bad field.
bool DecodeRecord(const TenantData& data, const Json& record, bool create,
                  std::vector<FieldAssignment>* changes, RecordOutcome* error) {
  const ObjectDef& plan = PlanObject();
  std::set<int> given;
  for (auto it = record.begin(); it != record.end(); ++it) {
    const std::string& key = it.key();
    if (key == "referenceId" || key == "Gsid") continue;
    int index = plan.FieldIndex(key);
    if (index < 0 || plan.field(index).read_only ||
        (!create && (key == "CompanyId" || key == "RelationshipId" ||
                     key == "RelationshipTypeId" || key == "EntityType"))) {
      *error = {"", key, codes::kInvalidField,
                absl::StrCat("Field ", key, " cannot be written")};
      return false;
    }
    const FieldDef& field = plan.field(index);
    Value value;
    if (it->is_null()) {
      if (field.required) {
        *error = {"", key, codes::kNullValue,
                  absl::StrCat(key, " must not be null")};
        return false;
      }
    } else if (field.type == FieldType::kDate) {
      std::optional<int64_t> ms =
          it->is_string() ? ParseDate(it->get<std::string>()) : std::nullopt;
      if (!ms) {
        *error = {"", key, codes::kInvalidDate,
                  absl::StrCat(key, " must be a date (YYYY-MM-DD)")};
        return false;
      }
      value = *ms;
    } else {
      if (!it->is_string()) {
        *error = {"", key, codes::kInvalidField,
                  absl::StrCat(key, " must be a string")};
        return false;
      }
      std::string text = it->get<std::string>();
      if (field.max_length > 0 &&
          static_cast<int>(text.size()) > field.max_length) {
        *error = {"", key, codes::kFieldTooLong,
                  absl::StrCat(key, " is too long")};
        return false;
      }
      if (field.type == FieldType::kGsid && !IsGsidShaped(text)) {
        *error = {"", key, codes::kInvalidGsid,
                  absl::StrCat(key, " must be a GSID")};
        return false;
      }
      value = std::move(text);
    }
    const std::string* id = std::get_if<std::string>(&value);
    if (id != nullptr && key == "CompanyId" &&
        !CompanyExists(data, *id, nullptr)) {
      *error = {"", key, codes::kNoMatch,
                absl::StrCat(codes::kNoMatchDesc, " (CompanyId)")};
      return false;
    }
    if (id != nullptr && key == "SuccessPlanTypeId" &&
        FindItem(kTypes, *id) == nullptr) {
      *error = {"", key, codes::kNoMatch,
                absl::StrCat(codes::kNoMatchDesc, " (SuccessPlanTypeId)")};
      return false;
    }
    if (id != nullptr && key == "StatusId" &&
        FindItem(kStatuses, *id) == nullptr) {
      *error = {"", key, codes::kNoMatch,
                absl::StrCat(codes::kNoMatchDesc, " (StatusId)")};
      return false;
    }
    given.insert(index);
    changes->push_back({index, std::move(value)});
  }
  if (create) {
    for (size_t i = 0; i < plan.fields().size(); ++i) {
      const FieldDef& f = plan.field(static_cast<int>(i));
      if (f.required && !f.read_only && given.count(static_cast<int>(i)) == 0) {
        *error = {"", f.name, codes::kNullValue,
                  absl::StrCat(f.name, " is required")};
        return false;
      }
    }
  }
  return true;
}

// The status fields that follow a StatusId: IsClosed, ClosedDate and
// ActiveDate (Draft -> Active).
void ApplyStatus(Row& row, absl::Time now) {
  const ObjectDef& plan = PlanObject();
  const std::string* id = StringAt(row, plan.FieldIndex("StatusId"));
  const ConfigItem* status = id == nullptr ? nullptr : FindItem(kStatuses, *id);
  const bool closed = status != nullptr && status->closed;
  const int is_closed = plan.FieldIndex("IsClosed");
  const int closed_date = plan.FieldIndex("ClosedDate");
  const int active_date = plan.FieldIndex("ActiveDate");
  const bool was_closed =
      std::get_if<bool>(&row[is_closed]) && std::get<bool>(row[is_closed]);
  row[is_closed] = closed;
  if (closed && !was_closed) row[closed_date] = absl::ToUnixMillis(now);
  if (!closed) row[closed_date] = Value();
  if (status != nullptr && std::string(status->name) == "Active" &&
      IsNull(row[active_date])) {
    row[active_date] = absl::ToUnixMillis(now);
  }
}

bool NameTaken(const TenantData& data, const std::string& name,
               const std::string& except_gsid) {
  const ObjectDef& plan = PlanObject();
  bool taken = false;
  data.store.Scan(plan, [&](const std::vector<const Row*>& rows) {
    for (const Row* row : rows) {
      const std::string* n = StringAt(*row, plan.FieldIndex("Name"));
      const std::string* g = StringAt(*row, plan.gsid_field());
      if (n != nullptr && *n == name && (g == nullptr || *g != except_gsid)) {
        taken = true;
      }
    }
  });
  return taken;
}

}  // namespace

HttpResponse HandleSuccessPlanList(const GainsightCall& call,
                                   TenantData& data) {
  return ListPlans(call, data, false);
}

HttpResponse HandleSuccessPlanDeletedList(const GainsightCall& call,
                                          TenantData& data) {
  return ListPlans(call, data, true);
}

HttpResponse HandleSuccessPlanCreate(const GainsightCall& call,
                                     TenantData& data) {
  std::vector<const Json*> records;
  if (auto bad = ParseWriteRequests(call.body, &records)) return *bad;
  if (auto bad = RejectPicklistIds(PlanLabels(), records)) return *bad;
  const ObjectDef& plan = PlanObject();
  absl::MutexLock lock(&PlanMutex());
  std::vector<std::pair<Json, RecordOutcome>> outcomes;
  for (size_t i = 0; i < records.size(); ++i) {
    RecordOutcome w;
    std::optional<Json> translated = PlanLabelsToIds(*records[i], &w);
    const Json& record = translated ? *translated : *records[i];
    std::vector<FieldAssignment> changes;
    if (!w.ok()) {
      // a label that names nothing
    } else if (record.contains("Gsid")) {
      w = {"", "Gsid", codes::kInvalidField, "Gsid is set by Gainsight"};
    } else if (DecodeRecord(data, record, true, &changes, &w)) {
      Row row(plan.fields().size());
      for (FieldAssignment& c : changes) row[c.field] = std::move(c.value);
      const std::string* name = StringAt(row, plan.FieldIndex("Name"));
      std::optional<EntityProblem> entity =
          CheckRelationshipEntity(data, plan, row);
      if (NameTaken(data, *name, "")) {
        w = {"", "Name", codes::kInvalidField,
             "A success plan with this Name exists"};
      } else if (entity) {
        w = {"", entity->field, codes::kInvalidField, entity->desc};
      } else {
        w.gsid = NewGsid(plan.gsid_prefix());
        row[plan.gsid_field()] = w.gsid;
        row[plan.created_date_field()] = absl::ToUnixMillis(call.now);
        row[plan.modified_date_field()] = absl::ToUnixMillis(call.now);
        const int entity = plan.FieldIndex("EntityType");
        row[entity] = std::string(IsNull(row[plan.FieldIndex("RelationshipId")])
                                      ? "COMPANY"
                                      : "RELATIONSHIP");
        const int status = plan.FieldIndex("StatusId");
        if (IsNull(row[status])) row[status] = std::string(kStatuses[0].gsid);
        for (const char* count :
             {"PercentComplete", "TotalObjectiveCount", "OpenObjectiveCount",
              "OpenTaskCount", "ClosedTaskCount"}) {
          row[plan.FieldIndex(count)] = 0.0;
        }
        ApplyStatus(row, call.now);
        data.store.Insert(plan, {std::move(row)});
      }
    }
    outcomes.emplace_back(ReferenceIdOf(record, i), w);
  }
  return CockpitWriteResponse(outcomes, data.cockpit_answer);
}

HttpResponse HandleSuccessPlanUpdate(const GainsightCall& call,
                                     TenantData& data) {
  std::vector<const Json*> records;
  if (auto bad = ParseWriteRequests(call.body, &records)) return *bad;
  if (auto bad = RejectPicklistIds(PlanLabels(), records)) return *bad;
  const ObjectDef& plan = PlanObject();
  absl::MutexLock lock(&PlanMutex());
  std::vector<std::pair<Json, RecordOutcome>> outcomes;
  for (size_t i = 0; i < records.size(); ++i) {
    RecordOutcome w;
    std::optional<Json> translated = PlanLabelsToIds(*records[i], &w);
    const Json& record = translated ? *translated : *records[i];
    std::vector<FieldAssignment> changes;
    auto gsid = record.find("Gsid");
    if (!w.ok()) {
      // a label that names nothing
    } else if (gsid == record.end() || !gsid->is_string()) {
      w = {"", "Gsid", codes::kNullValue, "Gsid is required"};
    } else if (DecodeRecord(data, record, false, &changes, &w)) {
      std::optional<Row> current;
      data.store.Scan(plan, [&](const std::vector<const Row*>& rows) {
        for (const Row* row : rows) {
          const std::string* g = StringAt(*row, plan.gsid_field());
          if (g != nullptr && *g == gsid->get<std::string>()) current = *row;
        }
      });
      if (!current) {
        w = {"", "Gsid", codes::kNoMatch, codes::kNoMatchDesc};
      } else {
        Row row = *current;
        for (FieldAssignment& c : changes) row[c.field] = std::move(c.value);
        const std::string* name = StringAt(row, plan.FieldIndex("Name"));
        if (NameTaken(data, *name, gsid->get<std::string>())) {
          w = {"", "Name", codes::kInvalidField,
               "A success plan with this Name exists"};
        } else {
          ApplyStatus(row, call.now);
          row[plan.modified_date_field()] = absl::ToUnixMillis(call.now);
          Store::Patch patch;
          patch.keys = {{plan.gsid_field(), gsid->get<std::string>()}};
          for (size_t f = 0; f < row.size(); ++f) {
            if (static_cast<int>(f) == plan.gsid_field()) continue;
            patch.changes.push_back({static_cast<int>(f), row[f]});
          }
          data.store.Update(plan, {patch});
          w.gsid = gsid->get<std::string>();
        }
      }
    }
    outcomes.emplace_back(ReferenceIdOf(record, i), w);
  }
  return CockpitWriteResponse(outcomes, data.cockpit_answer);
}

HttpResponse HandleSuccessPlanPicklist(const GainsightCall& call,
                                       TenantData& data) {
  (void)data;
  const std::string* category = call.request.Param("category");
  const std::string* et = call.request.Param("et");
  if (et != nullptr && *et != "COMPANY" && *et != "RELATIONSHIP") {
    return BadRequestResponse(codes::kValidation,
                              "et must be COMPANY or RELATIONSHIP");
  }
  if (category == nullptr || category->empty()) {
    return BadRequestResponse(codes::kValidation, "category is required");
  }
  Json out = Json::object();
  for (absl::string_view c : absl::StrSplit(*category, ',')) {
    const bool types = c == "SUCCESS_PLAN_TYPE";
    if (!types && c != "SUCCESS_PLAN_STATUS") {
      return BadRequestResponse(codes::kValidation,
                                absl::StrCat("Unknown category ", c));
    }
    Json items = Json::array();
    int order = 1;
    auto add = [&](const ConfigItem& item) {
      Json j = {{"gsid", item.gsid},          {"name", item.name},
                {"systemName", item.name},    {"active", true},
                {"default", item.is_default}, {"displayOrder", order++}};
      if (!types) j["closed"] = item.closed;
      items.push_back(std::move(j));
    };
    if (types) {
      for (const ConfigItem& item : kTypes) add(item);
    } else {
      for (const ConfigItem& item : kStatuses) add(item);
    }
    out[std::string(c)] = std::move(items);
  }
  return SuccessResponse(std::move(out));
}

}  // namespace gg::sandbox
