// where.expression: a boolean formula over condition aliases, such as
// "A AND (B OR C)". AND binds tighter than OR; parentheses group; the
// keywords are case-insensitive, aliases are letters and digits.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_EXPRESSION_H_
#define GAINSIGHT_GATEWAY_SANDBOX_EXPRESSION_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace gg::sandbox {

class Expression {
 public:
  // Parses `text`; `aliases` maps each known alias to its condition index.
  // Fails (InvalidArgument, with a readable message) on a syntax error or an
  // alias that is not in `aliases`.
  static absl::StatusOr<Expression> Parse(
      absl::string_view text,
      const absl::flat_hash_map<std::string, int>& aliases);

  // The formula's value when condition i holds exactly when holds(i); a
  // condition is evaluated only when its value can change the result.
  bool Evaluate(absl::FunctionRef<bool(int)> holds) const;

 private:
  struct Node {
    enum class Kind { kCondition, kAnd, kOr } kind;
    int condition = -1;  // kCondition
    int left = -1;       // kAnd, kOr: node indexes
    int right = -1;
  };
  friend class ExpressionParser;

  Expression() = default;
  bool EvaluateNode(int node, absl::FunctionRef<bool(int)> holds) const;

  std::vector<Node> nodes_;
  int root_ = -1;
};

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_EXPRESSION_H_
