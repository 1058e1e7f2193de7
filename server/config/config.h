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
#include "observe/log.h"
#include "quota/limits_spec.h"

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
  // The zone whose local midnight Gainsight stores DATE fields at (epoch
  // ms), so a DATE reads as the day the tenant shows.
  absl::TimeZone tenant_time_zone = absl::UTCTimeZone();
  std::string tenant_time_zone_name = "UTC";
};

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
