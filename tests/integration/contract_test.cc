// The gateway against each shape a real tenant is known (or may be likely)
// to answer: real gRPC into the gateway, real HTTP into a sandbox started
// with the contract variant under test (sandbox/contract_variants.h).
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_details.h"
#include "gainsight/v1/company.grpc.pb.h"
#include "gainsight/v1/cta.grpc.pb.h"
#include "gainsight/v1/custom_object.grpc.pb.h"
#include "gainsight/v1/metadata.grpc.pb.h"
#include "gainsight/v1/person.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "tests/support/test_env.h"

namespace gg {
namespace {

using gainsight::v1::Company;
using gainsight::v1::CompanyService;
using testing::Gateway;
using ::testing::HasSubstr;
using testing::json;
using testing::Sandbox;
using ::testing::SizeIs;

class ContractTest : public ::testing::Test {
 public:
  // Starts a sandbox with `sandbox_args` (contract variants) and a gateway
  // in front of it with `gateway_args`.
  void Start(std::vector<std::string> sandbox_args,
             std::vector<std::string> gateway_args = {}) {
    auto sandbox = Sandbox::Start("sync=1000/1s;bulk=100/1s", sandbox_args);
    ASSERT_TRUE(sandbox.ok()) << sandbox.status();
    sandbox_ = *std::move(sandbox);
    std::vector<std::string> args = {"--limits", "sync=1000/1s;bulk=100/1s",
                                     "--upstream-timeout", "5s"};
    args.insert(args.end(), gateway_args.begin(), gateway_args.end());
    auto gateway = Gateway::Start(sandbox_->url(), args);
    ASSERT_TRUE(gateway.ok()) << gateway.status();
    gateway_ = *std::move(gateway);
    channel_ = gateway_->NewChannel();
    companies_ = CompanyService::NewStub(channel_);
  }

  static std::unique_ptr<grpc::ClientContext> Context() {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
    return context;
  }

  // Calls the sandbox received whose path starts with `prefix` (and method,
  // when given).
  std::vector<json> Calls(const std::string& method,
                          const std::string& prefix) {
    auto calls = sandbox_->CallsTo(method, prefix);
    EXPECT_TRUE(calls.ok()) << calls.status();
    return calls.ok() ? *calls : std::vector<json>{};
  }

