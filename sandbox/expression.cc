#include "sandbox/expression.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace gg::sandbox {

// A word or parenthesis of an expression (named, not in the anonymous
// namespace: ExpressionParser, a friend of Expression, holds them).
struct ExpressionToken {
  enum class Kind { kAlias, kAnd, kOr, kOpen, kClose, kEnd } kind;
  std::string text;
};

namespace {

absl::StatusOr<std::vector<ExpressionToken>> Tokenize(absl::string_view text) {
  std::vector<ExpressionToken> tokens;
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (absl::ascii_isspace(c)) {
      ++i;
    } else if (c == '(' || c == ')') {
      tokens.push_back({c == '(' ? ExpressionToken::Kind::kOpen
                                 : ExpressionToken::Kind::kClose,
                        {c}});
      ++i;
    } else if (absl::ascii_isalnum(c)) {
      size_t start = i;
      while (i < text.size() && absl::ascii_isalnum(text[i])) ++i;
      std::string word(text.substr(start, i - start));
      ExpressionToken::Kind kind = ExpressionToken::Kind::kAlias;
      if (absl::EqualsIgnoreCase(word, "AND"))
        kind = ExpressionToken::Kind::kAnd;
      if (absl::EqualsIgnoreCase(word, "OR")) kind = ExpressionToken::Kind::kOr;
      tokens.push_back({kind, std::move(word)});
    } else {
      return absl::InvalidArgumentError(absl::StrCat("unexpected character '",
                                                     std::string(1, c),
                                                     "' at position ", i + 1));
    }
  }
  tokens.push_back({ExpressionToken::Kind::kEnd, "end of expression"});
  return tokens;
}

// Deeper nesting than this is refused rather than risking the stack.
constexpr int kMaxDepth = 64;

}  // namespace

// Recursive descent:  or := and ("OR" and)* ;  and := atom ("AND" atom)* ;
// atom := ALIAS | "(" or ")".
class ExpressionParser {
 public:
  ExpressionParser(std::vector<ExpressionToken> tokens,
                   const absl::flat_hash_map<std::string, int>& aliases)
      : tokens_(std::move(tokens)), aliases_(aliases) {}

  absl::StatusOr<Expression> Parse() {
    absl::StatusOr<int> root = ParseOr(0);
    if (!root.ok()) return root.status();
    if (Peek().kind != ExpressionToken::Kind::kEnd) {
      return Unexpected("AND, OR or the end");
    }
    expression_.root_ = *root;
    return std::move(expression_);
  }

 private:
  using Kind = ExpressionToken::Kind;
  using NodeKind = Expression::Node::Kind;

  const ExpressionToken& Peek() const { return tokens_[pos_]; }

  absl::Status Unexpected(absl::string_view wanted) const {
    return absl::InvalidArgumentError(
        absl::StrCat("expected ", wanted, " but found '", Peek().text, "'"));
  }

  int AddNode(Expression::Node node) {
    expression_.nodes_.push_back(node);
    return static_cast<int>(expression_.nodes_.size()) - 1;
  }

  absl::StatusOr<int> ParseBinary(Kind op, NodeKind kind, int depth,
                                  bool operands_are_atoms) {
    absl::StatusOr<int> left =
        operands_are_atoms ? ParseAtom(depth) : ParseAnd(depth);
    while (left.ok() && Peek().kind == op) {
      ++pos_;
      absl::StatusOr<int> right =
          operands_are_atoms ? ParseAtom(depth) : ParseAnd(depth);
      if (!right.ok()) return right;
      left = AddNode({kind, -1, *left, *right});
    }
    return left;
  }

  absl::StatusOr<int> ParseOr(int depth) {
    return ParseBinary(Kind::kOr, NodeKind::kOr, depth, false);
  }

  absl::StatusOr<int> ParseAnd(int depth) {
    return ParseBinary(Kind::kAnd, NodeKind::kAnd, depth, true);
  }

  absl::StatusOr<int> ParseAtom(int depth) {
    const ExpressionToken& token = Peek();
    if (token.kind == Kind::kOpen) {
      if (depth >= kMaxDepth) {
        return absl::InvalidArgumentError("parentheses nested too deeply");
      }
      ++pos_;
      absl::StatusOr<int> inner = ParseOr(depth + 1);
      if (!inner.ok()) return inner;
      if (Peek().kind != Kind::kClose) return Unexpected("')'");
      ++pos_;
      return inner;
    }
    if (token.kind != Kind::kAlias) return Unexpected("an alias or '('");
    auto it = aliases_.find(token.text);
    if (it == aliases_.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown alias '", token.text, "'"));
    }
    ++pos_;
    return AddNode({NodeKind::kCondition, it->second, -1, -1});
  }

  std::vector<ExpressionToken> tokens_;
  const absl::flat_hash_map<std::string, int>& aliases_;
  size_t pos_ = 0;
  Expression expression_;
};

absl::StatusOr<Expression> Expression::Parse(
    absl::string_view text,
    const absl::flat_hash_map<std::string, int>& aliases) {
  absl::StatusOr<std::vector<ExpressionToken>> tokens = Tokenize(text);
  if (!tokens.ok()) return tokens.status();
  return ExpressionParser(*std::move(tokens), aliases).Parse();
}

bool Expression::Evaluate(absl::FunctionRef<bool(int)> holds) const {
  return EvaluateNode(root_, holds);
}

bool Expression::EvaluateNode(int node,
                              absl::FunctionRef<bool(int)> holds) const {
  const Node& n = nodes_[node];
  switch (n.kind) {
    case Node::Kind::kCondition:
      return holds(n.condition);
    case Node::Kind::kAnd:
      return EvaluateNode(n.left, holds) && EvaluateNode(n.right, holds);
    case Node::Kind::kOr:
      return EvaluateNode(n.left, holds) || EvaluateNode(n.right, holds);
  }
  return false;
}

}  // namespace gg::sandbox
