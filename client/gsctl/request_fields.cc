#include "request_fields.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"

namespace gsctl {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

const FieldDescriptor* Field(const Message& m, const std::string& name) {
  return m.GetDescriptor()->FindFieldByName(name);
}

google::protobuf::Value ValueOf(const std::string& text) {
  google::protobuf::Value v;
  double d;
  bool b;
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    v.set_string_value(text.substr(1, text.size() - 2));
  } else if (absl::SimpleAtod(text, &d) &&
             text.find_first_not_of("+-.0123456789eE") == std::string::npos) {
    v.set_number_value(d);
  } else if (text == "true" || text == "false") {
    absl::SimpleAtob(text, &b);
    v.set_bool_value(b);
  } else {
    v.set_string_value(text);
  }
  return v;
}

bool TakesList(gainsight::v1::Operator op) {
  return op == gainsight::v1::OPERATOR_IN ||
         op == gainsight::v1::OPERATOR_NOT_IN ||
         op == gainsight::v1::OPERATOR_BTW ||
         op == gainsight::v1::OPERATOR_INCLUDES ||
         op == gainsight::v1::OPERATOR_EXCLUDES;
}

}  // namespace

void SetString(Message* m, const std::string& field, const std::string& value) {
  m->GetReflection()->SetString(m, Field(*m, field), value);
}

void AddStrings(Message* m, const std::string& field,
                const std::vector<std::string>& values) {
  for (const std::string& v : values) {
    m->GetReflection()->AddString(m, Field(*m, field), v);
  }
}

void SetBool(Message* m, const std::string& field, bool value) {
  m->GetReflection()->SetBool(m, Field(*m, field), value);
}

absl::Status SetInt32(Message* m, const std::string& field,
                      const std::string& text, const std::string& flag) {
  int value;
  if (!absl::SimpleAtoi(text, &value)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", flag, " takes a whole number, not '", text, "'"));
  }
  m->GetReflection()->SetInt32(m, Field(*m, field), value);
  return absl::OkStatus();
}

absl::Status SetEnum(Message* m, const std::string& field,
                     const std::string& text, const std::string& flag) {
  const FieldDescriptor* f = Field(*m, field);
  std::string prefix = f->enum_type()->value(0)->name();
  prefix = prefix.substr(0, prefix.rfind("UNSPECIFIED"));
  std::string name =
      absl::AsciiStrToUpper(absl::StrReplaceAll(text, {{"-", "_"}}));
  const auto* value = f->enum_type()->FindValueByName(prefix + name);
  if (value == nullptr) value = f->enum_type()->FindValueByName(name);
  if (value == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", flag, ": unknown value '", text, "'"));
  }
  if (f->is_repeated()) {
    m->GetReflection()->AddEnum(m, f, value);
  } else {
    m->GetReflection()->SetEnum(m, f, value);
  }
  return absl::OkStatus();
}

bool HasField(const Message& m, const std::string& field) {
  return Field(m, field) != nullptr;
}

absl::StatusOr<gainsight::v1::Condition> ParseCondition(
    const std::string& text) {
  std::vector<std::string> parts =
      absl::StrSplit(text, absl::MaxSplits(':', 2));
  if (parts.size() < 2 || parts[0].empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--where '", text, "': expected FIELD:OP[:VALUE[,VALUE...]]"));
  }
  gainsight::v1::Condition condition;
  condition.set_field(parts[0]);
  gainsight::v1::Operator op;
  if (!gainsight::v1::Operator_Parse(
          absl::StrCat("OPERATOR_", absl::AsciiStrToUpper(parts[1])), &op)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--where '", text, "': unknown operator ", parts[1]));
  }
  condition.set_operator_(op);
  if (parts.size() == 3) {
    if (TakesList(op)) {
      for (absl::string_view v : absl::StrSplit(parts[2], ',')) {
        *condition.add_values() = ValueOf(std::string(v));
      }
    } else {
      *condition.add_values() = ValueOf(parts[2]);
    }
  }
  return condition;
}

absl::StatusOr<gainsight::v1::OrderBy> ParseOrderBy(const std::string& text) {
  std::vector<std::string> parts = absl::StrSplit(text, ':');
  gainsight::v1::OrderBy order;
  order.set_field(parts[0]);
  if (parts.size() == 2) {
    std::string dir = absl::AsciiStrToLower(parts[1]);
    if (dir == "desc") {
      order.set_direction(gainsight::v1::SORT_DIRECTION_DESCENDING);
    } else if (dir == "asc") {
      order.set_direction(gainsight::v1::SORT_DIRECTION_ASCENDING);
    } else {
      parts.push_back("");  // falls into the error below
    }
  }
  if (parts.size() > 2 || parts[0].empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--order-by '", text, "': expected FIELD[:asc|:desc]"));
  }
  return order;
}

}  // namespace gsctl
