#include "csv.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace gsctl {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(CsvTest, PlainFieldsAndLines) {
  auto rows = ParseCsv("a,b,c\n1,2,3\n");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_THAT(*rows, ElementsAre(ElementsAre("a", "b", "c"),
                                 ElementsAre("1", "2", "3")));
}

TEST(CsvTest, LastLineWithoutLineBreakAndCrlf) {
  auto rows = ParseCsv("a,b\r\n1,2");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_THAT(*rows, ElementsAre(ElementsAre("a", "b"), ElementsAre("1", "2")));
}

TEST(CsvTest, QuotedFieldsHoldCommasQuotesAndLineBreaks) {
  auto rows = ParseCsv(
      "name,note\n\"Initech, Inc.\",\"say \"\"hi\"\"\"\n\"two\nlines\",x\n");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_THAT(*rows, ElementsAre(ElementsAre("name", "note"),
                                 ElementsAre("Initech, Inc.", "say \"hi\""),
                                 ElementsAre("two\nlines", "x")));
}

TEST(CsvTest, EmptyFieldsAndEmptyQuotedField) {
  auto rows = ParseCsv("a,,\"\"\n,,\n");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_THAT(*rows,
              ElementsAre(ElementsAre("a", "", ""), ElementsAre("", "", "")));
}

TEST(CsvTest, UnclosedQuoteIsAnError) {
  auto rows = ParseCsv("a\n\"open,\n");
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(rows.status().message(),
              HasSubstr("line 2: a quoted field opens here and is never "
                        "closed"));
}

TEST(CsvTest, QuoteInsideUnquotedFieldIsAnError) {
  auto rows = ParseCsv("a\nab\"c\n");
  ASSERT_FALSE(rows.ok());
  EXPECT_THAT(rows.status().message(), HasSubstr("line 2"));
}

TEST(CsvTest, TextAfterClosingQuoteIsAnError) {
  EXPECT_FALSE(ParseCsv("\"a\"b,c\n").ok());
}

TEST(CsvTest, EmptyInputHasNoRows) {
  auto rows = ParseCsv("");
  ASSERT_TRUE(rows.ok());
  EXPECT_TRUE(rows->empty());
}

}  // namespace
}  // namespace gsctl