  gainsight::v1::InsertCompaniesResponse Insert(std::vector<Company> rows) {
    gainsight::v1::InsertCompaniesRequest request;
    for (Company& c : rows) *request.add_companies() = std::move(c);
    gainsight::v1::InsertCompaniesResponse response;
    auto context = Context();
    grpc::Status status =
        companies_->InsertCompanies(context.get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  static Company Named(const std::string& name) {
    Company c;
    c.set_name(name);
    return c;
  }

  static std::string FieldOf(const google::rpc::Status& status) {
    google::rpc::BadRequest bad;
    for (const auto& any : status.details()) {
      if (any.UnpackTo(&bad) && bad.field_violations_size() > 0) {
        return bad.field_violations(0).field();
      }
    }
    return "";
  }

  static std::string ReasonOf(const grpc::Status& status) {
    google::rpc::ErrorInfo info;
    return GetErrorInfo(FromGrpcStatus(status), &info) ? info.reason() : "";
  }
  static std::string ReasonOf(const google::rpc::Status& status) {
    google::rpc::ErrorInfo info;
    for (const auto& any : status.details()) {
      if (any.UnpackTo(&info)) return info.reason();
    }
    return "";
  }

  std::unique_ptr<Sandbox> sandbox_;
  std::unique_ptr<Gateway> gateway_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<CompanyService::Stub> companies_;
};

// 120 companies, two of them rejected by Gainsight (an Industry past its
// length): the rest are written with one more call per rejected chunk.
void InsertIsolatesWithOneMoreCallPerChunk(
    ContractTest* t, gainsight::v1::InsertCompaniesResponse response,
    const std::vector<json>& posts) {
  ASSERT_THAT(response.results(), SizeIs(120));
  for (int i = 0; i < 120; ++i) {
    const auto& r = response.results(i);
    if (i == 7 || i == 93) {
      EXPECT_EQ(r.error().code(), grpc::StatusCode::INVALID_ARGUMENT) << i;
      EXPECT_EQ(ContractTest::FieldOf(r.error()),
                absl::StrCat("companies[", i, "].Industry"));
    } else {
      EXPECT_EQ(r.error().code(), 0) << i << " " << r.error().message();
      EXPECT_FALSE(r.gsid().empty()) << i;
    }
  }
  // Three chunks (50, 50, 20); the two with a bad record are each sent once
  // more without it: five calls, no halving.
  std::vector<int> sizes;
  for (const json& call : posts) sizes.push_back(call["records"].get<int>());
  EXPECT_EQ(sizes.size(), 5u) << absl::StrJoin(sizes, ",");
}

std::vector<Company> WithTwoOverlongIndustries() {
  std::vector<Company> rows;
  for (int i = 0; i < 120; ++i) {
    Company c;
    c.set_name(absl::StrCat("iso-", i));
    c.set_status("Active");
    if (i == 7 || i == 93) c.set_industry(std::string(300, 'x'));
    rows.push_back(c);
  }
  return rows;
}

TEST_F(ContractTest, PublishedWriteErrorShapeIsolatesWithoutBisecting) {
  Start({});  // the sandbox's default: one data.errors entry per record
  auto response = Insert(WithTwoOverlongIndustries());
  InsertIsolatesWithOneMoreCallPerChunk(
      this, response, Calls("POST", "/v1/data/objects/Company"));
}

TEST_F(ContractTest, IndexedWriteErrorShapeIsStillRead) {
  Start({"--write-errors", "indexed"});
  auto response = Insert(WithTwoOverlongIndustries());
  InsertIsolatesWithOneMoreCallPerChunk(
      this, response, Calls("POST", "/v1/data/objects/Company"));
}

// A tenant whose Company calls its revenue fields ARR/MRR: the typed fields
// still write, read, filter and select by default.
void RevenueRoundTrip(ContractTest* t, const std::string& tenant_name) {
  Company acme = ContractTest::Named("Acme");
  acme.set_arr(250000);
  acme.set_mrr(20833);
  auto inserted = t->Insert({acme});
  ASSERT_THAT(inserted.results(), SizeIs(1));
  ASSERT_EQ(inserted.results(0).error().code(), 0)
      << inserted.results(0).error().message();

  gainsight::v1::QueryCompaniesRequest query;
  auto* condition = query.mutable_filter()->add_conditions();
  condition->set_field("arr");  // any letter case names the typed field
  condition->set_operator_(gainsight::v1::OPERATOR_GTE);
  condition->add_values()->set_number_value(100000);
  gainsight::v1::QueryCompaniesResponse found;
  auto context = ContractTest::Context();
  grpc::Status status =
      t->companies_->QueryCompanies(context.get(), query, &found);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_THAT(found.companies(), SizeIs(1));
  EXPECT_DOUBLE_EQ(found.companies(0).arr(), 250000);
  EXPECT_DOUBLE_EQ(found.companies(0).mrr(), 20833);
  EXPECT_EQ(found.companies(0).custom_fields().fields().count(tenant_name), 0u)
      << "the tenant's name maps back to the typed field";

  gainsight::v1::GetCompanyRequest get;
  get.set_gsid(inserted.results(0).gsid());
  gainsight::v1::GetCompanyResponse got;
  auto get_context = ContractTest::Context();
  status = t->companies_->GetCompany(get_context.get(), get, &got);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_DOUBLE_EQ(got.company().arr(), 250000);

  // Every query (default selects included) named fields the tenant has.
  std::vector<json> queries =
      t->Calls("POST", "/v1/data/objects/query/Company");
  ASSERT_FALSE(queries.empty());
  for (const json& call : queries) EXPECT_EQ(call["status"], 200);
  std::vector<json> describes =
      t->Calls("GET", "/v1/meta/services/objects/Company/describe");
  EXPECT_THAT(describes, SizeIs(1)) << "the describe is cached";
}

TEST_F(ContractTest, CompanyRevenueFieldsAsRudderStackAndTheDocsNameThem) {
  Start({});  // Arr, Mrr
  RevenueRoundTrip(this, "Arr");
}

TEST_F(ContractTest, CompanyRevenueFieldsOnATenantThatSaysARR) {
  Start({"--company-revenue", "ARR"});
  RevenueRoundTrip(this, "ARR");
  // Keys given in another case still find the company.
  gainsight::v1::UpsertCompaniesRequest upsert;
  upsert.add_keys("Name");
  Company again = Named("Acme");
  again.set_arr(1);
  *upsert.add_companies() = again;
  gainsight::v1::UpsertCompaniesResponse upserted;
  auto context = Context();
  grpc::Status status =
      companies_->UpsertCompanies(context.get(), upsert, &upserted);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_THAT(upserted.results(), SizeIs(1));
  EXPECT_EQ(upserted.results(0).action(), gainsight::v1::WRITE_ACTION_UPDATED);
}

TEST_F(ContractTest, GsUserActiveFlagIsTakenFromTheDescribe) {
  Start({"--user-active-field", "IsActiveUser"});
  auto ctas = gainsight::v1::CtaService::NewStub(channel_);
  const std::string company = Insert({Named("Contoso")}).results(0).gsid();
  auto create = [&](const std::string& owner) {
    gainsight::v1::CreateCtasRequest request;
    gainsight::v1::Cta* cta = request.add_ctas();
    cta->set_name("Usage fell");
    cta->set_company_id(company);
    cta->set_type("Risk");
    cta->set_status("New");
    cta->set_priority("High");
    cta->set_reason("Usage Drop");
    cta->set_owner(owner);
    cta->mutable_due_date()->set_year(2026);
    cta->mutable_due_date()->set_month(12);
    cta->mutable_due_date()->set_day(31);
    gainsight::v1::CreateCtasResponse response;
    auto context = Context();
    grpc::Status status = ctas->CreateCtas(context.get(), request, &response);
    return std::make_pair(status, response);
  };
  auto [ok, created] = create("csm.one@example.com");
  ASSERT_TRUE(ok.ok()) << ok.error_message();
  ASSERT_THAT(created.results(), SizeIs(1));
  EXPECT_EQ(created.results(0).error().code(), 0)
      << created.results(0).error().message();
  // The inactive seeded user does not own CTAs, whatever the flag's name.
  auto [refused, none] = create("former@example.com");
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ReasonOf(refused), "UNKNOWN_USER_EMAIL");
  for (const json& call : Calls("POST", "/v1/data/objects/query/GsUser")) {
    EXPECT_EQ(call["status"], 200) << "no guessed field in a user query";
  }
}

TEST_F(ContractTest, PeopleUpsertAnsweredWithoutGsidIsReadBack) {
  Start({"--people-upsert-answer", "no-gsid"});
  auto people = gainsight::v1::PersonService::NewStub(channel_);
  gainsight::v1::UpsertPeopleRequest request;
  request.add_people()->set_email("maria@acme.example");
  gainsight::v1::UpsertPeopleResponse first;
  auto context = Context();
  grpc::Status status = people->UpsertPeople(context.get(), request, &first);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_THAT(first.results(), SizeIs(1));
  EXPECT_EQ(first.results(0).error().code(), 0)
      << first.results(0).error().message();
  EXPECT_EQ(first.results(0).action(), gainsight::v1::WRITE_ACTION_INSERTED);
  EXPECT_EQ(first.results(0).gsid().size(), 36u) << "read back by email";

  gainsight::v1::UpsertPeopleResponse second;
  auto again = Context();
  status = people->UpsertPeople(again.get(), request, &second);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(second.results(0).action(), gainsight::v1::WRITE_ACTION_UPDATED);
  EXPECT_EQ(second.results(0).gsid(), first.results(0).gsid());
}

TEST_F(ContractTest, ARouteTheTenantLacksIsUnimplementedNotAMissingRecord) {
  Start({"--unserved", "DELETE /v1/peoplemgmt/v1.0/people/{gsid}"});
  auto people = gainsight::v1::PersonService::NewStub(channel_);
  gainsight::v1::UpsertPeopleRequest upsert;
  upsert.add_people()->set_email("maria@acme.example");
  gainsight::v1::UpsertPeopleResponse upserted;
  auto context = Context();
  ASSERT_TRUE(people->UpsertPeople(context.get(), upsert, &upserted).ok());
  gainsight::v1::DeletePeopleRequest request;
  request.add_people()->set_email("maria@acme.example");
  gainsight::v1::DeletePeopleResponse response;
  auto delete_context = Context();
  grpc::Status status =
      people->DeletePeople(delete_context.get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_THAT(response.results(), SizeIs(1));
  EXPECT_EQ(response.results(0).error().code(),
            grpc::StatusCode::UNIMPLEMENTED);
  EXPECT_EQ(ReasonOf(response.results(0).error()), "GAINSIGHT_ROUTE_NOT_FOUND");
}

TEST_F(ContractTest, DescribeSendsTheFlagsAndPicksTheObjectByName) {
  Start({"--describe-related-first", "true"});
  auto metadata = gainsight::v1::MetadataService::NewStub(channel_);
  gainsight::v1::DescribeObjectRequest request;
  request.set_object_name("Renewal_Tracker__gc");
  gainsight::v1::DescribeObjectResponse response;
  auto context = Context();
  grpc::Status status =
      metadata->DescribeObject(context.get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.object().object_name(), "Renewal_Tracker__gc")
      << "the sandbox listed Company first";
  std::vector<json> describes = Calls("GET", "/v1/meta/services/objects/");
  ASSERT_THAT(describes, SizeIs(1));
  EXPECT_EQ(describes[0]["query"],
            "ic=false&cl=0&idd=false&ihc=false&piec=false");
}

// A tenant that stores dates at its own midnight (UTC+9).
class TenantZoneTest : public ContractTest {
 public:
  // Inserts a company renewing on 2026-03-01 and a tracker row due then,
  // and reads both back.
  void WriteAndRead(google::type::Date* company_date, std::string* row_date) {
    Company acme = Named("Acme");
    acme.mutable_renewal_date()->set_year(2026);
    acme.mutable_renewal_date()->set_month(3);
    acme.mutable_renewal_date()->set_day(1);
    auto inserted = Insert({acme});
    ASSERT_THAT(inserted.results(), SizeIs(1));
    gainsight::v1::GetCompanyRequest get;
    get.set_gsid(inserted.results(0).gsid());
    gainsight::v1::GetCompanyResponse got;
    auto context = Context();
    grpc::Status status = companies_->GetCompany(context.get(), get, &got);
    ASSERT_TRUE(status.ok()) << status.error_message();
    *company_date = got.company().renewal_date();

    auto records = gainsight::v1::CustomObjectService::NewStub(channel_);
    gainsight::v1::InsertRecordsRequest insert;
    insert.set_object_name("Renewal_Tracker__gc");
    google::protobuf::Struct* row = insert.add_records();
    (*row->mutable_fields())["Name__gc"].set_string_value("R1");
    (*row->mutable_fields())["Renewal_Date__gc"].set_string_value("2026-03-01");
    gainsight::v1::InsertRecordsResponse written;
    auto insert_context = Context();
    status = records->InsertRecords(insert_context.get(), insert, &written);
    ASSERT_TRUE(status.ok()) << status.error_message();
    gainsight::v1::QueryRecordsRequest query;
    query.set_object_name("Renewal_Tracker__gc");
    query.add_select("Renewal_Date__gc");
    gainsight::v1::QueryRecordsResponse rows;
    auto query_context = Context();
    status = records->QueryRecords(query_context.get(), query, &rows);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_THAT(rows.records(), SizeIs(1));
    *row_date = rows.records(0).fields().at("Renewal_Date__gc").string_value();
  }
};

TEST_F(TenantZoneTest, DatesReadAsTheTenantsDayWithItsZoneConfigured) {
  Start({"--tenant-time-zone", "+09:00"}, {"--tenant-time-zone", "+09:00"});
  google::type::Date company_date;
  std::string row_date;
  WriteAndRead(&company_date, &row_date);
  EXPECT_EQ(company_date.day(), 1);
  EXPECT_EQ(company_date.month(), 3);
  EXPECT_EQ(row_date, "2026-03-01");
}

TEST_F(TenantZoneTest, WithoutTheZoneADateEastOfUtcReadsADayEarly) {
  // What the flag fixes: the default (UTC) reads Tokyo's midnight as the
  // day before.
  Start({"--tenant-time-zone", "+09:00"});
  google::type::Date company_date;
  std::string row_date;
  WriteAndRead(&company_date, &row_date);
  EXPECT_EQ(company_date.month(), 2);
  EXPECT_EQ(company_date.day(), 28);
  EXPECT_EQ(row_date, "2026-02-28");
}

}  // namespace
}  // namespace gg
