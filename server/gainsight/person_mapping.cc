#include "gainsight/person_mapping.h"

#include <utility>

namespace gg {

using gainsight::v1::CompanyPerson;
using gainsight::v1::Person;
using gainsight::v1::RelationshipPerson;

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

const RecordMapping& RelationshipPersonMapping() {
  // Field API names: UNCONFIRMED, by analogy with Company_Person
  // (../shared/gainsight-api/person-relationship.md §2.4); `person_email`
  // is a lookup path the gateway fills itself.
  // clang-format off
  static const auto* kMapping = new RecordMapping(
      RelationshipPerson::descriptor(),
      {
          {"Relationship_ID", "relationship_id", FieldKind::kString},
          {"Person_ID",       "person_id",       FieldKind::kString, true},
          {"Role",            "role",            FieldKind::kString},
          {"Active",          "active",          FieldKind::kBool},
          {"CreatedDate",     "create_time",     FieldKind::kTimestamp, true},
          {"ModifiedDate",    "update_time",     FieldKind::kTimestamp, true},
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
  if (person.relationships_size() > 0) {
    Json relationships = Json::array();
    for (const RelationshipPerson& relationship : person.relationships()) {
      relationships.push_back(RelationshipPersonMapping().ToRecord(
          relationship, /*include_gsid=*/false));
    }
    body[kRelationshipsKey] = std::move(relationships);
  }
  return body;
}

absl::Status PersonFromJson(const Json& json, Person* out) {
  if (!json.is_object()) {
    return absl::InternalError("a Person record is not a JSON object");
  }
  Json row = json;
  auto take = [&row](const char* key) {
    Json nested;
    auto it = row.find(key);
    if (it != row.end()) {
      nested = std::move(*it);
      row.erase(it);
    }
    return nested;
  };
  const Json companies = take(kCompaniesKey);
  const Json relationships = take(kRelationshipsKey);
  absl::Status status = PersonMapping().FromRow(row, out);
  if (!status.ok()) return status;
  if (companies.is_array()) {
    for (const Json& company : companies) {
      status = CompanyPersonMapping().FromRow(company, out->add_companies());
      if (!status.ok()) return status;
    }
  }
  if (relationships.is_array()) {
    for (const Json& relationship : relationships) {
      status = RelationshipPersonMapping().FromRow(relationship,
                                                   out->add_relationships());
      if (!status.ok()) return status;
    }
  }
  return absl::OkStatus();
}

}  // namespace gg
