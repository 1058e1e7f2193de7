// CSV as Gainsight's Bulk API takes it (and its bulk export gives it): UTF-8,
// comma-separated, a header row, RFC 4180 quoting (a cell holding a comma, a
// quote, CR or LF is quoted, quotes doubled), CRLF line ends.
#ifndef GAINSIGHT_GATEWAY_SERVER_JOBS_CSV_ENCODER_H_
#define GAINSIGHT_GATEWAY_SERVER_JOBS_CSV_ENCODER_H_

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/struct.pb.h"

namespace gg {

// Appends `cell`, quoted when it must be.
void AppendCsvCell(absl::string_view cell, std::string& out);

// Appends one line of `cells` with its CRLF.
void AppendCsvLine(const std::vector<std::string>& cells, std::string& out);

// The cell text of a record value: strings as they are, numbers in their
// shortest exact form (whole numbers without a fraction), booleans "true" or
// "false", null empty. Lists and structs have no cell form
// (INVALID_ARGUMENT).
absl::StatusOr<std::string> CsvCellOf(const google::protobuf::Value& value);

// The cells of one CSV record (as CsvRecordSplitter gives it): quotes
// removed, doubled quotes undone.
std::vector<std::string> ParseCsvRecord(absl::string_view record);

// How many cells ParseCsvRecord would give, without building them.
size_t CountCsvCells(absl::string_view record);

// Splits a CSV byte stream into records (lines outside quotes), whatever
// the pieces it arrives in. Records come out without their line end. A
// record longer than `max_record_bytes` (an unclosed quote swallows the rest
// of the stream) stops the splitter: overflowed() turns true and every later
// byte is ignored, so memory stays bounded.
class CsvRecordSplitter {
 public:
  explicit CsvRecordSplitter(
      size_t max_record_bytes = std::numeric_limits<size_t>::max())
      : max_record_bytes_(max_record_bytes) {}

  // Feeds the next piece; `emit` gets each record completed by it.
  template <typename Emit>
  void Feed(absl::string_view piece, Emit&& emit) {
    for (char c : piece) {
      if (overflowed_) return;
      if (c == '"') {
        quoted_ = !quoted_;
        if (quoted_) quote_line_ = line_;
      }
      if (c == '\n') line_++;
      if (c == '\n' && !quoted_) {
        if (!record_.empty() && record_.back() == '\r') record_.pop_back();
        if (!record_.empty()) emit(record_);
        record_.clear();
        continue;
      }
      if (record_.size() >= max_record_bytes_) {
        overflowed_ = true;
        record_.clear();
        record_.shrink_to_fit();
        return;
      }
      record_.push_back(c);
    }
  }
  // The stream ended: emits the last record when it had no line end.
  // Returns false when a quoted field was left open (see open_quote_line).
  template <typename Emit>
  bool Finish(Emit&& emit) {
    if (quoted_ || overflowed_) return false;
    if (!record_.empty() && record_.back() == '\r') record_.pop_back();
    if (!record_.empty()) emit(record_);
    record_.clear();
    return true;
  }

  // A record grew past max_record_bytes.
  bool overflowed() const { return overflowed_; }
  size_t max_record_bytes() const { return max_record_bytes_; }
  // The line (from 1) where the quoted field left open begins.
  int64_t open_quote_line() const { return quote_line_; }

 private:
  const size_t max_record_bytes_;
  bool quoted_ = false;
  bool overflowed_ = false;
  int64_t line_ = 1;
  int64_t quote_line_ = 0;
  std::string record_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_JOBS_CSV_ENCODER_H_
