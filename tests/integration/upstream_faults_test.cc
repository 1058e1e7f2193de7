// Each upstream fault the sandbox injects reaches the caller as its
// documented gRPC code (README, "Error model"), and retries happen only where
// they are safe.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "common/status_details.h"
#include "gainsight/v1/company.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/gainsight_paths.h"
#include "tests/support/test_env.h"

namespace gg {
namespace {

using testing::kCompanyQueryPath;

using gainsight::v1::CompanyService;
using testing::Gateway;
using testing::json;
using testing::Sandbox;

class UpstreamFaultsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto sandbox = Sandbox::Start();
    ASSERT_TRUE(sandbox.ok()) << sandbox.status();
    sandbox_ = *std::move(sandbox);
    StartGateway({});
  }

  void StartGateway(std::vector<std::pair<std::string, std::string>> env) {
    gateway_.reset();
    auto gateway =
        Gateway::Start(sandbox_->url(),
                       {"--limits", "sync=1000/1s;bulk=100/1s",
                        "--upstream-timeout", "5s", "--max-attempts", "4"},
                       std::move(env));
    ASSERT_TRUE(gateway.ok()) << gateway.status();
    gateway_ = *std::move(gateway);
    stub_ = CompanyService::NewStub(gateway_->NewChannel());
  }

  grpc::Status Query(absl::Duration timeout = absl::Seconds(20)) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
    gainsight::v1::QueryCompaniesRequest request;
    gainsight::v1::QueryCompaniesResponse response;
    return stub_->QueryCompanies(&context, request, &response);
  }

  int QueryCalls() {
    auto calls = sandbox_->CallsTo("POST", kCompanyQueryPath);
    EXPECT_TRUE(calls.ok());
    return calls.ok() ? static_cast<int>(calls->size()) : -1;
  }

  static std::string Reason(const grpc::Status& status) {
    google::rpc::ErrorInfo info;
    if (!GetErrorInfo(FromGrpcStatus(status), &info)) return "";
    return info.reason();
  }

  std::unique_ptr<Sandbox> sandbox_;
  std::unique_ptr<Gateway> gateway_;
  std::unique_ptr<CompanyService::Stub> stub_;
};

TEST_F(UpstreamFaultsTest, TransientErrorsOnReadsAreRetried) {
  ASSERT_TRUE(sandbox_
                  ->AddFault({{"status", 503},
                              {"count", 2},
                              {"path_prefix", kCompanyQueryPath}})
                  .ok());
  grpc::Status status = Query();
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(QueryCalls(), 3);
}

TEST_F(UpstreamFaultsTest, PersistentServerErrorIsUnavailableAfterMaxAttempts) {
  ASSERT_TRUE(sandbox_
                  ->AddFault({{"status", 503},
                              {"count", 100},
                              {"path_prefix", kCompanyQueryPath}})
                  .ok());
  grpc::Status status = Query();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(Reason(status), "GAINSIGHT_UNAVAILABLE");
  EXPECT_EQ(QueryCalls(), 4);
}

TEST_F(UpstreamFaultsTest, InsertsAreNeverRetriedBlindly) {
  ASSERT_TRUE(sandbox_
                  ->AddFault({{"status", 500},
                              {"count", 1},
                              {"method", "POST"},
                              {"path_prefix", "/v1/data/objects/Company"}})
                  .ok());
  grpc::ClientContext context;
  gainsight::v1::InsertCompaniesRequest request;
  request.add_companies()->set_name("once");
  gainsight::v1::InsertCompaniesResponse response;
  ASSERT_TRUE(stub_->InsertCompanies(&context, request, &response).ok());
  ASSERT_EQ(response.results_size(), 1);
  EXPECT_EQ(response.results(0).error().code(), grpc::StatusCode::UNAVAILABLE);
  auto calls = sandbox_->CallsTo("POST", "/v1/data/objects/Company");
  ASSERT_TRUE(calls.ok());
  EXPECT_EQ(calls->size(), 1u);
}

