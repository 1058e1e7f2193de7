#include "render.h"

#include <algorithm>
#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "gainsight/v1/types.pb.h"
#include "gainsight_client/status_details.h"
#include "google/protobuf/duration.pb.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"
#include "google/type/date.pb.h"
#include "records.h"

namespace gsctl {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using google::protobuf::Struct;
using google::protobuf::Value;

std::string CompactJson(const Message& m) {
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(m, &json);
  return json;
}

std::string NumberText(double d) {
  if (d == static_cast<double>(static_cast<int64_t>(d)) && d < 1e15 &&
      d > -1e15) {
    return absl::StrCat(static_cast<int64_t>(d));
  }
  return absl::StrCat(d);
}

std::string ValueText(const Value& v) {
  switch (v.kind_case()) {
    case Value::kStringValue:
      return v.string_value();
    case Value::kNumberValue:
      return NumberText(v.number_value());
    case Value::kBoolValue:
      return v.bool_value() ? "true" : "false";
    case Value::kNullValue:
    case Value::KIND_NOT_SET:
      return "";
    case Value::kListValue: {
      std::vector<std::string> parts;
      for (const Value& item : v.list_value().values()) {
        parts.push_back(ValueText(item));
      }
      return absl::StrJoin(parts, ", ");
    }
    default:
      return CompactJson(v);
  }
}

// An enum value without its type's prefix (WRITE_ACTION_UPDATED: UPDATED);
// the unspecified value is empty (a failed record has no action).
std::string EnumText(const google::protobuf::EnumValueDescriptor* value) {
  if (value->number() == 0 && absl::EndsWith(value->name(), "UNSPECIFIED")) {
    return "";
  }
  std::string prefix = value->type()->value(0)->name();
  prefix = prefix.substr(0, prefix.rfind("UNSPECIFIED"));
  std::string name = value->name();
  if (!prefix.empty() && absl::StartsWith(name, prefix)) {
    return name.substr(prefix.size());
  }
  return name;
}

std::string MessageText(const Message& m) {
  const std::string& type = m.GetDescriptor()->full_name();
  if (type == "google.type.Date") {
    const auto& d = static_cast<const google::type::Date&>(m);
    if (d.year() == 0) return "";
    return absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day());
  }
  if (type == "google.protobuf.Timestamp") {
    return google::protobuf::util::TimeUtil::ToString(
        static_cast<const google::protobuf::Timestamp&>(m));
  }
  if (type == "google.protobuf.Duration") {
    const auto& d = static_cast<const google::protobuf::Duration&>(m);
    return absl::FormatDuration(absl::Seconds(d.seconds()) +
                                absl::Nanoseconds(d.nanos()));
  }
  if (type == "google.protobuf.Value") {
    return ValueText(static_cast<const Value&>(m));
  }
  if (type == "google.rpc.Status") {
    std::string code = gainsight_client::CodeName(m.GetReflection()->GetInt32(
        m, m.GetDescriptor()->FindFieldByName("code")));
    std::string message = m.GetReflection()->GetString(
        m, m.GetDescriptor()->FindFieldByName("message"));
    return absl::StrCat(code, ": ", message);
  }
  if (type == "gainsight.v1.PicklistItem") {
    // By label; one that can no longer be chosen says so.
    const auto& item = static_cast<const gainsight::v1::PicklistItem&>(m);
    return item.active() ? item.label()
                         : absl::StrCat(item.label(), " (inactive)");
  }
  // Other items: by label.
  if (const FieldDescriptor* label =
          m.GetDescriptor()->FindFieldByName("label");
      label != nullptr && label->type() == FieldDescriptor::TYPE_STRING) {
    return m.GetReflection()->GetString(m, label);
  }
  return CompactJson(m);
}

