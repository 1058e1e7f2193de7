// Operability through the tools users have: `buf curl` over server
// reflection (no local protos), grpc.health.v1, and the drain on SIGTERM.
#include <signal.h>

#include <memory>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gainsight/v1/company.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.pb.h"
#include "gtest/gtest.h"
#include "tests/support/test_env.h"

namespace gg {
namespace {

using testing::Gateway;
using ::testing::HasSubstr;
using testing::RunCommand;
using testing::Sandbox;

class HealthReflectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto sandbox = Sandbox::Start();
    ASSERT_TRUE(sandbox.ok()) << sandbox.status();
    sandbox_ = *std::move(sandbox);
    auto gateway = Gateway::Start(sandbox_->url());
    ASSERT_TRUE(gateway.ok()) << gateway.status();
    gateway_ = *std::move(gateway);
  }

  testing::CommandResult Buf(const std::string& args) {
    return RunCommand(
        absl::StrCat(testing::BufBinary(),
                     " curl --protocol grpc --http2-prior-knowledge ", args));
  }
  std::string Url(const std::string& method = "") {
    return absl::StrCat("http://", gateway_->target(), method);
  }

  std::unique_ptr<Sandbox> sandbox_;
  std::unique_ptr<Gateway> gateway_;
};

TEST_F(HealthReflectionTest, ReflectionListsEveryService) {
  testing::CommandResult r = Buf("--list-services " + Url());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const char* service :
       {"gainsight.v1.CompanyService", "gainsight.v1.PersonService",
        "gainsight.v1.CustomObjectService", "gainsight.v1.CtaService",
        "gainsight.v1.TaskService", "gainsight.v1.PlaybookService",
        "gainsight.v1.SuccessPlanService", "gainsight.v1.MetadataService",
        "gainsight.v1.BulkService", "gainsight.v1.QuotaService",
        "grpc.health.v1.Health"}) {
    EXPECT_THAT(r.output, HasSubstr(service));
  }
}

TEST_F(HealthReflectionTest, BufCurlCallsAnRpcThroughReflection) {
  testing::CommandResult r =
      Buf(Url("/gainsight.v1.CompanyService/InsertCompanies") +
          " -d '{\"companies\":[{\"name\":\"Reflected Inc\"}]}'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("WRITE_ACTION_INSERTED"));
}

TEST_F(HealthReflectionTest, BufCurlShowsErrorDetails) {
  testing::CommandResult r =
      Buf(Url("/gainsight.v1.CompanyService/InsertCompanies") +
          " -d '{\"companies\":[{\"industry\":\"Retail\"}]}'");
  EXPECT_EQ(r.exit_code, 3 * 8) << r.output;  // INVALID_ARGUMENT x 8
  EXPECT_THAT(r.output, HasSubstr("google.rpc.BadRequest"));
  EXPECT_THAT(r.output, HasSubstr("companies[0].name"));
}

TEST_F(HealthReflectionTest, HealthReportsEachService) {
  for (const char* service :
       {"", "gainsight.v1.CompanyService", "gainsight.v1.QuotaService"}) {
    testing::CommandResult r =
        Buf(Url("/grpc.health.v1.Health/Check") +
            absl::StrCat(" -d '{\"service\":\"", service, "\"}'"));
    ASSERT_EQ(r.exit_code, 0) << service << r.output;
    // "NOT_SERVING" must not pass for "SERVING".
    EXPECT_THAT(r.output, HasSubstr("\"SERVING\"")) << service;
  }
}

TEST_F(HealthReflectionTest, SigtermDrainsInFlightCallsAndExitsZero) {
  // A slow upstream keeps a call in flight while the gateway is told to stop.
  ASSERT_TRUE(sandbox_
                  ->AddFault({{"delay_ms", 1500},
                              {"count", 1},
                              {"path_prefix", "/v1/data/objects/query"}})
                  .ok());
  auto channel = gateway_->NewChannel();
  auto stub = gainsight::v1::CompanyService::NewStub(channel);
  grpc::Status in_flight;
  std::thread caller([&] {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(20)));
    gainsight::v1::QueryCompaniesRequest request;
    gainsight::v1::QueryCompaniesResponse response;
    in_flight = stub->QueryCompanies(&context, request, &response);
  });
  // Wait until the call reached the sandbox, then stop the gateway.
  for (int i = 0; i < 200; ++i) {
    auto calls = sandbox_->CallsTo("POST", "/v1/data/objects/query");
    if (calls.ok() && !calls->empty()) break;
    absl::SleepFor(absl::Milliseconds(10));
  }
  gateway_->process().Signal(SIGTERM);
  caller.join();
  EXPECT_TRUE(in_flight.ok()) << in_flight.error_message();
  auto code = gateway_->process().Wait(absl::Seconds(20));
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(*code, 0) << gateway_->process().Stderr();
}

}  // namespace
}  // namespace gg
