#include "api/validation.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace gg {
namespace {

using gainsight::v1::Filter;

std::vector<std::string> Fields(const Violations& v) {
  std::vector<std::string> out;
  for (const auto& f : v) out.push_back(f.field);
  return out;
}

gainsight::v1::Condition* Add(Filter& filter, const char* field,
                              gainsight::v1::Operator op, int values) {
  auto* c = filter.add_conditions();
  c->set_field(field);
  c->set_operator_(op);
  for (int i = 0; i < values; ++i) c->add_values()->set_string_value("v");
  return c;
}

TEST(ValidationTest, FieldNames) {
  EXPECT_TRUE(IsFieldApiName("Name"));
  EXPECT_TRUE(IsFieldApiName("Region__gc"));
  EXPECT_FALSE(IsFieldApiName("1Name"));
  EXPECT_FALSE(IsFieldApiName("Na me"));
  EXPECT_FALSE(IsFieldApiName(""));
  EXPECT_TRUE(IsFieldPath("Csm__gr.Email"));
  EXPECT_FALSE(IsFieldPath("Csm__gr..Email"));
}

TEST(ValidationTest, GsidsAreADigitThenUpperCaseLettersAndDigits) {
  EXPECT_TRUE(IsGsid("1P02V9QEJ80HV8XSMYQMNQH6Y22550U5H6TR"));
  EXPECT_TRUE(IsGsid("1I00"));
  EXPECT_TRUE(IsGsid(std::string(64, '1')));
  EXPECT_FALSE(IsGsid(std::string(65, '1')));
  EXPECT_FALSE(IsGsid(""));
  EXPECT_FALSE(IsGsid("Acme")) << "a name";
  EXPECT_FALSE(IsGsid("ACME")) << "no leading digit";
  EXPECT_FALSE(IsGsid("1p02v9qej80hv8xsmyqmnqh6y22550u5h6tr")) << "lower case";
  EXPECT_FALSE(IsGsid("1P02 ABC"));
  EXPECT_FALSE(IsGsid("1P02-ABC"));
}

TEST(ValidationTest, OperatorArity) {
  Filter filter;
  Add(filter, "A1", gainsight::v1::OPERATOR_EQ, 1);
  Add(filter, "A2", gainsight::v1::OPERATOR_BTW, 2);
  Add(filter, "A3", gainsight::v1::OPERATOR_IN, 3);
  Add(filter, "A4", gainsight::v1::OPERATOR_IS_NULL, 0);
  Violations ok;
  CheckFilter(filter, ok);
  EXPECT_TRUE(ok.empty());

  Filter bad;
  Add(bad, "A", gainsight::v1::OPERATOR_EQ, 2);
  Add(bad, "B", gainsight::v1::OPERATOR_BTW, 1);
  Add(bad, "C", gainsight::v1::OPERATOR_IN, 0);
  Add(bad, "D", gainsight::v1::OPERATOR_IS_NOT_NULL, 1);
  Add(bad, "E", gainsight::v1::OPERATOR_UNSPECIFIED, 1);
  Violations v;
  CheckFilter(bad, v);
  EXPECT_THAT(Fields(v),
              ::testing::ElementsAre(
                  "filter.conditions[0].values", "filter.conditions[1].values",
                  "filter.conditions[2].values", "filter.conditions[3].values",
                  "filter.conditions[4].operator"));
}

TEST(ValidationTest, Expressions) {
  Filter filter;
  Add(filter, "Name", gainsight::v1::OPERATOR_EQ, 1);
  Add(filter, "Industry", gainsight::v1::OPERATOR_EQ, 1);
  Add(filter, "Stage", gainsight::v1::OPERATOR_EQ, 1)->set_alias("S1");
  for (const char* good :
       {"A AND B", "A OR (B AND S1)", "((A))", "A OR B OR S1"}) {
    filter.set_expression(good);
    Violations v;
    CheckFilter(filter, v);
    EXPECT_TRUE(v.empty()) << good;
  }
  for (const char* bad :
       {"A AND", "A AND C", "(A OR B", "A B", "A & B", "OR A", "A AND )"}) {
    filter.set_expression(bad);
    Violations v;
    CheckFilter(filter, v);
    EXPECT_THAT(Fields(v), ::testing::ElementsAre("filter.expression")) << bad;
  }
}

TEST(ValidationTest, ExpressionNestingAndLengthAreBounded) {
  Filter filter;
  Add(filter, "Name", gainsight::v1::OPERATOR_EQ, 1);
  auto nested = [](int depth) {
    return std::string(depth, '(') + "A" + std::string(depth, ')');
  };
  auto check = [&](const std::string& expression) {
    filter.set_expression(expression);
    Violations v;
    CheckFilter(filter, v);
    return v;
  };
  const InputLimits& limits = CurrentInputLimits();
  EXPECT_TRUE(check(nested(limits.max_filter_expression_depth)).empty());
  Violations too_deep = check(nested(limits.max_filter_expression_depth + 1));
  ASSERT_THAT(Fields(too_deep), ::testing::ElementsAre("filter.expression"));
  EXPECT_THAT(too_deep[0].description, ::testing::HasSubstr("deep"));

  // A few hundred KB of parentheses once overflowed the stack of a
  // recursive parser; it is now refused by its length, in constant stack.
  Violations huge = check(nested(200000));
  ASSERT_THAT(Fields(huge), ::testing::ElementsAre("filter.expression"));
  EXPECT_THAT(huge[0].description, ::testing::HasSubstr("characters"));

  std::string long_flat = "A";
  while (long_flat.size() <= limits.max_filter_expression_length) {
    long_flat += " OR A";
  }
  EXPECT_THAT(Fields(check(long_flat)),
              ::testing::ElementsAre("filter.expression"));
}

// Restores the default limits when a test that tunes them ends.
class TunedLimits {
 public:
  explicit TunedLimits(const InputLimits& limits) { SetInputLimits(limits); }
  ~TunedLimits() { SetInputLimits(InputLimits{}); }
};

TEST(ValidationTest, ExpressionBoundsFollowTheConfiguredLimits) {
  InputLimits limits;
  limits.max_filter_expression_depth = 2;
  limits.max_filter_expression_length = 10;
  TunedLimits tuned(limits);
  Filter filter;
  Add(filter, "Name", gainsight::v1::OPERATOR_EQ, 1);
  auto check = [&](const std::string& expression) {
    filter.set_expression(expression);
    Violations v;
    CheckFilter(filter, v);
    return v;
  };
  EXPECT_TRUE(check("((A))").empty());
  Violations deep = check("(((A)))");
  ASSERT_THAT(Fields(deep), ::testing::ElementsAre("filter.expression"));
  EXPECT_THAT(deep[0].description, ::testing::HasSubstr("more than 2 deep"));
  Violations long_one = check("A OR A OR A");
  ASSERT_THAT(Fields(long_one), ::testing::ElementsAre("filter.expression"));
  EXPECT_THAT(long_one[0].description, ::testing::HasSubstr("at most 10"));
}

TEST(ValidationTest, LookupPathsHaveAtMostTheConfiguredParts) {
  EXPECT_TRUE(IsFieldPath("A.B.C.D"));
  EXPECT_FALSE(IsFieldPath("A.B.C.D.E"));
  InputLimits limits;
  limits.max_field_path_parts = 2;
  TunedLimits tuned(limits);
  EXPECT_TRUE(IsFieldPath("Csm__gr.Email"));
  EXPECT_FALSE(IsFieldPath("Company__gr.Csm__gr.Email"));
  Violations v;
  CheckFieldPath("Company__gr.Csm__gr.Email", "select[0]", v);
  ASSERT_THAT(Fields(v), ::testing::ElementsAre("select[0]"));
  EXPECT_THAT(v[0].description, ::testing::HasSubstr("at most 2 parts"));
}

google::protobuf::Value NestedList(int depth) {
  google::protobuf::Value value;
  value.set_string_value("leaf");
  for (int i = 0; i < depth; ++i) {
    google::protobuf::Value outer;
    *outer.mutable_list_value()->add_values() = std::move(value);
    value = std::move(outer);
  }
  return value;
}

TEST(ValidationTest, RecordValuesNestAtMostTheConfiguredDepth) {
  const int max = CurrentInputLimits().max_value_depth;
  Violations ok;
  CheckValueDepth(NestedList(max), "companies[0].custom_fields.Tags__gc", ok);
  EXPECT_TRUE(ok.empty());
  Violations deep;
  CheckValueDepth(NestedList(max + 1), "companies[0].custom_fields.Tags__gc",
                  deep);
  ASSERT_THAT(Fields(deep),
              ::testing::ElementsAre("companies[0].custom_fields.Tags__gc"));
  EXPECT_THAT(deep[0].description, ::testing::HasSubstr("deep"));

  // Objects count as well as lists, and custom_fields are checked.
  google::protobuf::Struct fields;
  google::protobuf::Value object;
  (*object.mutable_struct_value()->mutable_fields())["x"] = NestedList(max);
  (*fields.mutable_fields())["Deep__gc"] = object;
  Violations custom;
  CheckCustomFieldNames(fields, "ctas[2]", custom);
  EXPECT_THAT(Fields(custom),
              ::testing::ElementsAre("ctas[2].custom_fields.Deep__gc"));
}

TEST(ValidationTest, ValueDepthIsMeasuredWithoutRecursion) {
  // Deeper than any stack would hold if each level were a C++ frame.
  google::protobuf::Value value = NestedList(100000);
  Violations v;
  CheckValueDepth(value, "records[0].X", v);
  EXPECT_THAT(Fields(v), ::testing::ElementsAre("records[0].X"));
  // Protobuf's own destructor recurses: unwind the list level by level.
  while (value.has_list_value() && value.list_value().values_size() > 0) {
    google::protobuf::Value inner =
        std::move(*value.mutable_list_value()->mutable_values(0));
    value = std::move(inner);
  }
}

TEST(ValidationTest, DuplicateAliasesAndKeys) {
  Filter filter;
  Add(filter, "Name", gainsight::v1::OPERATOR_EQ, 1)->set_alias("X");
  Add(filter, "Name", gainsight::v1::OPERATOR_EQ, 1)->set_alias("X");
  Violations v;
  CheckFilter(filter, v);
  EXPECT_THAT(Fields(v), ::testing::ElementsAre("filter.conditions[1].alias"));

  google::protobuf::RepeatedPtrField<std::string> keys;
  for (const char* k : {"Name", "Name"}) *keys.Add() = k;
  Violations kv;
  CheckKeys(keys, kv);
  EXPECT_THAT(Fields(kv), ::testing::ElementsAre("keys[1]"));
}

TEST(ValidationTest, Dates) {
  google::type::Date date;
  date.set_year(2026);
  date.set_month(2);
  date.set_day(29);  // not a leap year
  Violations v;
  CheckDate(date, "d", v);
  EXPECT_EQ(v.size(), 1u);
  date.set_day(28);
  Violations ok;
  CheckDate(date, "d", ok);
  EXPECT_TRUE(ok.empty());
}

}  // namespace
}  // namespace gg