std::string ScalarText(const Message& m, const FieldDescriptor* f, int index) {
  const Reflection* r = m.GetReflection();
  bool rep = f->is_repeated();
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      return rep ? r->GetRepeatedString(m, f, index) : r->GetString(m, f);
    case FieldDescriptor::CPPTYPE_INT32:
      return absl::StrCat(rep ? r->GetRepeatedInt32(m, f, index)
                              : r->GetInt32(m, f));
    case FieldDescriptor::CPPTYPE_INT64:
      return absl::StrCat(rep ? r->GetRepeatedInt64(m, f, index)
                              : r->GetInt64(m, f));
    case FieldDescriptor::CPPTYPE_UINT32:
      return absl::StrCat(rep ? r->GetRepeatedUInt32(m, f, index)
                              : r->GetUInt32(m, f));
    case FieldDescriptor::CPPTYPE_UINT64:
      return absl::StrCat(rep ? r->GetRepeatedUInt64(m, f, index)
                              : r->GetUInt64(m, f));
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return NumberText(rep ? r->GetRepeatedDouble(m, f, index)
                            : r->GetDouble(m, f));
    case FieldDescriptor::CPPTYPE_FLOAT:
      return NumberText(rep ? r->GetRepeatedFloat(m, f, index)
                            : r->GetFloat(m, f));
    case FieldDescriptor::CPPTYPE_BOOL:
      return (rep ? r->GetRepeatedBool(m, f, index) : r->GetBool(m, f))
                 ? "true"
                 : "false";
    case FieldDescriptor::CPPTYPE_ENUM:
      return EnumText(rep ? r->GetRepeatedEnum(m, f, index) : r->GetEnum(m, f));
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return MessageText(rep ? r->GetRepeatedMessage(m, f, index)
                             : r->GetMessage(m, f));
  }
  return "";
}

bool IsSet(const Message& m, const FieldDescriptor* f) {
  const Reflection* r = m.GetReflection();
  if (f->is_repeated()) return r->FieldSize(m, f) > 0;
  return r->HasField(m, f);
}

bool IsStruct(const Descriptor* d) {
  return d->full_name() == "google.protobuf.Struct";
}

// One column of a table: a field, or a key of a Struct (the row itself, or
// its custom_fields).
struct Column {
  std::string header;
  const FieldDescriptor* field = nullptr;  // null: a Struct key
  std::string key;
};

std::string ColumnText(const Message& row, const Column& column) {
  if (column.field != nullptr) return CellText(row, column.field);
  const Struct* fields = nullptr;
  if (IsStruct(row.GetDescriptor())) {
    fields = static_cast<const Struct*>(&row);
  } else if (const FieldDescriptor* custom =
                 row.GetDescriptor()->FindFieldByName("custom_fields")) {
    fields = static_cast<const Struct*>(
        &row.GetReflection()->GetMessage(row, custom));
  }
  if (fields == nullptr) return "";
  auto it = fields->fields().find(column.key);
  return it == fields->fields().end() ? "" : ValueText(it->second);
}

std::vector<Column> ChooseColumns(const std::vector<const Message*>& rows,
                                  const std::vector<std::string>& wanted) {
  std::vector<Column> columns;
  if (rows.empty()) return columns;
  const Descriptor* type = rows[0]->GetDescriptor();
  if (!wanted.empty()) {
    for (const std::string& name : wanted) {
      Column c{name, nullptr, ""};
      if (!IsStruct(type)) c.field = FindFieldLoose(type, name);
      if (c.field == nullptr) c.key = name;
      columns.push_back(c);
    }
    return columns;
  }
  auto struct_keys = [&](const FieldDescriptor* custom) {
    std::vector<std::string> keys;
    std::map<std::string, bool> seen;
    for (const Message* row : rows) {
      const Struct& s =
          custom == nullptr
              ? *static_cast<const Struct*>(row)
              : static_cast<const Struct&>(
                    row->GetReflection()->GetMessage(*row, custom));
      for (const auto& [key, value] : s.fields()) seen[key] = true;
    }
    if (seen.count("Gsid")) keys.push_back("Gsid");
    for (const auto& [key, unused] : seen) {
      if (key != "Gsid") keys.push_back(key);
    }
    return keys;
  };
  if (IsStruct(type)) {
    for (const std::string& key : struct_keys(nullptr)) {
      columns.push_back(Column{key, nullptr, key});
    }
    return columns;
  }
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* f = type->field(i);
    if (f->name() == "custom_fields" && f->message_type() != nullptr &&
        IsStruct(f->message_type())) {
      for (const std::string& key : struct_keys(f)) {
        columns.push_back(Column{key, nullptr, key});
      }
      continue;
    }
    bool used = std::any_of(rows.begin(), rows.end(),
                            [&](const Message* row) { return IsSet(*row, f); });
    if (used) columns.push_back(Column{f->name(), f, ""});
  }
  return columns;
}

}  // namespace

