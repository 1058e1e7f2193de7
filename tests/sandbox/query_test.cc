#include "sandbox/query.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "sandbox/builtin_objects.h"
#include "sandbox/error_codes.h"

namespace gg::sandbox {
namespace {

class QueryTest : public ::testing::Test {
 protected:
  QueryTest() : company_(CompanyObject()) {
    // name, Arr, Stage
    Add("a", 10, "Launched");
    Add("b", 20, "");
    Add("c", 30, "Adopting");
    Add("d", 40, "Launched");
    Add("e", 50, "Churn");
  }

  void Add(const std::string& name, double arr, const std::string& stage) {
    Row row(company_.fields().size());
    row[company_.FieldIndex("Name")] = name;
    row[company_.FieldIndex("Arr")] = arr;
    row[company_.FieldIndex("RenewalDate")] = int64_t{1740787200000};
    if (!stage.empty()) row[company_.FieldIndex("Stage")] = stage;
    rows_.push_back(std::move(row));
  }

  Json Run(const Json& body) {
    QueryPlan plan;
    std::optional<ApiError> error = ParseQuery(company_, body, &plan);
    EXPECT_FALSE(error.has_value()) << error->desc;
    std::vector<const Row*> rows;
    for (const Row& row : rows_) rows.push_back(&row);
    return RunQuery(company_, plan, rows);
  }

  std::vector<std::string> NamesOf(const Json& body) {
    std::vector<std::string> names;
    for (const Json& row : Run(body)) names.push_back(row["Name"]);
    return names;
  }

  std::optional<ApiError> Error(const Json& body) {
    QueryPlan plan;
    return ParseQuery(company_, body, &plan);
  }

