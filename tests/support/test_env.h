// Real processes for integration tests: the sandbox tenant and the gateway,
// each on a port of its own choosing, stopped when the test ends.
#ifndef GAINSIGHT_GATEWAY_TESTS_SUPPORT_TEST_ENV_H_
#define GAINSIGHT_GATEWAY_TESTS_SUPPORT_TEST_ENV_H_

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "grpcpp/grpcpp.h"
#include "nlohmann/json.hpp"
#include "tests/support/process.h"

namespace gg::testing {

using nlohmann::json;

// Paths of the binaries under test (set by CMake).
std::string GatewayBinary();
std::string SandboxBinary();
std::string BufBinary();

class Sandbox {
 public:
  static constexpr char kAccessKey[] = "test-access-key";
  // The tenant's GS Bulk API connection (its own key) and the identity
  // Bulk API uploads act for; test gateways are configured with them.
  static constexpr char kBulkAccessKey[] = "test-bulk-connection-key";
  static constexpr char kBulkAppOrgId[] = "test-org";
  static constexpr char kBulkLoginName[] = "bulk-user@example.test";

  static absl::StatusOr<std::unique_ptr<Sandbox>> Start(
      const std::string& limits = "sync=1000/1s;bulk=100/1s",
      std::vector<std::string> extra_args = {});

  std::string url() const;
  int port() const { return port_; }
  Process& process() { return process_; }

  // The control API (/__sandbox/...).
  absl::Status Reset();
  absl::StatusOr<json> Calls();
  // Calls to Gainsight endpoints whose path starts with `path_prefix` (and
  // method, when given).
  absl::StatusOr<std::vector<json>> CallsTo(const std::string& method,
                                            const std::string& path_prefix);
  absl::Status AddFault(const json& fault);
  absl::Status ClearFaults();
  absl::Status SetLimits(const std::string& limits);
  absl::Status Consume(const std::string& call_class, int count);
  // Configures a Bulk API data job that loads `object`.
  absl::Status AddBulkDataJob(const std::string& job_id,
                              const std::string& object);
  // Configures a data job that upserts `object` by `keys`.
  absl::Status AddBulkUpsertDataJob(const std::string& job_id,
                                    const std::string& object,
                                    const std::vector<std::string>& keys);
  // PUT /__sandbox/bulk-shapes.
  absl::Status SetBulkShapes(const json& shapes);

 private:
  explicit Sandbox(Process process, int port)
      : process_(std::move(process)), port_(port) {}
  absl::StatusOr<std::string> Request(const std::string& method,
                                      const std::string& path,
                                      const std::string& body);
  Process process_;
  int port_;
};

class Gateway {
 public:
  // Starts the gateway against `gainsight_url` with test defaults (loopback
  // ports 0, headroom 0, the sandbox's GS Bulk API connection, a bulk spool
  // directory of its own that goes with it, unless the caller names one)
  // and `extra_args` after them.
  static absl::StatusOr<std::unique_ptr<Gateway>> Start(
      const std::string& gainsight_url,
      std::vector<std::string> extra_args = {},
      std::vector<std::pair<std::string, std::string>> env = {});

  int port() const { return port_; }
  int metrics_port() const { return metrics_port_; }
  // The plaintext health port (--health-listen), 0 when off.
  int health_port() const { return health_port_; }
  std::string target() const;
  std::shared_ptr<grpc::Channel> NewChannel() const;
  std::shared_ptr<grpc::Channel> NewChannel(
      std::shared_ptr<grpc::ChannelCredentials> credentials) const;
  Process& process() { return process_; }
  absl::StatusOr<std::string> Metrics();

  // Stops the gateway and checks that nothing it logged holds a secret
  // (see RegisterSecret).
  ~Gateway();

 private:
  Gateway(Process process, int port, int metrics_port, int health_port,
          std::string spool_dir)
      : process_(std::move(process)),
        port_(port),
        metrics_port_(metrics_port),
        health_port_(health_port),
        owned_spool_dir_(std::move(spool_dir)) {}
  Process process_;
  int port_;
  int metrics_port_;
  int health_port_;
  // The spool directory made for this gateway ("" when the caller named
  // one); removed with it.
  std::string owned_spool_dir_;
};

// Secrets the gateways of this test process must never log: Gainsight access
// keys, bearer tokens, passwords. The sandbox's access key is registered
// from the start; every Gateway checks its log against the list when it
// stops.
void RegisterSecret(const std::string& secret);
// The registered secrets that `log` contains.
std::vector<std::string> SecretsIn(const std::string& log);

// A real redis-server on a free loopback port, without persistence.
class Redis {
 public:
  static absl::StatusOr<std::unique_ptr<Redis>> Start(int port = 0);
  int port() const { return port_; }
  std::string url() const;
  // Kills the server (SIGKILL) / starts it again on the same port.
  void Kill();
  absl::Status Restart();
  // Stalls the server (SIGSTOP): connections are accepted by the kernel,
  // commands get no answer. Resume() continues it (SIGCONT).
  void Pause();
  void Resume();

 private:
  explicit Redis(int port) : port_(port) {}
  absl::Status Launch();
  std::unique_ptr<Process> process_;
  int port_;
};

// Checks `done` every few milliseconds until it holds (true) or `timeout`
// passes (false).
bool WaitUntil(const std::function<bool()>& done, absl::Duration timeout);

// Runs a shell command; returns its exit code and stdout+stderr.
struct CommandResult {
  int exit_code = -1;
  std::string output;
};
CommandResult RunCommand(const std::string& command);

}  // namespace gg::testing

#endif  // GAINSIGHT_GATEWAY_TESTS_SUPPORT_TEST_ENV_H_
