#include "gainsight/person_mapping.h"

#include <utility>

namespace gg {

using gainsight::v1::CompanyPerson;
using gainsight::v1::Person;

const RecordMapping& PersonMapping() {
  // Field API names: ../shared/gainsight-api/person-relationship.md §2.2.
  // clang-format off
  static const auto* kMapping = new RecordMapping(
      Person::descriptor(),
      {
          {"Email",        "email",         FieldKind::kString},
          {"FirstName",    "first_name",    FieldKind::kString},
          {"MiddleName",   "middle_name",   FieldKind::kString},
          {"LastName",     "last_name",     FieldKind::kString},
          {"Name",         "name",          FieldKind::kString, true},
          {"MobilePhone",  "mobile_phone",  FieldKind::kString},
          {"Location",     "location",      FieldKind::kString},
          {"Timezone",     "timezone",      FieldKind::kString},
          {"LinkedinUrl",  "linkedin_url",  FieldKind::kString},
          {"EmailOptOut",  "email_opt_out", FieldKind::kBool},
          {"Comments",     "comments",      FieldKind::kString},
          {"CreatedDate",  "create_time",   FieldKind::kTimestamp, true},
          {"ModifiedDate", "update_time",   FieldKind::kTimestamp, true},
      });
  // clang-format on
  return *kMapping;
}

const RecordMapping& CompanyPersonMapping() {
  // Field API names: ../shared/gainsight-api/person-relationship.md §2.3.
  // `company_name` and `person_email` are lookup paths the gateway fills
  // itself, so they are not in this table.
  // clang-format off
  static const auto* kMapping = new RecordMapping(
      CompanyPerson::descriptor(),
      {
          {"Company_ID",       "company_id",  FieldKind::kString},
          {"Person_ID",        "person_id",   FieldKind::kString, true},
          {"Title",            "title",       FieldKind::kString},
          {"Role",             "role",        FieldKind::kString},
          {"IsPrimaryCompany", "is_primary",  FieldKind::kBool},
          {"Active",           "active",      FieldKind::kBool},
          {"CreatedDate",      "create_time", FieldKind::kTimestamp, true},
          {"ModifiedDate",     "update_time", FieldKind::kTimestamp, true},
      });
  // clang-format on
  return *kMapping;
}

Json PersonUpsertBody(const Person& person) {
  Json body = PersonMapping().ToRecord(person, /*include_gsid=*/false);
  if (person.companies_size() > 0) {
    Json companies = Json::array();
    for (const CompanyPerson& company : person.companies()) {
      Json record =
          CompanyPersonMapping().ToRecord(company, /*include_gsid=*/false);
      if (!company.has_company_id() && company.has_company_name()) {
        record[kCompanyNamePath] = company.company_name();
      }
      companies.push_back(std::move(record));
    }
    body[kCompaniesKey] = std::move(companies);
  }
  return body;
}

absl::Status PersonFromJson(const Json& json, Person* out) {
  if (!json.is_object()) {
    return absl::InternalError("a Person record is not a JSON object");
  }
  Json row = json;
  Json companies;
  auto it = row.find(kCompaniesKey);
  if (it != row.end()) {
    companies = std::move(*it);
    row.erase(it);
  }
  absl::Status status = PersonMapping().FromRow(row, out);
  if (!status.ok()) return status;
  if (!companies.is_array()) return absl::OkStatus();
  for (const Json& company : companies) {
    status = CompanyPersonMapping().FromRow(company, out->add_companies());
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

}  // namespace gg
