#include "records.h"

#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "csv.h"
#include "google/protobuf/util/json_util.h"

namespace gsctl {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Struct;
using google::protobuf::Value;
namespace util = google::protobuf::util;

std::string Normalize(absl::string_view name) {
  std::string out;
  for (char c : name) {
    if (c != '_') out.push_back(absl::ascii_tolower(c));
  }
  return out;
}

}  // namespace

const FieldDescriptor* FindFieldLoose(const Descriptor* type,
                                      const std::string& key) {
  if (const FieldDescriptor* f = type->FindFieldByName(key)) return f;
  std::string wanted = Normalize(key);
  for (int i = 0; i < type->field_count(); ++i) {
    if (type->field(i)->json_name() == key) return type->field(i);
  }
  for (int i = 0; i < type->field_count(); ++i) {
    if (Normalize(type->field(i)->name()) == wanted) return type->field(i);
  }
  return nullptr;
}

namespace {

bool IsStructField(const FieldDescriptor* f) {
  return f->message_type() != nullptr &&
         f->message_type()->full_name() == "google.protobuf.Struct";
}

// "2027-03-01" -> {"year":2027,"month":3,"day":1}; false when not a date.
bool DateValue(const std::string& text, Value* out) {
  std::vector<std::string> parts = absl::StrSplit(text, '-');
  int y, m, d;
  if (parts.size() != 3 || !absl::SimpleAtoi(parts[0], &y) ||
      !absl::SimpleAtoi(parts[1], &m) || !absl::SimpleAtoi(parts[2], &d)) {
    return false;
  }
  auto& fields = *out->mutable_struct_value()->mutable_fields();
  fields["year"].set_number_value(y);
  fields["month"].set_number_value(m);
  fields["day"].set_number_value(d);
  return true;
}

// Converts CSV text for field `f`.
absl::StatusOr<Value> FromText(const FieldDescriptor* f,
                               const std::string& text) {
  Value v;
  if (f->is_repeated() || f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
    if (!f->is_repeated() &&
        f->message_type()->full_name() == "google.type.Date") {
      if (DateValue(text, &v)) return v;
      return absl::InvalidArgumentError(
          absl::StrCat(f->name(), ": '", text, "' is not a date YYYY-MM-DD"));
    }
    if (f->message_type() == nullptr ||
        f->message_type()->full_name() == "google.protobuf.Timestamp") {
      if (!f->is_repeated()) {
        v.set_string_value(text);
        return v;
      }
    }
    // Structured values are written as JSON in the cell.
    if (!util::JsonStringToMessage(text, &v).ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(f->name(), ": a cell for this field holds JSON"));
    }
    return v;
  }
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT:
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_UINT32: {
      double d;
      if (!absl::SimpleAtod(text, &d)) {
        return absl::InvalidArgumentError(
            absl::StrCat(f->name(), ": '", text, "' is not a number"));
      }
      v.set_number_value(d);
      return v;
    }
    case FieldDescriptor::CPPTYPE_INT64:
    case FieldDescriptor::CPPTYPE_UINT64:
      v.set_string_value(text);  // proto JSON takes 64-bit integers as text
      return v;
    case FieldDescriptor::CPPTYPE_BOOL: {
      bool b;
      if (!absl::SimpleAtob(text, &b)) {
        return absl::InvalidArgumentError(
            absl::StrCat(f->name(), ": '", text, "' is not true or false"));
      }
      v.set_bool_value(b);
      return v;
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      std::string name = absl::AsciiStrToUpper(text);
      if (f->enum_type()->FindValueByName(name) == nullptr) {
        // Short names: "COMPANY" for ENTITY_TYPE_COMPANY.
        std::string prefix = f->enum_type()->value(0)->name();
        prefix = prefix.substr(0, prefix.rfind("UNSPECIFIED"));
        name = prefix + name;
      }
      v.set_string_value(name);
      return v;
    }
    default:
      v.set_string_value(text);
      return v;
  }
}

}  // namespace

absl::StatusOr<Records> RecordsFromJson(absl::string_view text) {
  Value root;
  auto parsed =
      util::JsonStringToMessage(std::string(StripUtf8Bom(text)), &root);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("not valid JSON: ", parsed.message().ToString()));
  }
  Records out;
  auto add = [&](const Value& v, int index) -> absl::Status {
    if (!v.has_struct_value()) {
      return absl::InvalidArgumentError(
          absl::StrCat("record ", index, " is not a JSON object"));
    }
    out.records.push_back(v.struct_value());
    return absl::OkStatus();
  };
  if (root.has_list_value()) {
    for (int i = 0; i < root.list_value().values_size(); ++i) {
      if (absl::Status s = add(root.list_value().values(i), i); !s.ok()) {
        return s;
      }
    }
  } else if (absl::Status s = add(root, 0); !s.ok()) {
    return absl::InvalidArgumentError(
        "JSON records are an array of objects, or one object");
  }
  // Struct fields are a map: collect names in a stable (sorted) order.
  std::map<std::string, bool> names;
  for (const Struct& r : out.records) {
    for (const auto& [key, value] : r.fields()) names[key] = true;
  }
  for (const auto& [name, unused] : names) out.columns.push_back(name);
  return out;
}

