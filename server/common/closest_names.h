// "Did you mean": the names closest to one a caller misspelt, for error
// messages about unknown field names.
#ifndef GAINSIGHT_GATEWAY_SERVER_COMMON_CLOSEST_NAMES_H_
#define GAINSIGHT_GATEWAY_SERVER_COMMON_CLOSEST_NAMES_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace gg {

// Up to three of `candidates` closest to `name`, best first: compared
// ignoring letter case and underscores, within an edit distance of a third
// of the name's length (at least 2), a candidate the name begins counting
// as close. Names over 100 characters are not compared.
std::vector<std::string> ClosestNames(
    absl::string_view name, const std::vector<std::string>& candidates);

// " (did you mean A or B?)", or "" without suggestions.
std::string DidYouMean(const std::vector<std::string>& suggestions);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_COMMON_CLOSEST_NAMES_H_
