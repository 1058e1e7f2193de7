#include "api/validation.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "gainsight/endpoints.h"
#include "gainsight/query_body.h"

namespace gg {
namespace {

InputLimits& MutableInputLimits() {
  static InputLimits limits;
  return limits;
}

// Checks `expression` over `aliases`: AND, OR, parentheses, aliases.
// Returns an error text or empty. A state machine, not a recursive parser:
// the caller controls the input, so neither its length nor its nesting may
// decide how deep the stack grows.
//   expr := term (OR term)*;  term := factor (AND factor)*;
//   factor := ALIAS | '(' expr ')'
std::string CheckExpression(absl::string_view expression,
                            const std::set<std::string>& aliases) {
  const InputLimits& limits = CurrentInputLimits();
  if (expression.size() > limits.max_filter_expression_length) {
    return absl::StrCat("is ", expression.size(), " characters; at most ",
                        limits.max_filter_expression_length);
  }
  bool want_operand = true;  // an alias or '(' comes next
  int depth = 0;
  for (size_t i = 0; i < expression.size();) {
    const char c = expression[i];
    if (c == ' ' || c == '\t') {
      ++i;
      continue;
    }
    std::string token;
    if (c == '(' || c == ')') {
      token.assign(1, c);
      ++i;
    } else if (absl::ascii_isalnum(c)) {
      size_t j = i;
      while (j < expression.size() && absl::ascii_isalnum(expression[j])) ++j;
      token = std::string(expression.substr(i, j - i));
      i = j;
    } else {
      return absl::StrCat("unexpected character '", std::string(1, c), "'");
    }
    const bool is_operator = token == "AND" || token == "OR";
    if (want_operand) {
      if (token == "(") {
        if (++depth > limits.max_filter_expression_depth) {
          return absl::StrCat("nests parentheses more than ",
                              limits.max_filter_expression_depth, " deep");
        }
      } else if (token == ")" || is_operator) {
        return absl::StrCat("unexpected '", token, "'");
      } else if (aliases.count(token) == 0) {
        return absl::StrCat("unknown alias '", token, "'");
      } else {
        want_operand = false;
      }
    } else if (is_operator) {
      want_operand = true;
    } else if (token == ")" && depth > 0) {
      --depth;
    } else {
      return absl::StrCat("unexpected '", token, "'");
    }
  }
  if (want_operand) return "expression ends early";
  if (depth > 0) return "missing ')'";
  return "";
}

struct Arity {
  int min;
  int max;  // -1: no upper bound
};

Arity OperatorArity(gainsight::v1::Operator op) {
  switch (op) {
    case gainsight::v1::OPERATOR_BTW:
      return {2, 2};
    case gainsight::v1::OPERATOR_IN:
    case gainsight::v1::OPERATOR_NOT_IN:
    case gainsight::v1::OPERATOR_INCLUDES:
    case gainsight::v1::OPERATOR_EXCLUDES:
      return {1, -1};
    case gainsight::v1::OPERATOR_IS_NULL:
    case gainsight::v1::OPERATOR_IS_NOT_NULL:
      return {0, 0};
    default:
      return {1, 1};
  }
}

}  // namespace

void SetInputLimits(const InputLimits& limits) {
  MutableInputLimits() = limits;
}

const InputLimits& CurrentInputLimits() { return MutableInputLimits(); }

bool IsFieldApiName(absl::string_view name) {
  if (name.empty() || name.size() > 128 || !absl::ascii_isalpha(name[0])) {
    return false;
  }
  for (char c : name) {
    if (!absl::ascii_isalnum(c) && c != '_') return false;
  }
  return true;
}

bool IsFieldPath(absl::string_view name) {
  int parts = 0;
  for (absl::string_view part : absl::StrSplit(name, '.')) {
    if (++parts > CurrentInputLimits().max_field_path_parts ||
        !IsFieldApiName(part)) {
      return false;
    }
  }
  return true;
}

void CheckValueDepth(const google::protobuf::Value& value,
                     absl::string_view path, Violations& out) {
  const int max_depth = CurrentInputLimits().max_value_depth;
  // Depth-first over an explicit stack: the nesting a caller sends decides
  // how long the walk takes, never how deep the C++ stack grows.
  std::vector<std::pair<const google::protobuf::Value*, int>> pending = {
      {&value, 0}};
  while (!pending.empty()) {
    auto [v, depth] = pending.back();
    pending.pop_back();
    if (v->has_list_value() || v->has_struct_value()) {
      if (depth + 1 > max_depth) {
        out.push_back({std::string(path),
                       absl::StrCat("nests lists and objects more than ",
                                    max_depth, " deep")});
        return;
      }
      if (v->has_list_value()) {
        for (const auto& item : v->list_value().values()) {
          pending.push_back({&item, depth + 1});
        }
      } else {
        for (const auto& [key, item] : v->struct_value().fields()) {
          pending.push_back({&item, depth + 1});
        }
      }
    }
  }
}

bool IsGsid(absl::string_view gsid) {
  if (gsid.empty() || gsid.size() > 64 || !absl::ascii_isdigit(gsid[0])) {
    return false;
  }
  for (char c : gsid) {
    if (!absl::ascii_isdigit(c) && !absl::ascii_isupper(c)) return false;
  }
  return true;
}

void CheckFieldPath(absl::string_view field, absl::string_view path,
                    Violations& out) {
  if (!IsFieldPath(field)) {
    out.push_back(
        {std::string(path),
         absl::StrCat("must be a Gainsight field API name (letters, digits, "
                      "'_'; lookup paths of at most ",
                      CurrentInputLimits().max_field_path_parts,
                      " parts joined by '.')")});
  }
}

void CheckDate(const google::type::Date& date, absl::string_view path,
               Violations& out) {
  absl::CivilDay day(date.year(), date.month(), date.day());
  if (date.year() < 1 || date.year() > 9999 || day.year() != date.year() ||
      day.month() != date.month() || day.day() != date.day()) {
    out.push_back({std::string(path), "must be a valid calendar date"});
  }
}

void CheckRequestId(absl::string_view request_id, Violations& out) {
  if (request_id.size() > 128) {
    out.push_back({"request_id", "must be at most 128 characters"});
    return;
  }
  for (char c : request_id) {
    if (!absl::ascii_isgraph(c)) {
      out.push_back({"request_id", "must be printable ASCII without spaces"});
      return;
    }
  }
}

void CheckRecordCount(int count, absl::string_view path, Violations& out) {
  if (count == 0) {
    out.push_back({std::string(path), "must hold at least one record"});
  } else if (count > kMaxBatchRecords) {
    out.push_back(
        {std::string(path),
         absl::StrCat("holds ", count, " records; at most ", kMaxBatchRecords,
                      " per request (use BulkService for more)")});
  }
}

void CheckKeys(const google::protobuf::RepeatedPtrField<std::string>& keys,
               Violations& out) {
  if (keys.empty() || keys.size() > kMaxUpdateKeys) {
    out.push_back({"keys", absl::StrCat("must name 1 to ", kMaxUpdateKeys,
                                        " field API names")});
  }
  std::set<std::string> seen;
  for (int i = 0; i < keys.size(); ++i) {
    std::string path = absl::StrCat("keys[", i, "]");
    if (!IsFieldApiName(keys[i])) {
      out.push_back({path, "must be a Gainsight field API name"});
    } else if (!seen.insert(keys[i]).second) {
      out.push_back({path, "names the same field twice"});
    }
  }
}

void CheckSelect(const google::protobuf::RepeatedPtrField<std::string>& select,
                 Violations& out) {
  for (int i = 0; i < select.size(); ++i) {
    CheckFieldPath(select[i], absl::StrCat("select[", i, "]"), out);
  }
}

void CheckFilter(const gainsight::v1::Filter& filter, Violations& out) {
  std::set<std::string> aliases;
  for (int i = 0; i < filter.conditions_size(); ++i) {
    const gainsight::v1::Condition& c = filter.conditions(i);
    const std::string path = absl::StrCat("filter.conditions[", i, "]");
    CheckFieldPath(c.field(), path + ".field", out);
    std::string alias = c.alias().empty() ? DefaultAlias(i) : c.alias();
    bool alias_ok = !alias.empty();
    for (char ch : alias) alias_ok = alias_ok && absl::ascii_isalnum(ch);
    if (!alias_ok || alias == "AND" || alias == "OR") {
      out.push_back(
          {path + ".alias", "must be letters and digits (not AND/OR)"});
    } else if (!aliases.insert(alias).second) {
      out.push_back({path + ".alias", "is used by another condition"});
    }
    if (OperatorName(c.operator_()).empty()) {
      out.push_back({path + ".operator", "must be set"});
      continue;
    }
    Arity arity = OperatorArity(c.operator_());
    int n = c.values_size();
    if (n < arity.min || (arity.max >= 0 && n > arity.max)) {
      std::string want = arity.max < 0 ? absl::StrCat("at least ", arity.min)
                         : arity.min == arity.max
                             ? absl::StrCat("exactly ", arity.min)
                             : absl::StrCat(arity.min, " to ", arity.max);
      out.push_back({path + ".values",
                     absl::StrCat(gainsight::v1::Operator_Name(c.operator_()),
                                  " takes ", want, " value(s), got ", n)});
    }
    for (int v = 0; v < n; ++v) {
      auto kind = c.values(v).kind_case();
      if (kind == google::protobuf::Value::kStructValue ||
          kind == google::protobuf::Value::kListValue) {
        out.push_back({absl::StrCat(path, ".values[", v, "]"),
                       "must be a string, number, boolean or null"});
      }
    }
  }
  if (!filter.expression().empty()) {
    if (filter.conditions_size() == 0) {
      out.push_back(
          {"filter.expression", "is set but there are no conditions"});
    } else if (std::string error =
                   CheckExpression(filter.expression(), aliases);
               !error.empty()) {
      out.push_back({"filter.expression", error});
    }
  }
}

void CheckOrderBy(
    const google::protobuf::RepeatedPtrField<gainsight::v1::OrderBy>& order_by,
    Violations& out) {
  std::set<std::string> seen;
  for (int i = 0; i < order_by.size(); ++i) {
    const std::string path = absl::StrCat("order_by[", i, "].field");
    CheckFieldPath(order_by[i].field(), path, out);
    if (!seen.insert(order_by[i].field()).second) {
      out.push_back({path, "orders by the same field twice"});
    }
  }
}

bool IsEmailAddress(absl::string_view email) {
  if (email.size() > 254) return false;
  const size_t at = email.find('@');
  if (at == absl::string_view::npos || at == 0 ||
      email.find('@', at + 1) != absl::string_view::npos) {
    return false;
  }
  const absl::string_view domain = email.substr(at + 1);
  const size_t dot = domain.find('.');
  if (dot == absl::string_view::npos || dot == 0 || domain.back() == '.') {
    return false;
  }
  for (char c : email) {
    if (!absl::ascii_isgraph(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

void CheckOutputOnly(std::initializer_list<std::pair<const char*, bool>> fields,
                     absl::string_view path, Violations& out) {
  for (const auto& [name, set] : fields) {
    if (set) out.push_back({absl::StrCat(path, ".", name), "is output only"});
  }
}

void CheckDeleteGsids(
    const google::protobuf::RepeatedPtrField<std::string>& gsids,
    Violations& out) {
  CheckRecordCount(gsids.size(), "gsids", out);
  std::set<std::string> seen;
  for (int i = 0; i < gsids.size(); ++i) {
    const std::string path = absl::StrCat("gsids[", i, "]");
    if (!IsGsid(gsids[i])) {
      out.push_back({path, kNotAGsid});
    } else if (!seen.insert(gsids[i]).second) {
      out.push_back({path, "repeats an earlier GSID"});
    }
  }
}

void CheckRelationshipEntity(bool has_relationship, bool has_type,
                             absl::string_view path, Violations& out) {
  if (has_relationship && !has_type) {
    out.push_back({absl::StrCat(path, ".relationship_type_id"),
                   "is required with relationship_id (the relationship's "
                   "type_id)"});
  }
  if (has_type && !has_relationship) {
    out.push_back({absl::StrCat(path, ".relationship_id"),
                   "is required with relationship_type_id"});
  }
}

void CheckCustomFieldNames(const google::protobuf::Struct& custom_fields,
                           absl::string_view path, Violations& out) {
  for (const auto& [name, value] : custom_fields.fields()) {
    const std::string field = absl::StrCat(path, ".custom_fields.", name);
    if (!IsFieldApiName(name)) {
      out.push_back({field, "must be a Gainsight field API name"});
    } else {
      CheckValueDepth(value, field, out);
    }
  }
}

}  // namespace gg
