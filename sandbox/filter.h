// One where-condition of a query: {"name","alias","value":[...],"operator"}.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_FILTER_H_
#define GAINSIGHT_GATEWAY_SANDBOX_FILTER_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "sandbox/api_error.h"
#include "sandbox/json.h"
#include "sandbox/schema.h"
#include "sandbox/value.h"

namespace gg::sandbox {

enum class Operator {
  kEq,
  kNe,
  kLt,
  kLte,
  kGt,
  kGte,
  kBtw,  // value[0] <= x <= value[1]
  kIn,
  kNotIn,
  kContains,
  kDoesNotContain,
  kStartsWith,
  kEndsWith,
  kIsNull,
  kIsNotNull,
  kIncludes,  // multi-select: any of; on single-valued fields, like kIn
  kExcludes,  // multi-select: none of; on single-valued fields, like kNotIn
};

// The operator spelled `name` ("EQ", "DOES_NOT_CONTAINS", ...), exactly.
std::optional<Operator> ParseOperator(absl::string_view name);

struct Condition {
  std::string alias;  // may be empty when the where has no expression
  int field = -1;     // index into ObjectDef::fields()
  Operator op = Operator::kEq;
  std::vector<Value> operands;  // decoded like the field's values
};

// Parses one element of where.conditions for `object`.
std::optional<ApiError> ParseCondition(const ObjectDef& object,
                                       const Json& json, Condition* out);

// Whether `row` satisfies `condition`. A null field matches IS_NULL and the
// negative operators (NE, NOT_IN, DOES_NOT_CONTAINS, EXCLUDES) only.
bool Matches(const Condition& condition, const Row& row);

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_FILTER_H_
