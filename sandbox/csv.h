// CSV as Gainsight's Bulk API reads it and its bulk export writes it: UTF-8,
// comma-separated, RFC 4180 quoting ("" inside a quoted field), CRLF or LF
// line ends.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_CSV_H_
#define GAINSIGHT_GATEWAY_SANDBOX_CSV_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace gg::sandbox {

using CsvRow = std::vector<std::string>;

// Every line of `text` as cells. A quote left open at the end is an error;
// a final line end is optional; empty lines are skipped.
absl::StatusOr<std::vector<CsvRow>> ParseCsv(absl::string_view text);

// One line (with CRLF) of `cells`, quoting cells that hold a comma, a quote,
// CR or LF.
std::string CsvLine(const CsvRow& cells);

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_CSV_H_
