// Reading GSIDs out of write answers, and describing unreadable answers by
// their key names only.
#include "gainsight/write_answers.h"

#include <string>

#include "gainsight/answer_shape.h"
#include "gtest/gtest.h"

namespace gg {
namespace {

TEST(WrittenGsidsTest, DocumentedRecordsArrayInOrder) {
  auto gsids = WrittenGsids(
      Json::parse(R"({"count":2,"errors":null,"records":[{"Gsid":"A"},{}]})"),
      2);
  ASSERT_EQ(gsids.size(), 2u);
  EXPECT_EQ(*gsids[0], "A");
  EXPECT_FALSE(gsids[1].has_value());
}

TEST(WrittenGsidsTest, ACountThatDoesNotMatchTellsNothing) {
  EXPECT_TRUE(
      WrittenGsids(Json::parse(R"({"records":[{"Gsid":"A"}]})"), 2).empty());
  EXPECT_TRUE(WrittenGsids(Json(nullptr), 1).empty());
  EXPECT_TRUE(WrittenGsids(Json::parse(R"({"records":null})"), 1).empty());
}

TEST(UpsertedPersonGsidTest, EveryPlausibleShape) {
  for (const char* text : {R"({"Gsid":"P1","Email":"a@b.co"})",
                           R"({"gsid":"P1"})", R"({"records":[{"GSID":"P1"}]})",
                           R"([{"Gsid":"P1"}])", R"({"data":{"Gsid":"P1"}})"}) {
    std::optional<std::string> gsid = UpsertedPersonGsid(Json::parse(text));
    ASSERT_TRUE(gsid.has_value()) << text;
    EXPECT_EQ(*gsid, "P1") << text;
  }
  for (const char* text : {"null", R"({})", R"("Success")", R"({"Gsid":""})",
                           R"({"records":[]})"}) {
    EXPECT_FALSE(UpsertedPersonGsid(Json::parse(text)).has_value()) << text;
  }
}

TEST(AnswerShapeTest, KeyNamesNeverValues) {
  Json data = Json::parse(
      R"({"count":1,"records":[{"Gsid":"SECRET","Name":"Acme"}],"x":"SECRET"})");
  EXPECT_EQ(AnswerShape(data), "{count,records,x}");
  EXPECT_EQ(AnswerShape(data["records"]), "[1]{Gsid,Name}");
  EXPECT_EQ(AnswerShape(Json::parse(R"("SECRET")")), "string");
  EXPECT_EQ(AnswerShape(Json(nullptr)), "null");
  EXPECT_EQ(AnswerShape(Json::parse("[[1,2]]")), "[1][2]");
}

TEST(AnswerShapeTest, Bounded) {
  Json wide = Json::object();
  for (int i = 0; i < kMaxShapeKeys + 5; ++i) {
    wide[std::string(100, static_cast<char>('a' + i % 26)) +
         std::to_string(i)] = i;
  }
  const std::string shape = AnswerShape(wide);
  EXPECT_NE(shape.find(",+5}"), std::string::npos) << shape;
  EXPECT_LT(shape.size(),
            static_cast<size_t>((kMaxShapeKeyLength + 1) * kMaxShapeKeys + 10));
}

}  // namespace
}  // namespace gg
