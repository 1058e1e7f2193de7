// A stored field value.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_VALUE_H_
#define GAINSIGHT_GATEWAY_SANDBOX_VALUE_H_

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace gg::sandbox {

// std::monostate: null (unset). bool: BOOLEAN. double: NUMBER, CURRENCY.
// int64_t: DATE, DATETIME as epoch milliseconds (UTC). std::string: STRING,
// GSID, PICKLIST (the item label).
using Value = std::variant<std::monostate, bool, double, int64_t, std::string>;

inline bool IsNull(const Value& value) {
  return std::holds_alternative<std::monostate>(value);
}

// Three-way comparison (<0, 0, >0). Values of one kind compare naturally
// (strings byte-wise, so case-sensitively); values of different kinds order
// by kind, null first.
int CompareValues(const Value& a, const Value& b);

// A value for the field at `field` (an index into ObjectDef::fields()).
struct FieldAssignment {
  int field = -1;
  Value value;
};

// One record: a value per field of its ObjectDef, in the same order.
using Row = std::vector<Value>;

// The string in `row` at `field`, or nullptr when it is null.
inline const std::string* StringAt(const Row& row, int field) {
  return std::get_if<std::string>(&row[field]);
}

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_VALUE_H_
