// CompanyService end to end: real gRPC into the gateway, real HTTP into the
// sandbox tenant.
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/status_details.h"
#include "gainsight/v1/company.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "tests/support/bad_request.h"
#include "tests/support/gateway_test.h"
#include "tests/support/test_env.h"

namespace gg {
namespace {

using gainsight::v1::Company;
using gainsight::v1::CompanyService;
using ::testing::Each;
using ::testing::Eq;
using testing::Gateway;
using testing::json;
using ::testing::Le;
using testing::Sandbox;
using ::testing::SizeIs;

class CompanyTest : public testing::GatewayTest {
 protected:
  void SetUp() override {
    GatewayTest::SetUp();
    if (HasFatalFailure()) return;
    stub_ = CompanyService::NewStub(gateway_->NewChannel());
  }

  static Company MakeCompany(const std::string& name) {
    Company c;
    c.set_name(name);
    c.set_industry("Retail");
    c.set_arr(1000);
    c.set_employees(42);
    c.set_status("Active");
    return c;
  }

  // Inserts `n` companies named prefix-0 ... and returns their GSIDs.
  std::vector<std::string> InsertCompanies(const std::string& prefix, int n) {
    gainsight::v1::InsertCompaniesRequest request;
    for (int i = 0; i < n; ++i) {
      *request.add_companies() = MakeCompany(absl::StrCat(prefix, "-", i));
    }
    gainsight::v1::InsertCompaniesResponse response;
    auto context = Context();
    grpc::Status status =
        stub_->InsertCompanies(context.get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> gsids;
    for (const auto& r : response.results()) {
      EXPECT_EQ(r.error().code(), 0) << r.error().message();
      gsids.push_back(r.gsid());
    }
    return gsids;
  }

  std::unique_ptr<CompanyService::Stub> stub_;
};

TEST_F(CompanyTest, InsertThenGetReturnsTheTypedFields) {
  gainsight::v1::InsertCompaniesRequest request;
  Company* c = request.add_companies();
  *c = MakeCompany("Northwind Traders");
  c->mutable_renewal_date()->set_year(2027);
  c->mutable_renewal_date()->set_month(3);
  c->mutable_renewal_date()->set_day(1);
  (*c->mutable_custom_fields()->mutable_fields())["Region__gc"]
      .set_string_value("EMEA");
  gainsight::v1::InsertCompaniesResponse inserted;
  auto context = Context();
  ASSERT_TRUE(stub_->InsertCompanies(context.get(), request, &inserted).ok());
  ASSERT_THAT(inserted.results(), SizeIs(1));
  EXPECT_EQ(inserted.results(0).action(), gainsight::v1::WRITE_ACTION_INSERTED);
  const std::string gsid = inserted.results(0).gsid();
  ASSERT_FALSE(gsid.empty());

  gainsight::v1::GetCompanyRequest get;
  get.set_gsid(gsid);
  get.add_extra_fields("Region__gc");
  gainsight::v1::GetCompanyResponse got;
  context = Context();
  grpc::Status status = stub_->GetCompany(context.get(), get, &got);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(got.company().gsid(), gsid);
  EXPECT_EQ(got.company().name(), "Northwind Traders");
  EXPECT_EQ(got.company().industry(), "Retail");
  EXPECT_DOUBLE_EQ(got.company().arr(), 1000);
  EXPECT_EQ(got.company().employees(), 42);
  EXPECT_EQ(got.company().status(), "Active");
  EXPECT_EQ(got.company().renewal_date().year(), 2027);
  EXPECT_EQ(got.company().renewal_date().month(), 3);
  EXPECT_EQ(got.company().renewal_date().day(), 1);
  EXPECT_TRUE(got.company().has_create_time());
  EXPECT_EQ(
      got.company().custom_fields().fields().at("Region__gc").string_value(),
      "EMEA");
}

TEST_F(CompanyTest, GetUnknownGsidIsNotFound) {
  gainsight::v1::GetCompanyRequest get;
  get.set_gsid("1P02NOSUCHCOMPANY0000000000000000000");
  gainsight::v1::GetCompanyResponse got;
  auto context = Context();
  EXPECT_EQ(stub_->GetCompany(context.get(), get, &got).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(CompanyTest, UpdateChangesOnlyGivenFieldsAndReportsUnmatchedRecords) {
  std::vector<std::string> gsids = InsertCompanies("upd", 2);
  gainsight::v1::UpdateCompaniesRequest request;
  request.add_keys("Name");
  Company* first = request.add_companies();
  first->set_name("upd-0");
  first->set_employees(500);
  Company* missing = request.add_companies();
  missing->set_name("no-such-company");
  missing->set_employees(1);
  Company* second = request.add_companies();
  second->set_name("upd-1");
  second->set_industry("Software");
  gainsight::v1::UpdateCompaniesResponse response;
  auto context = Context();
  grpc::Status status =
      stub_->UpdateCompanies(context.get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_THAT(response.results(), SizeIs(3));
  EXPECT_EQ(response.results(0).gsid(), gsids[0]);
  EXPECT_EQ(response.results(0).action(), gainsight::v1::WRITE_ACTION_UPDATED);
  EXPECT_EQ(response.results(1).error().code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(response.results(2).gsid(), gsids[1]);

  gainsight::v1::GetCompanyRequest get;
  get.set_gsid(gsids[0]);
  gainsight::v1::GetCompanyResponse got;
  context = Context();
  ASSERT_TRUE(stub_->GetCompany(context.get(), get, &got).ok());
  EXPECT_EQ(got.company().employees(), 500);
  EXPECT_EQ(got.company().industry(), "Retail");  // untouched
}

TEST_F(CompanyTest, Upsert150RecordsWritesInCallsOfAtMost50) {
  InsertCompanies("bulk", 40);  // 40 exist, 110 are new
  gainsight::v1::UpsertCompaniesRequest request;
  request.add_keys("Name");
  for (int i = 0; i < 150; ++i) {
    Company* c = request.add_companies();
    c->set_name(absl::StrCat("bulk-", i));
    c->set_employees(i);
  }
  auto before = GainsightCalls().size();
  gainsight::v1::UpsertCompaniesResponse response;
  auto context = Context(absl::Seconds(60));
  grpc::Status status =
      stub_->UpsertCompanies(context.get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_THAT(response.results(), SizeIs(150));
  int updated = 0, inserted = 0;
  for (int i = 0; i < 150; ++i) {
    const auto& r = response.results(i);
    EXPECT_EQ(r.index(), i);
    EXPECT_EQ(r.error().code(), 0) << i << ": " << r.error().message();
    EXPECT_FALSE(r.gsid().empty());
    if (r.action() == gainsight::v1::WRITE_ACTION_UPDATED) updated++;
    if (r.action() == gainsight::v1::WRITE_ACTION_INSERTED) inserted++;
  }
  EXPECT_EQ(updated, 40);
  EXPECT_EQ(inserted, 110);

  std::vector<json> calls = GainsightCalls();
  std::vector<int> write_sizes;
  int written = 0;
  for (size_t i = before; i < calls.size(); ++i) {
    const json& c = calls[i];
    const bool write = c["path"] == "/v1/data/objects/Company" &&
                       (c["method"] == "POST" || c["method"] == "PUT");
    if (write) {
      write_sizes.push_back(c["records"].get<int>());
      written += c["records"].get<int>();
    }
  }
  EXPECT_THAT(write_sizes, Each(Le(50)));
  EXPECT_EQ(written, 150);
}

TEST_F(CompanyTest, QueryPagesThroughFilteredOrderedResults) {
  InsertCompanies("page", 25);
  gainsight::v1::QueryCompaniesRequest request;
  request.add_select("Name");
  request.add_select("Employees");
  auto* condition = request.mutable_filter()->add_conditions();
  condition->set_field("Name");
  condition->set_operator_(gainsight::v1::OPERATOR_STARTS_WITH);
  condition->add_values()->set_string_value("page-");
  auto* order = request.add_order_by();
  order->set_field("Name");
  order->set_direction(gainsight::v1::SORT_DIRECTION_DESCENDING);
  request.set_page_size(10);
  std::vector<std::string> names;
  int pages = 0;
  do {
    gainsight::v1::QueryCompaniesResponse response;
    auto context = Context();
    grpc::Status status =
        stub_->QueryCompanies(context.get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    for (const Company& c : response.companies()) {
      names.push_back(c.name());
      EXPECT_FALSE(c.gsid().empty());  // Gsid is always read
    }
    request.set_page_token(response.next_page_token());
    ++pages;
  } while (!request.page_token().empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  ASSERT_THAT(names, SizeIs(25));
  EXPECT_TRUE(std::is_sorted(names.rbegin(), names.rend()));
}

TEST_F(CompanyTest, OversizedPageSizeIsCutToTheMaximumNotRefused) {
  InsertCompanies("big", 3);
  gainsight::v1::QueryCompaniesRequest request;
  auto* condition = request.mutable_filter()->add_conditions();
  condition->set_field("Name");
  condition->set_operator_(gainsight::v1::OPERATOR_STARTS_WITH);
  condition->add_values()->set_string_value("big-");
  request.set_page_size(1000000);
  gainsight::v1::QueryCompaniesResponse response;
  auto context = Context();
  grpc::Status status =
      stub_->QueryCompanies(context.get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.companies_size(), 3);
  EXPECT_TRUE(response.next_page_token().empty());
}

TEST_F(CompanyTest, PageTokenOfAnotherQueryIsRejected) {
  InsertCompanies("tok", 3);
  gainsight::v1::QueryCompaniesRequest request;
  request.set_page_size(1);
  gainsight::v1::QueryCompaniesResponse response;
  auto context = Context();
  ASSERT_TRUE(stub_->QueryCompanies(context.get(), request, &response).ok());
  ASSERT_FALSE(response.next_page_token().empty());
  request.set_page_token(response.next_page_token());
  request.add_select("Industry");  // a different query
  context = Context();
  grpc::Status status =
      stub_->QueryCompanies(context.get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(CompanyTest, DeleteReportsEachGsid) {
  std::vector<std::string> gsids = InsertCompanies("del", 2);
  gainsight::v1::DeleteCompaniesRequest request;
  request.add_gsids(gsids[0]);
  request.add_gsids("1P02NOSUCHCOMPANY0000000000000000000");
  request.add_gsids(gsids[1]);
  gainsight::v1::DeleteCompaniesResponse response;
  auto context = Context();
  ASSERT_TRUE(stub_->DeleteCompanies(context.get(), request, &response).ok());
  ASSERT_THAT(response.results(), SizeIs(3));
  EXPECT_EQ(response.results(0).action(), gainsight::v1::WRITE_ACTION_DELETED);
  EXPECT_EQ(response.results(1).error().code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(response.results(2).action(), gainsight::v1::WRITE_ACTION_DELETED);
  gainsight::v1::GetCompanyRequest get;
  get.set_gsid(gsids[0]);
  gainsight::v1::GetCompanyResponse got;
  context = Context();
  EXPECT_EQ(stub_->GetCompany(context.get(), get, &got).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(CompanyTest, InvalidRequestsAnswerBadRequestWithoutUpstreamCalls) {
  const size_t before = GainsightCalls().size();
  struct Case {
    std::string name;
    std::function<grpc::Status()> call;
    std::string field;
  };
  std::vector<Case> cases = {
      {"insert without name",
       [&] {
         gainsight::v1::InsertCompaniesRequest r;
         r.add_companies()->set_industry("Retail");
         gainsight::v1::InsertCompaniesResponse out;
         auto c = Context();
         return stub_->InsertCompanies(c.get(), r, &out);
       },
       "companies[0].name"},
      {"upsert with four keys",
       [&] {
         gainsight::v1::UpsertCompaniesRequest r;
         for (auto k : {"Name", "Industry", "Stage", "Status"}) r.add_keys(k);
         *r.add_companies() = MakeCompany("x");
         gainsight::v1::UpsertCompaniesResponse out;
         auto c = Context();
         return stub_->UpsertCompanies(c.get(), r, &out);
       },
       "keys"},
      {"update record missing its key",
       [&] {
         gainsight::v1::UpdateCompaniesRequest r;
         r.add_keys("Industry");
         r.add_companies()->set_name("x");
         gainsight::v1::UpdateCompaniesResponse out;
         auto c = Context();
         return stub_->UpdateCompanies(c.get(), r, &out);
       },
       "companies[0]"},
      {"query with BTW and one value",
       [&] {
         gainsight::v1::QueryCompaniesRequest r;
         auto* cond = r.mutable_filter()->add_conditions();
         cond->set_field("ARR");
         cond->set_operator_(gainsight::v1::OPERATOR_BTW);
         cond->add_values()->set_number_value(1);
         gainsight::v1::QueryCompaniesResponse out;
         auto c = Context();
         return stub_->QueryCompanies(c.get(), r, &out);
       },
       "filter.conditions[0].values"},
      {"query with a bad expression",
       [&] {
         gainsight::v1::QueryCompaniesRequest r;
         auto* cond = r.mutable_filter()->add_conditions();
         cond->set_field("Name");
         cond->set_operator_(gainsight::v1::OPERATOR_EQ);
         cond->add_values()->set_string_value("x");
         r.mutable_filter()->set_expression("A AND B");
         gainsight::v1::QueryCompaniesResponse out;
         auto c = Context();
         return stub_->QueryCompanies(c.get(), r, &out);
       },
       "filter.expression"},
      {"negative page size",
       [&] {
         gainsight::v1::QueryCompaniesRequest r;
         r.set_page_size(-1);
         gainsight::v1::QueryCompaniesResponse out;
         auto c = Context();
         return stub_->QueryCompanies(c.get(), r, &out);
       },
       "page_size"},
      {"get with a bad gsid",
       [&] {
         gainsight::v1::GetCompanyRequest r;
         r.set_gsid("not a gsid!");
         gainsight::v1::GetCompanyResponse out;
         auto c = Context();
         return stub_->GetCompany(c.get(), r, &out);
       },
       "gsid"},
      {"delete nothing",
       [&] {
         gainsight::v1::DeleteCompaniesRequest r;
         gainsight::v1::DeleteCompaniesResponse out;
         auto c = Context();
         return stub_->DeleteCompanies(c.get(), r, &out);
       },
       "gsids"},
  };
  for (const Case& c : cases) {
    grpc::Status status = c.call();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << c.name;
    google::rpc::BadRequest bad;
    ASSERT_TRUE(GetBadRequest(FromGrpcStatus(status), &bad)) << c.name;
    std::vector<std::string> fields;
    for (const auto& v : bad.field_violations()) fields.push_back(v.field());
    EXPECT_THAT(fields, ::testing::Contains(c.field)) << c.name;
  }
  EXPECT_EQ(GainsightCalls().size(), before) << "validation must spend no call";
}

// Regression: a filter expression of deeply nested parentheses crashed the
// gateway (stack overflow in a recursive parser). It is refused, and the
// gateway keeps serving.
TEST_F(CompanyTest, DeeplyNestedExpressionIsRefusedAndTheGatewayKeepsServing) {
  const size_t before = GainsightCalls().size();
  for (int depth : {300000, 5000}) {
    gainsight::v1::QueryCompaniesRequest r;
    auto* cond = r.mutable_filter()->add_conditions();
    cond->set_field("Name");
    cond->set_operator_(gainsight::v1::OPERATOR_EQ);
    cond->add_values()->set_string_value("x");
    r.mutable_filter()->set_expression(std::string(depth, '(') + "A" +
                                       std::string(depth, ')'));
    gainsight::v1::QueryCompaniesResponse out;
    auto c = Context();
    grpc::Status status = stub_->QueryCompanies(c.get(), r, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << status.error_message();
    google::rpc::BadRequest bad;
    ASSERT_TRUE(GetBadRequest(FromGrpcStatus(status), &bad));
    ASSERT_EQ(bad.field_violations_size(), 1);
    EXPECT_EQ(bad.field_violations(0).field(), "filter.expression");
  }
  EXPECT_EQ(GainsightCalls().size(), before);
  gainsight::v1::QueryCompaniesRequest ok;
  ok.set_page_size(1);
  gainsight::v1::QueryCompaniesResponse out;
  auto c = Context();
  EXPECT_TRUE(stub_->QueryCompanies(c.get(), ok, &out).ok());
}

TEST_F(CompanyTest, InsertIsolatesRejectedRecordsAndWritesTheRest) {
  gainsight::v1::InsertCompaniesRequest request;
  for (int i = 0; i < 120; ++i) {
    Company* c = request.add_companies();
    *c = MakeCompany(absl::StrCat("iso-", i));
    // Industry holds at most 255 characters: Gainsight rejects these two
    // (a length the gateway leaves to Gainsight).
    if (i == 7 || i == 93) c->set_industry(std::string(300, 'x'));
  }
  gainsight::v1::InsertCompaniesResponse response;
  auto context = Context(absl::Seconds(60));
  ASSERT_TRUE(stub_->InsertCompanies(context.get(), request, &response).ok());
  ASSERT_THAT(response.results(), SizeIs(120));
  int written = 0;
  for (int i = 0; i < 120; ++i) {
    const auto& r = response.results(i);
    if (i == 7 || i == 93) {
      EXPECT_EQ(r.error().code(), grpc::StatusCode::INVALID_ARGUMENT) << i;
      google::rpc::BadRequest bad;
      ASSERT_EQ(r.error().details_size(), 2) << i;
      bool found = false;
      for (const auto& any : r.error().details()) {
        if (any.UnpackTo(&bad)) {
          found = true;
          EXPECT_EQ(bad.field_violations(0).field(),
                    absl::StrCat("companies[", i, "].Industry"));
        }
      }
      EXPECT_TRUE(found);
    } else {
      EXPECT_EQ(r.error().code(), 0) << i << r.error().message();
      written += !r.gsid().empty();
    }
  }
  EXPECT_EQ(written, 118);
}

}  // namespace
}  // namespace gg

namespace gg {
namespace {

using testing::Violations;

size_t DataCalls(const std::vector<json>& calls) {
  size_t n = 0;
  for (const json& c : calls) {
    if (c["path"].get<std::string>().rfind("/v1/data/", 0) == 0) ++n;
  }
  return n;
}

TEST_F(CompanyTest, QueryTyposAreRefusedAgainstTheDescribeBeforeAnyQuery) {
  gainsight::v1::QueryCompaniesRequest request;
  request.add_select("Name");
  request.add_select("Industy");
  auto* c = request.mutable_filter()->add_conditions();
  c->set_field("Employees");
  c->set_operator_(gainsight::v1::OPERATOR_GT);
  c->add_values()->set_string_value("many");
  request.add_order_by()->set_field("Regoin__gc");
  gainsight::v1::QueryCompaniesResponse response;
  auto context = Context();
  grpc::Status status =
      stub_->QueryCompanies(context.get(), request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(
      Violations(status),
      ::testing::ElementsAre(
          std::make_pair(std::string("select[1]"),
                         std::string("is not a field of Company (did you "
                                     "mean Industry?)")),
          std::make_pair(std::string("filter.conditions[0].values[0]"),
                         std::string("compares with Employees, so it must "
                                     "be a number")),
          std::make_pair(std::string("order_by[0].field"),
                         std::string("is not a field of Company (did you "
                                     "mean Region__gc?)"))));
  EXPECT_EQ(DataCalls(GainsightCalls()), 0u) << "only the describe was read";
}

TEST_F(CompanyTest, NamesInAnyLetterCaseWorkForKeysSelectAndCustomFields) {
  gainsight::v1::UpsertCompaniesRequest upsert;
  upsert.add_keys("name");  // Name
  Company* acme = upsert.add_companies();
  acme->set_name("Lowercase Keys Inc");
  (*acme->mutable_custom_fields()->mutable_fields())["region__gc"]
      .set_string_value("APAC");
  gainsight::v1::UpsertCompaniesResponse upserted;
  auto context = Context();
  grpc::Status status =
      stub_->UpsertCompanies(context.get(), upsert, &upserted);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(upserted.results_size(), 1);
  EXPECT_EQ(upserted.results(0).error().code(), 0)
      << upserted.results(0).error().message();

  gainsight::v1::QueryCompaniesRequest query;
  query.add_select("NAME");
  query.add_select("REGION__GC");
  auto* c = query.mutable_filter()->add_conditions();
  c->set_field("name");
  c->set_operator_(gainsight::v1::OPERATOR_EQ);
  c->add_values()->set_string_value("Lowercase Keys Inc");
  gainsight::v1::QueryCompaniesResponse found;
  context = Context();
  status = stub_->QueryCompanies(context.get(), query, &found);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(found.companies_size(), 1);
  EXPECT_EQ(found.companies(0).name(), "Lowercase Keys Inc");
  EXPECT_EQ(found.companies(0)
                .custom_fields()
                .fields()
                .at("Region__gc")
                .string_value(),
            "APAC");
}

TEST_F(CompanyTest, UnknownCustomFieldsKeysAndPicklistItemsCostNoWrite) {
  gainsight::v1::UpsertCompaniesRequest keyed;
  keyed.add_keys("Nmae");
  keyed.add_companies()->set_name("Typo Inc");
  gainsight::v1::UpsertCompaniesResponse unused;
  auto keyed_context = Context();
  grpc::Status keyed_status =
      stub_->UpsertCompanies(keyed_context.get(), keyed, &unused);
  ASSERT_EQ(keyed_status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(Violations(keyed_status),
              ::testing::ElementsAre(std::make_pair(
                  std::string("keys[0]"),
                  std::string("is no field of Company that the records set "
                              "(did you mean Name?)"))));

  gainsight::v1::UpsertCompaniesRequest upsert;
  upsert.add_keys("region__gc");
  Company* acme = upsert.add_companies();
  acme->set_name("Typo Inc");
  acme->set_status("Actve");
  (*acme->mutable_custom_fields()->mutable_fields())["Regoin__gc"]
      .set_string_value("APAC");
  (*acme->mutable_custom_fields()->mutable_fields())["region__gc"]
      .set_string_value("APAC");
  gainsight::v1::UpsertCompaniesResponse upserted;
  auto context = Context();
  grpc::Status status =
      stub_->UpsertCompanies(context.get(), upsert, &upserted);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  std::vector<std::string> fields;
  for (const auto& [field, description] : Violations(status)) {
    fields.push_back(field);
  }
  EXPECT_THAT(fields, ::testing::UnorderedElementsAre(
                          "companies[0].status",
                          "companies[0].custom_fields.Regoin__gc"));
  EXPECT_THAT(status.error_message(),
              ::testing::HasSubstr("did you mean Region__gc?"));
  EXPECT_EQ(DataCalls(GainsightCalls()), 0u);
}

}  // namespace
}  // namespace gg