absl::StatusOr<Records> RecordsFromCsv(absl::string_view text) {
  std::vector<int> lines;
  absl::StatusOr<std::vector<CsvRow>> rows =
      ParseCsv(StripUtf8Bom(text), &lines);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) {
    return absl::InvalidArgumentError("the CSV has no header line");
  }
  Records out;
  out.from_csv = true;
  out.columns = (*rows)[0];
  std::map<std::string, size_t> seen;
  for (size_t c = 0; c < out.columns.size(); ++c) {
    const std::string& column = out.columns[c];
    if (column.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("CSV column ", c + 1, " has no name in the header"));
    }
    auto [it, added] = seen.emplace(absl::AsciiStrToLower(column), c);
    if (!added) {
      return absl::InvalidArgumentError(
          absl::StrCat("CSV columns ", it->second + 1, " and ", c + 1,
                       " are both named \"", column, "\""));
    }
  }
  for (size_t r = 1; r < rows->size(); ++r) {
    const CsvRow& row = (*rows)[r];
    if (row.size() == 1 && row[0].empty()) continue;  // blank line
    if (row.size() != out.columns.size()) {
      return absl::InvalidArgumentError(
          absl::StrCat("CSV line ", lines[r], " has ", row.size(),
                       " fields, the header ", out.columns.size()));
    }
    Struct record;
    for (size_t c = 0; c < row.size(); ++c) {
      if (row[c].empty()) continue;
      (*record.mutable_fields())[out.columns[c]].set_string_value(row[c]);
    }
    out.records.push_back(std::move(record));
    out.lines.push_back(lines[r]);
  }
  return out;
}

absl::StatusOr<Records> ReadRecords(const std::string& path,
                                    const std::string& format) {
  std::string text;
  if (path == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin),
                std::istreambuf_iterator<char>());
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
    std::stringstream buffer;
    buffer << in.rdbuf();
    text = buffer.str();
  }
  std::string kind = absl::AsciiStrToLower(format);
  if (kind.empty()) {
    kind = absl::EndsWithIgnoreCase(path, ".csv") ? "csv" : "json";
  }
  if (kind == "csv") return RecordsFromCsv(text);
  if (kind == "json") return RecordsFromJson(text);
  return absl::InvalidArgumentError(
      absl::StrCat("--format is json or csv, not ", format));
}

absl::Status FillMessage(const Struct& record, bool from_csv, Message* out) {
  const Descriptor* type = out->GetDescriptor();
  const FieldDescriptor* custom = type->FindFieldByName("custom_fields");
  if (custom != nullptr && !IsStructField(custom)) custom = nullptr;
  Struct shaped;
  auto& fields = *shaped.mutable_fields();
  for (const auto& [key, value] : record.fields()) {
    const FieldDescriptor* f = FindFieldLoose(type, key);
    if (f == nullptr || f == custom) {
      if (custom == nullptr) {
        return absl::InvalidArgumentError(
            absl::StrCat("unknown field ", key, " of ", type->name()));
      }
      if (f == custom && value.has_struct_value()) {
        for (const auto& [k, v] : value.struct_value().fields()) {
          (*fields[custom->name()]
                .mutable_struct_value()
                ->mutable_fields())[k] = v;
        }
        continue;
      }
      (*fields[custom->name()].mutable_struct_value()->mutable_fields())[key] =
          value;
      continue;
    }
    if (from_csv && value.has_string_value()) {
      absl::StatusOr<Value> typed = FromText(f, value.string_value());
      if (!typed.ok()) return typed.status();
      fields[f->name()] = *typed;
      continue;
    }
    Value date;
    if (value.has_string_value() && f->message_type() != nullptr &&
        f->message_type()->full_name() == "google.type.Date" &&
        DateValue(value.string_value(), &date)) {
      fields[f->name()] = date;
      continue;
    }
    fields[f->name()] = value;
  }
  std::string json;
  if (auto s = util::MessageToJsonString(shaped, &json); !s.ok()) {
    return absl::InternalError(s.message().ToString());
  }
  out->Clear();
  auto parsed = util::JsonStringToMessage(json, out);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "not a valid ", type->name(), ": ", parsed.message().ToString()));
  }
  return absl::OkStatus();
}

void TypeByMetadata(const gainsight::v1::ObjectMetadata& object,
                    Struct* record) {
  for (auto& [key, value] : *record->mutable_fields()) {
    if (!value.has_string_value()) continue;
    for (const gainsight::v1::FieldMetadata& f : object.fields()) {
      if (!absl::EqualsIgnoreCase(f.field_name(), key)) continue;
      const std::string text = value.string_value();
      switch (f.data_type()) {
        case gainsight::v1::DATA_TYPE_NUMBER:
        case gainsight::v1::DATA_TYPE_CURRENCY:
        case gainsight::v1::DATA_TYPE_PERCENTAGE: {
          double d;
          if (absl::SimpleAtod(text, &d)) value.set_number_value(d);
          break;
        }
        case gainsight::v1::DATA_TYPE_BOOLEAN: {
          bool b;
          if (absl::SimpleAtob(text, &b)) value.set_bool_value(b);
          break;
        }
        case gainsight::v1::DATA_TYPE_MULTI_PICKLIST: {
          google::protobuf::ListValue list;
          for (absl::string_view item : absl::StrSplit(text, ';')) {
            list.add_values()->set_string_value(
                std::string(absl::StripAsciiWhitespace(item)));
          }
          *value.mutable_list_value() = list;
          break;
        }
        default:
          break;
      }
      break;
    }
  }
}

}  // namespace gsctl