TEST_F(UpstreamFaultsTest, DroppedConnectionIsUnavailable) {
  ASSERT_TRUE(sandbox_
                  ->AddFault({{"drop_connection", true},
                              {"count", 100},
                              {"path_prefix", kCompanyQueryPath}})
                  .ok());
  grpc::Status status = Query();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(Reason(status), "GAINSIGHT_UNREACHABLE");
}

TEST_F(UpstreamFaultsTest, MalformedBodyIsInternal) {
  ASSERT_TRUE(sandbox_
                  ->AddFault({{"malformed_body", true},
                              {"count", 1},
                              {"path_prefix", kCompanyQueryPath}})
                  .ok());
  grpc::Status status = Query();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(Reason(status), "GAINSIGHT_MALFORMED_RESPONSE");
}

TEST_F(UpstreamFaultsTest, RefusedAccessKeyIsPermissionDenied) {
  StartGateway({{"GAINSIGHT_ACCESS_KEY", "wrong-key"}});
  grpc::Status status = Query();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Reason(status), "GAINSIGHT_ACCESS_DENIED");
  EXPECT_EQ(QueryCalls(), 1) << "an auth failure is not retried";
}

TEST_F(UpstreamFaultsTest, RateLimitAnswersAreWaitedOutAndRetried) {
  ASSERT_TRUE(sandbox_
                  ->AddFault({{"status", 429},
                              {"count", 1},
                              {"retry_after_s", 1},
                              {"path_prefix", kCompanyQueryPath}})
                  .ok());
  ASSERT_TRUE(sandbox_
                  ->AddFault({{"status", 429},
                              {"count", 1},
                              {"path_prefix", kCompanyQueryPath}})
                  .ok());
  grpc::Status status = Query(absl::Seconds(30));
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(QueryCalls(), 3);
  auto metrics = gateway_->Metrics();
  ASSERT_TRUE(metrics.ok());
  EXPECT_THAT(*metrics, ::testing::HasSubstr(
                            "gainsight_upstream_429_total{class=\"sync\"} 2"));
}

TEST_F(UpstreamFaultsTest, ShortDeadlineAbortsTheTransfer) {
  ASSERT_TRUE(sandbox_
                  ->AddFault({{"delay_ms", 5000},
                              {"count", 1},
                              {"path_prefix", kCompanyQueryPath}})
                  .ok());
  absl::Time start = absl::Now();
  grpc::Status status = Query(absl::Milliseconds(300));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_LT(absl::Now() - start, absl::Seconds(3));
  // The gateway is not stuck behind the slow transfer.
  status = Query(absl::Seconds(3));
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST_F(UpstreamFaultsTest, CallerCancelAbortsTheUpstreamTransfer) {
  ASSERT_TRUE(sandbox_
                  ->AddFault({{"delay_ms", 5000},
                              {"count", 1},
                              {"path_prefix", kCompanyQueryPath}})
                  .ok());
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(20)));
  gainsight::v1::QueryCompaniesRequest request;
  gainsight::v1::QueryCompaniesResponse response;
  absl::Notification done;
  grpc::Status status;
  stub_->async()->QueryCompanies(&context, &request, &response,
                                 [&](grpc::Status s) {
                                   status = s;
                                   done.Notify();
                                 });
  // Cancel once the transfer is under way at the sandbox.
  for (int i = 0; i < 500 && QueryCalls() == 0; ++i) {
    absl::SleepFor(absl::Milliseconds(5));
  }
  ASSERT_EQ(QueryCalls(), 1);
  context.TryCancel();
  ASSERT_TRUE(done.WaitForNotificationWithTimeout(absl::Seconds(2)));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::CANCELLED);
  // The gateway ended its HTTP transfer without an answer (status 0), long
  // before the sandbox's 5 s delay was over.
  std::string want =
      "gainsight_upstream_calls_total{endpoint=\"/v1/data/objects/query/"
      "{object}\",method=\"POST\",status=\"0\"} 1";
  bool aborted = false;
  for (int i = 0; i < 200 && !aborted; ++i) {
    auto metrics = gateway_->Metrics();
    aborted = metrics.ok() && absl::StrContains(*metrics, want);
    if (!aborted) absl::SleepFor(absl::Milliseconds(5));
  }
  EXPECT_TRUE(aborted);
}

}  // namespace
}  // namespace gg
