#include "gainsight_client/status_details.h"

#include <map>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace gainsight_client {
namespace {

constexpr char kRpcStatusUrl[] = "type.googleapis.com/google.rpc.Status";

absl::Duration FromProto(const google::protobuf::Duration& d) {
  return absl::Seconds(d.seconds()) + absl::Nanoseconds(d.nanos());
}

}  // namespace

absl::Status ToAbslStatus(const grpc::Status& status) {
  absl::Status out(static_cast<absl::StatusCode>(status.error_code()),
                   status.error_message());
  if (!status.ok() && !status.error_details().empty()) {
    out.SetPayload(kRpcStatusUrl, absl::Cord(status.error_details()));
  }
  return out;
}

ErrorDetails ParseDetails(const google::rpc::Status& status) {
  ErrorDetails details;
  for (const google::protobuf::Any& any : status.details()) {
    if (google::rpc::BadRequest d; any.UnpackTo(&d)) {
      details.bad_request = d;
    } else if (google::rpc::RetryInfo r; any.UnpackTo(&r)) {
      details.retry_info = r;
    } else if (google::rpc::QuotaFailure q; any.UnpackTo(&q)) {
      details.quota_failure = q;
    } else if (google::rpc::ErrorInfo e; any.UnpackTo(&e)) {
      details.error_info = e;
    }
  }
  return details;
}

ErrorDetails ParseDetails(const grpc::Status& status) {
  google::rpc::Status rpc;
  if (status.error_details().empty() ||
      !rpc.ParseFromString(status.error_details())) {
    return {};
  }
  return ParseDetails(rpc);
}

ErrorDetails ParseDetails(const absl::Status& status) {
  auto payload = status.GetPayload(kRpcStatusUrl);
  google::rpc::Status rpc;
  if (!payload.has_value() || !rpc.ParseFromString(std::string(*payload))) {
    return {};
  }
  return ParseDetails(rpc);
}

std::optional<absl::Duration> RetryDelay(const grpc::Status& status) {
  ErrorDetails details = ParseDetails(status);
  if (!details.retry_info.has_value()) return std::nullopt;
  return FromProto(details.retry_info->retry_delay());
}

std::optional<absl::Duration> RetryDelay(const absl::Status& status) {
  ErrorDetails details = ParseDetails(status);
  if (!details.retry_info.has_value()) return std::nullopt;
  return FromProto(details.retry_info->retry_delay());
}

std::string CodeName(int code) {
  static const char* const kNames[] = {"OK",
                                       "CANCELLED",
                                       "UNKNOWN",
                                       "INVALID_ARGUMENT",
                                       "DEADLINE_EXCEEDED",
                                       "NOT_FOUND",
                                       "ALREADY_EXISTS",
                                       "PERMISSION_DENIED",
                                       "RESOURCE_EXHAUSTED",
                                       "FAILED_PRECONDITION",
                                       "ABORTED",
                                       "OUT_OF_RANGE",
                                       "UNIMPLEMENTED",
                                       "INTERNAL",
                                       "UNAVAILABLE",
                                       "DATA_LOSS",
                                       "UNAUTHENTICATED"};
  if (code < 0 || code > 16) return absl::StrCat("CODE_", code);
  return kNames[code];
}

std::vector<std::string> DescribeDetails(const ErrorDetails& details) {
  std::vector<std::string> lines;
  if (details.bad_request.has_value()) {
    for (const auto& v : details.bad_request->field_violations()) {
      lines.push_back(absl::StrCat("field ", v.field(), ": ", v.description()));
    }
  }
  if (details.retry_info.has_value()) {
    lines.push_back(absl::StrCat(
        "retry after ",
        absl::FormatDuration(FromProto(details.retry_info->retry_delay()))));
  }
  if (details.quota_failure.has_value()) {
    for (const auto& v : details.quota_failure->violations()) {
      lines.push_back(
          absl::StrCat("quota ", v.subject(), ": ", v.description()));
    }
  }
  if (details.error_info.has_value()) {
    const google::rpc::ErrorInfo& info = *details.error_info;
    std::string line = absl::StrCat("reason ", info.reason());
    if (!info.domain().empty())
      absl::StrAppend(&line, " (", info.domain(), ")");
    std::map<std::string, std::string> sorted(info.metadata().begin(),
                                              info.metadata().end());
    for (const auto& [key, value] : sorted) {
      absl::StrAppend(&line, " ", key, "=", value);
    }
    lines.push_back(line);
  }
  return lines;
}

}  // namespace gainsight_client
