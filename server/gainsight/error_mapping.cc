#include "gainsight/error_mapping.h"

#include <map>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/status_details.h"

namespace gg {
namespace {

// One row of the outcome table: the first row whose conditions hold decides.
// `http_status` 0 and `error_code` nullptr match anything.
struct Rule {
  int http_status;
  const char* error_code;
  absl::StatusCode code;
  const char* reason;
  bool transient;
};

// clang-format off
constexpr Rule kRules[] = {
  // Nothing matched the keys / "No data found for given criteria".
  {0,   "GSOBJ_1011",   absl::StatusCode::kNotFound,           reason::kNoMatch,        false},
  {0,   "GSOBJ_1XXX",   absl::StatusCode::kNotFound,           reason::kNoMatch,        false},
  // The gateway's access key was refused: an operator must fix the key.
  {0,   "GS_APIG_2401", absl::StatusCode::kPermissionDenied,   reason::kUpstreamAuth,   false},
  {0,   "GSOBJ_1024",   absl::StatusCode::kPermissionDenied,   reason::kUpstreamAuth,   false},
  {0,   "GS_APIG_2402", absl::StatusCode::kPermissionDenied,   reason::kUpstreamAuth,   false},
  {401, nullptr,        absl::StatusCode::kPermissionDenied,   reason::kUpstreamAuth,   false},
  {403, nullptr,        absl::StatusCode::kPermissionDenied,   reason::kUpstreamAuth,   false},
  // Record validation (GSOBJ_1001..1008; 1004 is a blank or bad GSID).
  {0,   "GSOBJ_1001",   absl::StatusCode::kInvalidArgument,    reason::kInvalidRecord,  false},
  {0,   "GSOBJ_1002",   absl::StatusCode::kInvalidArgument,    reason::kInvalidRecord,  false},
  {0,   "GSOBJ_1004",   absl::StatusCode::kInvalidArgument,    reason::kInvalidRecord,  false},
  {0,   "GSOBJ_1005",   absl::StatusCode::kInvalidArgument,    reason::kInvalidRecord,  false},
  {0,   "GSOBJ_1006",   absl::StatusCode::kInvalidArgument,    reason::kInvalidRecord,  false},
  {0,   "GSOBJ_1007",   absl::StatusCode::kInvalidArgument,    reason::kInvalidRecord,  false},
  {0,   "GSOBJ_1008",   absl::StatusCode::kInvalidArgument,    reason::kInvalidRecord,  false},
  // Database failure on delete: Gainsight says 500; worth a retry.
  {0,   "GSOBJ_1003",   absl::StatusCode::kUnavailable,        reason::kUpstreamError,  true},
  {404, nullptr,        absl::StatusCode::kNotFound,           reason::kNotFound,       false},
  {500, nullptr,        absl::StatusCode::kUnavailable,        reason::kUpstreamError,  true},
  {502, nullptr,        absl::StatusCode::kUnavailable,        reason::kUpstreamError,  true},
  {503, nullptr,        absl::StatusCode::kUnavailable,        reason::kUpstreamError,  true},
  {504, nullptr,        absl::StatusCode::kUnavailable,        reason::kUpstreamError,  true},
};
// clang-format on

bool IsThrottle(int http_status, absl::string_view error_code) {
  return http_status == 429 || error_code == "GU_2400" ||
         error_code == "GS_APIG_2404";
}

std::optional<absl::Duration> ParseRetryAfter(absl::string_view value) {
  int64_t seconds = 0;
  if (absl::SimpleAtoi(absl::StripAsciiWhitespace(value), &seconds) &&
      seconds >= 0) {
    return absl::Seconds(seconds);
  }
  return std::nullopt;  // HTTP-date form: not used by Gainsight; ignored
}

absl::Status Upstream(absl::StatusCode code, absl::string_view reason,
                      std::string message, int http_status,
                      const Envelope* envelope) {
  absl::Status status(code, message);
  std::map<std::string, std::string> metadata;
  if (http_status > 0) metadata["http_status"] = absl::StrCat(http_status);
  if (envelope != nullptr) {
    metadata["gainsight_error_code"] = envelope->error_code;
    metadata["gainsight_request_id"] = envelope->request_id;
  }
  AttachErrorInfo(status, reason, metadata);
  return status;
}

std::string Describe(int http_status, const Envelope& envelope) {
  std::string message = absl::StrCat("Gainsight answered HTTP ", http_status);
  if (!envelope.error_code.empty()) {
    absl::StrAppend(&message, " ", envelope.error_code);
  }
  if (!envelope.error_desc.empty()) {
    absl::StrAppend(&message, ": ", envelope.error_desc);
  }
  return message;
}

}  // namespace

UpstreamOutcome ClassifyResponse(const absl::StatusOr<HttpResponse>& response) {
  UpstreamOutcome outcome;
  if (!response.ok()) {
    absl::StatusCode code = response.status().code();
    if (code == absl::StatusCode::kCancelled) {
      outcome.status = response.status();
      return outcome;
    }
    if (code == absl::StatusCode::kInternal) {
      // The answer was past the size bound: asking again gets the same.
      outcome.status =
          Upstream(absl::StatusCode::kInternal, reason::kTooLarge,
                   std::string(response.status().message()), 0, nullptr);
      return outcome;
    }
    bool timeout = code == absl::StatusCode::kDeadlineExceeded;
    outcome.status =
        Upstream(timeout ? absl::StatusCode::kDeadlineExceeded
                         : absl::StatusCode::kUnavailable,
                 timeout ? reason::kTimeout : reason::kUnreachable,
                 std::string(response.status().message()), 0, nullptr);
    outcome.transient = true;
    return outcome;
  }
  const int http = response->status;
  if (absl::string_view retry_after = response->Header("retry-after");
      !retry_after.empty()) {
    outcome.retry_after = ParseRetryAfter(retry_after);
  }
  std::optional<Envelope> envelope = ParseEnvelope(response->body);
  absl::string_view error_code =
      envelope.has_value() ? absl::string_view(envelope->error_code) : "";
  if (IsThrottle(http, error_code)) {
    outcome.throttled = true;
    outcome.status =
        Upstream(absl::StatusCode::kResourceExhausted, reason::kRateLimited,
                 "Gainsight refused the call for its rate limit", http,
                 envelope.has_value() ? &*envelope : nullptr);
    return outcome;
  }
  if (!envelope.has_value()) {
    outcome.transient = http >= 500;
    outcome.status =
        Upstream(http >= 500 ? absl::StatusCode::kUnavailable
                             : absl::StatusCode::kInternal,
                 http >= 500 ? reason::kUpstreamError : reason::kMalformed,
                 absl::StrCat("Gainsight answered HTTP ", http,
                              " with a body that is not a Gainsight envelope"),
                 http, nullptr);
    return outcome;
  }
  if (envelope->result && http >= 200 && http < 300) {
    outcome.data = std::move(envelope->data);
    return outcome;
  }
  bool no_data = absl::StartsWith(envelope->error_desc,
                                  "No data found for given criteria");
  for (const Rule& rule : kRules) {
    if (rule.http_status != 0 && rule.http_status != http) continue;
    if (rule.error_code != nullptr && error_code != rule.error_code) continue;
    outcome.transient = rule.transient;
    outcome.status = Upstream(rule.code, rule.reason, Describe(http, *envelope),
                              http, &*envelope);
    outcome.data = std::move(envelope->data);
    return outcome;
  }
  // Unlisted outcomes: a 5xx may pass, anything else is Gainsight saying no.
  absl::StatusCode code = absl::StatusCode::kFailedPrecondition;
  const char* why = reason::kRejected;
  if (no_data) {
    code = absl::StatusCode::kNotFound;
    why = reason::kNoMatch;
  } else if (http >= 500) {
    code = absl::StatusCode::kUnavailable;
    why = reason::kUpstreamError;
    outcome.transient = true;
  } else if (http >= 400) {
    code = absl::StatusCode::kInvalidArgument;
  }
  outcome.status =
      Upstream(code, why, Describe(http, *envelope), http, &*envelope);
  outcome.data = std::move(envelope->data);
  return outcome;
}

std::vector<RecordError> ParseRecordErrors(const Json& data) {
  std::vector<RecordError> errors;
  if (!data.is_object()) return errors;
  auto it = data.find("errors");
  if (it == data.end() || !it->is_array()) return errors;
  for (const Json& e : *it) {
    if (!e.is_object()) continue;
    RecordError error;
    if (auto i = e.find("index"); i != e.end() && i->is_number_integer()) {
      error.index = i->get<int>();
    }
    auto str = [&](const char* key) {
      auto v = e.find(key);
      return v != e.end() && v->is_string() ? v->get<std::string>() : "";
    };
    error.field_name = str("fieldName");
    error.error_code = str("errorCode");
    error.error_desc = str("errorDesc");
    errors.push_back(std::move(error));
  }
  return errors;
}

absl::Status RecordErrorStatus(const RecordError& error,
                               absl::string_view field_prefix) {
  std::string field = error.field_name.empty()
                          ? std::string(field_prefix)
                          : absl::StrCat(field_prefix, ".", error.field_name);
  std::string description =
      absl::StrCat("Gainsight rejected the record (", error.error_code, ")",
                   error.error_desc.empty() ? "" : ": ", error.error_desc);
  absl::Status status = absl::InvalidArgumentError(description);
  AttachBadRequest(status, {{field, description}});
  AttachErrorInfo(status, reason::kInvalidRecord,
                  {{"gainsight_error_code", error.error_code}});
  return status;
}

}  // namespace gg
