// Serves GET /metrics (Prometheus text format) on its own port.
#ifndef GAINSIGHT_GATEWAY_SERVER_OBSERVE_METRICS_SERVER_H_
#define GAINSIGHT_GATEWAY_SERVER_OBSERVE_METRICS_SERVER_H_

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"

namespace httplib {
class Server;
}

namespace gg {

class MetricsServer {
 public:
  using Render = std::function<std::string()>;
  // `listen` is HOST:PORT; port 0 picks a free port.
  static absl::StatusOr<std::unique_ptr<MetricsServer>> Start(
      const std::string& listen, Render render);
  ~MetricsServer();
  int port() const { return port_; }

 private:
  MetricsServer() = default;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_OBSERVE_METRICS_SERVER_H_
