// A plaintext port serving grpc.health.v1 alone, for Kubernetes probes
// (they cannot present a client certificate): a server of its own, with no
// other service and no reflection. The gateway sets its statuses together
// with those of the main port.
#ifndef GAINSIGHT_GATEWAY_SERVER_HEALTH_PORT_H_
#define GAINSIGHT_GATEWAY_SERVER_HEALTH_PORT_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "api/health_service.h"
#include "grpcpp/generic/async_generic_service.h"
#include "grpcpp/grpcpp.h"

namespace gg {

class HealthPort {
 public:
  // Listens on `listen` (HOST:PORT, port 0 picks one).
  static absl::StatusOr<std::unique_ptr<HealthPort>> Start(
      const std::string& listen);
  ~HealthPort();

  int port() const { return port_; }
  HealthService* health() { return &health_; }
  void Shutdown();

 private:
  HealthPort() = default;
  HealthService health_;
  // Answers UNIMPLEMENTED for every other method.
  grpc::CallbackGenericService unknown_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_HEALTH_PORT_H_
