// Checks of the columns of a CSV file before anything is sent: every column
// must name a field of the object (its describe), and an unknown one is
// named with its position and the closest field names
// (common/closest_names.h).
#ifndef GAINSIGHT_GSCTL_COLUMNS_H_
#define GAINSIGHT_GSCTL_COLUMNS_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "gainsight/v1/metadata.pb.h"

namespace gsctl {

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
