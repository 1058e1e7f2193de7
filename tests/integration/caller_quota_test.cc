// Per-caller quota shares through real gRPC: a caller flooding the gateway
// gets its share of the window and no more, while another caller still gets
// its own share at once.
#include <future>

#include "gainsight/v1/company.grpc.pb.h"
#include "gmock/gmock.h"
#include "tests/integration/security_fixture.h"

namespace gg::testing {
namespace {

using ::testing::HasSubstr;
namespace v1 = gainsight::v1;

constexpr char kFloodToken[] = "flood-token-9c8b7a6d5e";
constexpr char kSteadyToken[] = "steady-token-1f2e3d4c5b";

grpc::Status Query(const std::shared_ptr<grpc::Channel>& channel,
                   const std::string& token, absl::Duration timeout,
                   const std::string& claimed_caller = "") {
  auto stub = v1::CompanyService::NewStub(channel);
  v1::QueryCompaniesRequest request;
  request.add_select("Name");
  request.set_page_size(1);
  v1::QueryCompaniesResponse response;
  auto context = SecurityTest::Context(token, timeout);
  if (!claimed_caller.empty())
    context->AddMetadata("x-caller-id", claimed_caller);
  return stub->QueryCompanies(context.get(), request, &response);
}

using CallerQuotaTest = SecurityTest;

TEST_F(CallerQuotaTest, AFloodingCallerGetsItsShareAndAnotherStillGetsItsOwn) {
  std::string callers =
      CallersFile({{"flood", kFloodToken}, {"steady", kSteadyToken}});
  std::string policy = WriteFile("policy.yaml", R"(callers:
  - id: flood
    allow: [read]
    quota: {share: 0.25}
  - id: steady
    allow: [read]
    quota: {share: 0.5}
)");
  // 40 calls per 10 s: the flood may take 10 of them, the steady caller 20.
  // Every query is a call of its own (identical ones at once would share).
  auto gateway = StartGateway(
      {"--limits", "sync=40/10s", "--callers-file", callers, "--policy-file",
       policy, "--interactive-reserve", "0", "--coalesce", "false"});
  ASSERT_NE(gateway, nullptr);
  auto channel = gateway->NewChannel();

  // The flood claims to be the steady caller: x-caller-id counts for
  // nothing once a caller is authenticated.
  std::vector<std::future<grpc::Status>> flood;
  for (int i = 0; i < 60; ++i) {
    flood.push_back(std::async(std::launch::async, [channel] {
      return Query(channel, kFloodToken, absl::Seconds(3), "steady");
    }));
  }
  // Meanwhile the steady caller makes its calls. Had the flood reached the
  // tenant's queue, its 60 calls would have taken the whole window (40) and
  // these would wait 10 s, past their deadline.
  for (int i = 0; i < 15; ++i) {
    grpc::Status status = Query(channel, kSteadyToken, absl::Seconds(3));
    ASSERT_TRUE(status.ok()) << i << ": " << status.error_message();
  }
  int admitted = 0, refused = 0;
  for (auto& f : flood) {
    grpc::Status status = f.get();
    if (status.ok()) {
      admitted++;
      continue;
    }
    refused++;
    EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
        << status.error_message();
    EXPECT_EQ(ErrorInfoOf(status).reason(),
              "CALLER_QUOTA_WAIT_EXCEEDS_DEADLINE");
  }
  EXPECT_EQ(admitted, 10);
  EXPECT_EQ(refused, 50);
  auto calls = sandbox_->CallsTo("POST", "/v1/data/objects/query/Company");
  ASSERT_TRUE(calls.ok());
  EXPECT_EQ(calls->size(), 25u);
}

}  // namespace
}  // namespace gg::testing
