// The C++ client example end to end against a real gateway and sandbox. The
// gateway allows 4 Gainsight calls per 3 s, so the example's later calls are
// refused with RESOURCE_EXHAUSTED and it must wait out RetryInfo.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/cpp_client/run_binary.h"
#include "tests/support/test_env.h"

namespace gg {
namespace {

using testing::BinaryRun;
using ::testing::ContainsRegex;
using testing::Gateway;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::Sandbox;

TEST(ClientExampleTest, RunsEveryStepAndWaitsOutRateLimits) {
  auto sandbox = Sandbox::Start();
  ASSERT_TRUE(sandbox.ok()) << sandbox.status();
  auto gateway =
      Gateway::Start((*sandbox)->url(), {"--limits", "sync=4/3s;bulk=10/1s"});
  ASSERT_TRUE(gateway.ok()) << gateway.status();
  BinaryRun run = testing::RunBinary(
      testing::ClientExampleBinary(),
      {"--target", (*gateway)->target(), "--timeout", "500ms"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_THAT(run.out,
              HasSubstr("upserted 5 companies: 5 inserted, 0 updated, 0 "
                        "failed\n"));
  EXPECT_THAT(run.out, HasSubstr("page 1: Example Co 1, Example Co 2\n"));
  EXPECT_THAT(run.out, HasSubstr("page 2: Example Co 3, Example Co 4\n"));
  EXPECT_THAT(run.out, HasSubstr("page 3: Example Co 5\n"));
  EXPECT_THAT(run.out, HasSubstr("read 5 companies in 3 pages\n"));
  EXPECT_THAT(run.out, HasSubstr("rate limited (RESOURCE_EXHAUSTED): retrying "
                                 "in "));
  // The first type of the sandbox's configuration with its first reason,
  // open status and priority, owned by the default owner.
  EXPECT_THAT(run.out,
              ContainsRegex("\ncreated CTA 1S01[0-9A-Z]+ \\(Risk, New, "
                            "High, Usage Drop, owner "
                            "csm\\.one@example\\.com\\)\n"));
  EXPECT_THAT(run.out, HasSubstr("quota CALL_CLASS_SYNC per 3s: "));
  EXPECT_THAT(run.out, HasSubstr("\ndone\n"));

  // A second run, with a retry service config, finds the companies and
  // updates them. The first run's CTA took the window's last calls: this
  // run's deadline lets its upsert wait for the next window.
  std::string config = testing::WriteTempFile(
      "service_config.json",
      R"({"methodConfig": [{"name": [{"service": "gainsight.v1.CompanyService"}],
          "retryPolicy": {"maxAttempts": 3, "initialBackoff": "0.1s",
            "maxBackoff": "1s", "backoffMultiplier": 2,
            "retryableStatusCodes": ["UNAVAILABLE"]}}]})");
  // It gives its CTA to the owner named by --cta-owner.
  run = testing::RunBinary(
      testing::ClientExampleBinary(),
      {"--target", (*gateway)->target(), "--timeout", "5s", "--service-config",
       config, "--cta-owner", "csm.two@example.com"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_THAT(run.out,
              HasSubstr("upserted 5 companies: 0 inserted, 5 updated"));
  EXPECT_THAT(run.out, HasSubstr(", owner csm.two@example.com)\n"));
}

// An owner the tenant does not know: the gateway refuses the CTA before any
// write, and the example prints the field violation and exits 2.
TEST(ClientExampleTest, UnknownCtaOwnerFailsWithTheFieldViolation) {
  auto sandbox = Sandbox::Start();
  ASSERT_TRUE(sandbox.ok()) << sandbox.status();
  auto gateway = Gateway::Start((*sandbox)->url());
  ASSERT_TRUE(gateway.ok()) << gateway.status();
  BinaryRun run = testing::RunBinary(
      testing::ClientExampleBinary(),
      {"--target", (*gateway)->target(), "--cta-owner", "nobody@example.com"});
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  EXPECT_THAT(run.out, HasSubstr("create CTA failed: INVALID_ARGUMENT: "));
  EXPECT_THAT(run.out, HasSubstr("  field ctas[0].owner: "));
  EXPECT_THAT(run.out, Not(HasSubstr("created CTA")));
  EXPECT_THAT(run.out, Not(HasSubstr("done\n")));
}

TEST(ClientExampleTest, BadFlagsExitOne) {
  BinaryRun run =
      testing::RunBinary(testing::ClientExampleBinary(), {"--frobnicate"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("usage:"));
  run = testing::RunBinary(testing::ClientExampleBinary(),
                           {"--service-config", "/nonexistent.json"});
  EXPECT_EQ(run.exit_code, 1);
}

}  // namespace
}  // namespace gg
