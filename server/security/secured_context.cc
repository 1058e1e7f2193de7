#include "security/secured_context.h"

namespace gg {

absl::Status SecuredServerContext::CheckStreamObject(absl::string_view object) {
  audit_.object = std::string(object);
  return object_check_ ? object_check_(audit_.object) : absl::OkStatus();
}

grpc::CallbackServerContext*
SecuredContextAllocator::NewCallbackServerContext() {
  auto* context = new SecuredServerContext;
  absl::MutexLock lock(&mu_);
  live_.insert(static_cast<grpc::CallbackServerContext*>(context));
  return context;
}

void SecuredContextAllocator::Release(grpc::CallbackServerContext* context) {
  {
    absl::MutexLock lock(&mu_);
    if (live_.erase(context) == 0) return;  // gRPC's own
  }
  delete static_cast<SecuredServerContext*>(context);
}

}  // namespace gg
