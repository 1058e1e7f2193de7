// An RFC 4180 CSV reader: comma-separated fields, fields in double quotes may
// hold commas, line breaks and doubled quotes (""). Lines end in CRLF or LF.
#ifndef GAINSIGHT_GSCTL_CSV_H_
#define GAINSIGHT_GSCTL_CSV_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace gsctl {

using CsvRow = std::vector<std::string>;

// `text` without a leading UTF-8 byte order mark (spreadsheet exports
// write one).
absl::string_view StripUtf8Bom(absl::string_view text);

// Every row of `text`. A final line break does not start an empty row. Fails
// (INVALID_ARGUMENT naming the line) on a quote inside an unquoted field,
// text after a closing quote, or an unterminated quoted field (the line
// where it opens). With `row_lines`, the line (from 1) each row starts on.
absl::StatusOr<std::vector<CsvRow>> ParseCsv(
    absl::string_view text, std::vector<int>* row_lines = nullptr);

}  // namespace gsctl

#endif  // GAINSIGHT_GSCTL_CSV_H_
