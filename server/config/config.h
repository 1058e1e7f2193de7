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
#include "common/bulk_data_jobs.h"
#include "observe/log.h"
#include "quota/limits_spec.h"

namespace gg {

// One Gainsight tenant the gateway serves: its URL, key and limits. Each has
// its own budget (its own Redis key space) and its own backend.
struct TenantConfig {
  // The value callers send in x-gainsight-tenant; "default" for the tenant
  // of --gainsight-url.
  std::string name;
  std::string gainsight_url;
  std::string access_key;  // never printed
  LimitsSpec limits;
  double headroom = 0.1;
};

inline constexpr char kDefaultTenantName[] = "default";

struct Config {
  std::string listen = "0.0.0.0:50051";
  std::string metrics_listen = "0.0.0.0:9090";  // empty: no metrics endpoint
  std::string gainsight_url;
  std::string access_key;  // never printed
  LimitsSpec limits;
  double headroom = 0.1;
  double interactive_reserve = 0.2;
  // empty: budget in this process. redis:// or rediss://, with the password
  // of --redis-password-file folded in: never printed.
  std::string redis_url;
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
  // Writes and upsert lookups of different callers that wait for quota
  // share upstream calls (ops/call_coalescer.h).
  bool coalesce = true;
  // How long a coalescable call waits for others before asking for quota.
  absl::Duration coalesce_linger = absl::ZeroDuration();
  // How long Get RPC answers are cached; zero: no cache.
  absl::Duration read_cache_ttl = absl::ZeroDuration();
  // How long the result of a create with a request_id answers its retries.
  absl::Duration idempotency_ttl = absl::Hours(24);
  LogLevel log_level = LogLevel::kInfo;
  // An access log line per RPC (security/access_log.h).
  bool access_log = true;

  // Transport security. TLS when both files are set; with a client CA every
  // client must present a certificate it signed (mTLS). The files are read
  // again every `reload_interval`, so rotated certificates apply without a
  // restart.
  std::string tls_cert_file;
  std::string tls_key_file;
  std::string tls_client_ca_file;
  // Allows a non-loopback listen address without TLS or without caller
  // authentication.
  bool insecure = false;
  // Allows http:// Gainsight URLs whose host is not loopback.
  bool allow_insecure_upstream = false;
  // Bearer tokens (stored as SHA-256) and the callers they name.
  std::string callers_file;
  // Grants per caller; empty: every authenticated caller may call everything.
  std::string policy_file;
  // Plaintext address serving only grpc.health.v1 (for Kubernetes probes);
  // empty: none.
  std::string health_listen;
  absl::Duration reload_interval = absl::Seconds(10);
  // Tenants besides (or instead of) the one of --gainsight-url.
  std::string tenants_file;
  // Every tenant, the default first. Filled by ParseConfig.
  std::vector<TenantConfig> tenants;
  // CA bundle for rediss:// (else the system's).
  std::string redis_ca_file;
  // Read from --redis-password-file; ParseConfig folds it into redis_url.
  std::string redis_password;
  // Bulk imports: where rows and job state are kept (a volume), the largest
  // CSV of one Bulk API upload, and the first wait before a status poll.
  std::string bulk_spool_dir = "/var/lib/gainsight-gateway/bulk";
  int64_t bulk_part_bytes = 79000000;
  absl::Duration bulk_poll_interval = absl::Seconds(5);

  // Bounds on what callers and Gainsight may make the gateway hold or parse.
  // Caller input: filter expressions (length, parenthesis nesting), lookup
  // paths (parts), record values (list/struct nesting), one request message.
  int max_filter_expression_length = 4096;
  int max_filter_expression_depth = 32;
  int max_field_path_parts = 4;
  int max_value_depth = 8;
  int64_t max_request_bytes = 4 << 20;
  // Caller deadlines of unary calls are cut to this.
  absl::Duration max_deadline = absl::Minutes(10);
  // Calls waiting for a rate-limit slot; past it RESOURCE_EXHAUSTED at once.
  int max_queued_calls = 5000;
  // gRPC server: streams per client connection, memory of the whole server.
  int max_concurrent_streams = 100;
  int64_t max_server_memory = int64_t{128} << 20;
  // Largest Gainsight answer body; past it the call fails INTERNAL.
  int64_t max_upstream_response_bytes = int64_t{64} << 20;
  // Largest CSV record (one row) of a StartImport stream.
  int64_t max_csv_record_bytes = 1 << 20;
  // "No such object" answers remembered (each saves a describe call).
  int max_negative_cache_entries = 1000;
  // Longest wait Gainsight may impose (Retry-After) before the class reopens.
  absl::Duration max_retry_after = absl::Hours(1);
  // Connect and command timeout of Redis: a slower Redis counts as down.
  absl::Duration redis_timeout = absl::Milliseconds(50);
  // How long a replica cut off from Redis admits from its fallback share
  // (the others keep that share reserved as long).
  absl::Duration fallback_lease = absl::Minutes(15);
  // The zone whose local midnight Gainsight stores DATE fields at (epoch
  // ms), so a DATE reads as the day the tenant shows.
  absl::TimeZone tenant_time_zone = absl::UTCTimeZone();
  std::string tenant_time_zone_name = "UTC";
  // The GS Bulk API connection (its own key, never printed; the tenant's
  // org id and the user's login name), sent on Bulk API uploads.
  std::string bulk_access_key;
  std::string bulk_app_org_id;
  std::string bulk_login_name;
  // The default tenant's data jobs as --bulk-data-jobs-file declares them
  // (read by ParseConfig): imports to them are checked before they queue.
  std::string bulk_data_jobs_file;
  BulkDataJobSpecs bulk_data_jobs;
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

// An access key is printable ASCII without spaces (it travels in an HTTP
// header): INVALID_ARGUMENT otherwise, naming where it came from.
absl::Status CheckAccessKey(const std::string& key, const std::string& source);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_CONFIG_CONFIG_H_
