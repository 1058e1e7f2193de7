#include "jobs/csv_encoder.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace gg {
namespace {

google::protobuf::Value Number(double d) {
  google::protobuf::Value v;
  v.set_number_value(d);
  return v;
}

TEST(CsvEncoderTest, QuotesCommasQuotesAndLineBreaksOnly) {
  std::string out;
  AppendCsvLine({"plain", "a,b", "say \"hi\"", "two\nlines", "cr\r", "", "é"},
                out);
  EXPECT_EQ(out,
            "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\",,é\r\n");
}

TEST(CsvEncoderTest, CellsOfRecordValues) {
  google::protobuf::Value text;
  text.set_string_value("x,y");
  EXPECT_EQ(*CsvCellOf(text), "x,y");
  EXPECT_EQ(*CsvCellOf(Number(42)), "42");
  EXPECT_EQ(*CsvCellOf(Number(-3)), "-3");
  EXPECT_EQ(*CsvCellOf(Number(7.5)), "7.5");
  EXPECT_EQ(*CsvCellOf(Number(0.1)), "0.10000000000000001");
  google::protobuf::Value flag;
  flag.set_bool_value(true);
  EXPECT_EQ(*CsvCellOf(flag), "true");
  google::protobuf::Value null;
  null.set_null_value(google::protobuf::NULL_VALUE);
  EXPECT_EQ(*CsvCellOf(null), "");
  google::protobuf::Value list;
  list.mutable_list_value();
  EXPECT_EQ(CsvCellOf(list).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(CsvEncoderTest, CountsTheCellsParseWouldGive) {
  for (const std::string record :
       {"a", "", ",", "a,b,c", "\"a,b\",c", "\"a\"\"b,\",c", "a\"b,c",
        "\"\"\",\"", "\"open,never,closed", ",,\"\",", "x,\"y\nz\""}) {
    EXPECT_EQ(CountCsvCells(record), ParseCsvRecord(record).size()) << record;
  }
  EXPECT_EQ(CountCsvCells("\"a,b\",c"), 2u);
  EXPECT_EQ(CountCsvCells("a,,"), 3u);
}

TEST(CsvRecordSplitterTest, SplitsRecordsOutsideQuotesWhateverThePieces) {
  const std::string csv = "a,\"b\nc\"\r\n\"d\"\"\",e\n\nlast";
  for (size_t piece = 1; piece <= csv.size(); ++piece) {
    CsvRecordSplitter splitter;
    std::vector<std::string> records;
    auto emit = [&](const std::string& r) { records.push_back(r); };
    for (size_t at = 0; at < csv.size(); at += piece) {
      splitter.Feed(absl::string_view(csv).substr(at, piece), emit);
    }
    ASSERT_TRUE(splitter.Finish(emit));
    EXPECT_EQ(records,
              (std::vector<std::string>{"a,\"b\nc\"", "\"d\"\"\",e", "last"}))
        << "piece " << piece;
  }
  CsvRecordSplitter open;
  open.Feed("\"never closed\n", [](const std::string&) {});
  EXPECT_FALSE(open.Finish([](const std::string&) {}));
}

TEST(CsvRecordSplitterTest, ARecordPastTheBoundStopsTheSplitter) {
  CsvRecordSplitter splitter(/*max_record_bytes=*/16);
  std::vector<std::string> records;
  auto take = [&](const std::string& r) { records.push_back(r); };
  splitter.Feed("short,row\r\n", take);
  EXPECT_FALSE(splitter.overflowed());
  // An open quote swallows the rest of the stream into one record.
  splitter.Feed("\"never closed", take);
  EXPECT_FALSE(splitter.overflowed());
  splitter.Feed(std::string(1 << 20, 'x'), take);
  EXPECT_TRUE(splitter.overflowed());
  splitter.Feed("\"\r\nlater,row\r\n", take);  // ignored from now on
  EXPECT_FALSE(splitter.Finish(take));
  EXPECT_EQ(records, std::vector<std::string>{"short,row"});
}

TEST(CsvRecordSplitterTest, ARecordOfExactlyTheBoundPasses) {
  CsvRecordSplitter splitter(/*max_record_bytes=*/4);
  std::vector<std::string> records;
  auto take = [&](const std::string& r) { records.push_back(r); };
  splitter.Feed("abcd\nabcde\n", take);
  EXPECT_TRUE(splitter.overflowed());
  EXPECT_EQ(records, std::vector<std::string>{"abcd"});
}

TEST(CsvRecordSplitterTest, NamesTheLineWhereAnUnclosedQuoteOpens) {
  CsvRecordSplitter splitter(/*max_record_bytes=*/1 << 20);
  auto ignore = [](const std::string&) {};
  // Line 3 holds a quoted line break that closes; line 5 opens one that
  // never does.
  splitter.Feed("Name,Note\r\nA,ok\r\nB,\"two\nlines\"\r\nC,", ignore);
  splitter.Feed("fine\r\nD,\"oops\r\nE,x\r\n", ignore);
  EXPECT_FALSE(splitter.Finish(ignore));
  EXPECT_EQ(splitter.open_quote_line(), 6);
}

}  // namespace
}  // namespace gg
