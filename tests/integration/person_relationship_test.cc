// Relationship Person associations through PersonService, end to end: real
// gRPC into the gateway, real HTTP into the sandbox tenant's People API,
// relationship object and query endpoint.
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "common/status_details.h"
#include "gainsight/v1/person.grpc.pb.h"
#include "gainsight/v1/relationship.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "sandbox/tenant_seeds.h"
#include "tests/support/gateway_test.h"

namespace gg {
namespace {

using gainsight::v1::Person;
using gainsight::v1::PersonService;
using gainsight::v1::RelationshipPerson;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::json;
using ::testing::SizeIs;

constexpr char kPeoplePath[] = "/v1/peoplemgmt/v1.0/people";
constexpr char kAssociationQueryPath[] =
    "/v1/data/objects/query/relationship_person";
// A GSID-shaped id that names no relationship.
constexpr char kNoSuchRelationship[] = "1P05NOSUCHRELATIONSHIP00000000000000";

class PersonRelationshipTest : public testing::GatewayTest {
 protected:
  void SetUp() override {
    GatewayTest::SetUp();
    if (HasFatalFailure()) return;
    people_ = PersonService::NewStub(gateway_->NewChannel());
    company_ = InsertCompany("Acme People");
    ASSERT_FALSE(company_.empty());
    product_ = InsertRelationship("Acme Analytics");
    unit_ = InsertRelationship("Acme EMEA");
    ASSERT_FALSE(product_.empty());
    ASSERT_FALSE(unit_.empty());
  }

