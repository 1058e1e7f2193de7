#include "sandbox/rate_limiter.h"

#include "gtest/gtest.h"
#include "sandbox/envelope.h"

namespace gg::sandbox {
namespace {

LimitsSpec LimitsOf(absl::string_view text) {
  absl::StatusOr<LimitsSpec> spec = ParseLimitsSpec(text);
  EXPECT_TRUE(spec.ok()) << spec.status();
  return *spec;
}

// A minute boundary of Unix time (2023-11-14T22:14:00Z is 1700000040 s).
const absl::Time kMinute = absl::FromUnixSeconds(1700000040);

constexpr CallClass kSync = CallClass::kSync;
constexpr CallClass kBulk = CallClass::kBulk;

TEST(RateLimiterTest, FixedWindowAdmitsUpToTheLimit) {
  RateLimiter limiter(LimitsOf("sync=3/1m"), absl::ZeroDuration());
  absl::Time t = kMinute + absl::Seconds(10);
  EXPECT_TRUE(limiter.Admit("k", kSync, t).admitted);
  EXPECT_TRUE(limiter.Admit("k", kSync, t + absl::Seconds(1)).admitted);
  EXPECT_TRUE(limiter.Admit("k", kSync, t + absl::Seconds(2)).admitted);
  EXPECT_FALSE(limiter.Admit("k", kSync, t + absl::Seconds(3)).admitted);
  // Still the same window just before the boundary...
  EXPECT_FALSE(limiter
                   .Admit("k", kSync,
                          kMinute + absl::Seconds(60) - absl::Microseconds(1))
                   .admitted);
  // ...and a fresh one at the boundary: fixed, not sliding.
  EXPECT_TRUE(limiter.Admit("k", kSync, kMinute + absl::Seconds(60)).admitted);
}

TEST(RateLimiterTest, RetryAfterIsTimeUntilTheWindowResets) {
  RateLimiter limiter(LimitsOf("sync=1/1m"), absl::ZeroDuration());
  absl::Time t = kMinute + absl::Milliseconds(20500);
  EXPECT_TRUE(limiter.Admit("k", kSync, t).admitted);
  Admission refused = limiter.Admit("k", kSync, t);
  EXPECT_FALSE(refused.admitted);
  EXPECT_EQ(refused.retry_after, absl::Milliseconds(39500));
  EXPECT_EQ(RetryAfterSeconds(refused.retry_after), 40);  // rounded up
  EXPECT_EQ(RetryAfterSeconds(absl::Seconds(3)), 3);
  EXPECT_EQ(RetryAfterSeconds(absl::Milliseconds(1)), 1);
}

TEST(RateLimiterTest, OffsetShiftsWindowBoundaries) {
  // Windows of one minute starting 15 s past each minute.
  RateLimiter limiter(LimitsOf("sync=1/1m"), absl::Seconds(15));
  EXPECT_TRUE(limiter.Admit("k", kSync, kMinute + absl::Seconds(16)).admitted);
  Admission refused = limiter.Admit("k", kSync, kMinute + absl::Seconds(70));
  EXPECT_FALSE(refused.admitted);  // 16 s and 70 s share [15 s, 75 s)
  EXPECT_EQ(refused.retry_after, absl::Seconds(5));
  EXPECT_TRUE(limiter.Admit("k", kSync, kMinute + absl::Seconds(75)).admitted);
  // Without the offset, 16 s and 70 s would be in different windows.
  RateLimiter aligned(LimitsOf("sync=1/1m"), absl::ZeroDuration());
  EXPECT_TRUE(aligned.Admit("k", kSync, kMinute + absl::Seconds(16)).admitted);
  EXPECT_TRUE(aligned.Admit("k", kSync, kMinute + absl::Seconds(70)).admitted);
}

TEST(RateLimiterTest, NegativeOffsetAndTimesBeforeTheFirstBoundary) {
  RateLimiter limiter(LimitsOf("sync=1/1s"), absl::Milliseconds(-250));
  absl::Time t =
      absl::FromUnixMillis(1700000000000 - 300);  // in [-1.25, -0.25)
  EXPECT_TRUE(limiter.Admit("k", kSync, t).admitted);
  Admission refused = limiter.Admit("k", kSync, t + absl::Milliseconds(40));
  EXPECT_FALSE(refused.admitted);
  EXPECT_EQ(refused.retry_after, absl::Milliseconds(10));
}

TEST(RateLimiterTest, EveryWindowOfTheClassIsChecked) {
  RateLimiter limiter(LimitsOf("sync=5/1s,3/1m"), absl::ZeroDuration());
  absl::Time t = kMinute;
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(limiter.Admit("k", kSync, t + absl::Seconds(i)).admitted);
  }
  // The 1 s window has room, the minute window does not.
  Admission refused = limiter.Admit("k", kSync, t + absl::Seconds(10));
  EXPECT_FALSE(refused.admitted);
  EXPECT_EQ(refused.retry_after, absl::Seconds(50));
}

TEST(RateLimiterTest, RetryAfterIsTheLatestResetOfTheFullWindows) {
  RateLimiter limiter(LimitsOf("sync=1/1s,1/1m"), absl::ZeroDuration());
  absl::Time t = kMinute + absl::Milliseconds(100);
  EXPECT_TRUE(limiter.Admit("k", kSync, t).admitted);
  Admission refused = limiter.Admit("k", kSync, t);
  EXPECT_FALSE(refused.admitted);
  EXPECT_EQ(refused.retry_after, absl::Milliseconds(59900));
}

TEST(RateLimiterTest, RefusedCallsUseNoQuota) {
  RateLimiter limiter(LimitsOf("sync=2/1s,3/1m"), absl::ZeroDuration());
  absl::Time t = kMinute;
  EXPECT_TRUE(limiter.Admit("k", kSync, t).admitted);
  EXPECT_TRUE(limiter.Admit("k", kSync, t).admitted);
  for (int i = 0; i < 10; ++i) {
    EXPECT_FALSE(limiter.Admit("k", kSync, t).admitted);
  }
  // The refusals did not count against the minute window: one call left.
  EXPECT_TRUE(limiter.Admit("k", kSync, t + absl::Seconds(1)).admitted);
  EXPECT_FALSE(limiter.Admit("k", kSync, t + absl::Seconds(2)).admitted);
}

TEST(RateLimiterTest, KeysAndClassesAreCountedApart) {
  RateLimiter limiter(LimitsOf("sync=1/1m;bulk=1/1h"), absl::ZeroDuration());
  EXPECT_TRUE(limiter.Admit("k1", kSync, kMinute).admitted);
  EXPECT_FALSE(limiter.Admit("k1", kSync, kMinute).admitted);
  EXPECT_TRUE(limiter.Admit("k2", kSync, kMinute).admitted);
  EXPECT_TRUE(limiter.Admit("k1", kBulk, kMinute).admitted);
  EXPECT_FALSE(limiter.Admit("k1", kBulk, kMinute).admitted);
}

TEST(RateLimiterTest, ClassWithoutWindowsIsUnlimited) {
  RateLimiter limiter(LimitsOf("sync=1/1m"), absl::ZeroDuration());
  for (int i = 0; i < 100; ++i) {
    EXPECT_TRUE(limiter.Admit("k", kBulk, kMinute).admitted);
  }
}

TEST(RateLimiterTest, ConsumeUsesQuotaOfTheCurrentWindows) {
  RateLimiter limiter(LimitsOf("sync=5/1m"), absl::ZeroDuration());
  limiter.Consume("k", kSync, 4, kMinute);
  EXPECT_TRUE(limiter.Admit("k", kSync, kMinute).admitted);
  EXPECT_FALSE(limiter.Admit("k", kSync, kMinute).admitted);
  // Only the current window: the next one is empty again.
  EXPECT_TRUE(limiter.Admit("k", kSync, kMinute + absl::Minutes(1)).admitted);
}

TEST(RateLimiterTest, StatusReportsCountsAndBounds) {
  RateLimiter limiter(LimitsOf("sync=5/1m,100/1d;bulk=10/1h"),
                      absl::ZeroDuration());
  limiter.Admit("k", kSync, kMinute + absl::Seconds(5));
  limiter.Admit("k", kSync, kMinute + absl::Seconds(6));
  std::vector<WindowStatus> status =
      limiter.Status("k", kMinute + absl::Seconds(30));
  ASSERT_EQ(status.size(), 3u);
  EXPECT_EQ(status[0].call_class, kSync);
  EXPECT_EQ(status[0].spec.limit, 5);
  EXPECT_EQ(status[0].count, 2);
  EXPECT_EQ(status[0].start, kMinute);
  EXPECT_EQ(status[0].end, kMinute + absl::Minutes(1));
  EXPECT_EQ(status[1].count, 2);
  EXPECT_EQ(status[2].call_class, kBulk);
  EXPECT_EQ(status[2].count, 0);
  // A minute later the minute window is empty, the day window is not.
  status = limiter.Status("k", kMinute + absl::Seconds(90));
  EXPECT_EQ(status[0].count, 0);
  EXPECT_EQ(status[1].count, 2);
}

TEST(RateLimiterTest, ConfigureKeepsCountsOfUnchangedLengths) {
  RateLimiter limiter(LimitsOf("sync=10/1m,100/1d"), absl::ZeroDuration());
  for (int i = 0; i < 3; ++i) limiter.Admit("k", kSync, kMinute);
  limiter.Configure(LimitsOf("sync=4/1m,5/1h"), absl::ZeroDuration());
  std::vector<WindowStatus> status = limiter.Status("k", kMinute);
  ASSERT_EQ(status.size(), 2u);
  EXPECT_EQ(status[0].count, 3);  // 1m kept
  EXPECT_EQ(status[1].count, 0);  // 1h is new
  EXPECT_TRUE(limiter.Admit("k", kSync, kMinute).admitted);
  EXPECT_FALSE(limiter.Admit("k", kSync, kMinute).admitted);
  limiter.ResetCounts();
  EXPECT_TRUE(limiter.Admit("k", kSync, kMinute).admitted);
}

}  // namespace
}  // namespace gg::sandbox
