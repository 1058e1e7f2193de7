#include "sandbox/csv.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace gg::sandbox {

absl::StatusOr<std::vector<CsvRow>> ParseCsv(absl::string_view text) {
  std::vector<CsvRow> rows;
  CsvRow row;
  std::string cell;
  bool quoted = false;        // inside a quoted field
  bool line_started = false;  // the current line has any character
  int64_t line = 1;
  auto end_line = [&] {
    if (line_started) {
      row.push_back(std::move(cell));
      rows.push_back(std::move(row));
    }
    row.clear();
    cell.clear();
    line_started = false;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell.push_back('"');
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        cell.push_back(c);
      }
      continue;
    }
    switch (c) {
      case '"':
        if (!cell.empty()) {
          return absl::InvalidArgumentError(
              absl::StrCat("line ", line, ": quote inside an unquoted field"));
        }
        quoted = true;
        line_started = true;
        break;
      case ',':
        row.push_back(std::move(cell));
        cell.clear();
        line_started = true;
        break;
      case '\r':
        if (i + 1 < text.size() && text[i + 1] == '\n') break;
        end_line();
        ++line;
        break;
      case '\n':
        end_line();
        ++line;
        break;
      default:
        cell.push_back(c);
        line_started = true;
    }
  }
  if (quoted) {
    return absl::InvalidArgumentError(
        absl::StrCat("line ", line, ": quoted field not closed"));
  }
  end_line();
  return rows;
}

std::string CsvLine(const CsvRow& cells) {
  std::string out;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out.push_back(',');
    const std::string& cell = cells[i];
    if (cell.find_first_of(",\"\r\n") == std::string::npos) {
      out += cell;
      continue;
    }
    out.push_back('"');
    for (char c : cell) {
      if (c == '"') out.push_back('"');
      out.push_back(c);
    }
    out.push_back('"');
  }
  out += "\r\n";
  return out;
}

}  // namespace gg::sandbox
