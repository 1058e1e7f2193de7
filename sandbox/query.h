// The query language of POST /v1/data/objects/query/{object}: select,
// where (conditions + expression), orderBy, limit, offset.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_QUERY_H_
#define GAINSIGHT_GATEWAY_SANDBOX_QUERY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sandbox/api_error.h"
#include "sandbox/expression.h"
#include "sandbox/filter.h"
#include "sandbox/json.h"
#include "sandbox/ordering.h"
#include "sandbox/schema.h"
#include "sandbox/value.h"

namespace gg::sandbox {

// DECISION: the page size when a query gives no limit (Gainsight's default is
// undocumented; every sample sends one).
inline constexpr int64_t kDefaultQueryLimit = 100;

struct QueryPlan {
  // Row keys (verbatim from select) and their field indexes.
  std::vector<std::pair<std::string, int>> select;
  std::vector<Condition> conditions;
  // Absent: the conditions are ANDed.
  std::optional<Expression> expression;
  std::vector<SortKey> order;
  int64_t limit = kDefaultQueryLimit;
  int64_t offset = 0;  // 0-based index of the first row returned
};

// Parses a query body for `object`.
std::optional<ApiError> ParseQuery(const ObjectDef& object, const Json& body,
                                   QueryPlan* plan);

// Whether `row` passes the plan's where.
bool RowMatches(const QueryPlan& plan, const Row& row);

// Filters `rows` (in insertion order), orders them, takes the page and
// projects the selected fields: the JSON array of result rows.
Json RunQuery(const ObjectDef& object, const QueryPlan& plan,
              const std::vector<const Row*>& rows);

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_QUERY_H_
