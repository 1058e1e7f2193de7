#include "api/unary_call.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "api/caller_scope.h"
#include "common/status_details.h"

namespace gg {
namespace {

std::string Metadata(const grpc::CallbackServerContext& context,
                     const char* key) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(key);
  if (it == metadata.end()) return "";
  return std::string(it->second.data(), it->second.size());
}

// "ipv4:10.0.0.7:53211" -> "ipv4:10.0.0.7"; "ipv6:[::1]:5000" -> "ipv6:[::1]".
std::string PeerWithoutPort(std::string peer) {
  size_t colon = peer.rfind(':');
  size_t first = peer.find(':');
  if (colon != std::string::npos && colon != first) peer.resize(colon);
  return peer;
}

}  // namespace

CallContext MakeCallContext(const grpc::CallbackServerContext& server_context,
                            const ApiOptions& options) {
  CallContext context;
  // A call without a deadline reports one far in the future: give it the
  // default instead.
  const absl::Time deadline = absl::FromChrono(server_context.deadline());
  const absl::Time now = absl::Now();
  context.deadline = deadline < now + absl::Hours(24 * 365)
                         ? deadline
                         : now + options.default_deadline;
  // A caller may not hold a call (and its place in the queue) for longer.
  context.deadline = std::min(context.deadline, now + options.max_deadline);
  context.cancel = CancellationToken::Create();
  context.priority =
      absl::EqualsIgnoreCase(Metadata(server_context, kPriorityHeader), "batch")
          ? Priority::kBatch
          : Priority::kInteractive;
  context.caller_id = CallerId(server_context);
  context.trace = TraceOf(server_context);
  return context;
}

std::string CallerId(const grpc::CallbackServerContext& server_context) {
  // An authenticated caller is who it proved to be, whatever it claims.
  std::optional<std::string> authenticated =
      AuthenticatedCaller(server_context);
  std::string caller = authenticated.has_value()
                           ? *std::move(authenticated)
                           : Metadata(server_context, kCallerHeader);
  if (caller.empty()) caller = PeerWithoutPort(server_context.peer());
  return caller;
}

UnaryCall::UnaryCall(grpc::CallbackServerContext* server_context,
                     const ApiOptions& options)
    : context_(MakeCallContext(*server_context, options)),
      caller_cancel_(context_.cancel) {}

void UnaryCall::Reply(const absl::Status& status) {
  if (before_reply_) std::exchange(before_reply_, nullptr)(status);
  Finish(ToGrpcStatus(status));
}

void UnaryCall::Detach(std::shared_ptr<CancellationToken> cancel,
                       absl::Time min_deadline) {
  context_.cancel = std::move(cancel);
  context_.admission_deadline = context_.deadline;
  context_.deadline = std::max(context_.deadline, min_deadline);
}

void UnaryCall::OnCancel() { caller_cancel_->Cancel(); }

void UnaryCall::OnDone() { delete this; }

}  // namespace gg
