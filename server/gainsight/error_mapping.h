// THE table from Gainsight outcomes (HTTP status, `result: false`, errorCode)
// to gRPC status codes with google.rpc details. Documented in the README's
// error model; change a row here and the README together.
#ifndef GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_ERROR_MAPPING_H_
#define GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_ERROR_MAPPING_H_

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
inline constexpr char kUpstreamError[] = "GAINSIGHT_UNAVAILABLE";
inline constexpr char kUnreachable[] = "GAINSIGHT_UNREACHABLE";
inline constexpr char kTimeout[] = "GAINSIGHT_TIMEOUT";
inline constexpr char kMalformed[] = "GAINSIGHT_MALFORMED_RESPONSE";
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
};

// Classifies a finished HTTP exchange (or transport error).
UpstreamOutcome ClassifyResponse(const absl::StatusOr<HttpResponse>& response);

// Per-record errors from a rejected write (`data.errors`, a decision shared
// with the sandbox: [{"index", "fieldName", "errorCode", "errorDesc"}]).
struct RecordError {
  int index = -1;
  std::string field_name;
  std::string error_code;
  std::string error_desc;
};
std::vector<RecordError> ParseRecordErrors(const Json& data);

// The status one record gets for its RecordError (INVALID_ARGUMENT with
// BadRequest naming `field_prefix` + the field).
absl::Status RecordErrorStatus(const RecordError& error,
                               absl::string_view field_prefix);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_ERROR_MAPPING_H_
