// grpc.health.v1.Health, served by the gateway itself: Check and Watch per
// service name, as gRPC's built-in service does, except that Shutdown()
// (the start of a drain) also ends every Watch stream, after telling it
// NOT_SERVING. gRPC's built-in service keeps those streams open, and a
// server waits for open streams: one client doing client-side health
// checking would hold every drain for its whole grace period.
#ifndef GAINSIGHT_GATEWAY_SERVER_API_HEALTH_SERVICE_H_
#define GAINSIGHT_GATEWAY_SERVER_API_HEALTH_SERVICE_H_

#include <map>
#include <set>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace gg {

class HealthService final : public grpc::health::v1::Health::CallbackService {
 public:
  using ServingStatus = grpc::health::v1::HealthCheckResponse::ServingStatus;

  // Registers `service` (or changes its status) and tells its watchers.
  // Ignored after Shutdown().
  void SetServingStatus(const std::string& service, bool serving);
  // Every service NOT_SERVING from now on; every Watch stream gets that and
  // ends (UNAVAILABLE), and new ones end at once.
  void Shutdown();

  grpc::ServerUnaryReactor* Check(
      grpc::CallbackServerContext* context,
      const grpc::health::v1::HealthCheckRequest* request,
      grpc::health::v1::HealthCheckResponse* response) override;
  grpc::ServerWriteReactor<grpc::health::v1::HealthCheckResponse>* Watch(
      grpc::CallbackServerContext* context,
      const grpc::health::v1::HealthCheckRequest* request) override;

 private:
  class Watcher;
  ServingStatus StatusOf(const std::string& service)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  absl::Mutex mu_;
  bool shut_down_ ABSL_GUARDED_BY(mu_) = false;
  std::map<std::string, ServingStatus> statuses_ ABSL_GUARDED_BY(mu_);
  std::set<Watcher*> watchers_ ABSL_GUARDED_BY(mu_);
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_API_HEALTH_SERVICE_H_
