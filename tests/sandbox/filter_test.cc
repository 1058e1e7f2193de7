#include "sandbox/filter.h"

#include <string>

#include "gtest/gtest.h"
#include "sandbox/builtin_objects.h"
#include "sandbox/error_codes.h"

namespace gg::sandbox {
namespace {

class FilterTest : public ::testing::Test {
 protected:
  FilterTest() : company_(CompanyObject()), row_(company_.fields().size()) {
    Set("Name", std::string("Northwind Traders"));
    Set("Arr", 250000.0);
    Set("Employees", 420.0);
    Set("RenewalDate", int64_t{1740787200000});  // 2025-03-01
    Set("Stage", std::string("Launched"));
    Set("IsStrategic__gc", true);
    // Industry, Region__gc and the others stay null.
  }

  void Set(const char* field, Value value) {
    row_[company_.FieldIndex(field)] = std::move(value);
  }

  // Parses the condition {"name":field,"operator":op,"value":value}.
  Condition Parse(const char* field, const char* op, Json value) {
    Json json = {{"name", field}, {"operator", op}, {"value", value}};
    Condition condition;
    std::optional<ApiError> error = ParseCondition(company_, json, &condition);
    EXPECT_FALSE(error.has_value()) << error->desc;
    return condition;
  }

  bool Holds(const char* field, const char* op, Json value) {
    return Matches(Parse(field, op, std::move(value)), row_);
  }

  std::optional<ApiError> ParseError(Json json) {
    Condition condition;
    return ParseCondition(company_, json, &condition);
  }

