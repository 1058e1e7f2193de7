#include "sandbox/value.h"

namespace gg::sandbox {
namespace {

template <typename T>
int Compare(const T& a, const T& b) {
  if (a < b) return -1;
  if (b < a) return 1;
  return 0;
}

}  // namespace

int CompareValues(const Value& a, const Value& b) {
  if (a.index() != b.index()) return a.index() < b.index() ? -1 : 1;
  switch (a.index()) {
    case 1:
      return Compare(std::get<bool>(a), std::get<bool>(b));
    case 2:
      return Compare(std::get<double>(a), std::get<double>(b));
    case 3:
      return Compare(std::get<int64_t>(a), std::get<int64_t>(b));
    case 4:
      return Compare(std::get<std::string>(a), std::get<std::string>(b));
    default:
      return 0;  // both null
  }
}

}  // namespace gg::sandbox
