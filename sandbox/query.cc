#include "sandbox/query.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "gainsight/endpoints.h"
#include "sandbox/error_codes.h"
#include "sandbox/field_codec.h"

namespace gg::sandbox {
namespace {

ApiError UnknownField(const ObjectDef& object, absl::string_view name) {
  return BadRequest(
      codes::kInvalidField,
      absl::StrCat("Invalid field, please re-check data mapping (", name,
                   ": no such field on ", object.name(), ")"));
}

std::optional<ApiError> ParseSelect(const ObjectDef& object, const Json& body,
                                    QueryPlan* plan) {
  auto select = body.find("select");
  if (select == body.end() || !select->is_array() || select->empty()) {
    return BadRequest(codes::kSelectRequired,
                      "select must list at least one field");
  }
  for (const Json& name : *select) {
    if (!name.is_string()) {
      return BadRequest(codes::kSelectRequired,
                        "select must list field names (strings)");
    }
    const std::string& text = name.get_ref<const std::string&>();
    int field = object.FieldIndex(text);
    if (field < 0) return UnknownField(object, text);
    plan->select.emplace_back(text, field);
  }
  return std::nullopt;
}

std::optional<ApiError> ParseWhere(const ObjectDef& object, const Json& where,
                                   QueryPlan* plan) {
  if (where.is_null()) return std::nullopt;
  if (!where.is_object()) {
    return BadRequest(codes::kValidation, "Invalid where: must be an object");
  }
  auto conditions = where.find("conditions");
  if (conditions != where.end() && !conditions->is_null()) {
    if (!conditions->is_array()) {
      return BadRequest(codes::kValidation,
                        "Invalid where: conditions must be an array");
    }
    for (const Json& json : *conditions) {
      Condition condition;
      if (auto error = ParseCondition(object, json, &condition)) return error;
      plan->conditions.push_back(std::move(condition));
    }
  }
  auto expression = where.find("expression");
  if (expression == where.end() || expression->is_null()) return std::nullopt;
  if (!expression->is_string()) {
    return BadRequest(codes::kValidation,
                      "Invalid where: expression must be a string");
  }
  absl::flat_hash_map<std::string, int> aliases;
  for (size_t i = 0; i < plan->conditions.size(); ++i) {
    const std::string& alias = plan->conditions[i].alias;
    if (alias.empty()) {
      return BadRequest(codes::kValidation,
                        "Invalid where: every condition needs an alias when "
                        "an expression is given");
    }
    if (!aliases.emplace(alias, static_cast<int>(i)).second) {
      return BadRequest(
          codes::kValidation,
          absl::StrCat("Invalid where: alias ", alias, " is used twice"));
    }
  }
  absl::StatusOr<Expression> parsed =
      Expression::Parse(expression->get<std::string>(), aliases);
  if (!parsed.ok()) {
    return BadRequest(
        codes::kValidation,
        absl::StrCat("Invalid where.expression: ", parsed.status().message()));
  }
  plan->expression = *std::move(parsed);
  return std::nullopt;
}

// Reads an optional non-negative integer; `max` < 0 means unbounded.
std::optional<ApiError> ParseCount(const Json& body, const char* key,
                                   int64_t min, int64_t max, int64_t* out) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::nullopt;
  bool ok = it->is_number_integer();
  int64_t value = ok ? it->get<int64_t>() : 0;
  if (it->is_number_unsigned() && it->get<uint64_t>() > INT64_MAX) ok = false;
  if (!ok || value < min || (max >= 0 && value > max)) {
    return BadRequest(
        codes::kValidation,
        absl::StrCat("Invalid ", key, ": must be an integer ",
                     max >= 0 ? absl::StrCat("from ", min, " to ", max)
                              : absl::StrCat("of at least ", min)));
  }
  *out = value;
  return std::nullopt;
}

}  // namespace

std::optional<ApiError> ParseQuery(const ObjectDef& object, const Json& body,
                                   QueryPlan* plan) {
  if (!body.is_object()) {
    return BadRequest(codes::kValidation,
                      "Malformed request body: expected a JSON object");
  }
  if (auto error = ParseSelect(object, body, plan)) return error;
  auto where = body.find("where");
  if (where != body.end()) {
    if (auto error = ParseWhere(object, *where, plan)) return error;
  }
  auto order_by = body.find("orderBy");
  if (order_by != body.end() && !order_by->is_null()) {
    if (auto error = ParseOrderBy(object, *order_by, &plan->order)) {
      return error;
    }
  }
  if (auto error = ParseCount(body, "limit", 1, kMaxQueryLimit, &plan->limit)) {
    return error;
  }
  return ParseCount(body, "offset", 0, -1, &plan->offset);
}

bool RowMatches(const QueryPlan& plan, const Row& row) {
  auto holds = [&](int i) { return Matches(plan.conditions[i], row); };
  if (plan.expression.has_value()) return plan.expression->Evaluate(holds);
  for (size_t i = 0; i < plan.conditions.size(); ++i) {
    if (!holds(static_cast<int>(i))) return false;
  }
  return true;
}

Json RunQuery(const ObjectDef& object, const QueryPlan& plan,
              const std::vector<const Row*>& rows) {
  std::vector<const Row*> matching;
  for (const Row* row : rows) {
    if (RowMatches(plan, *row)) matching.push_back(row);
  }
  SortRows(plan.order, &matching);
  Json out = Json::array();
  int64_t size = static_cast<int64_t>(matching.size());
  int64_t begin = std::min(size, plan.offset);
  int64_t end = begin + std::min(size - begin, plan.limit);
  for (int64_t i = begin; i < end; ++i) {
    Json row = Json::object();
    for (const auto& [key, field] : plan.select) {
      row[key] = EncodeFieldValue(object.field(field), (*matching[i])[field]);
    }
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace gg::sandbox