  ObjectDef company_;
  Row row_;
};

TEST_F(FilterTest, EqualityOnStringsIsCaseSensitive) {
  EXPECT_TRUE(Holds("Name", "EQ", {"Northwind Traders"}));
  EXPECT_FALSE(Holds("Name", "EQ", {"northwind traders"}));
  EXPECT_FALSE(Holds("Name", "NE", {"Northwind Traders"}));
  EXPECT_TRUE(Holds("Name", "NE", {"Other"}));
}

TEST_F(FilterTest, NumbersCompareAsNumbers) {
  EXPECT_TRUE(Holds("Arr", "EQ", {250000}));
  EXPECT_TRUE(Holds("Arr", "EQ", {250000.0}));
  EXPECT_TRUE(Holds("Arr", "LT", {250001}));
  EXPECT_FALSE(Holds("Arr", "LT", {250000}));
  EXPECT_TRUE(Holds("Arr", "LTE", {250000}));
  EXPECT_TRUE(Holds("Arr", "GT", {99999.5}));
  EXPECT_FALSE(Holds("Arr", "GT", {250000}));
  EXPECT_TRUE(Holds("Arr", "GTE", {250000}));
  EXPECT_FALSE(Holds("Arr", "GTE", {250000.01}));
}

TEST_F(FilterTest, BetweenIsInclusiveAtBothEnds) {
  EXPECT_TRUE(Holds("Employees", "BTW", {420, 500}));
  EXPECT_TRUE(Holds("Employees", "BTW", {1, 420}));
  EXPECT_FALSE(Holds("Employees", "BTW", {421, 500}));
  EXPECT_FALSE(Holds("Employees", "BTW", {1, 419}));
}

TEST_F(FilterTest, DatesCompareAsEpochMillisInAnyAcceptedForm) {
  EXPECT_TRUE(Holds("RenewalDate", "EQ", {"2025-03-01"}));
  EXPECT_TRUE(Holds("RenewalDate", "EQ", {"03-01-2025"}));
  EXPECT_TRUE(Holds("RenewalDate", "EQ", {"2025-03-01T00:00:00Z"}));
  EXPECT_TRUE(Holds("RenewalDate", "GT", {"02-28-2025"}));
  EXPECT_TRUE(Holds("RenewalDate", "BTW", {"01-01-2025", "03-01-2025"}));
  EXPECT_FALSE(Holds("RenewalDate", "LT", {"2025-03-01 00:00:00"}));
}

TEST_F(FilterTest, MembershipOperators) {
  EXPECT_TRUE(Holds("Stage", "IN", {"Kick Off", "Launched"}));
  EXPECT_FALSE(Holds("Stage", "IN", {"Kick Off", "Churn"}));
  EXPECT_TRUE(Holds("Stage", "NOT_IN", {"Kick Off", "Churn"}));
  EXPECT_FALSE(Holds("Stage", "NOT_IN", {"Launched"}));
  EXPECT_TRUE(Holds("Employees", "IN", {1, 420}));
}

TEST_F(FilterTest, IncludesAndExcludesActAsInAndNotInOnSingleValues) {
  EXPECT_TRUE(Holds("Stage", "INCLUDES", {"Launched", "Adopting"}));
  EXPECT_FALSE(Holds("Stage", "INCLUDES", {"Adopting"}));
  EXPECT_TRUE(Holds("Stage", "EXCLUDES", {"Adopting"}));
  EXPECT_FALSE(Holds("Stage", "EXCLUDES", {"Launched"}));
}

TEST_F(FilterTest, TextOperators) {
  EXPECT_TRUE(Holds("Name", "CONTAINS", {"wind Tra"}));
  EXPECT_FALSE(Holds("Name", "CONTAINS", {"WIND"}));
  EXPECT_TRUE(Holds("Name", "DOES_NOT_CONTAINS", {"WIND"}));
  EXPECT_FALSE(Holds("Name", "DOES_NOT_CONTAINS", {"wind"}));
  EXPECT_TRUE(Holds("Name", "STARTS_WITH", {"North"}));
  EXPECT_FALSE(Holds("Name", "STARTS_WITH", {"Traders"}));
  EXPECT_TRUE(Holds("Name", "ENDS_WITH", {"Traders"}));
  EXPECT_FALSE(Holds("Name", "ENDS_WITH", {"North"}));
}

TEST_F(FilterTest, NullChecks) {
  EXPECT_TRUE(Holds("Industry", "IS_NULL", Json::array()));
  EXPECT_FALSE(Holds("Industry", "IS_NOT_NULL", Json::array()));
  EXPECT_FALSE(Holds("Name", "IS_NULL", Json::array()));
  EXPECT_TRUE(Holds("Name", "IS_NOT_NULL", Json::array()));
  // The value may be left out entirely.
  Condition condition;
  EXPECT_FALSE(ParseCondition(company_,
                              {{"name", "Industry"}, {"operator", "IS_NULL"}},
                              &condition)
                   .has_value());
  EXPECT_TRUE(Matches(condition, row_));
}

TEST_F(FilterTest, NullFieldsMatchOnlyNegativeOperators) {
  EXPECT_FALSE(Holds("Industry", "EQ", {"Retail"}));
  EXPECT_TRUE(Holds("Industry", "NE", {"Retail"}));
  EXPECT_FALSE(Holds("Industry", "IN", {"Retail"}));
  EXPECT_TRUE(Holds("Industry", "NOT_IN", {"Retail"}));
  EXPECT_FALSE(Holds("Industry", "CONTAINS", {"R"}));
  EXPECT_TRUE(Holds("Industry", "DOES_NOT_CONTAINS", {"R"}));
  EXPECT_FALSE(Holds("Industry", "STARTS_WITH", {"R"}));
  EXPECT_FALSE(Holds("Industry", "ENDS_WITH", {"R"}));
  EXPECT_FALSE(Holds("HealthScore__gc", "LT", {100}));
  EXPECT_FALSE(Holds("HealthScore__gc", "GTE", {0}));
  EXPECT_FALSE(Holds("HealthScore__gc", "BTW", {0, 100}));
  EXPECT_FALSE(Holds("Industry", "INCLUDES", {"Retail"}));
  EXPECT_TRUE(Holds("Industry", "EXCLUDES", {"Retail"}));
}

TEST_F(FilterTest, BooleansSupportEquality) {
  EXPECT_TRUE(Holds("IsStrategic__gc", "EQ", {true}));
  EXPECT_TRUE(Holds("IsStrategic__gc", "NE", {false}));
}

TEST_F(FilterTest, UnknownFieldIsGsobj1002) {
  auto error =
      ParseError({{"name", "Nope"}, {"operator", "EQ"}, {"value", {1}}});
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->code, codes::kInvalidField);
  EXPECT_EQ(error->http_status, 400);
}

TEST_F(FilterTest, RejectsBadConditions) {
  struct Case {
    const char* what;
    Json json;
    const char* code;
  };
  const Case cases[] = {
      {"unknown operator",
       {{"name", "Name"}, {"operator", "LIKE"}, {"value", {"a"}}},
       codes::kValidation},
      {"lower-case operator",
       {{"name", "Name"}, {"operator", "eq"}, {"value", {"a"}}},
       codes::kValidation},
      {"value not an array",
       {{"name", "Name"}, {"operator", "EQ"}, {"value", "a"}},
       codes::kValidation},
      {"EQ with two values",
       {{"name", "Name"}, {"operator", "EQ"}, {"value", {"a", "b"}}},
       codes::kValidation},
      {"BTW with one value",
       {{"name", "Arr"}, {"operator", "BTW"}, {"value", {1}}},
       codes::kValidation},
      {"IN with no value",
       {{"name", "Arr"}, {"operator", "IN"}, {"value", Json::array()}},
       codes::kValidation},
      {"string for a number",
       {{"name", "Arr"}, {"operator", "EQ"}, {"value", {"1"}}},
       codes::kInvalidField},
      {"bad date",
       {{"name", "RenewalDate"}, {"operator", "EQ"}, {"value", {"tomorrow"}}},
       codes::kInvalidDate},
      {"bad date-time",
       {{"name", "CreatedDate"}, {"operator", "GT"}, {"value", {"soon"}}},
       codes::kInvalidDateTime},
      {"null operand",
       {{"name", "Name"}, {"operator", "EQ"}, {"value", {nullptr}}},
       codes::kValidation},
      {"CONTAINS on a number",
       {{"name", "Arr"}, {"operator", "CONTAINS"}, {"value", {1}}},
       codes::kValidation},
      {"LT on a boolean",
       {{"name", "IsStrategic__gc"}, {"operator", "LT"}, {"value", {true}}},
       codes::kValidation},
      {"not an object", Json::array(), codes::kValidation},
  };
  for (const Case& c : cases) {
    auto error = ParseError(c.json);
    ASSERT_TRUE(error.has_value()) << c.what;
    EXPECT_EQ(error->code, c.code) << c.what;
  }
}

TEST(OperatorTest, ParsesEveryDocumentedName) {
  for (const char* name :
       {"EQ", "NE", "LT", "LTE", "GT", "GTE", "BTW", "IN", "NOT_IN", "CONTAINS",
        "DOES_NOT_CONTAINS", "STARTS_WITH", "ENDS_WITH", "IS_NULL",
        "IS_NOT_NULL", "INCLUDES", "EXCLUDES"}) {
    EXPECT_TRUE(ParseOperator(name).has_value()) << name;
  }
  EXPECT_FALSE(ParseOperator("NOT_CONTAINS").has_value());
}

}  // namespace
}  // namespace gg::sandbox
