#include "sandbox/expression.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace gg::sandbox {
namespace {

const absl::flat_hash_map<std::string, int>& Aliases() {
  static const auto* const kAliases = new absl::flat_hash_map<std::string, int>{
      {"A", 0}, {"B", 1}, {"C", 2}, {"D", 3}, {"A1", 4}};
  return *kAliases;
}

// Evaluates `text` with condition i holding when bit i of `truth` is set.
bool Eval(const std::string& text, unsigned truth) {
  absl::StatusOr<Expression> expression = Expression::Parse(text, Aliases());
  EXPECT_TRUE(expression.ok()) << text << ": " << expression.status();
  if (!expression.ok()) return false;
  return expression->Evaluate([truth](int i) { return (truth >> i) & 1; });
}

constexpr unsigned kA = 1, kB = 2, kC = 4, kD = 8;

TEST(ExpressionTest, SingleAlias) {
  EXPECT_TRUE(Eval("A", kA));
  EXPECT_FALSE(Eval("A", kB));
  EXPECT_TRUE(Eval("A1", 16));
}

TEST(ExpressionTest, AndOr) {
  EXPECT_TRUE(Eval("A AND B", kA | kB));
  EXPECT_FALSE(Eval("A AND B", kA));
  EXPECT_TRUE(Eval("A OR B", kB));
  EXPECT_FALSE(Eval("A OR B", kC));
  EXPECT_TRUE(Eval("A AND B AND C", kA | kB | kC));
  EXPECT_FALSE(Eval("A AND B AND C", kA | kB));
}

TEST(ExpressionTest, AndBindsTighterThanOr) {
  // A OR (B AND C)
  EXPECT_TRUE(Eval("A OR B AND C", kA));
  EXPECT_FALSE(Eval("A OR B AND C", kB));
  EXPECT_TRUE(Eval("A OR B AND C", kB | kC));
  // (A AND B) OR C
  EXPECT_TRUE(Eval("A AND B OR C", kC));
  EXPECT_FALSE(Eval("A AND B OR C", kA));
  // (A AND B) OR (C AND D)
  EXPECT_TRUE(Eval("A AND B OR C AND D", kC | kD));
  EXPECT_FALSE(Eval("A AND B OR C AND D", kA | kC));
}

TEST(ExpressionTest, ParenthesesOverridePrecedence) {
  EXPECT_FALSE(Eval("(A OR B) AND C", kA));
  EXPECT_TRUE(Eval("(A OR B) AND C", kB | kC));
  EXPECT_TRUE(Eval("A AND (B OR C)", kA | kC));
  EXPECT_FALSE(Eval("A AND (B OR C)", kB | kC));
  EXPECT_TRUE(Eval("((A))", kA));
  EXPECT_TRUE(Eval("(A OR (B AND (C OR D)))", kB | kD));
}

TEST(ExpressionTest, KeywordsAnyCaseAndSpacingFree) {
  EXPECT_TRUE(Eval("A and B", kA | kB));
  EXPECT_TRUE(Eval("A Or B", kB));
  EXPECT_TRUE(Eval("  (A)AND(B)  ", kA | kB));
}

TEST(ExpressionTest, EvaluatesLazily) {
  absl::StatusOr<Expression> expression =
      Expression::Parse("A OR B AND C", Aliases());
  ASSERT_TRUE(expression.ok());
  std::vector<int> asked;
  EXPECT_TRUE(expression->Evaluate([&](int i) {
    asked.push_back(i);
    return i == 0;
  }));
  EXPECT_EQ(asked, std::vector<int>{0});
}

TEST(ExpressionTest, RejectsMalformedExpressions) {
  for (const char* text :
       {"", "   ", "A AND", "AND A", "A B", "A OR OR B", "(A", "A)", "()",
        "(A AND B", "A AND B)", "A && B", "A, B", "A AND NOT B", "a"}) {
    absl::StatusOr<Expression> expression = Expression::Parse(text, Aliases());
    EXPECT_FALSE(expression.ok()) << "'" << text << "'";
    EXPECT_EQ(expression.status().code(), absl::StatusCode::kInvalidArgument);
  }
}

TEST(ExpressionTest, NamesTheUnknownAlias) {
  absl::StatusOr<Expression> expression =
      Expression::Parse("A AND Z", Aliases());
  ASSERT_FALSE(expression.ok());
  EXPECT_NE(expression.status().message().find("unknown alias 'Z'"),
            std::string::npos)
      << expression.status();
}

TEST(ExpressionTest, RefusesDeepNesting) {
  std::string deep = std::string(100, '(') + "A" + std::string(100, ')');
  EXPECT_FALSE(Expression::Parse(deep, Aliases()).ok());
  std::string fine = std::string(10, '(') + "A" + std::string(10, ')');
  EXPECT_TRUE(Expression::Parse(fine, Aliases()).ok());
}

}  // namespace
}  // namespace gg::sandbox
