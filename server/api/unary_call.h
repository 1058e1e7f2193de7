// The reactor every unary RPC uses: it turns the gRPC call into a
// CallContext (deadline, cancellation, priority, caller) for the layers
// below, forwards the caller's cancel, and finishes with a status carrying
// google.rpc details.
#ifndef GAINSIGHT_GATEWAY_SERVER_API_UNARY_CALL_H_
#define GAINSIGHT_GATEWAY_SERVER_API_UNARY_CALL_H_

#include <memory>
#include <string>

#include "absl/functional/any_invocable.h"
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
// The caller id of MakeCallContext alone.
std::string CallerId(const grpc::CallbackServerContext& server_context);

class UnaryCall : public grpc::ServerUnaryReactor {
 public:
  UnaryCall(grpc::CallbackServerContext* server_context,
            const ApiOptions& options);

  const CallContext& context() const { return context_; }
  // Finishes the RPC. Call exactly once.
  void Reply(const absl::Status& status);

  // Lets the call's work outlive its caller: from now on context() carries
  // its own cancellation (the caller's cancel no longer reaches it;
  // `cancel` does) and a deadline no earlier than `min_deadline`; the
  // caller's deadline still bounds each wait for quota
  // (CallContext::admission_deadline). The RPC still finishes on Reply; a
  // caller that left just never reads it. Call before the work starts.
  void Detach(std::shared_ptr<CancellationToken> cancel,
              absl::Time min_deadline);
  // Whether the caller cancelled or left (also after Detach).
  bool caller_cancelled() const { return caller_cancel_->cancelled(); }
  // Runs `hook` with the final status right before Reply finishes the RPC
  // (while the response is still alive). At most one.
  void BeforeReply(absl::AnyInvocable<void(const absl::Status&)> hook) {
    before_reply_ = std::move(hook);
  }

  void OnCancel() override;
  void OnDone() override;

 private:
  CallContext context_;
  // The caller's cancellation: context_.cancel until Detach.
  const std::shared_ptr<CancellationToken> caller_cancel_;
  absl::AnyInvocable<void(const absl::Status&)> before_reply_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_API_UNARY_CALL_H_
