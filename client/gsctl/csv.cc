#include "csv.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace gsctl {

absl::string_view StripUtf8Bom(absl::string_view text) {
  absl::ConsumePrefix(&text, "\xEF\xBB\xBF");
  return text;
}

absl::StatusOr<std::vector<CsvRow>> ParseCsv(absl::string_view text,
                                             std::vector<int>* row_lines) {
  std::vector<CsvRow> rows;
  CsvRow row;
  std::string field;
  bool quoted = false;       // inside a quoted field
  bool after_quote = false;  // a quoted field just closed
  bool row_started = false;  // the current row has any character
  int line = 1;
  int row_line = 1;    // where the current row starts
  int quote_line = 0;  // where the open quoted field starts
  auto end_field = [&] {
    row.push_back(std::move(field));
    field.clear();
    after_quote = false;
  };
  auto end_row = [&] {
    end_field();
    rows.push_back(std::move(row));
    if (row_lines != nullptr) row_lines->push_back(row_line);
    row.clear();
    row_started = false;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          quoted = false;
          after_quote = true;
        }
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
      continue;
    }
    if (c == ',') {
      row_started = true;
      end_field();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_row();
      ++line;
      row_line = line;
    } else if (after_quote) {
      return absl::InvalidArgumentError(absl::StrCat(
          "CSV line ", line, ": text after the closing quote of a field"));
    } else if (c == '"') {
      if (!field.empty()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "CSV line ", line, ": a quote inside an unquoted field"));
      }
      quoted = true;
      quote_line = line;
      row_started = true;
    } else {
      field.push_back(c);
      row_started = true;
    }
  }
  if (quoted) {
    return absl::InvalidArgumentError(
        absl::StrCat("CSV line ", quote_line,
                     ": a quoted field opens here and is never closed"));
  }
  if (row_started || !field.empty() || !row.empty()) end_row();
  return rows;
}

}  // namespace gsctl
