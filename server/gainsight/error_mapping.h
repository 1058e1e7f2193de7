// THE table from Gainsight outcomes (HTTP status, `result: false`, errorCode)
// to gRPC status codes with google.rpc details. Documented in the README's
// error model; change a row here and the README together.
#ifndef GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_ERROR_MAPPING_H_
#define GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_ERROR_MAPPING_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "gainsight/envelope.h"
#include "http/http_client.h"

namespace gg {

// Stable ErrorInfo reasons of upstream failures.
namespace reason {
inline constexpr char kUpstreamAuth[] = "GAINSIGHT_ACCESS_DENIED";
inline constexpr char kRateLimited[] = "GAINSIGHT_RATE_LIMITED";
inline constexpr char kNoMatch[] = "GAINSIGHT_NO_MATCH";
inline constexpr char kInvalidRecord[] = "GAINSIGHT_INVALID_RECORD";
inline constexpr char kRejected[] = "GAINSIGHT_REJECTED";
inline constexpr char kNotFound[] = "GAINSIGHT_NOT_FOUND";
// The tenant has no such route (API gateway 404, GS_APIG_1000): the
// endpoint the gateway called does not exist there.
inline constexpr char kRouteNotFound[] = "GAINSIGHT_ROUTE_NOT_FOUND";
inline constexpr char kUpstreamError[] = "GAINSIGHT_UNAVAILABLE";
inline constexpr char kUnreachable[] = "GAINSIGHT_UNREACHABLE";
inline constexpr char kTimeout[] = "GAINSIGHT_TIMEOUT";
// The caller's own deadline ran out while Gainsight was answering.
inline constexpr char kCallerDeadline[] = "CALLER_DEADLINE_EXCEEDED";
inline constexpr char kMalformed[] = "GAINSIGHT_MALFORMED_RESPONSE";
inline constexpr char kTooLarge[] = "GAINSIGHT_RESPONSE_TOO_LARGE";
}  // namespace reason

// Gainsight's answer to a call, classified.
struct UpstreamOutcome {
  // OK when Gainsight accepted the call; otherwise the mapped error with
  // ErrorInfo (reason, gainsight_error_code, gainsight_request_id,
  // http_status) and, where Gainsight named fields, BadRequest.
  absl::Status status;
  // The envelope's `data` on success.
  Json data;
  // Gainsight refused the call for its rate limit (HTTP 429, GU_2400 or
  // GS_APIG_2404): the call was not executed.
  bool throttled = false;
  // Retry-After, when Gainsight sent one.
  std::optional<absl::Duration> retry_after;
  // A retry may succeed (5xx, transport errors): the caller decides whether
  // the operation is safe to repeat.
  bool transient = false;
  // False when the request certainly did not reach Gainsight whole: it was
  // never sent, or the transport failed before the whole body was written.
  // Gainsight cannot have acted on it then.
  bool request_sent = true;
  // The requestId and errorCode of Gainsight's envelope, when it sent one
  // (for logs).
  std::string gainsight_request_id;
  std::string gainsight_error_code;
};

// Classifies a finished HTTP exchange (or transport error).
UpstreamOutcome ClassifyResponse(const absl::StatusOr<HttpResponse>& response);

// One field error of one record of a rejected write. Record values
// (Gainsight's `invalidValue`, `parsedValue`) are never read.
struct RecordError {
  // Position of the record in the call (0-based), -1 when not given.
  int index = -1;
  std::string field_name;  // empty when about the record as a whole
  std::string error_code;
  std::string error_desc;
};

// Every field error of a rejected write's `data`, read from `data.errors` in
// either shape Gainsight is known to send:
//  - per record (the published shape): one entry per record of the call, in
//    input order, each an array of {"success", "parsedValue", "errors":
//    [{"errorMessage", "errorCode", "fieldName", "invalidValue"}]} (an entry
//    may also be one such object, or null/empty for a valid record); `index`
//    is the entry's position;
//  - indexed: [{"index", "fieldName", "errorCode", "errorDesc"}].
// At most kMaxRecordErrors are read.
std::vector<RecordError> ParseRecordErrors(const Json& data);
inline constexpr int kMaxRecordErrors = 1000;

// Which records of a rejected write of `record_count` records Gainsight
// named, by position in the call.
struct RejectedRecords {
  // The errors of each named record, in Gainsight's order.
  std::map<int, std::vector<RecordError>> by_position;
  // Gainsight said which records it rejected: the others are valid and may
  // be sent again on their own. False when it named none, or when its
  // per-record entries cannot be tied to the records (their number differs
  // from the call's).
  bool per_record = false;
  // `data.errors` held entries the gateway could not tie to records: an
  // answer to count and log (by key names) as unreadable.
  bool unreadable = false;
};
RejectedRecords ReadRejectedRecords(const Json& data, int record_count);

// DEADLINE_EXCEEDED with reason CALLER_DEADLINE_EXCEEDED: the caller's
// deadline passed `waited` after the request left (`sent`: it may have been
// executed), before Gainsight's attempt timeout.
absl::Status CallerDeadlineStatus(absl::Duration waited, bool sent);

// The status one record gets for its errors: INVALID_ARGUMENT with a
// BadRequest naming `field_prefix` + "." + each field (`field_prefix` alone
// for an error about the whole record) and ErrorInfo GAINSIGHT_INVALID_RECORD
// with the first error's code. Messages carry Gainsight's error text, never
// the values.
absl::Status RecordErrorsStatus(const std::vector<RecordError>& errors,
                                absl::string_view field_prefix);
absl::Status RecordErrorStatus(const RecordError& error,
                               absl::string_view field_prefix);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_ERROR_MAPPING_H_
