#include "gainsight/bulk_wire.h"

#include <algorithm>
#include <set>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "gainsight/bulk_wire_names.h"
#include "observe/log.h"

namespace gg {
namespace {

namespace w = bulk_wire;

// Letters and digits only, lower-cased: "Status_ID" -> "statusid".
std::string Folded(absl::string_view text) {
  std::string out;
  for (char c : text) {
    if (absl::ascii_isalnum(c)) out.push_back(absl::ascii_tolower(c));
  }
  return out;
}

// Longest state string kept for logs.
constexpr size_t kMaxLoggedState = 40;
// Most keys named in one log line.
constexpr size_t kMaxLoggedKeys = 30;
// Distinct unknown states remembered (each logged once); past it, further
// new ones are not logged, so odd answers cannot grow memory without end.
constexpr size_t kMaxRememberedStates = 100;

std::string Text(const Json* value) {
  if (value == nullptr) return "";
  if (value->is_string()) return value->get<std::string>();
  if (value->is_number_integer()) return absl::StrCat(value->get<int64_t>());
  return "";
}

// A count given as a number or as a numeric string.
std::optional<int64_t> Count(const Json* value) {
  if (value == nullptr) return std::nullopt;
  if (value->is_number_integer()) return value->get<int64_t>();
  if (value->is_number_float()) {
    return static_cast<int64_t>(value->get<double>());
  }
  int64_t n = 0;
  if (value->is_string() && absl::SimpleAtoi(value->get<std::string>(), &n)) {
    return n;
  }
  return std::nullopt;
}

std::vector<gainsight::v1::RowError> RowErrors(const Json& data) {
  std::vector<gainsight::v1::RowError> out;
  const Json* list = FindKey(data, {w::kErrors, w::kErrorDetails});
  if (list == nullptr || !list->is_array()) return out;
  for (const Json& e : *list) {
    if (!e.is_object()) continue;
    gainsight::v1::RowError& row = out.emplace_back();
    row.set_row(
        Count(FindKey(e, {w::kRowNumber, "row", "rowNum"})).value_or(0));
    row.set_field(Text(FindKey(e, {w::kFieldName, "field"})));
    row.set_code(Text(FindKey(e, {w::kErrorCode, "code"})));
    row.set_message(
        Text(FindKey(e, {w::kErrorDesc, w::kErrorMessage, "message"})));
  }
  return out;
}

// Rows named by the errors: one row may carry several errors.
int64_t DistinctRows(const std::vector<gainsight::v1::RowError>& errors) {
  std::set<int64_t> rows;
  for (const auto& e : errors) rows.insert(e.row());
  return static_cast<int64_t>(rows.size());
}

}  // namespace

const Json* FindKey(const Json& object,
                    std::initializer_list<absl::string_view> names) {
  if (!object.is_object()) return nullptr;
  for (absl::string_view name : names) {
    auto exact = object.find(std::string(name));
    if (exact != object.end()) return &*exact;
  }
  for (absl::string_view name : names) {
    const std::string folded = Folded(name);
    for (auto it = object.begin(); it != object.end(); ++it) {
      if (Folded(it.key()) == folded) return &*it;
    }
  }
  return nullptr;
}

AsyncState ParseAsyncState(absl::string_view text) {
  const std::string state = Folded(text);
  if (state == Folded(w::kStateInit) || state == Folded(w::kStateSubmitted) ||
      state == Folded(w::kStateNotStarted)) {
    return AsyncState::kInit;
  }
  if (state == Folded(w::kStateInProgress)) return AsyncState::kInProgress;
  if (state == Folded(w::kStateCompleted)) return AsyncState::kCompleted;
  if (state == Folded(w::kStateFailed) || state == Folded(w::kStateAborted)) {
    return AsyncState::kFailed;
  }
  return AsyncState::kUnknown;
}

std::string UploadStatusId(const Json& data) {
  return Text(FindKey(data, {w::kStatusId}));
}

AsyncUploadStatus ParseAsyncUploadStatus(const Json& data) {
  AsyncUploadStatus status;
  status.state_text = Text(FindKey(data, {w::kJobStatus, w::kStatus}));
  status.state = ParseAsyncState(status.state_text);
  status.errors = RowErrors(data);
  const std::optional<int64_t> succeeded =
      Count(FindKey(data, {w::kSuccessCount}));
  const std::optional<int64_t> failed =
      Count(FindKey(data, {w::kFailureCount}));
  const std::optional<int64_t> total = Count(FindKey(data, {w::kTotalCount}));
  // Workato's People status: one processed Count.
  const std::optional<int64_t> processed = Count(FindKey(data, {w::kCount}));
  status.counted = succeeded || failed || processed;
  // Without a failure count, the failed rows are those the errors name.
  status.failed = failed.value_or(DistinctRows(status.errors));
  if (succeeded) {
    status.succeeded = *succeeded;
  } else if (processed) {
    status.succeeded = std::max<int64_t>(0, *processed - status.failed);
  } else if (total && failed) {
    status.succeeded = std::max<int64_t>(0, *total - *failed);
  }
  return status;
}

absl::StatusOr<ExportSubmitted> ParseExportSubmit(const Json& data) {
  ExportSubmitted out;
  out.job_id = Text(FindKey(data, {w::kJobId}));
  out.status_url = Text(FindKey(data, {w::kStatusUrl}));
  if (out.status_url.empty()) {
    return absl::InternalError(
        absl::StrCat("Gainsight accepted the bulk export but its answer "
                     "names no status URL (keys: ",
                     KeyNames(data), ")"));
  }
  return out;
}

ExportStatus ParseExportStatus(const Json& data) {
  ExportStatus status;
  status.state_text = Text(FindKey(data, {w::kJobStatus, w::kStatus}));
  status.state = ParseAsyncState(status.state_text);
  const Json* chunks = FindKey(data, {w::kChunkDetails, "chunks"});
  if (chunks != nullptr && chunks->is_array()) {
    for (const Json& chunk : *chunks) {
      std::string url = chunk.is_string()
                            ? chunk.get<std::string>()
                            : Text(FindKey(chunk, {w::kChunkUrl, "url"}));
      if (!url.empty()) status.chunk_urls.push_back(std::move(url));
    }
  }
  return status;
}

std::string KeyNames(const Json& data) {
  if (!data.is_object()) return data.is_null() ? "none" : data.type_name();
  std::vector<std::string> keys;
  for (auto it = data.begin(); it != data.end(); ++it) {
    if (keys.size() == kMaxLoggedKeys) {
      keys.push_back("...");
      break;
    }
    keys.push_back(it.key());
  }
  return absl::StrJoin(keys, ",");
}

void LogUnknownStateOnce(absl::string_view what, absl::string_view state,
                         const Json& data) {
  static absl::Mutex mu(absl::kConstInit);
  static auto* seen ABSL_GUARDED_BY(mu) =
      new std::set<std::pair<std::string, std::string>>();
  std::string shown(state.substr(0, kMaxLoggedState));
  {
    absl::MutexLock lock(&mu);
    if (seen->size() >= kMaxRememberedStates) return;
    if (!seen->emplace(std::string(what), shown).second) return;
  }
  Log(LogLevel::kWarning, "gainsight_unknown_state",
      {{"what", std::string(what)},
       {"state", shown},
       {"keys", KeyNames(data)}});
}

}  // namespace gg
