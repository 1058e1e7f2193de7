// Fixture for integration tests of one gateway in front of a fresh sandbox
// tenant, both started for each test on ports of their own choosing.
#ifndef GAINSIGHT_GATEWAY_TESTS_SUPPORT_GATEWAY_TEST_H_
#define GAINSIGHT_GATEWAY_TESTS_SUPPORT_GATEWAY_TEST_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/support/test_env.h"

namespace gg::testing {

class GatewayTest : public ::testing::Test {
 protected:
  // Starts the sandbox and the gateway (generous limits, 5 s upstream
  // timeout). Subclasses call it first from their own SetUp.
  void SetUp() override;

  // Flags of the sandbox (e.g. an answer shape); none by default.
  virtual std::vector<std::string> SandboxArgs() const { return {}; }
  // Flags of the gateway after the fixture's own; none by default.
  virtual std::vector<std::string> GatewayArgs() const { return {}; }

  // A client context whose deadline is `timeout` from now.
  static std::unique_ptr<grpc::ClientContext> Context(
      absl::Duration timeout = absl::Seconds(20));

  // The calls the sandbox received on Gainsight endpoints, in order.
  std::vector<json> GainsightCalls();

  // Inserts one company named `name` through the gateway: its GSID, or ""
  // (with a test failure) when the insert fails.
  std::string InsertCompany(const std::string& name);

  std::unique_ptr<Sandbox> sandbox_;
  std::unique_ptr<Gateway> gateway_;
};

}  // namespace gg::testing

#endif  // GAINSIGHT_GATEWAY_TESTS_SUPPORT_GATEWAY_TEST_H_
