// PersonService end to end: real gRPC into the gateway, real HTTP into the
// sandbox tenant's People API and query endpoint.
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/status_details.h"
#include "gainsight/v1/person.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "tests/integration/cockpit_fixture.h"
#include "tests/support/gateway_test.h"
#include "tests/support/test_env.h"

namespace gg {
namespace {

using gainsight::v1::CompanyPerson;
using gainsight::v1::Person;
using gainsight::v1::PersonService;
using testing::Gateway;
using testing::json;
using testing::Sandbox;
using ::testing::SizeIs;

// A GSID-shaped id that names no company.

class PersonTest : public testing::GatewayTest {
 protected:
  void SetUp() override {
    GatewayTest::SetUp();
    if (HasFatalFailure()) return;
    stub_ = PersonService::NewStub(gateway_->NewChannel());
  }

  static Person MakePerson(const std::string& email,
                           const std::string& company_id = "") {
    Person p;
    p.set_email(email);
    p.set_first_name("Maria");
    p.set_last_name("Lopez");
    p.set_location("Austin, TX");
    if (!company_id.empty()) {
      CompanyPerson* c = p.add_companies();
      c->set_company_id(company_id);
      c->set_title("Director of Operations");
      c->set_role("Champion");
    }
    return p;
  }

  gainsight::v1::UpsertPeopleResponse Upsert(std::vector<Person> people) {
    gainsight::v1::UpsertPeopleRequest request;
    for (Person& p : people) *request.add_people() = std::move(p);
    gainsight::v1::UpsertPeopleResponse response;
    auto context = Context();
    grpc::Status status =
        stub_->UpsertPeople(context.get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  grpc::Status Get(const std::string& gsid, const std::string& email,
                   gainsight::v1::GetPersonResponse* out) {
    gainsight::v1::GetPersonRequest request;
    if (!gsid.empty()) request.set_gsid(gsid);
    if (!email.empty()) request.set_email(email);
    auto context = Context();
    return stub_->GetPerson(context.get(), request, out);
  }

  gainsight::v1::QueryPeopleResponse QueryAll(
      gainsight::v1::QueryPeopleRequest request) {
    gainsight::v1::QueryPeopleResponse response;
    auto context = Context();
    grpc::Status status = stub_->QueryPeople(context.get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  static std::string GainsightCode(const google::rpc::Status& status) {
    google::rpc::ErrorInfo info;
    for (const auto& any : status.details()) {
      if (any.UnpackTo(&info)) {
        auto it = info.metadata().find("gainsight_error_code");
        return it == info.metadata().end() ? "" : it->second;
      }
    }
    return "";
  }

  std::unique_ptr<PersonService::Stub> stub_;
};

TEST_F(PersonTest, UpsertTwiceInsertsThenUpdatesTheSamePerson) {
  const std::string company = InsertCompany("Acme");
  auto first = Upsert({MakePerson("maria@acme.example", company)});
  ASSERT_THAT(first.results(), SizeIs(1));
  ASSERT_EQ(first.results(0).error().code(), 0)
      << first.results(0).error().message();
  EXPECT_EQ(first.results(0).action(), gainsight::v1::WRITE_ACTION_INSERTED);
  const std::string gsid = first.results(0).gsid();
  ASSERT_FALSE(gsid.empty());

  Person again = MakePerson("maria@acme.example", company);
  again.set_last_name("Lopez-Garcia");
  again.mutable_companies(0)->set_title("VP Operations");
  auto second = Upsert({again});
  ASSERT_THAT(second.results(), SizeIs(1));
  ASSERT_EQ(second.results(0).error().code(), 0)
      << second.results(0).error().message();
  EXPECT_EQ(second.results(0).action(), gainsight::v1::WRITE_ACTION_UPDATED);
  EXPECT_EQ(second.results(0).gsid(), gsid);

  gainsight::v1::QueryPeopleRequest all;
  EXPECT_THAT(QueryAll(all).people(), SizeIs(1)) << "no duplicate person";
  all.set_object(gainsight::v1::PEOPLE_OBJECT_COMPANY_PERSON);
  EXPECT_THAT(QueryAll(all).company_people(), SizeIs(1))
      << "no duplicate association";

  gainsight::v1::GetPersonResponse got;
  grpc::Status status = Get(gsid, "", &got);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(got.person().email(), "maria@acme.example");
  EXPECT_EQ(got.person().last_name(), "Lopez-Garcia");
  EXPECT_EQ(got.person().location(), "Austin, TX");
  EXPECT_EQ(got.person().name(), "Maria Lopez-Garcia");
  EXPECT_TRUE(got.person().has_create_time());
  ASSERT_THAT(got.person().companies(), SizeIs(1));
  EXPECT_EQ(got.person().companies(0).company_id(), company);
  EXPECT_EQ(got.person().companies(0).person_id(), gsid);
  EXPECT_EQ(got.person().companies(0).title(), "VP Operations");
  EXPECT_EQ(got.person().companies(0).role(), "Champion");
}

TEST_F(PersonTest, GetByEmailAndByGsidReadTheSamePerson) {
  const std::string company = InsertCompany("Globex");
  auto upserted = Upsert({MakePerson("sam@globex.example", company)});
  ASSERT_THAT(upserted.results(), SizeIs(1));
  const std::string gsid = upserted.results(0).gsid();

  gainsight::v1::GetPersonResponse by_email, by_gsid;
  ASSERT_TRUE(Get("", "sam@globex.example", &by_email).ok());
  ASSERT_TRUE(Get(gsid, "", &by_gsid).ok());
  EXPECT_EQ(by_email.person().gsid(), gsid);
  EXPECT_EQ(by_email.person().SerializeAsString(),
            by_gsid.person().SerializeAsString());
  EXPECT_THAT(by_email.person().companies(), SizeIs(1));
}

TEST_F(PersonTest, GetAnAbsentPersonIsNotFound) {
  gainsight::v1::GetPersonResponse got;
  EXPECT_EQ(Get("", "nobody@nowhere.example", &got).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Get("1C01NOSUCHPERSON00000000000000000000", "", &got).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(PersonTest, UnknownCompanyFailsThatPersonOnly) {
  const std::string company = InsertCompany("Initech");
  auto response =
      Upsert({MakePerson("ok@initech.example", company),
              MakePerson("bad@initech.example", testing::kNoSuchCompany),
              MakePerson("alone@initech.example")});
  ASSERT_THAT(response.results(), SizeIs(3));
  EXPECT_EQ(response.results(0).error().code(), 0);
  EXPECT_EQ(response.results(0).action(), gainsight::v1::WRITE_ACTION_INSERTED);
  EXPECT_EQ(response.results(1).error().code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(GainsightCode(response.results(1).error()), "GSOBJ_PEOPLE1001");
  EXPECT_TRUE(response.results(1).gsid().empty());
  EXPECT_EQ(response.results(2).error().code(), 0);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(response.results(i).index(), i);

  gainsight::v1::GetPersonResponse got;
  EXPECT_EQ(Get("", "bad@initech.example", &got).error_code(),
            grpc::StatusCode::NOT_FOUND)
      << "a failed person is not written at all";
  gainsight::v1::QueryPeopleRequest all;
  EXPECT_THAT(QueryAll(all).people(), SizeIs(2));
}

TEST_F(PersonTest, CompanyNameIsResolvedOrFailsThatPerson) {
  const std::string acme = InsertCompany("Acme");
  InsertCompany("Twin");
  InsertCompany("Twin");
  auto by_name = [](const std::string& email, const std::string& company) {
    Person p;
    p.set_email(email);
    CompanyPerson* c = p.add_companies();
    c->set_company_name(company);
    c->set_title("Buyer");
    return p;
  };
  auto response = Upsert({by_name("one@acme.example", "Acme"),
                          by_name("two@acme.example", "No Such Company"),
                          by_name("three@acme.example", "Twin")});
  ASSERT_THAT(response.results(), SizeIs(3));
  ASSERT_EQ(response.results(0).error().code(), 0)
      << response.results(0).error().message();
  EXPECT_EQ(response.results(1).error().code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(response.results(2).error().code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  gainsight::v1::GetPersonResponse got;
  ASSERT_TRUE(Get("", "one@acme.example", &got).ok());
  ASSERT_THAT(got.person().companies(), SizeIs(1));
  EXPECT_EQ(got.person().companies(0).company_id(), acme);
  EXPECT_EQ(got.person().companies(0).title(), "Buyer");
  EXPECT_EQ(Get("", "two@acme.example", &got).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Get("", "three@acme.example", &got).error_code(),
            grpc::StatusCode::NOT_FOUND);
  auto puts = sandbox_->CallsTo("PUT", "/v1/peoplemgmt/v1.0/people");
  ASSERT_TRUE(puts.ok());
  EXPECT_THAT(*puts, SizeIs(1)) << "failed people are never sent";
}

TEST_F(PersonTest, InvalidInputIsRefusedBeforeAnyUpstreamCall) {
  gainsight::v1::UpsertPeopleRequest request;
  *request.add_people() = MakePerson("fine@acme.example");
  *request.add_people() = MakePerson("not-an-email");
  *request.add_people() = MakePerson("x@acme.example", "not a gsid!");
  *request.add_people() = MakePerson("FINE@acme.example");
  gainsight::v1::UpsertPeopleResponse response;
  auto context = Context();
  grpc::Status status = stub_->UpsertPeople(context.get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::BadRequest bad;
  ASSERT_TRUE(GetBadRequest(FromGrpcStatus(status), &bad));
  std::set<std::string> fields;
  for (const auto& v : bad.field_violations()) fields.insert(v.field());
  EXPECT_THAT(fields,
              ::testing::UnorderedElementsAre(
                  "people[1].email", "people[2].companies[0].company_id",
                  "people[3].email"));

  gainsight::v1::DeletePeopleRequest del;
  del.add_people()->set_email("also not an email");
  gainsight::v1::DeletePeopleResponse deleted;
  context = Context();
  EXPECT_EQ(stub_->DeletePeople(context.get(), del, &deleted).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  gainsight::v1::GetPersonResponse got;
  EXPECT_EQ(Get("", "@nowhere", &got).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  gainsight::v1::UpsertPeopleRequest empty;
  context = Context();
  EXPECT_EQ(stub_->UpsertPeople(context.get(), empty, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  EXPECT_THAT(GainsightCalls(), SizeIs(0)) << "validation spends no call";
}

TEST_F(PersonTest, CustomFieldsAreCheckedAgainstTheDescribesBeforeAnyWrite) {
  gainsight::v1::UpsertPeopleRequest request;
  Person person = MakePerson("custom@acme.example", "1P02ACME");
  (*person.mutable_custom_fields()->mutable_fields())["Comments__gc"]
      .set_string_value("likes email");
  (*person.mutable_companies(0)
        ->mutable_custom_fields()
        ->mutable_fields())["Seniority__gc"]
      .set_string_value("Senior");
  *request.add_people() = person;
  gainsight::v1::UpsertPeopleResponse response;
  auto context = Context();
  grpc::Status status = stub_->UpsertPeople(context.get(), request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::BadRequest bad;
  ASSERT_TRUE(GetBadRequest(FromGrpcStatus(status), &bad));
  std::map<std::string, std::string> violations;
  for (const auto& v : bad.field_violations()) {
    violations[v.field()] = v.description();
  }
  EXPECT_EQ(violations["people[0].custom_fields.Comments__gc"],
            "is not a field of Person (did you mean Comments?)");
  EXPECT_EQ(violations["people[0].companies[0].custom_fields.Seniority__gc"],
            "is not a field of Company_Person");
  for (const json& call : GainsightCalls()) {
    EXPECT_EQ(call["path"].get<std::string>().find("/v1/peoplemgmt"),
              std::string::npos)
        << "only the describes were read: " << call.dump();
  }
}

TEST_F(PersonTest, QueryPagesThroughPeopleAndTheirCompanies) {
  const std::string company = InsertCompany("Umbrella");
  std::vector<Person> people;
  for (int i = 0; i < 5; ++i) {
    people.push_back(MakePerson(absl::StrCat("p", i, "@umbrella.example"),
                                i % 2 == 0 ? company : ""));
  }
  auto upserted = Upsert(people);
  ASSERT_THAT(upserted.results(), SizeIs(5));

  gainsight::v1::QueryPeopleRequest request;
  request.set_page_size(2);
  request.set_include_companies(true);
  gainsight::v1::OrderBy* order = request.add_order_by();
  order->set_field("Email");
  std::vector<std::string> emails;
  int with_companies = 0;
  int pages = 0;
  while (true) {
    auto page = QueryAll(request);
    ++pages;
    EXPECT_LE(page.people_size(), 2);
    for (const Person& p : page.people()) {
      emails.push_back(p.email());
      if (p.companies_size() == 1) {
        ++with_companies;
        EXPECT_EQ(p.companies(0).company_id(), company);
      }
    }
    if (page.next_page_token().empty()) break;
    request.set_page_token(page.next_page_token());
    ASSERT_LT(pages, 10);
  }
  EXPECT_EQ(pages, 3);
  EXPECT_THAT(emails, ::testing::ElementsAre(
                          "p0@umbrella.example", "p1@umbrella.example",
                          "p2@umbrella.example", "p3@umbrella.example",
                          "p4@umbrella.example"));
  EXPECT_EQ(with_companies, 3);

  gainsight::v1::QueryPeopleRequest cp;
  cp.set_object(gainsight::v1::PEOPLE_OBJECT_COMPANY_PERSON);
  auto filter = cp.mutable_filter()->add_conditions();
  filter->set_field("Company_ID");
  filter->set_operator_(gainsight::v1::OPERATOR_EQ);
  filter->add_values()->set_string_value(company);
  auto rows = QueryAll(cp);
  ASSERT_THAT(rows.company_people(), SizeIs(3));
  std::set<std::string> cp_emails;
  for (const CompanyPerson& c : rows.company_people()) {
    EXPECT_FALSE(c.gsid().empty());
    cp_emails.insert(c.person_email());
  }
  EXPECT_THAT(cp_emails, ::testing::UnorderedElementsAre(
                             "p0@umbrella.example", "p2@umbrella.example",
                             "p4@umbrella.example"));

  // A malformed token is refused.
  gainsight::v1::QueryPeopleRequest other;
  other.set_page_size(2);
  other.set_page_token("garbage");
  gainsight::v1::QueryPeopleResponse refused;
  auto context = Context();
  EXPECT_EQ(stub_->QueryPeople(context.get(), other, &refused).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(PersonTest, DeleteByGsidOrEmailRemovesThePersonAndAssociations) {
  const std::string company = InsertCompany("Hooli");
  auto upserted = Upsert({MakePerson("a@hooli.example", company),
                          MakePerson("b@hooli.example", company),
                          MakePerson("c@hooli.example", company)});
  ASSERT_THAT(upserted.results(), SizeIs(3));
  const std::string a = upserted.results(0).gsid();
  const std::string b = upserted.results(1).gsid();

  gainsight::v1::DeletePeopleRequest request;
  request.add_people()->set_gsid(a);
  request.add_people()->set_email("b@hooli.example");
  request.add_people()->set_email("nobody@hooli.example");
  request.add_people()->set_gsid("1C01NOSUCHPERSON00000000000000000000");
  gainsight::v1::DeletePeopleResponse response;
  auto context = Context();
  grpc::Status status = stub_->DeletePeople(context.get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_THAT(response.results(), SizeIs(4));
  EXPECT_EQ(response.results(0).action(), gainsight::v1::WRITE_ACTION_DELETED);
  EXPECT_EQ(response.results(0).gsid(), a);
  EXPECT_EQ(response.results(1).action(), gainsight::v1::WRITE_ACTION_DELETED);
  EXPECT_EQ(response.results(1).gsid(), b);
  EXPECT_EQ(response.results(2).error().code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(response.results(3).error().code(), grpc::StatusCode::NOT_FOUND);

  gainsight::v1::GetPersonResponse got;
  EXPECT_EQ(Get(a, "", &got).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Get("", "b@hooli.example", &got).error_code(),
            grpc::StatusCode::NOT_FOUND);
  gainsight::v1::QueryPeopleRequest cp;
  cp.set_object(gainsight::v1::PEOPLE_OBJECT_COMPANY_PERSON);
  auto rows = QueryAll(cp);
  ASSERT_THAT(rows.company_people(), SizeIs(1)) << "associations cascade";
  EXPECT_EQ(rows.company_people(0).person_email(), "c@hooli.example");

  auto deletes = sandbox_->CallsTo("DELETE", "/v1/peoplemgmt/v1.0/people/");
  ASSERT_TRUE(deletes.ok());
  EXPECT_THAT(*deletes, SizeIs(3)) << "one People API delete per known key";
}

}  // namespace
}  // namespace gg
