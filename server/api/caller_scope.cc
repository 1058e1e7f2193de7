#include "api/caller_scope.h"

namespace gg {
namespace {

const CallerScope* ScopeOf(const grpc::ServerContextBase& context) {
  return dynamic_cast<const CallerScope*>(&context);
}

}  // namespace

std::shared_ptr<CallTrace> TraceOf(const grpc::ServerContextBase& context) {
  const CallerScope* scope = ScopeOf(context);
  return scope == nullptr ? nullptr : scope->trace();
}

std::optional<std::string> AuthenticatedCaller(
    const grpc::ServerContextBase& context) {
  const CallerScope* scope = ScopeOf(context);
  if (scope == nullptr || scope->authenticated_caller().empty()) {
    return std::nullopt;
  }
  return scope->authenticated_caller();
}

absl::Status CheckStreamObject(grpc::ServerContextBase& context,
                               absl::string_view object) {
  auto* scope = dynamic_cast<CallerScope*>(&context);
  return scope == nullptr ? absl::OkStatus() : scope->CheckStreamObject(object);
}

bool MaySeeJob(const grpc::ServerContextBase& context,
               const gainsight::v1::Job& job) {
  const CallerScope* scope = ScopeOf(context);
  if (scope == nullptr || scope->authenticated_caller().empty() ||
      scope->sees_all_jobs()) {
    return true;
  }
  return job.owner() == scope->authenticated_caller();
}

}  // namespace gg
