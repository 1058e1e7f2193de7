#include "tests/support/gateway_test.h"

#include "absl/time/clock.h"

namespace gg::testing {

void GatewayTest::SetUp() {
  auto sandbox = Sandbox::Start("sync=1000/1s;bulk=100/1s", SandboxArgs());
  ASSERT_TRUE(sandbox.ok()) << sandbox.status();
  sandbox_ = *std::move(sandbox);
  std::vector<std::string> args = {"--limits", "sync=1000/1s;bulk=100/1s",
                                   "--upstream-timeout", "5s"};
  for (std::string& arg : GatewayArgs()) args.push_back(std::move(arg));
  auto gateway = Gateway::Start(sandbox_->url(), std::move(args));
  ASSERT_TRUE(gateway.ok()) << gateway.status();
  gateway_ = *std::move(gateway);
}

std::unique_ptr<grpc::ClientContext> GatewayTest::Context(
    absl::Duration timeout) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  return context;
}

std::vector<json> GatewayTest::GainsightCalls() {
  auto calls = sandbox_->CallsTo("", "/v1/");
  EXPECT_TRUE(calls.ok()) << calls.status();
  return calls.ok() ? *calls : std::vector<json>{};
}

}  // namespace gg::testing
