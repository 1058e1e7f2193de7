// A query's orderBy: {"F1":"asc","F2":"desc"}, key order being priority.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_ORDERING_H_
#define GAINSIGHT_GATEWAY_SANDBOX_ORDERING_H_

#include <optional>
#include <vector>

#include "sandbox/api_error.h"
#include "sandbox/json.h"
#include "sandbox/schema.h"
#include "sandbox/value.h"

namespace gg::sandbox {

struct SortKey {
  int field = -1;  // index into ObjectDef::fields()
  bool descending = false;
};

// Parses an orderBy object; directions "asc"/"desc" in any letter case.
std::optional<ApiError> ParseOrderBy(const ObjectDef& object,
                                     const Json& order_by,
                                     std::vector<SortKey>* out);

// Sorts by `keys`, stably (rows equal on every key keep their order), with
// nulls last in either direction.
void SortRows(const std::vector<SortKey>& keys, std::vector<const Row*>* rows);

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_ORDERING_H_
