// Every shape a Cockpit write answer may take, read into per-record outcomes.
#include "gainsight/cockpit_answer.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace gg {
namespace {

TEST(CockpitAnswerTest, ReadsSuccessAndFailureKeyedByReferenceId) {
  CockpitAnswer a = ReadCockpitAnswer(Json::parse(R"js({
    "success": [{"0": "1S01AAA"}, {"2": "1S01CCC"}],
    "failure": [{"1": "GSOBJ_1011: No entity matches (CompanyId)"}]})js"));
  EXPECT_FALSE(a.unreadable);
  ASSERT_EQ(a.records.size(), 3u);
  EXPECT_TRUE(a.records["0"].success);
  EXPECT_EQ(a.records["0"].gsid, "1S01AAA");
  EXPECT_EQ(a.records["2"].gsid, "1S01CCC");
  EXPECT_FALSE(a.records["1"].success);
  EXPECT_EQ(a.records["1"].error_code, "GSOBJ_1011");
  EXPECT_EQ(a.records["1"].error_text, "No entity matches (CompanyId)");
}

TEST(CockpitAnswerTest, ReadsSidesGivenAsObjectsOrEntries) {
  CockpitAnswer a = ReadCockpitAnswer(Json::parse(R"js({
    "success": {"0": "1S01AAA", "3": {"Gsid": "1S01DDD"}},
    "failure": [{"referenceId": "1", "errorCode": "COCKPIT_9700",
                 "errorMessage": "Name is mandatory", "fieldName": "Name"},
                {"2": {"errorCode": "GSOBJ_1006", "errorDesc": "bad date"}}]})js"));
  EXPECT_FALSE(a.unreadable);
  EXPECT_EQ(a.records["0"].gsid, "1S01AAA");
  EXPECT_EQ(a.records["3"].gsid, "1S01DDD");
  EXPECT_FALSE(a.records["1"].success);
  EXPECT_EQ(a.records["1"].field_name, "Name");
  EXPECT_EQ(a.records["1"].error_code, "COCKPIT_9700");
  EXPECT_EQ(a.records["2"].error_code, "GSOBJ_1006");
  EXPECT_EQ(a.records["2"].error_text, "bad date");
}

TEST(CockpitAnswerTest, ReadsThePerRecordArrayAndRecordsShapes) {
  for (
      const char* text : {
          R"js([{"referenceId": "0", "success": true, "Gsid": "G0"},
               {"referenceId": "1", "success": false, "fieldName": "DueDate",
                "errorCode": "GSOBJ_1006", "errorDesc": "Invalid date"}])js",
          R"js({"records": [{"referenceId": "0", "success": true, "gsid": "G0"},
               {"referenceId": "1", "success": false, "errors": [
                 {"fieldName": "DueDate", "errorCode": "GSOBJ_1006",
                  "errorMessage": "Invalid date"}]}]})js"}) {
    CockpitAnswer a = ReadCockpitAnswer(Json::parse(text));
    EXPECT_FALSE(a.unreadable) << text;
    EXPECT_TRUE(a.records["0"].success) << text;
    EXPECT_EQ(a.records["0"].gsid, "G0") << text;
    EXPECT_FALSE(a.records["1"].success) << text;
    EXPECT_EQ(a.records["1"].field_name, "DueDate") << text;
    EXPECT_EQ(a.records["1"].error_code, "GSOBJ_1006") << text;
    EXPECT_EQ(a.records["1"].error_text, "Invalid date") << text;
  }
}

TEST(CockpitAnswerTest, UnknownShapesAreUnreadableAndNameOnlyKeys) {
  for (const char* text : {R"js({})js", R"js("done")js", R"js(null)js",
                           R"js({"created": 3, "secret": "value"})js"}) {
    CockpitAnswer a = ReadCockpitAnswer(Json::parse(text));
    EXPECT_TRUE(a.unreadable) << text;
    EXPECT_TRUE(a.records.empty()) << text;
    EXPECT_EQ(a.shape.find("value"), std::string::npos)
        << "the shape names keys, never values: " << a.shape;
  }
  EXPECT_EQ(ReadCockpitAnswer(Json::parse(R"js({"created": 3})js")).shape,
            "data{created}");
}

TEST(CockpitAnswerTest, EntriesItCannotReadAreNotReportedOn) {
  CockpitAnswer a = ReadCockpitAnswer(Json::parse(
      R"js([{"referenceId": "0", "Gsid": "G0"}, {"odd": 1}, 7])js"));
  EXPECT_FALSE(a.unreadable);
  ASSERT_EQ(a.records.size(), 1u);
  EXPECT_TRUE(a.records["0"].success) << "a Gsid without errors is a success";
}

TEST(CockpitAnswerTest, ReadsAtMostTheBound) {
  Json success = Json::object();
  for (int i = 0; i < 5000; ++i) success[std::to_string(i)] = "G";
  CockpitAnswer a = ReadCockpitAnswer(Json{{"success", success}}, 100);
  EXPECT_EQ(a.records.size(), 100u);
}

TEST(CockpitAnswerTest, SplitsCodeFromText) {
  std::string code, text;
  SplitCodeAndText("GSOBJ_1011: No entity matches", &code, &text);
  EXPECT_EQ(code, "GSOBJ_1011");
  EXPECT_EQ(text, "No entity matches");
  SplitCodeAndText("Time: 10:30 is late", &code, &text);
  EXPECT_EQ(code, "");
  EXPECT_EQ(text, "Time: 10:30 is late");
  SplitCodeAndText("COCKPIT_6007", &code, &text);
  EXPECT_EQ(code, "COCKPIT_6007");
  EXPECT_EQ(text, "");
}

TEST(CockpitAnswerTest, WriteBodyWrapsRecordsWithTheirReferenceIds) {
  Json body =
      CockpitWriteBody({{"0", {{"Name", "A"}}}, {"7", {{"Name", "B"}}}});
  EXPECT_EQ(body, Json::parse(R"js({"requests": [
      {"record": {"Name": "A", "referenceId": "0"}},
      {"record": {"Name": "B", "referenceId": "7"}}]})js"));
}

}  // namespace
}  // namespace gg
