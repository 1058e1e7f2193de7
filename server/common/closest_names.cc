#include "common/closest_names.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace gg {
namespace {

std::string Folded(absl::string_view name) {
  std::string out;
  for (char c : name) {
    if (c != '_') out.push_back(absl::ascii_tolower(c));
  }
  return out;
}

// Levenshtein distance; names are short (API names, at most a few dozen
// characters), and longer ones are not compared.
size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                         diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

constexpr size_t kMaxComparedLength = 100;

}  // namespace

std::vector<std::string> ClosestNames(
    absl::string_view name, const std::vector<std::string>& candidates) {
  const std::string wanted = Folded(name);
  if (wanted.empty() || wanted.size() > kMaxComparedLength) return {};
  const size_t limit = std::max<size_t>(2, wanted.size() / 3);
  std::vector<std::pair<size_t, std::string>> scored;
  for (const std::string& candidate : candidates) {
    if (candidate.size() > kMaxComparedLength) continue;
    const std::string folded = Folded(candidate);
    size_t distance = EditDistance(wanted, folded);
    // "Region" for "Region__gc": a prefix of the name counts as close.
    if (absl::StartsWith(folded, wanted) && wanted.size() >= 3) {
      distance = std::min(distance, size_t{1});
    }
    if (distance <= limit) scored.emplace_back(distance, candidate);
  }
  std::stable_sort(
      scored.begin(), scored.end(),
      [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (const auto& [distance, candidate] : scored) {
    if (out.size() == 3) break;
    out.push_back(candidate);
  }
  return out;
}

std::string DidYouMean(const std::vector<std::string>& suggestions) {
  if (suggestions.empty()) return "";
  return absl::StrCat(" (did you mean ", absl::StrJoin(suggestions, " or "),
                      "?)");
}

}  // namespace gg
