#include "sandbox/datetime.h"

#include "gtest/gtest.h"

namespace gg::sandbox {
namespace {

constexpr int64_t kMar1st2025 = 1740787200000;  // 2025-03-01T00:00:00Z

TEST(ParseDateTest, AcceptsIsoAndUsForms) {
  EXPECT_EQ(ParseDate("2025-03-01"), kMar1st2025);
  EXPECT_EQ(ParseDate("03-01-2025"), kMar1st2025);
  EXPECT_EQ(ParseDate("1970-01-01"), 0);
  EXPECT_EQ(ParseDate("03-22-2018"), 1521676800000);
}

TEST(ParseDateTest, AcceptsLeapDayOnlyInLeapYears) {
  EXPECT_TRUE(ParseDate("2024-02-29").has_value());
  EXPECT_FALSE(ParseDate("2023-02-29").has_value());
}

TEST(ParseDateTest, RejectsEverythingElse) {
  for (const char* text :
       {"", "2025-3-1", "2025/03/01", "2025-02-30", "2025-13-01", "2025-00-10",
        "13-01-2025", "2025-03-01T00:00:00Z", "2025-03-01 ", " 2025-03-01",
        "20250301", "01-03-25", "2025-03-01x"}) {
    EXPECT_FALSE(ParseDate(text).has_value()) << text;
  }
}

TEST(ParseDateTimeTest, AcceptsRfc3339AndSpaceForms) {
  EXPECT_EQ(ParseDateTime("2025-03-01T00:00:00Z"), kMar1st2025);
  EXPECT_EQ(ParseDateTime("2025-03-01T00:00:00"), kMar1st2025);  // UTC
  EXPECT_EQ(ParseDateTime("2025-03-01 00:00:00"), kMar1st2025);
  EXPECT_EQ(ParseDateTime("2025-03-01t00:00:00z"), kMar1st2025);
  EXPECT_EQ(ParseDateTime("2025-03-01T12:34:56Z"),
            kMar1st2025 + ((12 * 60 + 34) * 60 + 56) * 1000);
}

TEST(ParseDateTimeTest, AppliesZoneOffsets) {
  constexpr int64_t kHour = 3600 * 1000;
  EXPECT_EQ(ParseDateTime("2025-03-01T02:00:00+02:00"), kMar1st2025);
  EXPECT_EQ(ParseDateTime("2025-03-01T02:00:00+0200"), kMar1st2025);
  EXPECT_EQ(ParseDateTime("2025-02-28T22:30:00-01:30"), kMar1st2025);
  EXPECT_EQ(ParseDateTime("2025-03-01T00:00:00+00:00"), kMar1st2025);
  EXPECT_EQ(ParseDateTime("2025-03-01T00:00:00-05:00"),
            kMar1st2025 + 5 * kHour);
}

TEST(ParseDateTimeTest, TruncatesFractionsToMilliseconds) {
  EXPECT_EQ(ParseDateTime("2025-03-01T00:00:00.5Z"), kMar1st2025 + 500);
  EXPECT_EQ(ParseDateTime("2025-03-01T00:00:00.123Z"), kMar1st2025 + 123);
  EXPECT_EQ(ParseDateTime("2025-03-01T00:00:00.123456789+0000"),
            kMar1st2025 + 123);
}

TEST(ParseDateTimeTest, RejectsEverythingElse) {
  for (const char* text :
       {"", "2025-03-01", "03-01-2025 00:00:00", "2025-03-01T24:00:00Z",
        "2025-03-01T23:60:00Z", "2025-03-01T23:59:60Z", "2025-02-30T00:00:00Z",
        "2025-03-01T00:00Z", "2025-03-01T00:00:00.Z",
        "2025-03-01T00:00:00.1234567890Z", "2025-03-01T00:00:00+2",
        "2025-03-01T00:00:00+24:00", "2025-03-01T00:00:00 Z",
        "2025-03-01X00:00:00", "2025-03-01T00:00:00Zjunk"}) {
    EXPECT_FALSE(ParseDateTime(text).has_value()) << text;
  }
}

}  // namespace
}  // namespace gg::sandbox
