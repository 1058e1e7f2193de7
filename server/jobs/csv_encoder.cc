#include "jobs/csv_encoder.h"

#include <cmath>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace gg {

void AppendCsvCell(absl::string_view cell, std::string& out) {
  if (cell.find_first_of(",\"\r\n") == absl::string_view::npos) {
    out.append(cell.data(), cell.size());
    return;
  }
  out.push_back('"');
  for (char c : cell) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void AppendCsvLine(const std::vector<std::string>& cells, std::string& out) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out.push_back(',');
    AppendCsvCell(cells[i], out);
  }
  out.append("\r\n");
}

absl::StatusOr<std::string> CsvCellOf(const google::protobuf::Value& value) {
  switch (value.kind_case()) {
    case google::protobuf::Value::kNullValue:
    case google::protobuf::Value::KIND_NOT_SET:
      return std::string();
    case google::protobuf::Value::kStringValue:
      return value.string_value();
    case google::protobuf::Value::kBoolValue:
      return std::string(value.bool_value() ? "true" : "false");
    case google::protobuf::Value::kNumberValue: {
      double d = value.number_value();
      if (!std::isfinite(d)) {
        return absl::InvalidArgumentError("a number must be finite");
      }
      if (d == std::trunc(d) && std::fabs(d) < 1e15) {
        return absl::StrCat(static_cast<int64_t>(d));
      }
      return absl::StrFormat("%.17g", d);
    }
    default:
      return absl::InvalidArgumentError(
          "lists and structs have no CSV cell form");
  }
}

size_t CountCsvCells(absl::string_view record) {
  size_t cells = 1;
  bool quoted = false;
  for (char c : record) {
    // A doubled quote inside quotes toggles twice: no net change.
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      ++cells;
    }
  }
  return cells;
}

std::vector<std::string> ParseCsvRecord(absl::string_view record) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (size_t i = 0; i < record.size(); ++i) {
    const char c = record[i];
    if (quoted) {
      if (c != '"') {
        cells.back().push_back(c);
      } else if (i + 1 < record.size() && record[i + 1] == '"') {
        cells.back().push_back('"');
        ++i;
      } else {
        quoted = false;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      cells.emplace_back();
    } else {
      cells.back().push_back(c);
    }
  }
  return cells;
}

}  // namespace gg
