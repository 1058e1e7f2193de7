// A listener whose port is taken stops the process at start: a second
// gateway (or sandbox) on the same host never shares a port with the first,
// which would split connections between two processes silently.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/process.h"
#include "tests/support/test_env.h"

namespace gg::testing {
namespace {

using ::testing::HasSubstr;

// Runs `binary` with `args` and the sandbox's key; it must exit non-zero
// with `message` on stderr.
void ExpectRefusal(const std::string& binary,
                   const std::vector<std::string>& args,
                   const std::string& message) {
  auto process = Process::Start(
      binary, args, {{"GAINSIGHT_ACCESS_KEY", Sandbox::kAccessKey}});
  ASSERT_TRUE(process.ok()) << process.status();
  absl::StatusOr<int> code = process->Wait(absl::Seconds(20));
  ASSERT_TRUE(code.ok()) << "still running with a taken port: " << message;
  EXPECT_NE(*code, 0);
  EXPECT_THAT(process->Stderr(), HasSubstr(message));
}

TEST(StartupTest, TakenPortsStopASecondGatewayAtStart) {
  auto sandbox = Sandbox::Start();
  ASSERT_TRUE(sandbox.ok()) << sandbox.status();
  auto first = Gateway::Start((*sandbox)->url());
  ASSERT_TRUE(first.ok()) << first.status();
  const std::string grpc_address = absl::StrCat("127.0.0.1:", (*first)->port());
  const std::string metrics_address =
      absl::StrCat("127.0.0.1:", (*first)->metrics_port());

  ExpectRefusal(GatewayBinary(),
                {"--gainsight-url", (*sandbox)->url(), "--listen", grpc_address,
                 "--metrics-listen", ""},
                absl::StrCat("cannot listen on ", grpc_address));
  ExpectRefusal(GatewayBinary(),
                {"--gainsight-url", (*sandbox)->url(), "--listen",
                 "127.0.0.1:0", "--metrics-listen", metrics_address},
                absl::StrCat("cannot listen on ", metrics_address));
  // The first gateway still answers alone.
  EXPECT_TRUE((*first)->process().running());
}

TEST(StartupTest, TakenPortStopsASecondSandboxAtStart) {
  auto first = Sandbox::Start();
  ASSERT_TRUE(first.ok()) << first.status();
  const std::string address = absl::StrCat("127.0.0.1:", (*first)->port());
  ExpectRefusal(SandboxBinary(),
                {"--listen", address, "--access-key", Sandbox::kAccessKey},
                "cannot listen on");
  EXPECT_TRUE((*first)->process().running());
}

}  // namespace
}  // namespace gg::testing
