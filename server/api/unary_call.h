// The reactor every unary RPC uses: it turns the gRPC call into a
// CallContext (deadline, cancellation, priority, caller) for the layers
// below, forwards the caller's cancel, and finishes with a status carrying
// google.rpc details.
#ifndef GAINSIGHT_GATEWAY_SERVER_API_UNARY_CALL_H_
#define GAINSIGHT_GATEWAY_SERVER_API_UNARY_CALL_H_

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "gainsight/client.h"
#include "grpcpp/grpcpp.h"

namespace gg {

// Metadata keys callers may send.
inline constexpr char kPriorityHeader[] = "x-gainsight-priority";
inline constexpr char kCallerHeader[] = "x-caller-id";

struct ApiOptions {
  // Deadline for calls that set none.
  absl::Duration default_deadline = absl::Seconds(60);
  // Longer caller deadlines are cut to this (unary calls).
  absl::Duration max_deadline = absl::InfiniteDuration();
  // The tenant's zone: DATE fields Gainsight answers as epoch ms are read
  // as the day at that instant in this zone (--tenant-time-zone).
  absl::TimeZone date_zone = absl::UTCTimeZone();
};

// Reads priority ("batch" or interactive) and caller id (the authenticated
// caller, else x-caller-id, else the peer's address without its port) from a
// call.
CallContext MakeCallContext(const grpc::CallbackServerContext& server_context,
                            const ApiOptions& options);

class UnaryCall : public grpc::ServerUnaryReactor {
 public:
  UnaryCall(grpc::CallbackServerContext* server_context,
            const ApiOptions& options);

  const CallContext& context() const { return context_; }
  // Finishes the RPC. Call exactly once.
  void Reply(const absl::Status& status);

  void OnCancel() override;
  void OnDone() override;

 private:
  CallContext context_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_API_UNARY_CALL_H_
