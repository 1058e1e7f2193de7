#include "sandbox/ordering.h"

#include <algorithm>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "sandbox/error_codes.h"

namespace gg::sandbox {

std::optional<ApiError> ParseOrderBy(const ObjectDef& object,
                                     const Json& order_by,
                                     std::vector<SortKey>* out) {
  if (!order_by.is_object()) {
    return BadRequest(codes::kValidation,
                      "Invalid orderBy: must be an object of field to "
                      "\"asc\" or \"desc\"");
  }
  for (const auto& [name, direction] : order_by.items()) {
    int field = object.FieldIndex(name);
    if (field < 0) {
      return BadRequest(
          codes::kInvalidField,
          absl::StrCat("Invalid field, please re-check data mapping (", name,
                       ": no such field on ", object.name(), ")"));
    }
    bool asc = direction.is_string() &&
               absl::EqualsIgnoreCase(direction.get<std::string>(), "asc");
    bool desc = direction.is_string() &&
                absl::EqualsIgnoreCase(direction.get<std::string>(), "desc");
    if (!asc && !desc) {
      return BadRequest(codes::kValidation,
                        absl::StrCat("Invalid orderBy: direction of ", name,
                                     " must be \"asc\" or \"desc\""));
    }
    out->push_back(SortKey{field, desc});
  }
  return std::nullopt;
}

void SortRows(const std::vector<SortKey>& keys, std::vector<const Row*>* rows) {
  if (keys.empty()) return;
  std::stable_sort(rows->begin(), rows->end(),
                   [&keys](const Row* a, const Row* b) {
                     for (const SortKey& key : keys) {
                       const Value& x = (*a)[key.field];
                       const Value& y = (*b)[key.field];
                       if (IsNull(x) || IsNull(y)) {
                         if (IsNull(x) == IsNull(y)) continue;
                         return IsNull(y);  // non-null before null
                       }
                       int order = CompareValues(x, y);
                       if (order != 0) {
                         return key.descending ? order > 0 : order < 0;
                       }
                     }
                     return false;
                   });
}

}  // namespace gg::sandbox
