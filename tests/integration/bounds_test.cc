// Bounds on hostile input and hostile answers, end to end: real gRPC into a
// real gateway in front of a real sandbox. Each refusal carries its precise
// status and costs no quota; the access key never stays in the environment.
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/status_details.h"
#include "gainsight/v1/company.grpc.pb.h"
#include "gainsight/v1/quota.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/error_reason.h"
#include "tests/support/gainsight_paths.h"
#include "tests/support/test_env.h"

namespace gg {
namespace {

using testing::ErrorReason;
using testing::kCompanyQueryPath;

using gainsight::v1::CompanyService;
using gainsight::v1::QuotaService;
using testing::Gateway;
using ::testing::HasSubstr;
using testing::Sandbox;

class BoundsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto sandbox = Sandbox::Start();
    ASSERT_TRUE(sandbox.ok()) << sandbox.status();
    sandbox_ = *std::move(sandbox);
  }

  void StartGateway(std::vector<std::string> flags) {
    flags.insert(flags.begin(), {"--limits", "sync=1000/1s;bulk=100/1s",
                                 "--upstream-timeout", "5s"});
    auto gateway = Gateway::Start(sandbox_->url(), std::move(flags));
    ASSERT_TRUE(gateway.ok()) << gateway.status();
    gateway_ = *std::move(gateway);
    stub_ = CompanyService::NewStub(gateway_->NewChannel());
  }

  grpc::Status Query(const gainsight::v1::QueryCompaniesRequest& request,
                     absl::Duration timeout = absl::Seconds(20)) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
    gainsight::v1::QueryCompaniesResponse response;
    return stub_->QueryCompanies(&context, request, &response);
  }

  size_t QueryCalls() {
    auto calls = sandbox_->CallsTo("POST", kCompanyQueryPath);
    EXPECT_TRUE(calls.ok());
    return calls.ok() ? calls->size() : 0;
  }

  gainsight::v1::GetQuotaResponse Quota() {
    auto stub = QuotaService::NewStub(gateway_->NewChannel());
    grpc::ClientContext context;
    gainsight::v1::GetQuotaResponse response;
    EXPECT_TRUE(stub->GetQuota(&context, {}, &response).ok());
    return response;
  }

  std::unique_ptr<Sandbox> sandbox_;
  std::unique_ptr<Gateway> gateway_;
  std::unique_ptr<CompanyService::Stub> stub_;
};

gainsight::v1::QueryCompaniesRequest QueryWithExpression(
    const std::string& expression) {
  gainsight::v1::QueryCompaniesRequest request;
  auto* condition = request.mutable_filter()->add_conditions();
  condition->set_field("Name");
  condition->set_operator_(gainsight::v1::OPERATOR_EQ);
  condition->add_values()->set_string_value("Acme");
  request.mutable_filter()->set_expression(expression);
  return request;
}

TEST_F(BoundsTest, FilterBoundsAreFlagsAndRefusalsCostNoQuota) {
  ASSERT_NO_FATAL_FAILURE(
      StartGateway({"--max-filter-expression-depth", "3",
                    "--max-filter-expression-length", "100"}));
  EXPECT_TRUE(Query(QueryWithExpression("(((A)))")).ok());
  const size_t calls = QueryCalls();
  for (const std::string& expression :
       {std::string("((((A))))"), std::string(200000, '(') + "A"}) {
    grpc::Status status = Query(QueryWithExpression(expression));
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    google::rpc::BadRequest bad;
    ASSERT_TRUE(GetBadRequest(FromGrpcStatus(status), &bad));
    ASSERT_EQ(bad.field_violations_size(), 1);
    EXPECT_EQ(bad.field_violations(0).field(), "filter.expression");
  }
  EXPECT_EQ(QueryCalls(), calls) << "refusals reached Gainsight";
  EXPECT_TRUE(gateway_->process().running());
}

TEST_F(BoundsTest, DeepRecordValuesAndLongLookupPathsAreRefused) {
  ASSERT_NO_FATAL_FAILURE(
      StartGateway({"--max-value-depth", "2", "--max-field-path-parts", "2"}));
  gainsight::v1::QueryCompaniesRequest query;
  query.add_select("Company__gr.Csm__gr.Email");
  grpc::Status status = Query(query);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("select[0]"));

  gainsight::v1::InsertCompaniesRequest insert;
  auto* company = insert.add_companies();
  company->set_name("Deep");
  google::protobuf::Value deep;
  deep.mutable_list_value()
      ->add_values()
      ->mutable_list_value()
      ->add_values()
      ->mutable_list_value()
      ->add_values()
      ->set_string_value("three levels");
  (*company->mutable_custom_fields()->mutable_fields())["Tags__gc"] = deep;
  grpc::ClientContext context;
  gainsight::v1::InsertCompaniesResponse response;
  status = stub_->InsertCompanies(&context, insert, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::BadRequest bad;
  ASSERT_TRUE(GetBadRequest(FromGrpcStatus(status), &bad));
  ASSERT_EQ(bad.field_violations_size(), 1);
  EXPECT_EQ(bad.field_violations(0).field(),
            "companies[0].custom_fields.Tags__gc");
  auto inserts = sandbox_->CallsTo("POST", "/v1/data/objects/Company");
  ASSERT_TRUE(inserts.ok());
  EXPECT_TRUE(inserts->empty());
}