  std::string InsertRelationship(const std::string& name) {
    auto stub =
        gainsight::v1::RelationshipService::NewStub(gateway_->NewChannel());
    gainsight::v1::InsertRelationshipsRequest request;
    gainsight::v1::Relationship* r = request.add_relationships();
    r->set_name(name);
    r->set_company_id(company_);
    r->set_type_id(sandbox::kSeedRelationshipTypeProduct);
    gainsight::v1::InsertRelationshipsResponse response;
    auto context = Context();
    grpc::Status status =
        stub->InsertRelationships(context.get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.results_size() == 1 ? response.results(0).gsid() : "";
  }

  static Person WithRelationship(const std::string& email,
                                 const std::string& relationship,
                                 const std::string& role) {
    Person p;
    p.set_email(email);
    RelationshipPerson* r = p.add_relationships();
    r->set_relationship_id(relationship);
    r->set_role(role);
    return p;
  }

  grpc::Status Upsert(const std::vector<Person>& people,
                      gainsight::v1::UpsertPeopleResponse* response) {
    gainsight::v1::UpsertPeopleRequest request;
    for (const Person& p : people) *request.add_people() = p;
    auto context = Context();
    return people_->UpsertPeople(context.get(), request, response);
  }

  gainsight::v1::GetPersonResponse Get(const std::string& email,
                                       bool include_relationships) {
    gainsight::v1::GetPersonRequest request;
    request.set_email(email);
    request.set_include_relationships(include_relationships);
    gainsight::v1::GetPersonResponse response;
    auto context = Context();
    grpc::Status status = people_->GetPerson(context.get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  grpc::Status Query(const gainsight::v1::QueryPeopleRequest& request,
                     gainsight::v1::QueryPeopleResponse* response) {
    auto context = Context();
    return people_->QueryPeople(context.get(), request, response);
  }

  int CallsTo(const std::string& method, const std::string& path) {
    auto calls = sandbox_->CallsTo(method, path);
    EXPECT_TRUE(calls.ok());
    return calls.ok() ? static_cast<int>(calls->size()) : -1;
  }

  static std::map<std::string, std::string> Violations(
      const grpc::Status& status) {
    std::map<std::string, std::string> out;
    google::rpc::BadRequest bad;
    if (!GetBadRequest(FromGrpcStatus(status), &bad)) return out;
    for (const auto& v : bad.field_violations()) {
      out[v.field()] = v.description();
    }
    return out;
  }

  std::unique_ptr<PersonService::Stub> people_;
  std::string company_, product_, unit_;
};

TEST_F(PersonRelationshipTest, UpsertWritesAssociationsAndUpdatesThemInPlace) {
  Person maria = WithRelationship("maria@acme.example", product_, "Champion");
  maria.add_companies()->set_company_id(company_);
  RelationshipPerson* second = maria.add_relationships();
  second->set_relationship_id(unit_);
  second->set_active(false);
  gainsight::v1::UpsertPeopleResponse first;
  ASSERT_TRUE(Upsert({maria}, &first).ok());
  ASSERT_THAT(first.results(), SizeIs(1));
  ASSERT_EQ(first.results(0).error().code(), 0)
      << first.results(0).error().message();
  const std::string gsid = first.results(0).gsid();

  gainsight::v1::UpsertPeopleResponse again;
  ASSERT_TRUE(
      Upsert({WithRelationship("maria@acme.example", product_, "Sponsor")},
             &again)
          .ok());
  ASSERT_EQ(again.results(0).error().code(), 0);
  EXPECT_EQ(again.results(0).action(), gainsight::v1::WRITE_ACTION_UPDATED);

  const Person read = Get("maria@acme.example", true).person();
  EXPECT_THAT(read.companies(), SizeIs(1));
  ASSERT_THAT(read.relationships(), SizeIs(2)) << "updated, not duplicated";
  std::map<std::string, RelationshipPerson> by_relationship;
  for (const RelationshipPerson& r : read.relationships()) {
    EXPECT_FALSE(r.gsid().empty());
    EXPECT_EQ(r.person_id(), gsid);
    EXPECT_TRUE(r.has_create_time());
    by_relationship[r.relationship_id()] = r;
  }
  EXPECT_EQ(by_relationship[product_].role(), "Sponsor");
  EXPECT_FALSE(by_relationship[unit_].has_role());
  ASSERT_TRUE(by_relationship[unit_].has_active());
  EXPECT_FALSE(by_relationship[unit_].active());
}

TEST_F(PersonRelationshipTest, AssociationsAreReadOnlyWhenAskedFor) {
  gainsight::v1::UpsertPeopleResponse upserted;
  ASSERT_TRUE(Upsert({WithRelationship("sam@acme.example", product_, "User")},
                     &upserted)
                  .ok());
  ASSERT_EQ(upserted.results(0).error().code(), 0);

  EXPECT_THAT(Get("sam@acme.example", false).person().relationships(),
              IsEmpty());
  EXPECT_EQ(CallsTo("POST", kAssociationQueryPath), 0)
      << "no Relationship Person query unless asked for";
  EXPECT_THAT(Get("sam@acme.example", true).person().relationships(),
              SizeIs(1));
  EXPECT_EQ(CallsTo("POST", kAssociationQueryPath), 1);

  gainsight::v1::QueryPeopleRequest people;
  people.set_include_relationships(true);
  gainsight::v1::QueryPeopleResponse page;
  ASSERT_TRUE(Query(people, &page).ok());
  ASSERT_THAT(page.people(), SizeIs(1));
  ASSERT_THAT(page.people(0).relationships(), SizeIs(1));
  EXPECT_EQ(page.people(0).relationships(0).relationship_id(), product_);
  EXPECT_THAT(page.people(0).companies(), IsEmpty());

  gainsight::v1::QueryPeopleRequest rows;
  rows.set_object(gainsight::v1::PEOPLE_OBJECT_RELATIONSHIP_PERSON);
  auto* condition = rows.mutable_filter()->add_conditions();
  condition->set_field("Relationship_ID");
  condition->set_operator_(gainsight::v1::OPERATOR_EQ);
  condition->add_values()->set_string_value(product_);
  gainsight::v1::QueryPeopleResponse associations;
  ASSERT_TRUE(Query(rows, &associations).ok());
  ASSERT_THAT(associations.relationship_people(), SizeIs(1));
  EXPECT_EQ(associations.relationship_people(0).person_email(),
            "sam@acme.example");
  EXPECT_EQ(associations.relationship_people(0).role(), "User");
  EXPECT_THAT(associations.people(), IsEmpty());
}

TEST_F(PersonRelationshipTest, UnknownRelationshipFailsThatPersonOnly) {
  gainsight::v1::UpsertPeopleResponse response;
  ASSERT_TRUE(Upsert({WithRelationship("ok@acme.example", product_, "User"),
                      WithRelationship("bad@acme.example", kNoSuchRelationship,
                                       "User")},
                     &response)
                  .ok());
  ASSERT_THAT(response.results(), SizeIs(2));
  EXPECT_EQ(response.results(0).error().code(), 0);
  EXPECT_EQ(response.results(1).error().code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  gainsight::v1::GetPersonRequest request;
  request.set_email("bad@acme.example");
  gainsight::v1::GetPersonResponse got;
  auto context = Context();
  EXPECT_EQ(people_->GetPerson(context.get(), request, &got).error_code(),
            grpc::StatusCode::NOT_FOUND)
      << "a person whose association fails is not written";
}

TEST_F(PersonRelationshipTest, InvalidAssociationsAreRefusedBeforeAnyCall) {
  const int calls_before = static_cast<int>(GainsightCalls().size());
  Person missing;
  missing.set_email("a@acme.example");
  missing.add_relationships()->set_role("User");
  Person malformed = WithRelationship("b@acme.example", "not a gsid!", "User");
  Person twice = WithRelationship("c@acme.example", product_, "User");
  twice.add_relationships()->set_relationship_id(product_);
  Person output_only = WithRelationship("d@acme.example", unit_, "User");
  output_only.mutable_relationships(0)->mutable_create_time()->set_seconds(1);
  Person typed = WithRelationship("e@acme.example", unit_, "User");
  (*typed.mutable_relationships(0)
        ->mutable_custom_fields()
        ->mutable_fields())["Role"]
      .set_string_value("typed");
  gainsight::v1::UpsertPeopleResponse response;
  grpc::Status status =
      Upsert({missing, malformed, twice, output_only, typed}, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  auto violations = Violations(status);
  EXPECT_EQ(violations["people[0].relationships[0].relationship_id"],
            "is required");
  EXPECT_EQ(violations["people[1].relationships[0].relationship_id"],
            "must be a GSID (a digit, then upper-case letters and digits)");
  EXPECT_EQ(violations["people[2].relationships[1].relationship_id"],
            "repeats an earlier relationship of this person");
  EXPECT_EQ(violations["people[3].relationships[0].create_time"],
            "is output only");
  EXPECT_EQ(violations["people[4].relationships[0].custom_fields.Role"],
            "has a typed field in RelationshipPerson: set that instead");
  EXPECT_THAT(violations, SizeIs(5));

  gainsight::v1::QueryPeopleRequest query;
  query.set_object(gainsight::v1::PEOPLE_OBJECT_RELATIONSHIP_PERSON);
  query.set_include_relationships(true);
  gainsight::v1::QueryPeopleResponse page;
  status = Query(query, &page);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Violations(status)["include_relationships"],
            "applies to Person queries only");
  EXPECT_THAT(GainsightCalls(), SizeIs(calls_before))
      << "validation spends no call";
}

TEST_F(PersonRelationshipTest, CustomFieldsAreCheckedAgainstTheDescribe) {
  Person person = WithRelationship("f@acme.example", product_, "User");
  (*person.mutable_relationships(0)
        ->mutable_custom_fields()
        ->mutable_fields())["Seat__gc"]
      .set_string_value("A");
  gainsight::v1::UpsertPeopleResponse response;
  grpc::Status status = Upsert({person}, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Violations(status)["people[0].relationships[0].custom_fields."
                               "Seat__gc"],
            "is not a field of relationship_person");
  EXPECT_EQ(CallsTo("PUT", kPeoplePath), 0) << "nothing is written";
}

TEST_F(PersonRelationshipTest, DeletingAPersonDeletesTheirAssociations) {
  gainsight::v1::UpsertPeopleResponse upserted;
  ASSERT_TRUE(Upsert({WithRelationship("gone@acme.example", product_, "User"),
                      WithRelationship("kept@acme.example", product_, "User")},
                     &upserted)
                  .ok());
  gainsight::v1::DeletePeopleRequest request;
  request.add_people()->set_email("gone@acme.example");
  gainsight::v1::DeletePeopleResponse deleted;
  auto context = Context();
  ASSERT_TRUE(people_->DeletePeople(context.get(), request, &deleted).ok());
  ASSERT_EQ(deleted.results(0).error().code(), 0);

  gainsight::v1::QueryPeopleRequest rows;
  rows.set_object(gainsight::v1::PEOPLE_OBJECT_RELATIONSHIP_PERSON);
  gainsight::v1::QueryPeopleResponse associations;
  ASSERT_TRUE(Query(rows, &associations).ok());
  std::vector<std::string> emails;
  for (const RelationshipPerson& r : associations.relationship_people()) {
    emails.push_back(r.person_email());
  }
  EXPECT_THAT(emails, ElementsAre("kept@acme.example"));
}

}  // namespace
}  // namespace gg
