#include "gainsight/error_mapping.h"

#include <map>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "common/status_details.h"
#include "gainsight/envelope.h"

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
  // The tenant's API gateway has no such route: the endpoint does not exist
  // there (a wrong path, or an API the tenant lacks), not a missing record.
  {0,   "GS_APIG_1000", absl::StatusCode::kUnimplemented,      reason::kRouteNotFound,  false},
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
  if (envelope.has_value()) {
    outcome.gainsight_request_id = envelope->request_id;
    outcome.gainsight_error_code = envelope->error_code;
  }
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
  if (!envelope.has_value() && http == 404) {
    // Not Gainsight's API answering: nothing serves that route.
    outcome.status = Upstream(
        absl::StatusCode::kUnimplemented, reason::kRouteNotFound,
        "Gainsight answered HTTP 404 without a Gainsight envelope: the "
        "tenant has no such route",
        http, nullptr);
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

namespace {

// One entry of the indexed shape: {"index", "fieldName", "errorCode",
// "errorDesc"}.
bool IsIndexedEntry(const Json& entry) {
  if (!entry.is_object()) return false;
  auto it = entry.find("index");
  return it != entry.end() && it->is_number_integer();
}

// The field errors of one per-record result {"success", "errors": [...]}.
void AppendResultErrors(const Json& result, int index,
                        std::vector<RecordError>& out) {
  if (!result.is_object()) return;
  const auto success = result.find("success");
  const bool failed =
      success != result.end() && success->is_boolean() && !success->get<bool>();
  const auto errors = result.find("errors");
  size_t added = 0;
  if (errors != result.end() && errors->is_array()) {
    for (const Json& e : *errors) {
      if (!e.is_object() || out.size() >= kMaxRecordErrors) continue;
      RecordError error;
      error.index = index;
      error.field_name = StringAt(e, "fieldName");
      error.error_code = StringAt(e, "errorCode");
      error.error_desc = StringAt(e, "errorMessage");
      if (error.error_desc.empty()) error.error_desc = StringAt(e, "errorDesc");
      out.push_back(std::move(error));
      ++added;
    }
  }
  if (failed && added == 0 && out.size() < kMaxRecordErrors) {
    RecordError error;
    error.index = index;
    error.error_code = StringAt(result, "errorCode");
    error.error_desc = StringAt(result, "errorMessage");
    out.push_back(std::move(error));
  }
}

// The errors of `data.errors`, and how many per-record entries it had (-1:
// the indexed shape, whose entries name their record).
std::vector<RecordError> ParseErrors(const Json& data, int* entries) {
  std::vector<RecordError> out;
  *entries = -1;
  if (!data.is_object()) return out;
  auto it = data.find("errors");
  if (it == data.end() || !it->is_array() || it->empty()) return out;
  const Json& errors = *it;
  if (IsIndexedEntry(errors.front())) {
    for (const Json& e : errors) {
      if (!IsIndexedEntry(e) || out.size() >= kMaxRecordErrors) continue;
      RecordError error;
      error.index = e.at("index").get<int>();
      error.field_name = StringAt(e, "fieldName");
      error.error_code = StringAt(e, "errorCode");
      error.error_desc = StringAt(e, "errorDesc");
      out.push_back(std::move(error));
    }
    return out;
  }
  *entries = static_cast<int>(errors.size());
  for (size_t i = 0; i < errors.size(); ++i) {
    const Json& entry = errors[i];
    if (entry.is_array()) {
      for (const Json& result : entry) {
        AppendResultErrors(result, static_cast<int>(i), out);
      }
    } else {
      AppendResultErrors(entry, static_cast<int>(i), out);
    }
  }
  return out;
}

}  // namespace

std::vector<RecordError> ParseRecordErrors(const Json& data) {
  int entries = 0;
  return ParseErrors(data, &entries);
}

RejectedRecords ReadRejectedRecords(const Json& data, int record_count) {
  RejectedRecords rejected;
  int entries = 0;
  std::vector<RecordError> errors = ParseErrors(data, &entries);
  if (entries >= 0 && entries != record_count) {
    // Per-record entries that do not line up with the call's records: only
    // a one-record call can still tell whose they are.
    if (record_count != 1) {
      rejected.unreadable = true;
      return rejected;
    }
    for (RecordError& e : errors) e.index = 0;
  }
  for (RecordError& e : errors) {
    if (e.index < 0 || e.index >= record_count) continue;
    rejected.by_position[e.index].push_back(std::move(e));
  }
  rejected.per_record = !rejected.by_position.empty();
  return rejected;
}

absl::Status RecordErrorsStatus(const std::vector<RecordError>& errors,
                                absl::string_view field_prefix) {
  std::vector<FieldViolation> violations;
  std::vector<std::string> parts;
  for (const RecordError& error : errors) {
    std::string field = error.field_name.empty()
                            ? std::string(field_prefix)
                            : absl::StrCat(field_prefix, ".", error.field_name);
    std::string what = error.error_desc.empty() ? "rejected" : error.error_desc;
    if (!error.error_code.empty()) {
      absl::StrAppend(&what, " (", error.error_code, ")");
    }
    parts.push_back(error.field_name.empty()
                        ? what
                        : absl::StrCat(error.field_name, ": ", what));
    violations.push_back({std::move(field), std::move(what)});
  }
  absl::Status status = absl::InvalidArgumentError(
      absl::StrCat("Gainsight rejected the record", parts.empty() ? "" : ": ",
                   absl::StrJoin(parts, "; ")));
  if (!violations.empty()) AttachBadRequest(status, violations);
  AttachErrorInfo(
      status, reason::kInvalidRecord,
      {{"gainsight_error_code", errors.empty() ? "" : errors[0].error_code}});
  return status;
}

absl::Status RecordErrorStatus(const RecordError& error,
                               absl::string_view field_prefix) {
  return RecordErrorsStatus({error}, field_prefix);
}

absl::Status CallerDeadlineStatus(absl::Duration waited, bool sent) {
  absl::Status status = absl::DeadlineExceededError(absl::StrCat(
      "the caller's deadline passed while Gainsight was answering (after ",
      absl::FormatDuration(absl::Trunc(waited, absl::Milliseconds(1))),
      sent ? "; the call may have been executed)" : ")"));
  AttachErrorInfo(status, reason::kCallerDeadline);
  return status;
}

}  // namespace gg
