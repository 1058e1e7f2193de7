#include "tests/support/gateway_test.h"

#include "absl/time/clock.h"
#include "gainsight/v1/company.grpc.pb.h"

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

std::string GatewayTest::InsertCompany(const std::string& name) {
  auto stub = gainsight::v1::CompanyService::NewStub(gateway_->NewChannel());
  gainsight::v1::InsertCompaniesRequest request;
  request.add_companies()->set_name(name);
  gainsight::v1::InsertCompaniesResponse response;
  auto context = Context();
  grpc::Status status =
      stub->InsertCompanies(context.get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.results_size(), 1);
  if (response.results_size() != 1) return "";
  EXPECT_EQ(response.results(0).error().code(), 0)
      << response.results(0).error().message();
  return response.results(0).gsid();
}

std::vector<json> GatewayTest::GainsightCalls() {
  auto calls = sandbox_->CallsTo("", "/v1/");
  EXPECT_TRUE(calls.ok()) << calls.status();
  return calls.ok() ? *calls : std::vector<json>{};
}

}  // namespace gg::testing
