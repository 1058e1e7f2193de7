// OpenCalls: how many RPCs the gRPC server holds, counted by a server
// interceptor (gRPC creates one when a call starts and destroys it when the
// call is done). A drain uses it to tell when only idle connections are left.
#ifndef GAINSIGHT_GATEWAY_SERVER_OPEN_CALLS_H_
#define GAINSIGHT_GATEWAY_SERVER_OPEN_CALLS_H_

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/support/server_interceptor.h"

namespace gg {

class OpenCalls {
 public:
  // Counts the calls of a server it is installed in (ServerBuilder's
  // interceptor creators). `calls` must outlive the server.
  class InterceptorFactory
      : public grpc::experimental::ServerInterceptorFactoryInterface {
   public:
    explicit InterceptorFactory(OpenCalls* calls) : calls_(calls) {}
    grpc::experimental::Interceptor* CreateServerInterceptor(
        grpc::experimental::ServerRpcInfo* info) override;

   private:
    OpenCalls* const calls_;
  };

  // True once no call is open; false if `deadline` comes first.
  bool AwaitNone(absl::Time deadline);

 private:
  class Counter;
  absl::Mutex mu_;
  int open_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_OPEN_CALLS_H_
