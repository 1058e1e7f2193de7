// The ErrorInfo reason a status carries, for assertions on gateway errors.
#ifndef GAINSIGHT_GATEWAY_TESTS_SUPPORT_ERROR_REASON_H_
#define GAINSIGHT_GATEWAY_TESTS_SUPPORT_ERROR_REASON_H_

#include <string>

#include "absl/status/status.h"
#include "common/status_details.h"
#include "google/rpc/error_details.pb.h"
#include "grpcpp/support/status.h"

namespace gg::testing {

// ErrorInfo.reason of `status`, or "" when it carries none.
inline std::string ErrorReason(const absl::Status& status) {
  google::rpc::ErrorInfo info;
  return GetErrorInfo(status, &info) ? info.reason() : "";
}

inline std::string ErrorReason(const grpc::Status& status) {
  return ErrorReason(FromGrpcStatus(status));
}

}  // namespace gg::testing

#endif  // GAINSIGHT_GATEWAY_TESTS_SUPPORT_ERROR_REASON_H_
