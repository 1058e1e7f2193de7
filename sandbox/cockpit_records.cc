#include "sandbox/cockpit_records.h"

#include <algorithm>
#include <cstring>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gainsight/endpoints.h"
#include "sandbox/cockpit_config.h"
#include "sandbox/cockpit_objects.h"
#include "sandbox/envelope.h"
#include "sandbox/error_codes.h"
#include "sandbox/field_codec.h"
#include "sandbox/ids.h"
#include "sandbox/playbooks.h"
#include "sandbox/success_plan_handlers.h"

namespace gg::sandbox {
namespace {

constexpr char kMissingCode[] = "COCKPIT_9700";
constexpr char kLookupSeparator[] = "__gr.";

// The field of `object` named `name` in any letter case, or -1.
int FieldIndexIgnoringCase(const ObjectDef& object, absl::string_view name) {
  int exact = object.FieldIndex(name);
  if (exact >= 0) return exact;
  for (size_t i = 0; i < object.fields().size(); ++i) {
    if (absl::EqualsIgnoreCase(object.fields()[i].name, name)) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

// The object a kRecord lookup reads: a served object, or a private one.
const ObjectDef* LookupObject(const TenantData& data, absl::string_view name) {
  if (name == "cta_group") return &SuccessPlanObject();
  if (name == "call_to_action") return &CtaObject();
  return data.objects.Find(name);
}

const CockpitLookup* FindLookup(const CockpitListSpec& spec,
                                absl::string_view field) {
  for (const CockpitLookup& l : spec.lookups) {
    if (absl::EqualsIgnoreCase(l.field, field)) return &l;
  }
  return nullptr;
}

// The value of lookup key `base`__gr.`attr` for `row`.
Json LookupValue(const CockpitListSpec& spec, const TenantData& data,
                 const Row& row, const CockpitLookup& lookup,
                 absl::string_view attr) {
  const std::string* id = StringAt(row, spec.object->FieldIndex(lookup.field));
  if (id == nullptr) return nullptr;
  switch (lookup.kind) {
    case LookupKind::kRecord: {
      const ObjectDef* target = LookupObject(data, lookup.target);
      if (target == nullptr) return nullptr;
      std::optional<Row> other = FindByGsid(data.store, *target, *id);
      int index = target->FieldIndex(attr);
      if (!other || index < 0) return nullptr;
      return CockpitValue(target->field(index), (*other)[index]);
    }
    case LookupKind::kPicklist: {
      const CockpitItem* item = FindCockpitItem(lookup.target, *id);
      return item == nullptr ? Json(nullptr) : Json(item->name);
    }
    case LookupKind::kPlaybook: {
      const Playbook* playbook = FindPlaybook(*id);
      return playbook == nullptr ? Json(nullptr) : Json(playbook->name);
    }
  }
  return nullptr;
}

}  // namespace

std::optional<HttpResponse> RejectUnknownKeys(
    const ObjectDef& object, const std::vector<const Json*>& records) {
  for (const Json* record : records) {
    for (auto it = record->begin(); it != record->end(); ++it) {
      if (it.key() == "referenceId" || it.key() == "Gsid") continue;
      if (object.FieldIndex(it.key()) < 0) {
        return ErrorResponse(
            BadRequest(codes::kValidation,
                       absl::StrCat("Unknown field in record: ", it.key())));
      }
    }
  }
  return std::nullopt;
}

std::optional<HttpResponse> RejectPicklistIds(
    const std::vector<PicklistLabel>& labels,
    const std::vector<const Json*>& records) {
  for (const Json* record : records) {
    for (const PicklistLabel& label : labels) {
      if (record->contains(label.id_field)) {
        return ErrorResponse(
            BadRequest(codes::kValidation,
                       absl::StrCat("Unknown field in record: ", label.id_field,
                                    " (send ", label.key, " by name)")));
      }
    }
  }
  return std::nullopt;
}

std::optional<Json> LabelsToIds(
    const std::vector<PicklistLabel>& labels, const Json& record,
    absl::FunctionRef<std::optional<std::string>(const PicklistLabel& label,
                                                 const std::string& text,
                                                 const Json& partial)>
        resolve,
    RecordOutcome* outcome) {
  Json out = record;
  for (const PicklistLabel& label : labels) {
    auto it = out.find(label.key);
    if (it == out.end()) continue;
    if (it->is_null()) {
      out.erase(it);
      out[label.id_field] = nullptr;
      continue;
    }
    std::optional<std::string> gsid =
        it->is_string() ? resolve(label, it->get<std::string>(), out)
                        : std::nullopt;
    if (!gsid.has_value()) {
      *outcome = RecordOutcome::Failed(
          label.key, codes::kNoMatch,
          absl::StrCat(codes::kNoMatchDesc, " (", label.key, ")"));
      return std::nullopt;
    }
    out.erase(label.key);
    out[label.id_field] = *gsid;
  }
  return out;
}

bool DecodeCockpitRecord(const ObjectDef& object, const Json& record,
                         bool create, const std::vector<std::string>& fixed,
                         std::vector<FieldAssignment>* changes,
                         RecordOutcome* outcome) {
  for (auto it = record.begin(); it != record.end(); ++it) {
    const std::string& key = it.key();
    if (key == "referenceId" || key == "Gsid") continue;
    const int index = object.FieldIndex(key);
    const FieldDef& field = object.field(index);
    if (field.read_only || (!create && std::find(fixed.begin(), fixed.end(),
                                                 key) != fixed.end())) {
      *outcome = RecordOutcome::Failed(
          key, codes::kInvalidField,
          absl::StrCat("Field ", key, " cannot be written"));
      return false;
    }
    if (it->is_null() && field.required) {
      *outcome = RecordOutcome::Failed(key, kMissingCode,
                                       absl::StrCat(key, " is mandatory"));
      return false;
    }
    // A GSID field holding something that is no GSID names nothing.
    if (field.type == FieldType::kGsid && it->is_string() &&
        !IsGsidShaped(it->get<std::string>())) {
      *outcome = NoMatch(key);
      return false;
    }
    Value value;
    FieldIssue issue;
    if (!DecodeFieldValue(field, *it, CodecMode::kWrite, &value, &issue)) {
      *outcome = RecordOutcome::Failed(key, issue.code, issue.desc);
      return false;
    }
    changes->push_back({index, std::move(value)});
  }
  return true;
}

std::optional<RecordOutcome> MissingRequired(const ObjectDef& object,
                                             const Row& row) {
  for (size_t i = 0; i < object.fields().size(); ++i) {
    const FieldDef& f = object.field(static_cast<int>(i));
    if (f.required && !f.read_only && IsNull(row[i])) {
      return RecordOutcome::Failed(f.name, kMissingCode,
                                   absl::StrCat(f.name, " is mandatory"));
    }
  }
  return std::nullopt;
}

RecordOutcome NoMatch(const std::string& field) {
  return RecordOutcome::Failed(
      field, codes::kNoMatch,
      absl::StrCat(codes::kNoMatchDesc, " (", field, ")"));
}

bool IsActiveUser(const TenantData& data, const std::string& gsid) {
  const ObjectDef* user = data.objects.Find(kUserObject);
  std::optional<Row> row = FindByGsid(data.store, *user, gsid);
  if (!row) return false;
  const bool* active = std::get_if<bool>(&(*row)[user->FieldIndex("IsActive")]);
  return active == nullptr || *active;
}

std::optional<std::string> ActiveUserByEmail(const TenantData& data,
                                             absl::string_view email) {
  const ObjectDef* user = data.objects.Find(kUserObject);
  const int email_field = user->FieldIndex("Email");
  const int active_field = user->FieldIndex("IsActive");
  std::optional<std::string> found;
  data.store.Scan(*user, [&](const std::vector<const Row*>& rows) {
    for (const Row* row : rows) {
      const std::string* e = StringAt(*row, email_field);
      const bool* active = std::get_if<bool>(&(*row)[active_field]);
      if (e != nullptr && absl::EqualsIgnoreCase(*e, email) &&
          (active == nullptr || *active)) {
        found = *StringAt(*row, user->gsid_field());
        return;
      }
    }
  });
  return found;
}

void ApplyChanges(std::vector<FieldAssignment> changes, Row& row) {
  for (FieldAssignment& c : changes) row[c.field] = std::move(c.value);
}

void ReplaceRow(Store& store, const ObjectDef& object, const Row& row) {
  Store::Patch patch;
  patch.keys = {{object.gsid_field(), row[object.gsid_field()]}};
  for (size_t f = 0; f < row.size(); ++f) {
    if (static_cast<int>(f) == object.gsid_field()) continue;
    patch.changes.push_back({static_cast<int>(f), row[f]});
  }
  store.Update(object, {patch});
}

std::optional<std::string> CanonicalSelectKey(const CockpitListSpec& spec,
                                              const TenantData& data,
                                              const std::string& key) {
  const size_t sep = key.find(kLookupSeparator);
  if (sep == std::string::npos) {
    int index = FieldIndexIgnoringCase(*spec.object, key);
    if (index < 0) return std::nullopt;
    return spec.object->field(index).name;
  }
  const CockpitLookup* lookup = FindLookup(spec, key.substr(0, sep));
  if (lookup == nullptr) return std::nullopt;
  const std::string attr = key.substr(sep + std::strlen(kLookupSeparator));
  std::string canonical_attr;
  if (lookup->kind == LookupKind::kRecord) {
    const ObjectDef* target = LookupObject(data, lookup->target);
    int index = target == nullptr ? -1 : FieldIndexIgnoringCase(*target, attr);
    if (index < 0) return std::nullopt;
    canonical_attr = target->field(index).name;
  } else {
    if (!absl::EqualsIgnoreCase(attr, "Name")) return std::nullopt;
    canonical_attr = "Name";
  }
  return absl::StrCat(lookup->field, kLookupSeparator, canonical_attr);
}

Json CockpitRowJson(const CockpitListSpec& spec, const TenantData& data,
                    const Row& row, const std::vector<std::string>& select) {
  std::set<std::string> keys(spec.defaults.begin(), spec.defaults.end());
  keys.insert(select.begin(), select.end());
  Json out = Json::object();
  for (const std::string& key : keys) {
    Json value;
    const size_t sep = key.find(kLookupSeparator);
    if (sep == std::string::npos) {
      int index = spec.object->FieldIndex(key);
      value = CockpitValue(spec.object->field(index), row[index]);
    } else {
      const CockpitLookup* lookup = FindLookup(spec, key.substr(0, sep));
      value = LookupValue(spec, data, row, *lookup,
                          key.substr(sep + std::strlen(kLookupSeparator)));
    }
    if (!value.is_null()) out[key] = std::move(value);
  }
  return out;
}

HttpResponse HandleCockpitList(const CockpitListSpec& spec,
                               const ObjectDef& table,
                               const GainsightCall& call, TenantData& data,
                               bool deleted) {
  CockpitListRequest request;
  auto canonical = [&](const std::string& key) {
    return CanonicalSelectKey(spec, data, key);
  };
  if (auto bad = ParseCockpitList(call.body, table, kMaxCockpitPageSize,
                                  canonical, &request)) {
    return *bad;
  }
  Json rows = Json::array();
  // Encoded after the scan: encoding reads other tables.
  for (const Row& row : CockpitPage(data.store, table, request)) {
    rows.push_back(CockpitRowJson(spec, data, row, request.select));
  }
  return CockpitListResponse(std::move(rows), request, deleted);
}

}  // namespace gg::sandbox
