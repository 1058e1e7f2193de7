// Reading the answers of Gainsight's bulk endpoints. Where the evidence is
// unsure of a key's name or spelling, every plausible one is accepted (see
// bulk_wire_names.h); the choice is made here and nowhere else.
#ifndef GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_BULK_WIRE_H_
#define GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_BULK_WIRE_H_

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gainsight/envelope.h"
#include "gainsight/v1/bulk.pb.h"

namespace gg {

// The member of JSON object `object` whose key matches one of `names`,
// ignoring letter case, `_` and spaces; nullptr when none (or not an
// object).
const Json* FindKey(const Json& object,
                    std::initializer_list<absl::string_view> names);

// What an asynchronous job's status says.
enum class AsyncState {
  kUnknown,     // no state, or a state string the gateway does not know
  kInit,        // INIT, SUBMITTED, NOT_STARTED: accepted, not started
  kInProgress,  // IN_PROGRESS, INPROGRESS
  kCompleted,   // COMPLETED
  kFailed,      // FAILED, ABORTED
};
AsyncState ParseAsyncState(absl::string_view text);

// The status id in an upload's answer; "" when there is none.
std::string UploadStatusId(const Json& data);

// A status answer of a Bulk API upload or a People asynchronous upsert.
struct AsyncUploadStatus {
  AsyncState state = AsyncState::kUnknown;
  std::string state_text;  // as Gainsight sent it (for the unknown ones)
  // The final counts (read when the state is terminal). `counted` is false
  // when the answer had no count key at all.
  bool counted = false;
  int64_t succeeded = 0;
  int64_t failed = 0;
  // Row errors; `row` counts from 1 within the upload.
  std::vector<gainsight::v1::RowError> errors;
};
AsyncUploadStatus ParseAsyncUploadStatus(const Json& data);

// The submit answer of a bulk export.
struct ExportSubmitted {
  std::string job_id;      // may be empty: only the URL is needed
  std::string status_url;  // as Gainsight sent it (relative or absolute)
};
// INTERNAL (naming the answer's keys, never values) when there is no
// status URL.
absl::StatusOr<ExportSubmitted> ParseExportSubmit(const Json& data);

// A status answer of a bulk export.
struct ExportStatus {
  AsyncState state = AsyncState::kUnknown;
  std::string state_text;
  std::vector<std::string> chunk_urls;  // in order, when COMPLETED
};
ExportStatus ParseExportStatus(const Json& data);

// The key names of an answer, for logs (never values).
std::string KeyNames(const Json& data);

// Logs a state string the gateway does not know, once per process per
// (what, state) pair, with the answer's key names.
void LogUnknownStateOnce(absl::string_view what, absl::string_view state,
                         const Json& data);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_BULK_WIRE_H_
