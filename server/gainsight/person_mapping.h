// Person <-> Gainsight `Person` record, CompanyPerson <-> Gainsight
// `Company_Person` record (the People API's nested `companies[]` rows) and
// RelationshipPerson <-> Gainsight `relationship_person` record (nested
// `relationships[]` rows).
#ifndef GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_PERSON_MAPPING_H_
#define GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_PERSON_MAPPING_H_

#include "absl/status/status.h"
#include "gainsight/envelope.h"
#include "gainsight/record_mapping.h"
#include "gainsight/v1/person.pb.h"

namespace gg {

inline constexpr char kPersonObject[] = "Person";
inline constexpr char kCompanyPersonObject[] = "Company_Person";
// UNCONFIRMED (by analogy with Company_Person; no public sample names it).
inline constexpr char kRelationshipPersonObject[] = "relationship_person";
// Keys of the nested associations in a People API body and answer.
// "relationships" is UNCONFIRMED: the People API page says a person's
// Relationship Person rows are written by the same call, but no public
// sample shows the key; it is chosen here by analogy with "companies".
inline constexpr char kCompaniesKey[] = "companies";
inline constexpr char kRelationshipsKey[] = "relationships";
// The person's email (the People API's key) and, on associations, the
// person's GSID.
inline constexpr char kPersonEmailField[] = "Email";
inline constexpr char kPersonIdField[] = "Person_ID";
// Lookup path of a company's name from Company_Person. In an upsert body
// built here it stands for a Company_ID still to be found by name; it is
// never sent to Gainsight.
inline constexpr char kCompanyNamePath[] = "Company_ID__gr.Name";

const RecordMapping& PersonMapping();
const RecordMapping& CompanyPersonMapping();
const RecordMapping& RelationshipPersonMapping();

// The body of one People API upsert: the person's writable fields plus
// `companies[]`, one Company_Person record per association (without
// Person_ID, which Gainsight sets), and `relationships[]`, one
// Relationship Person record per association. An association given by
// company_name only carries kCompanyNamePath instead of Company_ID.
Json PersonUpsertBody(const gainsight::v1::Person& person);

// Fills `out` from a Person row or People API answer: typed fields, custom
// fields, and `companies[]` and `relationships[]` when the JSON has them.
absl::Status PersonFromJson(const Json& json, gainsight::v1::Person* out);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_PERSON_MAPPING_H_
