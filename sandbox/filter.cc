#include "sandbox/filter.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "sandbox/error_codes.h"
#include "sandbox/field_codec.h"

namespace gg::sandbox {
namespace {

struct OperatorInfo {
  absl::string_view name;
  Operator op;
  int min_operands;  // -1: operands ignored
  int max_operands;  // -1: no upper bound
};

constexpr OperatorInfo kOperators[] = {
    {"EQ", Operator::kEq, 1, 1},
    {"NE", Operator::kNe, 1, 1},
    {"LT", Operator::kLt, 1, 1},
    {"LTE", Operator::kLte, 1, 1},
    {"GT", Operator::kGt, 1, 1},
    {"GTE", Operator::kGte, 1, 1},
    {"BTW", Operator::kBtw, 2, 2},
    {"IN", Operator::kIn, 1, -1},
    {"NOT_IN", Operator::kNotIn, 1, -1},
    {"CONTAINS", Operator::kContains, 1, 1},
    {"DOES_NOT_CONTAINS", Operator::kDoesNotContain, 1, 1},
    {"STARTS_WITH", Operator::kStartsWith, 1, 1},
    {"ENDS_WITH", Operator::kEndsWith, 1, 1},
    {"IS_NULL", Operator::kIsNull, -1, -1},
    {"IS_NOT_NULL", Operator::kIsNotNull, -1, -1},
    {"INCLUDES", Operator::kIncludes, 1, -1},
    {"EXCLUDES", Operator::kExcludes, 1, -1},
};

const OperatorInfo& InfoOf(Operator op) {
  for (const OperatorInfo& info : kOperators) {
    if (info.op == op) return info;
  }
  return kOperators[0];
}

bool IsTextOperator(Operator op) {
  return op == Operator::kContains || op == Operator::kDoesNotContain ||
         op == Operator::kStartsWith || op == Operator::kEndsWith;
}

bool IsOrderedOperator(Operator op) {
  return op == Operator::kLt || op == Operator::kLte || op == Operator::kGt ||
         op == Operator::kGte || op == Operator::kBtw;
}

bool IsTextType(FieldType type) {
  return type == FieldType::kString || type == FieldType::kGsid ||
         type == FieldType::kPicklist;
}

ApiError ConditionError(absl::string_view code, absl::string_view why) {
  return BadRequest(std::string(code),
                    absl::StrCat("Invalid where condition: ", why));
}

bool AnyEqual(const Value& value, const std::vector<Value>& operands) {
  for (const Value& operand : operands) {
    if (CompareValues(value, operand) == 0) return true;
  }
  return false;
}

// Operators that hold for a null field: "not X" is true of null.
bool MatchesNull(Operator op) {
  return op == Operator::kIsNull || op == Operator::kNe ||
         op == Operator::kNotIn || op == Operator::kDoesNotContain ||
         op == Operator::kExcludes;
}

}  // namespace

std::optional<Operator> ParseOperator(absl::string_view name) {
  for (const OperatorInfo& info : kOperators) {
    if (info.name == name) return info.op;
  }
  return std::nullopt;
}

std::optional<ApiError> ParseCondition(const ObjectDef& object,
                                       const Json& json, Condition* out) {
  if (!json.is_object()) {
    return ConditionError(codes::kValidation, "a condition must be an object");
  }
  auto name = json.find("name");
  if (name == json.end() || !name->is_string()) {
    return ConditionError(codes::kValidation, "\"name\" must be a field name");
  }
  out->field = object.FieldIndex(name->get<std::string>());
  if (out->field < 0) {
    return BadRequest(
        codes::kInvalidField,
        absl::StrCat("Invalid field, please re-check data mapping (",
                     name->get<std::string>(), ": no such field on ",
                     object.name(), ")"));
  }
  const FieldDef& field = object.field(out->field);
  auto alias = json.find("alias");
  if (alias != json.end() && !alias->is_null()) {
    if (!alias->is_string()) {
      return ConditionError(codes::kValidation, "\"alias\" must be a string");
    }
    out->alias = alias->get<std::string>();
  }
  auto op_name = json.find("operator");
  std::optional<Operator> op;
  if (op_name != json.end() && op_name->is_string()) {
    op = ParseOperator(op_name->get<std::string>());
  }
  if (!op.has_value()) {
    return ConditionError(codes::kValidation,
                          absl::StrCat("unknown operator on ", field.name));
  }
  out->op = *op;
  const OperatorInfo& info = InfoOf(*op);
  if (IsTextOperator(*op) && !IsTextType(field.type)) {
    return ConditionError(
        codes::kValidation,
        absl::StrCat(info.name, " does not apply to ",
                     FieldTypeName(field.type), " field ", field.name));
  }
  if (IsOrderedOperator(*op) && field.type == FieldType::kBoolean) {
    return ConditionError(codes::kValidation,
                          absl::StrCat(info.name, " does not apply to ",
                                       "BOOLEAN field ", field.name));
  }
  if (info.min_operands < 0) return std::nullopt;  // IS_NULL, IS_NOT_NULL
  auto value = json.find("value");
  if (value == json.end() || !value->is_array()) {
    return ConditionError(
        codes::kValidation,
        absl::StrCat("\"value\" must be an array (", field.name, ")"));
  }
  int count = static_cast<int>(value->size());
  if (count < info.min_operands ||
      (info.max_operands >= 0 && count > info.max_operands)) {
    return ConditionError(
        codes::kValidation,
        absl::StrCat(info.name, " on ", field.name, " takes ",
                     info.min_operands == info.max_operands
                         ? absl::StrCat(info.min_operands)
                         : absl::StrCat("at least ", info.min_operands),
                     " value(s)"));
  }
  for (const Json& operand : *value) {
    Value decoded;
    FieldIssue issue;
    if (!DecodeFieldValue(field, operand, CodecMode::kFilter, &decoded,
                          &issue)) {
      return BadRequest(issue.code, issue.desc);
    }
    if (IsNull(decoded)) {
      return ConditionError(codes::kValidation,
                            absl::StrCat("null value on ", field.name,
                                         " (use IS_NULL or IS_NOT_NULL)"));
    }
    out->operands.push_back(std::move(decoded));
  }
  return std::nullopt;
}

bool Matches(const Condition& condition, const Row& row) {
  const Value& value = row[condition.field];
  const std::vector<Value>& operands = condition.operands;
  if (IsNull(value)) return MatchesNull(condition.op);
  switch (condition.op) {
    case Operator::kIsNull:
      return false;
    case Operator::kIsNotNull:
      return true;
    case Operator::kEq:
      return CompareValues(value, operands[0]) == 0;
    case Operator::kNe:
      return CompareValues(value, operands[0]) != 0;
    case Operator::kLt:
      return CompareValues(value, operands[0]) < 0;
    case Operator::kLte:
      return CompareValues(value, operands[0]) <= 0;
    case Operator::kGt:
      return CompareValues(value, operands[0]) > 0;
    case Operator::kGte:
      return CompareValues(value, operands[0]) >= 0;
    case Operator::kBtw:
      return CompareValues(value, operands[0]) >= 0 &&
             CompareValues(value, operands[1]) <= 0;
    case Operator::kIn:
    case Operator::kIncludes:
      return AnyEqual(value, operands);
    case Operator::kNotIn:
    case Operator::kExcludes:
      return !AnyEqual(value, operands);
    case Operator::kContains:
    case Operator::kDoesNotContain:
    case Operator::kStartsWith:
    case Operator::kEndsWith:
      break;
  }
  const std::string& text = std::get<std::string>(value);
  const std::string& needle = std::get<std::string>(operands[0]);
  switch (condition.op) {
    case Operator::kContains:
      return absl::StrContains(text, needle);
    case Operator::kDoesNotContain:
      return !absl::StrContains(text, needle);
    case Operator::kStartsWith:
      return absl::StartsWith(text, needle);
    default:
      return absl::EndsWith(text, needle);
  }
}

}  // namespace gg::sandbox
