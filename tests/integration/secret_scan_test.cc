// The check behind "secrets never in logs": every gateway a test starts has
// its log scanned for the registered secrets when it stops. This proves the
// scan fails a test when a registered value shows up in the log.
#include "absl/strings/str_cat.h"
#include "gtest/gtest-spi.h"
#include "gtest/gtest.h"
#include "tests/support/test_env.h"

namespace gg::testing {
namespace {

// A value the gateway does log (a spool directory it cannot create, in
// an error line), registered as if it were a secret.
void StartAGatewayThatLogsARegisteredValue() {
  auto sandbox = Sandbox::Start();
  ASSERT_TRUE(sandbox.ok()) << sandbox.status();
  const std::string marker =
      absl::StrCat("/dev/null/secret-scan-marker-", getpid());
  RegisterSecret(marker);
  auto gateway =
      Gateway::Start((*sandbox)->url(), {"--bulk-spool-dir", marker});
  ASSERT_TRUE(gateway.ok()) << gateway.status();
  // Leaving the scope stops it, and the scan runs.
}

TEST(SecretScanTest, AGatewayLogHoldingARegisteredSecretFailsTheTest) {
  EXPECT_NONFATAL_FAILURE(StartAGatewayThatLogsARegisteredValue(),
                          "the gateway logged a secret");
}

TEST(SecretScanTest, TheSandboxAccessKeyIsRegisteredFromTheStart) {
  EXPECT_EQ(SecretsIn(absl::StrCat("x ", Sandbox::kAccessKey, " y")).size(),
            1u);
  EXPECT_TRUE(SecretsIn("nothing secret here").empty());
}

}  // namespace
}  // namespace gg::testing