  ObjectDef company_;
  std::vector<Row> rows_;
};

using Names = std::vector<std::string>;

TEST_F(QueryTest, WithoutWhereReturnsAllRowsInInsertionOrder) {
  EXPECT_EQ(NamesOf({{"select", {"Name"}}}), (Names{"a", "b", "c", "d", "e"}));
}

TEST_F(QueryTest, RowsHoldExactlyTheSelectedKeysInSelectOrder) {
  Json rows =
      Run({{"select", {"RenewalDate", "Stage", "Name", "Arr", "Industry"}},
           {"limit", 2}});
  ASSERT_EQ(rows.size(), 2u);
  // A picklist reads back as its item's GSID.
  const ObjectDef company = CompanyObject();
  const std::string launched =
      PicklistItemGsid(company.field(company.FieldIndex("Stage")), "Launched");
  EXPECT_EQ(rows[0].dump(),
            absl::StrCat(R"({"RenewalDate":1740787200000,"Stage":")", launched,
                         R"(","Name":"a","Arr":10,"Industry":null})"));
  EXPECT_TRUE(rows[1]["Stage"].is_null());
}

TEST_F(QueryTest, ConditionsWithoutExpressionAreAnded) {
  Json body = {
      {"select", {"Name"}},
      {"where",
       {{"conditions",
         {{{"name", "Arr"}, {"operator", "GT"}, {"value", {15}}},
          {{"name", "Stage"}, {"operator", "EQ"}, {"value", {"Launched"}}}}}}}};
  EXPECT_EQ(NamesOf(body), (Names{"d"}));
}

TEST_F(QueryTest, ExpressionCombinesAliases) {
  Json body = {{"select", {"Name"}},
               {"where",
                {{"conditions",
                  {{{"name", "Arr"},
                    {"alias", "A"},
                    {"operator", "LT"},
                    {"value", {15}}},
                   {{"name", "Arr"},
                    {"alias", "B"},
                    {"operator", "GT"},
                    {"value", {45}}},
                   {{"name", "Stage"},
                    {"alias", "C"},
                    {"operator", "IS_NULL"},
                    {"value", Json::array()}}}},
                 {"expression", "(A OR B) OR C"}}}};
  EXPECT_EQ(NamesOf(body), (Names{"a", "b", "e"}));
}

TEST_F(QueryTest, OrdersThenPages) {
  Json order = Json::object();
  order["Arr"] = "desc";
  EXPECT_EQ(NamesOf({{"select", {"Name"}},
                     {"orderBy", order},
                     {"limit", 2},
                     {"offset", 1}}),
            (Names{"d", "c"}));
  EXPECT_EQ(NamesOf({{"select", {"Name"}}, {"offset", 4}}), (Names{"e"}));
  EXPECT_TRUE(NamesOf({{"select", {"Name"}}, {"offset", 5}}).empty());
  EXPECT_TRUE(NamesOf({{"select", {"Name"}}, {"offset", 9223372036854775807LL}})
                  .empty());
}

TEST_F(QueryTest, DefaultLimitIsOneHundred) {
  for (int i = 0; i < 200; ++i) Add("x", 1, "");
  EXPECT_EQ(Run({{"select", {"Name"}}}).size(), 100u);
  EXPECT_EQ(Run({{"select", {"Name"}}, {"limit", 5000}}).size(), 205u);
}

TEST_F(QueryTest, RejectsBadBodies) {
  struct Case {
    const char* what;
    Json body;
    const char* code;
  };
  const Case cases[] = {
      {"no select", {{"limit", 1}}, codes::kSelectRequired},
      {"empty select", {{"select", Json::array()}}, codes::kSelectRequired},
      {"select not strings", {{"select", {1}}}, codes::kSelectRequired},
      {"unknown select field",
       {{"select", {"Name", "Nope"}}},
       codes::kInvalidField},
      {"lookup path (not emulated)",
       {{"select", {"Csm__gr.Email"}}},
       codes::kInvalidField},
      {"limit above 5000",
       {{"select", {"Name"}}, {"limit", 5001}},
       codes::kValidation},
      {"limit zero", {{"select", {"Name"}}, {"limit", 0}}, codes::kValidation},
      {"limit not integer",
       {{"select", {"Name"}}, {"limit", 1.5}},
       codes::kValidation},
      {"negative offset",
       {{"select", {"Name"}}, {"offset", -1}},
       codes::kValidation},
      {"unknown where field",
       {{"select", {"Name"}},
        {"where",
         {{"conditions",
           {{{"name", "Nope"}, {"operator", "EQ"}, {"value", {1}}}}}}}},
       codes::kInvalidField},
      {"unknown orderBy field",
       {{"select", {"Name"}}, {"orderBy", {{"Nope", "asc"}}}},
       codes::kInvalidField},
      {"unknown alias",
       {{"select", {"Name"}},
        {"where",
         {{"conditions",
           {{{"name", "Arr"},
             {"alias", "A"},
             {"operator", "EQ"},
             {"value", {1}}}}},
          {"expression", "A OR B"}}}},
       codes::kValidation},
      {"expression with alias-less condition",
       {{"select", {"Name"}},
        {"where",
         {{"conditions",
           {{{"name", "Arr"}, {"operator", "EQ"}, {"value", {1}}}}},
          {"expression", "A"}}}},
       codes::kValidation},
      {"duplicate alias",
       {{"select", {"Name"}},
        {"where",
         {{"conditions",
           {{{"name", "Arr"},
             {"alias", "A"},
             {"operator", "EQ"},
             {"value", {1}}},
            {{"name", "Arr"},
             {"alias", "A"},
             {"operator", "EQ"},
             {"value", {2}}}}},
          {"expression", "A"}}}},
       codes::kValidation},
      {"where not an object",
       {{"select", {"Name"}}, {"where", "Arr > 1"}},
       codes::kValidation},
      {"body not an object", Json::array(), codes::kValidation},
  };
  for (const Case& c : cases) {
    std::optional<ApiError> error = Error(c.body);
    ASSERT_TRUE(error.has_value()) << c.what;
    EXPECT_EQ(error->code, c.code) << c.what;
    EXPECT_EQ(error->http_status, 400) << c.what;
  }
}

}  // namespace
}  // namespace gg::sandbox
