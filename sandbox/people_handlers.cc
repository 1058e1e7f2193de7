#include "sandbox/people_handlers.h"

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "sandbox/envelope.h"
#include "sandbox/error_codes.h"
#include "sandbox/field_codec.h"
#include "sandbox/ids.h"
#include "sandbox/record_validation.h"

namespace gg::sandbox {
namespace {

constexpr char kPersonIdField[] = "Person_ID";
// People writes read, then write several tables; one at a time keeps the
// Email key unique and the associations consistent.
absl::Mutex& PeopleMutex() {
  static absl::Mutex* const kMu = new absl::Mutex();
  return *kMu;
}

// One kind of association a person upsert writes: the body key of its
// entries, the association object, the field naming the associated record,
// that record's object, and the key counting deleted rows in a person
// delete's answer.
struct AssociationKind {
  const char* key;
  const ObjectDef* object;
  const char* id_field;
  const ObjectDef* target;
  const char* noun;
  const char* deleted_count_key;
};

struct PeopleObjects {
  const ObjectDef* person;
  // Company_Person (key "companies"), then relationship_person (key
  // "relationships", UNCONFIRMED, by analogy).
  std::vector<AssociationKind> associations;
};

PeopleObjects Objects(const TenantData& data) {
  return {data.objects.Find("Person"),
          {{"companies", data.objects.Find("Company_Person"), "Company_ID",
            data.objects.Find("Company"), "company", "deletedCompanyPersons"},
           {"relationships", data.objects.Find("relationship_person"),
            "Relationship_ID", data.objects.Find("relationship"),
            "relationship", "deletedRelationshipPersons"}}};
}

// DECISION: an address is local@domain, both non-empty, the domain with a
// dot, no spaces and one '@'.
bool IsEmailShaped(absl::string_view text) {
  size_t at = text.find('@');
  if (at == absl::string_view::npos || at == 0 ||
      text.find('@', at + 1) != absl::string_view::npos) {
    return false;
  }
  absl::string_view domain = text.substr(at + 1);
  size_t dot = domain.find('.');
  if (dot == absl::string_view::npos || dot == 0 || domain.back() == '.') {
    return false;
  }
  for (char c : text) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// A copy of the row of `object` whose `field` satisfies `match`.
template <typename Match>
std::vector<Row> FindRows(const Store& store, const ObjectDef& object,
                          Match match) {
  std::vector<Row> found;
  store.Scan(object, [&](const std::vector<const Row*>& rows) {
    for (const Row* row : rows) {
      if (match(*row)) found.push_back(*row);
    }
  });
  return found;
}

Json RowJson(const ObjectDef& object, const Row& row) {
  Json out = Json::object();
  for (size_t i = 0; i < object.fields().size(); ++i) {
    out[object.field(static_cast<int>(i)).name] =
        EncodeFieldValue(object.field(static_cast<int>(i)), row[i]);
  }
  return out;
}

PersonUpsert Refused(const std::string& code, const std::string& desc,
                     std::string field = "") {
  PersonUpsert out;
  out.error = BadRequest(code, desc);
  out.field = std::move(field);
  return out;
}

PersonUpsert ValidationFailure(const std::vector<RecordError>& errors,
                               absl::string_view where) {
  const RecordError& first = errors.front();
  return Refused(first.code, absl::StrCat(first.desc, " (", where, ")"),
                 first.field_name);
}

// "First Middle Last" of the names set in `row`.
std::string FullName(const ObjectDef& person, const Row& row) {
  std::vector<std::string> parts;
  for (const char* name : {"FirstName", "MiddleName", "LastName"}) {
    const std::string* part = StringAt(row, person.FieldIndex(name));
    if (part != nullptr && !part->empty()) parts.push_back(*part);
  }
  return absl::StrJoin(parts, " ");
}

// One validated association of the request.
struct Association {
  const AssociationKind* kind;
  RecordFields fields;
  std::optional<Row> existing;
};

// The rows of `object` whose Person_ID is `person_gsid`.
std::vector<Row> RowsOfPerson(const Store& store, const ObjectDef& object,
                              const std::string& person_gsid) {
  const int person_field = object.FieldIndex(kPersonIdField);
  return FindRows(store, object, [&](const Row& row) {
    const std::string* p = StringAt(row, person_field);
    return p != nullptr && *p == person_gsid;
  });
}

// Checks the `kind` entries of a person upsert (`entries`, an array) and
// appends them to `out`; a refusal of the whole upsert otherwise.
std::optional<PersonUpsert> CheckAssociations(const AssociationKind& kind,
                                              const Json& entries,
                                              const std::string& person_gsid,
                                              const Store& store,
                                              std::vector<Association>& out) {
  const ObjectDef& object = *kind.object;
  const int id_field = object.FieldIndex(kind.id_field);
  const std::vector<Row> existing = RowsOfPerson(store, object, person_gsid);
  std::set<std::string> seen;
  for (size_t i = 0; i < entries.size(); ++i) {
    const std::string where = absl::StrCat(kind.key, "[", i, "]");
    Json entry = entries[i];
    if (!entry.is_object()) {
      return Refused(codes::kRowInfoNull,
                     absl::StrCat("Row Info cannot be null (", where, ")"));
    }
    auto missing = [&] {
      return Refused(codes::kPeopleEntitiesMissing,
                     absl::StrCat("People entities do not exist (", where, ".",
                                  kind.id_field, ")"),
                     kind.id_field);
    };
    auto id_it = entry.find(kind.id_field);
    if (id_it == entry.end() || !id_it->is_string() ||
        !IsGsidShaped(id_it->get_ref<const std::string&>())) {
      return missing();
    }
    const std::string id = id_it->get<std::string>();
    if (!seen.insert(id).second) {
      return Refused(codes::kRowInfoNull,
                     absl::StrCat("Row Info cannot be null (", where,
                                  " repeats a ", kind.noun, ")"));
    }
    if (!store.Has(*kind.target, id)) return missing();
    Association association;
    association.kind = &kind;
    for (const Row& row : existing) {
      const std::string* value = StringAt(row, id_field);
      if (value != nullptr && *value == id) association.existing = row;
    }
    // Person_ID is the server's to set.
    if (entry.contains(kPersonIdField)) {
      return Refused(codes::kInvalidField,
                     absl::StrCat("Invalid field, please re-check data mapping "
                                  "(",
                                  where, ".Person_ID is set by Gainsight)"));
    }
    entry[kPersonIdField] = person_gsid;
    ValidatedBatch batch = ValidateRecords(
        object, Json::array({entry}),
        association.existing ? WriteMode::kUpdate : WriteMode::kInsert, {});
    if (!batch.ok()) return ValidationFailure(batch.errors, where);
    association.fields = std::move(batch.records.front());
    out.push_back(std::move(association));
  }
  return std::nullopt;
}

// Writes one checked association (an update of its existing row, else a
// new row).
void WriteAssociation(Association& association, Store& store, int64_t now_ms) {
  const ObjectDef& object = *association.kind->object;
  if (association.existing) {
    Store::Patch patch;
    patch.keys.push_back({object.gsid_field(), *StringAt(*association.existing,
                                                         object.gsid_field())});
    for (FieldAssignment& a : association.fields) {
      if (!object.field(a.field).read_only) {
        patch.changes.push_back(std::move(a));
      }
    }
    patch.changes.push_back({object.modified_date_field(), now_ms});
    store.Update(object, {patch});
    return;
  }
  Row row(object.fields().size());
  for (FieldAssignment& a : association.fields)
    row[a.field] = std::move(a.value);
  row[object.gsid_field()] = NewGsid(object.gsid_prefix());
  row[object.created_date_field()] = now_ms;
  row[object.modified_date_field()] = now_ms;
  store.Insert(object, {std::move(row)});
}

}  // namespace

PersonUpsert UpsertPerson(const Json& body, TenantData& data, absl::Time now) {
  const PeopleObjects objects = Objects(data);
  if (!body.is_object() || body.empty()) {
    return Refused(codes::kRowInfoNull,
                   "Row Info cannot be null (the body must be one person "
                   "object)");
  }
  auto email_it = body.find("Email");
  if (email_it == body.end() || !email_it->is_string() ||
      !IsEmailShaped(email_it->get_ref<const std::string&>())) {
    return Refused(codes::kInvalidEmail, "Invalid email value (Email)",
                   "Email");
  }
  const std::string email = email_it->get<std::string>();
  Json person_json = body;
  std::vector<Json> entries_of_kind;
  for (const AssociationKind& kind : objects.associations) {
    person_json.erase(kind.key);
    Json entries = Json::array();
    if (auto it = body.find(kind.key); it != body.end()) {
      if (!it->is_array()) {
        return Refused(codes::kRowInfoNull,
                       absl::StrCat("Row Info cannot be null (", kind.key,
                                    " must be an array)"));
      }
      entries = *it;
    }
    entries_of_kind.push_back(std::move(entries));
  }

  absl::MutexLock lock(&PeopleMutex());
  const ObjectDef& person = *objects.person;
  const int email_field = person.FieldIndex("Email");
  std::vector<Row> existing = FindRows(data.store, person, [&](const Row& row) {
    const std::string* value = StringAt(row, email_field);
    return value != nullptr && absl::EqualsIgnoreCase(*value, email);
  });
  const bool update = !existing.empty();

  Json records = Json::array({person_json});
  ValidatedBatch person_batch = ValidateRecords(
      person, records, update ? WriteMode::kUpdate : WriteMode::kInsert, {});
  if (!person_batch.ok())
    return ValidationFailure(person_batch.errors, "Person");

  const std::string person_gsid =
      update ? *StringAt(existing.front(), person.gsid_field())
             : NewGsid(person.gsid_prefix());
  std::vector<Association> associations;
  for (size_t k = 0; k < objects.associations.size(); ++k) {
    if (std::optional<PersonUpsert> refused =
            CheckAssociations(objects.associations[k], entries_of_kind[k],
                              person_gsid, data.store, associations)) {
      return *std::move(refused);
    }
  }

  // Everything is valid: write.
  const int64_t now_ms = absl::ToUnixMillis(now);
  Row row = update ? existing.front() : Row(person.fields().size());
  for (FieldAssignment& assignment : person_batch.records.front()) {
    row[assignment.field] = std::move(assignment.value);
  }
  if (!person_json.contains("Name")) {
    // DECISION: without a Name, the full name is built from the parts.
    std::string name = FullName(person, row);
    row[person.FieldIndex("Name")] =
        name.empty() ? Value() : Value(std::move(name));
  }
  row[person.gsid_field()] = person_gsid;
  row[person.modified_date_field()] = now_ms;
  if (update) {
    Store::Patch patch;
    patch.keys.push_back({person.gsid_field(), person_gsid});
    for (size_t i = 0; i < row.size(); ++i) {
      if (!person.field(static_cast<int>(i)).read_only ||
          static_cast<int>(i) == person.modified_date_field()) {
        patch.changes.push_back({static_cast<int>(i), row[i]});
      }
    }
    data.store.Update(person, {patch});
  } else {
    row[person.created_date_field()] = now_ms;
    data.store.Insert(person, {row});
  }
  for (Association& association : associations) {
    WriteAssociation(association, data.store, now_ms);
  }

  // DECISION: data is the person as stored, with every association.
  Json out = RowJson(person, row);
  for (const AssociationKind& kind : objects.associations) {
    Json rows = Json::array();
    for (const Row& r : RowsOfPerson(data.store, *kind.object, person_gsid)) {
      rows.push_back(RowJson(*kind.object, r));
    }
    out[kind.key] = std::move(rows);
  }
  PersonUpsert result;
  result.person = std::move(out);
  return result;
}

HttpResponse HandlePeopleUpsert(const GainsightCall& call, TenantData& data) {
  PersonUpsert result = UpsertPerson(call.body, data, call.now);
  if (result.error.has_value()) return ErrorResponse(*result.error);
  // The answer's data is undocumented: the person as stored (default), or
  // nothing at all (--people-upsert-answer no-gsid).
  if (data.contract != nullptr &&
      data.contract->people_upsert_answer == PeopleUpsertAnswer::kNoGsid) {
    return SuccessResponse(Json(nullptr));
  }
  return SuccessResponse(std::move(result.person));
}

HttpResponse HandlePeopleDelete(const GainsightCall& call, TenantData& data) {
  const PeopleObjects objects = Objects(data);
  std::string gsid(absl::StripAsciiWhitespace(call.route.Param("gsid")));
  if (!IsGsidShaped(gsid)) {
    return BadRequestResponse(codes::kInvalidPersonGsid,
                              "Invalid gsid value (gsid)");
  }
  absl::MutexLock lock(&PeopleMutex());
  if (!data.store.Delete(*objects.person, gsid)) {
    return BadRequestResponse(codes::kNoMatch, codes::kNoMatchDesc);
  }
  // DECISION: the person's Company_Person and relationship_person rows are
  // deleted with it.
  Json out = Json::object();
  out["Gsid"] = gsid;
  for (const AssociationKind& kind : objects.associations) {
    const ObjectDef& object = *kind.object;
    std::vector<Row> rows = RowsOfPerson(data.store, object, gsid);
    for (const Row& row : rows) {
      data.store.Delete(object, *StringAt(row, object.gsid_field()));
    }
    out[kind.deleted_count_key] = rows.size();
  }
  return SuccessResponse(std::move(out));
}

}  // namespace gg::sandbox
