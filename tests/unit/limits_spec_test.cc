#include "quota/limits_spec.h"

#include "gtest/gtest.h"

namespace gg {
namespace {

TEST(LimitsSpecTest, ParsesTheDefault) {
  absl::StatusOr<LimitsSpec> spec = ParseLimitsSpec(kDefaultLimits);
  ASSERT_TRUE(spec.ok()) << spec.status();
  ASSERT_EQ(spec->sync.size(), 2u);
  EXPECT_EQ(spec->sync[0], (WindowSpec{100, absl::Minutes(1)}));
  EXPECT_EQ(spec->sync[1], (WindowSpec{50000, absl::Hours(24)}));
  ASSERT_EQ(spec->bulk.size(), 2u);
  EXPECT_EQ(spec->bulk[0], (WindowSpec{10, absl::Hours(1)}));
  EXPECT_EQ(FormatLimitsSpec(*spec), kDefaultLimits);
}

TEST(LimitsSpecTest, ParsesScaledTestWindows) {
  absl::StatusOr<LimitsSpec> spec =
      ParseLimitsSpec("sync=20/1s,300/10s;bulk=2/1s,5/5s");
  ASSERT_TRUE(spec.ok());
  EXPECT_EQ(spec->sync[1], (WindowSpec{300, absl::Seconds(10)}));
  EXPECT_EQ(spec->bulk[1], (WindowSpec{5, absl::Seconds(5)}));
}

TEST(LimitsSpecTest, MillisecondsAreNotMinutes) {
  absl::StatusOr<LimitsSpec> spec = ParseLimitsSpec("sync=5/250ms");
  ASSERT_TRUE(spec.ok());
  EXPECT_EQ(spec->sync[0].length, absl::Milliseconds(250));
  EXPECT_TRUE(spec->bulk.empty());
  EXPECT_EQ(FormatWindowLength(absl::Milliseconds(250)), "250ms");
  EXPECT_EQ(FormatWindowLength(absl::Seconds(120)), "2m");
}

TEST(LimitsSpecTest, RejectsMalformedSpecs) {
  for (const char* bad :
       {"", "sync", "sync=", "sync=0/1m", "sync=-1/1m", "sync=10/0s",
        "sync=10/1w", "sync=ten/1m", "async=10/1h", "sync=1/1s;sync=2/1s",
        "sync=10/1m,"}) {
    EXPECT_FALSE(ParseLimitsSpec(bad).ok()) << "'" << bad << "'";
  }
}

}  // namespace
}  // namespace gg
