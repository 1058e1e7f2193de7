#include "columns.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/closest_names.h"

namespace gsctl {

using gg::ClosestNames;
using gg::DidYouMean;

absl::Status CheckColumns(
    const std::vector<std::string>& columns,
    const gainsight::v1::ObjectMetadata& object,
    const std::function<bool(const std::string&)>& also_known) {
  std::vector<std::string> names;
  for (const gainsight::v1::FieldMetadata& f : object.fields()) {
    names.push_back(f.field_name());
  }
  for (size_t c = 0; c < columns.size(); ++c) {
    const std::string& column = columns[c];
    if (column.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("CSV column ", c + 1, " has no name in the header"));
    }
    const bool known = std::any_of(names.begin(), names.end(),
                                   [&](const std::string& n) {
                                     return absl::EqualsIgnoreCase(n, column);
                                   }) ||
                       (also_known && also_known(column));
    if (known) continue;
    return absl::InvalidArgumentError(absl::StrCat(
        "CSV column ", c + 1, " \"", column, "\" is no field of ",
        object.object_name(), DidYouMean(ClosestNames(column, names))));
  }
  return absl::OkStatus();
}

}  // namespace gsctl
