#include "request_fields.h"

#include "gainsight/v1/cta.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace gsctl {
namespace {

namespace gv1 = gainsight::v1;

TEST(RequestFieldsTest, ConditionWithNumberValue) {
  auto c = ParseCondition("Arr:GTE:100000");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->field(), "Arr");
  EXPECT_EQ(c->operator_(), gv1::OPERATOR_GTE);
  ASSERT_EQ(c->values_size(), 1);
  EXPECT_EQ(c->values(0).number_value(), 100000);
}

TEST(RequestFieldsTest, ListOperatorsSplitValuesOthersKeepCommas) {
  auto in = ParseCondition("Status:in:Active,Churn");
  ASSERT_TRUE(in.ok());
  ASSERT_EQ(in->values_size(), 2);
  EXPECT_EQ(in->values(1).string_value(), "Churn");
  auto eq = ParseCondition("Name:EQ:Initech, Inc.");
  ASSERT_TRUE(eq.ok());
  ASSERT_EQ(eq->values_size(), 1);
  EXPECT_EQ(eq->values(0).string_value(), "Initech, Inc.");
}

TEST(RequestFieldsTest, QuotedValueStaysText) {
  auto c = ParseCondition("Zip__gc:EQ:\"02134\"");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->values(0).string_value(), "02134");
}

TEST(RequestFieldsTest, ValueMayHoldColons) {
  auto c = ParseCondition("ModifiedDate:GT:2026-01-01T10:00:00Z");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->values(0).string_value(), "2026-01-01T10:00:00Z");
}

TEST(RequestFieldsTest, NullOperatorsTakeNoValue) {
  auto c = ParseCondition("Csm:IS_NULL");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->operator_(), gv1::OPERATOR_IS_NULL);
  EXPECT_EQ(c->values_size(), 0);
}

TEST(RequestFieldsTest, BadConditions) {
  EXPECT_FALSE(ParseCondition("Arr").ok());
  EXPECT_FALSE(ParseCondition("Arr:ABOUT:1").ok());
  EXPECT_FALSE(ParseCondition(":EQ:1").ok());
}

TEST(RequestFieldsTest, OrderBy) {
  auto asc = ParseOrderBy("Name");
  ASSERT_TRUE(asc.ok());
  EXPECT_EQ(asc->direction(), gv1::SORT_DIRECTION_UNSPECIFIED);
  auto desc = ParseOrderBy("Arr:desc");
  ASSERT_TRUE(desc.ok());
  EXPECT_EQ(desc->direction(), gv1::SORT_DIRECTION_DESCENDING);
  EXPECT_FALSE(ParseOrderBy("Arr:sideways").ok());
}

TEST(RequestFieldsTest, EnumByShortName) {
  gv1::UpdateCtasRequest request;
  ASSERT_TRUE(
      SetEnum(&request, "due_date_cascade", "all-open-tasks", "x").ok());
  EXPECT_EQ(request.due_date_cascade(), gv1::DUE_DATE_CASCADE_ALL_OPEN_TASKS);
  EXPECT_FALSE(SetEnum(&request, "owner_cascade", "everyone", "x").ok());
}

}  // namespace
}  // namespace gsctl
