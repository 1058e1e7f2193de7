// google.rpc error details carried on absl::Status (as payloads keyed by type
// URL) and the conversions to grpc::Status / google.rpc.Status at the edge.
#ifndef GAINSIGHT_GATEWAY_SERVER_COMMON_STATUS_DETAILS_H_
#define GAINSIGHT_GATEWAY_SERVER_COMMON_STATUS_DETAILS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/support/status.h"

namespace gg {

// ErrorInfo.domain of every error the gateway reports.
inline constexpr char kErrorDomain[] = "gainsight-gateway";

struct FieldViolation {
  std::string field;
  std::string description;
};

// Each Attach* adds or replaces one detail of its type.
void AttachErrorInfo(absl::Status& status, absl::string_view reason,
                     const std::map<std::string, std::string>& metadata = {});
void AttachBadRequest(absl::Status& status,
                      const std::vector<FieldViolation>& violations);
void AttachRetryInfo(absl::Status& status, absl::Duration retry_delay);
void AttachQuotaFailure(absl::Status& status, absl::string_view subject,
                        absl::string_view description);

// Most field violations one INVALID_ARGUMENT lists, within about 3 KB (the
// rest are counted in the message and in ErrorInfo metadata `violations`).
inline constexpr size_t kMaxListedViolations = 50;

// INVALID_ARGUMENT with a BadRequest detail naming the violations, at most
// kMaxListedViolations of them.
absl::Status InvalidArgument(const std::vector<FieldViolation>& violations);

// One INVALID_ARGUMENT for several: a single one as it is (with its
// ErrorInfo), else one whose BadRequest has every field violation.
absl::Status CombineInvalidArguments(const std::vector<absl::Status>& errors);

// Reads a detail back (for tests and for decisions such as retry delays).
bool GetErrorInfo(const absl::Status& status, google::rpc::ErrorInfo* out);
bool GetRetryInfo(const absl::Status& status, google::rpc::RetryInfo* out);
bool GetBadRequest(const absl::Status& status, google::rpc::BadRequest* out);

google::rpc::Status ToRpcStatus(const absl::Status& status);
grpc::Status ToGrpcStatus(const absl::Status& status);
// "INVALID_ARGUMENT" for grpc::StatusCode::INVALID_ARGUMENT (gRPC's codes
// are absl's), for logs and metric labels.
std::string GrpcCodeName(grpc::StatusCode code);
absl::Status FromGrpcStatus(const grpc::Status& status);
// The inverse of ToRpcStatus (a RecordResult's error, say).
absl::Status FromRpcStatus(const google::rpc::Status& status);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_COMMON_STATUS_DETAILS_H_
