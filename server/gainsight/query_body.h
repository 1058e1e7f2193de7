// The Gainsight query language: request body and result rows of
// POST /v1/data/objects/query/{object}.
#ifndef GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_QUERY_BODY_H_
#define GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_QUERY_BODY_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "gainsight/envelope.h"
#include "gainsight/v1/common.pb.h"

namespace gg {

struct QuerySpec {
  std::vector<std::string> select;
  gainsight::v1::Filter filter;
  std::vector<gainsight::v1::OrderBy> order_by;
  int limit = 100;
  int64_t offset = 0;
};

// Gainsight's name of an operator ("EQ", "DOES_NOT_CONTAINS", ...); empty for
// OPERATOR_UNSPECIFIED.
absl::string_view OperatorName(gainsight::v1::Operator op);

// The alias a condition gets when it names none: A..Z, then AA, AB, ...
std::string DefaultAlias(int index);

// {"select": [...], "where": {"conditions": [...], "expression": "..."},
//  "orderBy": {"F": "asc"}, "limit": N, "offset": M}
Json BuildQueryBody(const QuerySpec& spec);

// The body of the Cockpit list endpoints (CTAs, tasks, Success Plans): the
// query language's select and where, with `fieldName` in place of `name`,
// and pageSize / pageNumber (1-based) in place of limit / offset.
Json BuildCockpitListBody(const std::vector<std::string>& select,
                          const gainsight::v1::Filter& filter, int page_size,
                          int64_t page_number);

// The record id every object has ("Gsid"), a filter on some ids (EQ for one,
// IN for several), and a row's id ("" when it has none).
inline constexpr char kGsidField[] = "Gsid";
gainsight::v1::Filter GsidFilter(const std::vector<std::string>& gsids);
std::string GsidOf(const Json& row);
// When a row was last changed (its ModifiedDate: ISO text or epoch ms), if
// it says.
std::optional<absl::Time> ModifiedTimeOf(const Json& row);
inline constexpr char kModifiedDateField[] = "ModifiedDate";

// The select names a Cockpit list refused (COCKPIT_5101 "Invalid fields in
// select clause - A, B"), as spelled in `select`; empty for other failures.
std::vector<std::string> SelectFieldsRefused(
    const absl::Status& status, const std::vector<std::string>& select);

// The rows of a query answer's `data`: `{"records": [...]}` or a bare array
// (both shapes are documented).
absl::StatusOr<std::vector<Json>> ParseQueryRows(const Json& data);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_QUERY_BODY_H_
