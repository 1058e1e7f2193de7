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

constexpr char kCompaniesKey[] = "companies";
constexpr char kNoMatchDesc[] =
    "No entity matches the given criteria, please re-check your request";

// People writes read, then write several tables; one at a time keeps the
// Email key unique and the associations consistent.
absl::Mutex& PeopleMutex() {
  static absl::Mutex* const kMu = new absl::Mutex();
  return *kMu;
}

struct PeopleObjects {
  const ObjectDef* person;
  const ObjectDef* company_person;
  const ObjectDef* company;
};

PeopleObjects Objects(const TenantData& data) {
  return {data.objects.Find("Person"), data.objects.Find("Company_Person"),
          data.objects.Find("Company")};
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

const std::string* StringAt(const Row& row, int field) {
  return std::get_if<std::string>(&row[field]);
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

HttpResponse Failure(const std::string& code, const std::string& desc) {
  return ErrorResponse(BadRequest(code, desc));
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
  std::string company_id;
  RecordFields fields;  // without Person_ID
  std::optional<Row> existing;
};

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
  person_json.erase(kCompaniesKey);
  Json companies = Json::array();
  if (auto it = body.find(kCompaniesKey); it != body.end()) {
    if (!it->is_array()) {
      return Refused(codes::kRowInfoNull,
                     "Row Info cannot be null (companies must be an array)");
    }
    companies = *it;
  }

  absl::MutexLock lock(&PeopleMutex());
  const ObjectDef& person = *objects.person;
  const ObjectDef& company_person = *objects.company_person;
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

  const int cp_company = company_person.FieldIndex("Company_ID");
  const int cp_person = company_person.FieldIndex("Person_ID");
  const std::string person_gsid =
      update ? *StringAt(existing.front(), person.gsid_field())
             : NewGsid(person.gsid_prefix());
  std::vector<Association> associations;
  std::set<std::string> seen;
  for (size_t i = 0; i < companies.size(); ++i) {
    const std::string where = absl::StrCat("companies[", i, "]");
    Json entry = companies[i];
    if (!entry.is_object()) {
      return Refused(codes::kRowInfoNull,
                     absl::StrCat("Row Info cannot be null (", where, ")"));
    }
    auto id = entry.find("Company_ID");
    if (id == entry.end() || !id->is_string() ||
        !IsGsidShaped(id->get_ref<const std::string&>())) {
      return Refused(
          codes::kPeopleEntitiesMissing,
          absl::StrCat("People entities do not exist (", where, ".Company_ID)"),
          "Company_ID");
    }
    Association association;
    association.company_id = id->get<std::string>();
    if (!seen.insert(association.company_id).second) {
      return Refused(codes::kRowInfoNull,
                     absl::StrCat("Row Info cannot be null (", where,
                                  " repeats a company)"));
    }
    const std::string& company_id = association.company_id;
    bool company_exists =
        !FindRows(data.store, *objects.company, [&](const Row& row) {
           const std::string* g = StringAt(row, objects.company->gsid_field());
           return g != nullptr && *g == company_id;
         }).empty();
    if (!company_exists) {
      return Refused(
          codes::kPeopleEntitiesMissing,
          absl::StrCat("People entities do not exist (", where, ".Company_ID)"),
          "Company_ID");
    }
    std::vector<Row> rows =
        FindRows(data.store, company_person, [&](const Row& row) {
          const std::string* c = StringAt(row, cp_company);
          const std::string* p = StringAt(row, cp_person);
          return c != nullptr && p != nullptr && *c == company_id &&
                 *p == person_gsid;
        });
    if (!rows.empty()) association.existing = rows.front();
    // Person_ID is the server's to set.
    if (entry.contains("Person_ID")) {
      return Refused(codes::kInvalidField,
                     absl::StrCat("Invalid field, please re-check data mapping "
                                  "(",
                                  where, ".Person_ID is set by Gainsight)"));
    }
    entry["Person_ID"] = person_gsid;
    ValidatedBatch batch = ValidateRecords(
        company_person, Json::array({entry}),
        association.existing ? WriteMode::kUpdate : WriteMode::kInsert, {});
    if (!batch.ok()) return ValidationFailure(batch.errors, where);
    association.fields = std::move(batch.records.front());
    associations.push_back(std::move(association));
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
    if (association.existing) {
      Store::Patch patch;
      patch.keys.push_back(
          {company_person.gsid_field(),
           *StringAt(*association.existing, company_person.gsid_field())});
      for (FieldAssignment& a : association.fields) {
        if (!company_person.field(a.field).read_only) {
          patch.changes.push_back(std::move(a));
        }
      }
      patch.changes.push_back({company_person.modified_date_field(), now_ms});
      data.store.Update(company_person, {patch});
      continue;
    }
    Row cp(company_person.fields().size());
    for (FieldAssignment& a : association.fields)
      cp[a.field] = std::move(a.value);
    cp[company_person.gsid_field()] = NewGsid(company_person.gsid_prefix());
    cp[company_person.created_date_field()] = now_ms;
    cp[company_person.modified_date_field()] = now_ms;
    data.store.Insert(company_person, {std::move(cp)});
  }

  // DECISION: data is the person as stored, with every association.
  Json out = RowJson(person, row);
  Json rows = Json::array();
  for (const Row& cp : FindRows(data.store, company_person, [&](const Row& r) {
         const std::string* p = StringAt(r, cp_person);
         return p != nullptr && *p == person_gsid;
       })) {
    rows.push_back(RowJson(company_person, cp));
  }
  out[kCompaniesKey] = std::move(rows);
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
    return Failure(codes::kInvalidPersonGsid, "Invalid gsid value (gsid)");
  }
  absl::MutexLock lock(&PeopleMutex());
  if (!data.store.Delete(*objects.person, gsid)) {
    return Failure(codes::kNoMatch, kNoMatchDesc);
  }
  // DECISION: the person's Company_Person rows are deleted with it.
  const ObjectDef& company_person = *objects.company_person;
  const int cp_person = company_person.FieldIndex("Person_ID");
  std::vector<Row> rows =
      FindRows(data.store, company_person, [&](const Row& row) {
        const std::string* p = StringAt(row, cp_person);
        return p != nullptr && *p == gsid;
      });
  for (const Row& row : rows) {
    data.store.Delete(company_person,
                      *StringAt(row, company_person.gsid_field()));
  }
  Json out = Json::object();
  out["Gsid"] = gsid;
  out["deletedCompanyPersons"] = rows.size();
  return SuccessResponse(std::move(out));
}

}  // namespace gg::sandbox
