#include "open_calls.h"

namespace gg {

// Lives exactly as long as its call.
class OpenCalls::Counter : public grpc::experimental::Interceptor {
 public:
  explicit Counter(OpenCalls* calls) : calls_(calls) {
    absl::MutexLock lock(&calls_->mu_);
    ++calls_->open_;
  }
  ~Counter() override {
    absl::MutexLock lock(&calls_->mu_);
    --calls_->open_;
  }
  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    methods->Proceed();
  }

 private:
  OpenCalls* const calls_;
};

grpc::experimental::Interceptor*
OpenCalls::InterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* /*info*/) {
  return new Counter(calls_);
}

namespace {
bool IsZero(int* n) { return *n == 0; }
}  // namespace

bool OpenCalls::AwaitNone(absl::Time deadline) {
  absl::MutexLock lock(&mu_);
  return mu_.AwaitWithDeadline(absl::Condition(&IsZero, &open_), deadline);
}

}  // namespace gg
