// The gateway's configuration: command-line flags, each with an environment
// variable of the same meaning (for Kubernetes). A flag beats its variable;
// unknown flags and bad values are errors.
#ifndef GAINSIGHT_GATEWAY_SERVER_CONFIG_CONFIG_H_
#define GAINSIGHT_GATEWAY_SERVER_CONFIG_CONFIG_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "config/limits_spec.h"
#include "observe/log.h"

namespace gg {

struct Config {
  std::string listen = "0.0.0.0:50051";
  std::string metrics_listen = "0.0.0.0:9090";  // empty: no metrics endpoint
  std::string gainsight_url;
  std::string access_key;  // never printed
  LimitsSpec limits;
  double headroom = 0.1;
  double interactive_reserve = 0.2;
  std::string redis_url;         // empty: budget in this process
  double fallback_share = 0.34;  // of each limit, while Redis is down
  std::string replica_id;        // default: host name + pid
  absl::Duration upstream_timeout = absl::Seconds(30);
  absl::Duration default_deadline = absl::Seconds(60);
  absl::Duration drain_timeout = absl::Seconds(20);
  // After this long a client connection is asked to reconnect (GOAWAY; its
  // calls finish first), so that new replicas get a share of long-lived
  // clients. Infinite: never.
  absl::Duration max_connection_age = absl::Minutes(5);
  absl::Duration metadata_ttl = absl::Minutes(10);
  int max_attempts = 4;
  int chunk_concurrency = 4;
  bool isolate_rejected = true;
  LogLevel log_level = LogLevel::kInfo;
  // Bulk imports: where rows and job state are kept (a volume), the largest
  // CSV of one Bulk API upload, and the first wait before a status poll.
  std::string bulk_spool_dir = "/var/lib/gainsight-gateway/bulk";
  int64_t bulk_part_bytes = 79000000;
  absl::Duration bulk_poll_interval = absl::Seconds(5);
  // The GS Bulk API connection (its own key, never printed; the tenant's
  // org id and the user's login name), sent on Bulk API uploads.
  std::string bulk_access_key;
  std::string bulk_app_org_id;
  std::string bulk_login_name;
  // Where job state and leases live when replicas share them: this Redis,
  // else --redis; empty (both): files in the spool directory.
  std::string job_redis_url;
  // Every replica reads the same spool directory (a shared volume); else a
  // draining replica hands the rows of its unfinished jobs over through the
  // job store.
  bool bulk_spool_shared = false;
  // A replica holds each job it runs by a lease in the job store, renewed
  // every third of this; another replica takes the job over once it lapses.
  absl::Duration bulk_lease_ttl = absl::Seconds(30);
  // Largest import, and the most every import together may keep spooled.
  int64_t bulk_import_max_bytes = 1000000000;
  int64_t bulk_spool_quota_bytes = 1500000000;
  // Ended jobs are forgotten (store and disk) this long after they end.
  absl::Duration bulk_job_retention = absl::Hours(7 * 24);
  // A part whose Gainsight status stays unfinished this long fails.
  absl::Duration bulk_status_timeout = absl::Hours(24);
  // Uploads of one part, and the slowest upload rate its timeout allows
  // for (bytes per second, on top of --upstream-timeout).
  int bulk_upload_attempts = 3;
  int64_t bulk_upload_rate = 1000000;
};

// The settings a Bulk API upload needs that are missing, each named by its
// flag and variables (empty when the connection is configured).
std::vector<std::string> MissingBulkApiSettings(const Config& config);

// Where a variable comes from, for tests: returns "" when unset.
using EnvLookup = std::function<std::string(const std::string&)>;
EnvLookup ProcessEnv();

// Parses `args` (without the program name). Returns the help text as an
// error of code kCancelled when --help is given.
absl::StatusOr<Config> ParseConfig(const std::vector<std::string>& args,
                                   const EnvLookup& env);

std::string ConfigHelp();

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_CONFIG_CONFIG_H_
