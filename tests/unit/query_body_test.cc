#include "gainsight/query_body.h"

#include "gtest/gtest.h"

namespace gg {
namespace {

TEST(QueryBodyTest, BuildsGainsightsQueryShape) {
  QuerySpec spec;
  spec.select = {"Gsid", "Name"};
  auto* a = spec.filter.add_conditions();
  a->set_field("Arr");
  a->set_operator_(gainsight::v1::OPERATOR_BTW);
  a->add_values()->set_number_value(100);
  a->add_values()->set_number_value(200);
  auto* b = spec.filter.add_conditions();
  b->set_field("Name");
  b->set_operator_(gainsight::v1::OPERATOR_DOES_NOT_CONTAIN);
  b->add_values()->set_string_value("test");
  gainsight::v1::OrderBy first, second;
  first.set_field("Name");
  second.set_field("Arr");
  second.set_direction(gainsight::v1::SORT_DIRECTION_DESCENDING);
  spec.order_by = {first, second};
  spec.limit = 50;
  spec.offset = 100;
  EXPECT_EQ(
      BuildQueryBody(spec).dump(),
      R"({"select":["Gsid","Name"],"where":{"conditions":[)"
      R"({"name":"Arr","alias":"A","value":[100,200],"operator":"BTW"},)"
      R"({"name":"Name","alias":"B","value":["test"],"operator":"DOES_NOT_CONTAINS"}],)"
      R"("expression":"A AND B"},"orderBy":{"Name":"asc","Arr":"desc"},)"
      R"("limit":50,"offset":100})");
}

TEST(QueryBodyTest, EveryOperatorHasAGainsightName) {
  const auto* e = gainsight::v1::Operator_descriptor();
  for (int i = 0; i < e->value_count(); ++i) {
    auto op = static_cast<gainsight::v1::Operator>(e->value(i)->number());
    if (op == gainsight::v1::OPERATOR_UNSPECIFIED) {
      EXPECT_EQ(OperatorName(op), "");
    } else {
      EXPECT_NE(OperatorName(op), "") << e->value(i)->name();
    }
  }
}

TEST(QueryBodyTest, DefaultAliases) {
  EXPECT_EQ(DefaultAlias(0), "A");
  EXPECT_EQ(DefaultAlias(25), "Z");
  EXPECT_EQ(DefaultAlias(26), "AA");
  EXPECT_EQ(DefaultAlias(27), "AB");
}

TEST(QueryBodyTest, RowsComeInEitherDocumentedShape) {
  auto records = ParseQueryRows(Json::parse(R"({"records":[{"Name":"a"}]})"));
  ASSERT_TRUE(records.ok());
  EXPECT_EQ(records->size(), 1u);
  auto array = ParseQueryRows(Json::parse(R"([{"Name":"a"},{"Name":"b"}])"));
  ASSERT_TRUE(array.ok());
  EXPECT_EQ(array->size(), 2u);
  EXPECT_TRUE(ParseQueryRows(Json()).ok());
  EXPECT_FALSE(ParseQueryRows(Json::parse(R"({"rows":[]})")).ok());
}

}  // namespace
}  // namespace gg
