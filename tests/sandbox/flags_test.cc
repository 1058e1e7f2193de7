#include "sandbox/flags.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace gg::sandbox {
namespace {

using Args = std::vector<std::string>;

TEST(FlagsTest, Defaults) {
  absl::StatusOr<SandboxFlags> flags = ParseFlags({"--access-key", "k"});
  ASSERT_TRUE(flags.ok()) << flags.status();
  EXPECT_EQ(flags->host, "127.0.0.1");
  EXPECT_EQ(flags->port, 0);
  EXPECT_EQ(flags->options.access_key, "k");
  EXPECT_EQ(FormatLimitsSpec(flags->options.limits), kDefaultLimits);
  EXPECT_EQ(flags->options.window_offset, absl::ZeroDuration());
  EXPECT_FALSE(flags->options.retry_after);
  EXPECT_EQ(flags->options.query_shape, QueryShape::kRecords);
}

TEST(FlagsTest, EveryFlag) {
  absl::StatusOr<SandboxFlags> flags = ParseFlags(
      {"--listen", "0.0.0.0:8080", "--access-key=k", "--limits", "sync=3/1s",
       "--window-offset-ms", "-250", "--retry-after", "--query-shape=array"});
  ASSERT_TRUE(flags.ok()) << flags.status();
  EXPECT_EQ(flags->host, "0.0.0.0");
  EXPECT_EQ(flags->port, 8080);
  EXPECT_EQ(FormatLimitsSpec(flags->options.limits), "sync=3/1s");
  EXPECT_EQ(flags->options.window_offset, absl::Milliseconds(-250));
  EXPECT_TRUE(flags->options.retry_after);
  EXPECT_EQ(flags->options.query_shape, QueryShape::kArray);
}

TEST(FlagsTest, DemoDataIsOffUnlessAsked) {
  absl::StatusOr<SandboxFlags> plain = ParseFlags({"--access-key", "k"});
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(plain->options.demo);
  absl::StatusOr<SandboxFlags> demo =
      ParseFlags({"--access-key", "k", "--demo"});
  ASSERT_TRUE(demo.ok()) << demo.status();
  EXPECT_TRUE(demo->options.demo);
}

TEST(FlagsTest, Help) {
  absl::StatusOr<SandboxFlags> flags = ParseFlags({"--help"});
  ASSERT_TRUE(flags.ok());
  EXPECT_TRUE(flags->help);
}

TEST(FlagsTest, RejectsBadCommandLines) {
  for (const Args& args : std::vector<Args>{
           {},
           {"--access-key"},
           {"--access-key", ""},
           {"--access-key", "k", "--bogus", "1"},
           {"--access-key", "k", "stray"},
           {"--access-key", "k", "--listen", "8080"},
           {"--access-key", "k", "--listen", "host:70000"},
           {"--access-key", "k", "--listen", ":80"},
           {"--access-key", "k", "--limits", "sync=3"},
           {"--access-key", "k", "--window-offset-ms", "soon"},
           {"--access-key", "k", "--query-shape", "rows"},
           {"--access-key", "k", "--retry-after=yes"},
           {"--access-key", "k", "--demo=yes"},
       }) {
    EXPECT_FALSE(ParseFlags(args).ok()) << testing::PrintToString(args);
  }
}

}  // namespace
}  // namespace gg::sandbox
