// What the security layer established about a call before its handler ran,
// for the few handlers that need it: who is calling (authenticated), whether
// they may see other callers' bulk jobs, and the check of an object that a
// stream names only in its first message (an import's header).
//
// The security layer allocates every call's server context as a CallerScope
// (grpc::ContextAllocator). Without it (the gateway running open, or a test
// calling a service directly) there is no scope: nobody is authenticated and
// nothing is restricted.
#ifndef GAINSIGHT_GATEWAY_SERVER_API_CALLER_SCOPE_H_
#define GAINSIGHT_GATEWAY_SERVER_API_CALLER_SCOPE_H_

#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "gainsight/v1/bulk.pb.h"
#include "grpcpp/grpcpp.h"
#include "observe/call_trace.h"

namespace gg {

class CallerScope {
 public:
  virtual ~CallerScope() = default;
  // The authenticated caller; empty when callers are not authenticated.
  virtual const std::string& authenticated_caller() const = 0;
  virtual bool sees_all_jobs() const = 0;
  // OK, or PERMISSION_DENIED (with ErrorInfo) when the caller may not use
  // `object` with this method.
  virtual absl::Status CheckStreamObject(absl::string_view object) = 0;
  // The call's trace, which its access log line reads.
  virtual std::shared_ptr<CallTrace> trace() const = 0;
};

// The call's trace (null without a scope).
std::shared_ptr<CallTrace> TraceOf(const grpc::ServerContextBase& context);

// The authenticated caller of the call, if any.
std::optional<std::string> AuthenticatedCaller(
    const grpc::ServerContextBase& context);

// PERMISSION_DENIED when the caller may not use `object` (OK without a
// scope).
absl::Status CheckStreamObject(grpc::ServerContextBase& context,
                               absl::string_view object);

// Bulk jobs belong to the caller that started them: others see them only
// when the policy grants them every job (or nobody is authenticated).
bool MaySeeJob(const grpc::ServerContextBase& context,
               const gainsight::v1::Job& job);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_API_CALLER_SCOPE_H_