TEST_F(BoundsTest, OversizedRequestIsRefusedBeforeItIsParsed) {
  ASSERT_NO_FATAL_FAILURE(StartGateway({"--max-request-bytes", "65536"}));
  gainsight::v1::QueryCompaniesRequest request;
  request.add_select(std::string(100000, 'A'));
  grpc::Status status = Query(request);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(QueryCalls(), 0u);
}

TEST_F(BoundsTest, CallerDeadlinesAreCutToTheMaximum) {
  ASSERT_NO_FATAL_FAILURE(StartGateway({"--max-deadline", "2s"}));
  // A 429 closes the class for 30 s: a caller willing to wait an hour is
  // refused at once, because its deadline counts as 2 s.
  ASSERT_TRUE(sandbox_
                  ->AddFault({{"status", 429},
                              {"retry_after_s", 30},
                              {"count", 1},
                              {"path_prefix", kCompanyQueryPath}})
                  .ok());
  EXPECT_EQ(Query({}, absl::Seconds(1)).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);  // met the 429
  const absl::Time start = absl::Now();
  grpc::Status status = Query({}, absl::Hours(1));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(ErrorReason(status), "QUOTA_WAIT_EXCEEDS_DEADLINE");
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
}

TEST_F(BoundsTest, AbsurdRetryAfterIsCutAndAnOperatorReopensTheClass) {
  ASSERT_NO_FATAL_FAILURE(StartGateway({"--max-retry-after", "10m"}));
  ASSERT_TRUE(sandbox_
                  ->AddFault({{"status", 429},
                              {"retry_after_s", 10000000000},
                              {"count", 1},
                              {"path_prefix", kCompanyQueryPath}})
                  .ok());
  grpc::Status status = Query({}, absl::Seconds(2));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  gainsight::v1::GetQuotaResponse quota = Quota();
  ASSERT_GE(quota.classes_size(), 1);
  ASSERT_TRUE(quota.classes(0).has_closed_until());
  const absl::Time closed_until =
      absl::FromUnixSeconds(quota.classes(0).closed_until().seconds());
  EXPECT_LE(closed_until, absl::Now() + absl::Minutes(10) + absl::Seconds(2));
  EXPECT_GT(closed_until, absl::Now() + absl::Minutes(9));
  auto metrics = gateway_->Metrics();
  ASSERT_TRUE(metrics.ok());
  EXPECT_THAT(*metrics,
              HasSubstr("gainsight_quota_closures_total{class=\"sync\","
                        "clamped=\"true\"} 1"));

  gateway_->process().Signal(SIGUSR1);
  ASSERT_TRUE(testing::WaitUntil(
      [&] {
        return gateway_->process().Stderr().find("quota_reopened") !=
               std::string::npos;
      },
      absl::Seconds(10)));
  EXPECT_TRUE(Query({}, absl::Seconds(10)).ok());
  EXPECT_FALSE(Quota().classes(0).has_closed_until());
}

TEST_F(BoundsTest, OversizedUpstreamAnswerFailsInternalWithoutRetry) {
  ASSERT_NO_FATAL_FAILURE(
      StartGateway({"--max-upstream-response-bytes", "1048576"}));
  ASSERT_TRUE(sandbox_
                  ->AddFault({{"body_bytes", 8 << 20},
                              {"count", 10},
                              {"path_prefix", kCompanyQueryPath}})
                  .ok());
  grpc::Status status = Query({});
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(ErrorReason(status), "GAINSIGHT_RESPONSE_TOO_LARGE");
  EXPECT_EQ(QueryCalls(), 1u) << "the same answer again is no better";
  EXPECT_TRUE(gateway_->process().running());
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in),
                     std::istreambuf_iterator<char>());
}

TEST(AccessKeyTest, TheKeyDoesNotStayInTheEnvironment) {
  auto sandbox = Sandbox::Start();
  ASSERT_TRUE(sandbox.ok()) << sandbox.status();
  auto gateway = Gateway::Start((*sandbox)->url());
  ASSERT_TRUE(gateway.ok()) << gateway.status();
  const std::string environ =
      ReadFile(absl::StrCat("/proc/", (*gateway)->process().pid(), "/environ"));
  ASSERT_FALSE(environ.empty());
  EXPECT_THAT(environ, ::testing::Not(HasSubstr(Sandbox::kAccessKey)));
  EXPECT_THAT(environ, ::testing::Not(HasSubstr("GAINSIGHT_ACCESS_KEY=")));
  // And the key still works.
  auto stub = CompanyService::NewStub((*gateway)->NewChannel());
  grpc::ClientContext context;
  gainsight::v1::QueryCompaniesResponse response;
  EXPECT_TRUE(stub->QueryCompanies(&context, {}, &response).ok());
}

TEST(AccessKeyTest, AKeyWithAControlCharacterStopsTheStart) {
  auto process = testing::Process::Start(
      testing::GatewayBinary(),
      {"--gainsight-url", "http://127.0.0.1:9", "--listen", "127.0.0.1:0",
       "--metrics-listen", ""},
      {{"GAINSIGHT_ACCESS_KEY", "secret-part\ninjected: header"}});
  ASSERT_TRUE(process.ok()) << process.status();
  absl::StatusOr<int> code = process->Wait(absl::Seconds(10));
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(*code, 2);
  EXPECT_THAT(process->Stderr(), HasSubstr("GAINSIGHT_ACCESS_KEY"));
  EXPECT_THAT(process->Stderr(), ::testing::Not(HasSubstr("secret-part")));
}

}  // namespace
}  // namespace gg
