// RecentWrites: totals over the last ten minutes, bucket reuse, and the
// period reported before ten minutes have passed.
#include "observe/recent_writes.h"

#include "gtest/gtest.h"

namespace gg {
namespace {

const absl::Time kStart = absl::FromUnixSeconds(1'800'000'000);

TEST(RecentWritesTest, SumsTheCallsAndRecordsOfTheLastTenMinutes) {
  RecentWrites recent(kStart);
  recent.Add(50, kStart);
  recent.Add(10, kStart + absl::Seconds(5));
  recent.Add(40, kStart + absl::Minutes(9));
  RecentWrites::Totals totals = recent.Get(kStart + absl::Minutes(9));
  EXPECT_EQ(totals.calls, 3);
  EXPECT_EQ(totals.records, 100);
  EXPECT_EQ(totals.period, absl::Minutes(9));
}

TEST(RecentWritesTest, CallsOlderThanTenMinutesDropOut) {
  RecentWrites recent(kStart);
  recent.Add(50, kStart);
  recent.Add(20, kStart + absl::Minutes(5));
  RecentWrites::Totals totals = recent.Get(kStart + absl::Minutes(11));
  EXPECT_EQ(totals.calls, 1);
  EXPECT_EQ(totals.records, 20);
  EXPECT_EQ(totals.period, absl::Minutes(10));
  // A bucket reused ten minutes later counts only its new calls.
  recent.Add(7, kStart + absl::Minutes(10));
  totals = recent.Get(kStart + absl::Minutes(10));
  EXPECT_EQ(totals.calls, 2);
  EXPECT_EQ(totals.records, 27);
}

TEST(RecentWritesTest, NothingYetIsZero) {
  RecentWrites recent(kStart);
  RecentWrites::Totals totals = recent.Get(kStart + absl::Seconds(30));
  EXPECT_EQ(totals.calls, 0);
  EXPECT_EQ(totals.records, 0);
}

}  // namespace
}  // namespace gg
