// Gateway: builds every part from a Config and runs the gRPC server (TLS,
// caller authentication and authorization in front of one backend per
// tenant), the health service and port, reflection and the metrics
// endpoint.
#ifndef GAINSIGHT_GATEWAY_SERVER_GATEWAY_H_
#define GAINSIGHT_GATEWAY_SERVER_GATEWAY_H_

#include <memory>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "config/config.h"
#include "grpcpp/grpcpp.h"

namespace gg {

// grpc.health.v1 name that is NOT_SERVING while Redis is configured but
// unreachable (the replica then runs on its local share of the budget).
inline constexpr char kSharedBudgetHealthName[] =
    "gainsight-gateway.shared-budget";
// SERVING for as long as the process runs (a liveness probe): depends on
// neither Gainsight nor Redis.
inline constexpr char kLivenessHealthName[] = "gainsight-gateway.liveness";
// SERVING while the gateway takes new calls (a readiness probe): NOT_SERVING
// from the moment a drain starts. A Redis outage does not make a replica
// unready: it keeps serving from its local share (see shared-budget).
inline constexpr char kReadinessHealthName[] = "gainsight-gateway.readiness";

class Gateway {
 public:
  // Starts serving. Ports given as 0 are chosen by the system (see port()).
  static absl::StatusOr<std::unique_ptr<Gateway>> Start(const Config& config);
  ~Gateway();

  int port() const;
  int metrics_port() const;  // 0 when off
  int health_port() const;   // 0 when off

  // Health turns NOT_SERVING at once; in-flight calls get until `grace` to
  // finish, then are cancelled. Returns when the server has stopped.
  void Drain(absl::Duration grace);

  // Reopens every call class closed after a Gainsight 429 (SIGUSR1).
  void ReopenQuota();

 private:
  struct Parts;
  // Callers file, policy, authenticator and call gate.
  static absl::Status StartSecurity(Parts& parts);
  // One backend per tenant, and the routers in front of them.
  static absl::Status StartTenants(Parts& parts);
  explicit Gateway(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_GATEWAY_H_