void PrintJson(const Message& message, std::ostream& out) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  out << json;
  if (json.empty() || json.back() != '\n') out << "\n";
}

std::string CellText(const Message& message, const FieldDescriptor* field) {
  if (!field->is_repeated()) {
    // An unset optional field (a company without ARR) is empty, not 0.
    if (field->has_presence() &&
        !message.GetReflection()->HasField(message, field)) {
      return "";
    }
    return ScalarText(message, field, 0);
  }
  std::vector<std::string> parts;
  int n = message.GetReflection()->FieldSize(message, field);
  for (int i = 0; i < n; ++i) parts.push_back(ScalarText(message, field, i));
  return absl::StrJoin(parts, ", ");
}

namespace {
int table_width = 0;

// Narrows the widest columns until the table fits `limit` (columns two
// spaces apart), none below 8 characters or its header.
void FitWidths(std::vector<size_t>& widths, const std::vector<size_t>& floors,
               int limit) {
  if (limit <= 0 || widths.empty()) return;
  auto total = [&] {
    size_t sum = 2 * (widths.size() - 1);
    for (size_t w : widths) sum += w;
    return sum;
  };
  while (total() > static_cast<size_t>(limit)) {
    size_t widest = widths.size();
    for (size_t i = 0; i < widths.size(); ++i) {
      if (widths[i] > floors[i] &&
          (widest == widths.size() || widths[i] > widths[widest])) {
        widest = i;
      }
    }
    if (widest == widths.size()) return;  // as narrow as it gets
    --widths[widest];
  }
}

std::string Cut(const std::string& text, size_t width) {
  if (text.size() <= width) return text;
  if (width <= 3) return text.substr(0, width);
  return text.substr(0, width - 3) + "...";
}
}  // namespace

void SetTableWidth(int width) { table_width = width; }

void PrintTable(const std::vector<const Message*>& rows, std::ostream& out,
                const std::vector<std::string>& wanted) {
  std::vector<Column> columns = ChooseColumns(rows, wanted);
  if (columns.empty()) return;
  std::vector<std::vector<std::string>> cells;
  std::vector<size_t> widths;
  std::vector<std::string> header;
  for (const Column& c : columns) {
    header.push_back(c.header);
    widths.push_back(c.header.size());
  }
  for (const Message* row : rows) {
    std::vector<std::string> line;
    for (size_t i = 0; i < columns.size(); ++i) {
      std::string text = ColumnText(*row, columns[i]);
      std::replace(text.begin(), text.end(), '\n', ' ');
      widths[i] = std::max(widths[i], text.size());
      line.push_back(std::move(text));
    }
    cells.push_back(std::move(line));
  }
  std::vector<size_t> floors;
  for (const std::string& h : header)
    floors.push_back(std::max<size_t>(h.size(), 8));
  FitWidths(widths, floors, table_width);
  auto print = [&](const std::vector<std::string>& line) {
    std::string text;
    for (size_t i = 0; i < line.size(); ++i) {
      const std::string cell = Cut(line[i], widths[i]);
      absl::StrAppend(&text, cell);
      if (i + 1 < line.size()) {
        text.append(widths[i] - cell.size() + 2, ' ');
      }
    }
    out << text << "\n";
  };
  print(header);
  for (const auto& line : cells) print(line);
}

void PrintRecord(const Message& message, std::ostream& out) {
  std::vector<const Message*> rows = {&message};
  std::vector<Column> columns = ChooseColumns(rows, {});
  size_t width = 0;
  for (const Column& c : columns) width = std::max(width, c.header.size());
  for (const Column& c : columns) {
    out << c.header << ":" << std::string(width - c.header.size() + 1, ' ')
        << ColumnText(message, c) << "\n";
  }
}

void PrintRpcError(const grpc::Status& status, std::ostream& err) {
  err << "error: " << gainsight_client::CodeName(status.error_code()) << ": "
      << status.error_message() << "\n";
  for (const std::string& line : gainsight_client::DescribeDetails(
           gainsight_client::ParseDetails(status))) {
    err << "  " << line << "\n";
  }
}

}  // namespace gsctl
