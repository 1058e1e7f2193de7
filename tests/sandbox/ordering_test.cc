#include "sandbox/ordering.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "sandbox/builtin_objects.h"
#include "sandbox/error_codes.h"

namespace gg::sandbox {
namespace {

class OrderingTest : public ::testing::Test {
 protected:
  OrderingTest() : company_(CompanyObject()) {}

  // Adds a row named `name` with the given Industry and Employees (null when
  // empty / negative).
  void Add(const std::string& name, const std::string& industry,
           double employees) {
    Row row(company_.fields().size());
    row[company_.FieldIndex("Name")] = name;
    if (!industry.empty()) row[company_.FieldIndex("Industry")] = industry;
    if (employees >= 0) row[company_.FieldIndex("Employees")] = employees;
    rows_.push_back(std::move(row));
  }

  std::vector<std::string> Sorted(const Json& order_by) {
    std::vector<SortKey> keys;
    std::optional<ApiError> error = ParseOrderBy(company_, order_by, &keys);
    EXPECT_FALSE(error.has_value()) << error->desc;
    std::vector<const Row*> rows;
    for (const Row& row : rows_) rows.push_back(&row);
    SortRows(keys, &rows);
    std::vector<std::string> names;
    int name = company_.FieldIndex("Name");
    for (const Row* row : rows)
      names.push_back(std::get<std::string>((*row)[name]));
    return names;
  }

  ObjectDef company_;
  std::vector<Row> rows_;
};

using Names = std::vector<std::string>;

TEST_F(OrderingTest, AscendingAndDescending) {
  Add("b", "", 2);
  Add("c", "", 3);
  Add("a", "", 1);
  EXPECT_EQ(Sorted({{"Employees", "asc"}}), (Names{"a", "b", "c"}));
  EXPECT_EQ(Sorted({{"Employees", "desc"}}), (Names{"c", "b", "a"}));
  EXPECT_EQ(Sorted({{"Name", "DESC"}}), (Names{"c", "b", "a"}));
}

TEST_F(OrderingTest, NullsLastInBothDirections) {
  Add("null1", "", -1);
  Add("two", "", 2);
  Add("null2", "", -1);
  Add("one", "", 1);
  EXPECT_EQ(Sorted({{"Employees", "asc"}}),
            (Names{"one", "two", "null1", "null2"}));
  EXPECT_EQ(Sorted({{"Employees", "desc"}}),
            (Names{"two", "one", "null1", "null2"}));
}

TEST_F(OrderingTest, KeyOrderIsPriority) {
  Add("r1", "Retail", 1);
  Add("b2", "Banking", 2);
  Add("r2", "Retail", 2);
  Add("b1", "Banking", 1);
  Json industry_first = Json::object();
  industry_first["Industry"] = "asc";
  industry_first["Employees"] = "desc";
  EXPECT_EQ(Sorted(industry_first), (Names{"b2", "b1", "r2", "r1"}));
  Json employees_first = Json::object();
  employees_first["Employees"] = "desc";
  employees_first["Industry"] = "asc";
  EXPECT_EQ(Sorted(employees_first), (Names{"b2", "r2", "b1", "r1"}));
}

TEST_F(OrderingTest, StableForEqualKeys) {
  Add("first", "Same", 1);
  Add("second", "Same", 1);
  Add("third", "Same", 1);
  EXPECT_EQ(Sorted({{"Industry", "desc"}}),
            (Names{"first", "second", "third"}));
  EXPECT_EQ(Sorted(Json::object()), (Names{"first", "second", "third"}));
}

TEST_F(OrderingTest, RejectsBadOrderBy) {
  std::vector<SortKey> keys;
  auto error = ParseOrderBy(company_, {{"Nope", "asc"}}, &keys);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->code, codes::kInvalidField);
  error = ParseOrderBy(company_, {{"Name", "up"}}, &keys);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->code, codes::kValidation);
  error = ParseOrderBy(company_, {{"Name", 1}}, &keys);
  ASSERT_TRUE(error.has_value());
  error = ParseOrderBy(company_, Json::array({"Name"}), &keys);
  ASSERT_TRUE(error.has_value());
}

}  // namespace
}  // namespace gg::sandbox
