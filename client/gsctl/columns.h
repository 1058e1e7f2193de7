// Checks of the columns of a CSV file before anything is sent: every column
// must name a field of the object (its describe), and an unknown one is
// named with its position and the closest field names.
#ifndef GAINSIGHT_GSCTL_COLUMNS_H_
#define GAINSIGHT_GSCTL_COLUMNS_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "gainsight/v1/metadata.pb.h"

namespace gsctl {

// Up to three of `candidates` closest to `name` (ignoring case and
// underscores; an edit distance of at most a third of the name's length,
// and at least 2), best first.
std::vector<std::string> ClosestNames(
    absl::string_view name, const std::vector<std::string>& candidates);

// " (did you mean A or B?)", or "" without suggestions.
std::string DidYouMean(const std::vector<std::string>& suggestions);

// OK when every column names a field of `object` (ignoring case) or is
// accepted by `also_known` (e.g. a typed field of the request message);
// else INVALID_ARGUMENT naming the first unknown column, its position and
// the closest field names.
absl::Status CheckColumns(
    const std::vector<std::string>& columns,
    const gainsight::v1::ObjectMetadata& object,
    const std::function<bool(const std::string&)>& also_known = nullptr);

}  // namespace gsctl

#endif  // GAINSIGHT_GSCTL_COLUMNS_H_
