#include "common/status_details.h"

#include <algorithm>
#include <string>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/any.pb.h"

namespace gg {
namespace {

// The message repeats the first few violations; the BadRequest has more.
constexpr size_t kViolationsInMessage = 3;
// Bytes of field names and descriptions one BadRequest carries at most.
constexpr size_t kMaxListedViolationBytes = 3000;

}  // namespace
namespace {

constexpr char kTypePrefix[] = "type.googleapis.com/";

template <typename Message>
std::string TypeUrl() {
  return absl::StrCat(kTypePrefix, Message::descriptor()->full_name());
}

template <typename Message>
void Attach(absl::Status& status, const Message& detail) {
  if (status.ok()) return;
  status.SetPayload(TypeUrl<Message>(), absl::Cord(detail.SerializeAsString()));
}

template <typename Message>
bool Get(const absl::Status& status, Message* out) {
  absl::optional<absl::Cord> payload = status.GetPayload(TypeUrl<Message>());
  return payload.has_value() && out->ParseFromString(std::string(*payload));
}

}  // namespace

void AttachErrorInfo(absl::Status& status, absl::string_view reason,
                     const std::map<std::string, std::string>& metadata) {
  google::rpc::ErrorInfo info;
  info.set_reason(std::string(reason));
  info.set_domain(kErrorDomain);
  for (const auto& [key, value] : metadata) {
    if (!value.empty()) (*info.mutable_metadata())[key] = value;
  }
  Attach(status, info);
}

void AttachBadRequest(absl::Status& status,
                      const std::vector<FieldViolation>& violations) {
  google::rpc::BadRequest bad_request;
  for (const FieldViolation& v : violations) {
    auto* fv = bad_request.add_field_violations();
    fv->set_field(v.field);
    fv->set_description(v.description);
  }
  Attach(status, bad_request);
}

void AttachRetryInfo(absl::Status& status, absl::Duration retry_delay) {
  google::rpc::RetryInfo info;
  if (retry_delay < absl::ZeroDuration()) retry_delay = absl::ZeroDuration();
  int64_t nanos = absl::ToInt64Nanoseconds(retry_delay);
  info.mutable_retry_delay()->set_seconds(nanos / 1'000'000'000);
  info.mutable_retry_delay()->set_nanos(
      static_cast<int32_t>(nanos % 1'000'000'000));
  Attach(status, info);
}

void AttachQuotaFailure(absl::Status& status, absl::string_view subject,
                        absl::string_view description) {
  google::rpc::QuotaFailure failure;
  auto* v = failure.add_violations();
  v->set_subject(std::string(subject));
  v->set_description(std::string(description));
  Attach(status, failure);
}

absl::Status InvalidArgument(const std::vector<FieldViolation>& violations) {
  // Details travel in headers, which gRPC caps at 8 KB: a request with
  // thousands of bad records names the first ones and counts the rest.
  std::vector<FieldViolation> listed;
  size_t bytes = 0;
  for (const FieldViolation& v : violations) {
    bytes += v.field.size() + v.description.size();
    if (listed.size() == kMaxListedViolations ||
        (!listed.empty() && bytes > kMaxListedViolationBytes)) {
      break;
    }
    listed.push_back(v);
  }
  std::vector<std::string> parts;
  for (size_t i = 0; i < listed.size() && i < kViolationsInMessage; ++i) {
    parts.push_back(absl::StrCat(listed[i].field, ": ", listed[i].description));
  }
  std::string message =
      absl::StrCat("invalid request: ", absl::StrJoin(parts, "; "));
  if (parts.size() < violations.size()) {
    absl::StrAppend(&message, "; and ", violations.size() - parts.size(),
                    " more");
  }
  absl::Status status = absl::InvalidArgumentError(message);
  AttachBadRequest(status, listed);
  AttachErrorInfo(status, "INVALID_REQUEST",
                  {{"violations", absl::StrCat(violations.size())}});
  return status;
}

bool GetErrorInfo(const absl::Status& status, google::rpc::ErrorInfo* out) {
  return Get(status, out);
}
bool GetRetryInfo(const absl::Status& status, google::rpc::RetryInfo* out) {
  return Get(status, out);
}
bool GetBadRequest(const absl::Status& status, google::rpc::BadRequest* out) {
  return Get(status, out);
}

google::rpc::Status ToRpcStatus(const absl::Status& status) {
  google::rpc::Status rpc;
  rpc.set_code(static_cast<int>(status.code()));
  rpc.set_message(std::string(status.message()));
  status.ForEachPayload([&](absl::string_view type_url, const absl::Cord& v) {
    google::protobuf::Any* any = rpc.add_details();
    any->set_type_url(std::string(type_url));
    any->set_value(std::string(v));
  });
  return rpc;
}

std::string GrpcCodeName(grpc::StatusCode code) {
  return absl::StatusCodeToString(
      static_cast<absl::StatusCode>(static_cast<int>(code)));
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  google::rpc::Status rpc = ToRpcStatus(status);
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      rpc.message(), rpc.SerializeAsString());
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  google::rpc::Status rpc;
  if (!rpc.ParseFromString(status.error_details())) rpc.Clear();
  rpc.set_code(status.error_code());
  rpc.set_message(status.error_message());
  return FromRpcStatus(rpc);
}

absl::Status FromRpcStatus(const google::rpc::Status& status) {
  if (status.code() == 0) return absl::OkStatus();
  absl::Status out(static_cast<absl::StatusCode>(status.code()),
                   status.message());
  for (const google::protobuf::Any& any : status.details()) {
    out.SetPayload(any.type_url(), absl::Cord(any.value()));
  }
  return out;
}

absl::Status CombineInvalidArguments(const std::vector<absl::Status>& errors) {
  if (errors.size() == 1) return errors.front();
  std::vector<FieldViolation> all;
  for (const absl::Status& error : errors) {
    google::rpc::BadRequest bad;
    GetBadRequest(error, &bad);
    for (const auto& v : bad.field_violations()) {
      all.push_back({v.field(), v.description()});
    }
  }
  return InvalidArgument(all);
}

}  // namespace gg
