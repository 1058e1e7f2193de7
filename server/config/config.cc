#include "config/config.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/redis_connection.h"
#include "config/addresses.h"
#include "config/bulk_data_jobs_file.h"
#include "config/tenants_file.h"
#include "config/time_zone_spec.h"
#include "gainsight/endpoints.h"

namespace gg {
namespace {

using Setter = std::function<absl::Status(const std::string& value, Config&)>;

struct Flag {
  const char* name;  // without "--"
  const char* env;   // may be nullptr
  const char* help;
  Setter set;
  // A bare --NAME (no value follows) means true.
  bool boolean = false;
};

absl::Status Bad(const char* flag, const std::string& why) {
  return absl::InvalidArgumentError(absl::StrCat("--", flag, ": ", why));
}

Setter String(std::string Config::*field) {
  return [field](const std::string& v, Config& c) {
    c.*field = v;
    return absl::OkStatus();
  };
}

Setter Duration(const char* name, absl::Duration Config::*field) {
  return [name, field](const std::string& v, Config& c) {
    absl::Duration d;
    if (!absl::ParseDuration(v, &d) || d <= absl::ZeroDuration()) {
      return Bad(name, absl::StrCat("'", v,
                                    "' is not a positive duration "
                                    "(e.g. 500ms, 30s, 2m)"));
    }
    c.*field = d;
    return absl::OkStatus();
  };
}

// A duration of zero or more, at most `max`.
Setter ShortDuration(const char* name, absl::Duration Config::*field,
                     absl::Duration max) {
  return [name, field, max](const std::string& v, Config& c) {
    absl::Duration d;
    if (!absl::ParseDuration(v, &d) || d < absl::ZeroDuration() || d > max) {
      return Bad(name, absl::StrCat("'", v, "' is not a duration from 0s to ",
                                    absl::FormatDuration(max)));
    }
    c.*field = d;
    return absl::OkStatus();
  };
}

Setter Share(const char* name, double Config::*field, bool allow_one) {
  return [name, field, allow_one](const std::string& v, Config& c) {
    double d;
    if (!absl::SimpleAtod(v, &d) || d < 0 || d > 1 || (!allow_one && d == 1)) {
      return Bad(name, absl::StrCat("'", v, "' is not a share between 0 and ",
                                    allow_one ? "1" : "1 (exclusive)"));
    }
    c.*field = d;
    return absl::OkStatus();
  };
}

Setter PositiveInt(const char* name, int Config::*field) {
  return [name, field](const std::string& v, Config& c) {
    int n;
    if (!absl::SimpleAtoi(v, &n) || n < 1 || n > 1000) {
      return Bad(name, absl::StrCat("'", v, "' is not a whole number 1-1000"));
    }
    c.*field = n;
    return absl::OkStatus();
  };
}

// A whole number in [min, max].
template <typename Int>
Setter Count(const char* name, Int Config::*field, Int min, Int max) {
  return [name, field, min, max](const std::string& v, Config& c) {
    Int n;
    if (!absl::SimpleAtoi(v, &n) || n < min || n > max) {
      return Bad(name, absl::StrCat("'", v, "' is not a whole number ", min,
                                    "-", max));
    }
    c.*field = n;
    return absl::OkStatus();
  };
}

Setter ByteCount(const char* name, int64_t Config::*field, int64_t min,
                 int64_t max) {
  return [name, field, min, max](const std::string& v, Config& c) {
    int64_t n;
    if (!absl::SimpleAtoi(v, &n) || n < min || n > max) {
      return Bad(name,
                 absl::StrCat("'", v, "' is not a byte count ", min, "-", max));
    }
    c.*field = n;
    return absl::OkStatus();
  };
}

// A secret from a file: its text without surrounding whitespace.
Setter KeyFile(const char* name, std::string Config::*field) {
  return [name, field](const std::string& v, Config& c) {
    std::ifstream in(v);
    if (!in) return Bad(name, "cannot read the file");
    std::stringstream text;
    text << in.rdbuf();
    c.*field = std::string(absl::StripAsciiWhitespace(text.str()));
    if ((c.*field).empty()) return Bad(name, "the file is empty");
    return absl::OkStatus();
  };
}

Setter RedisUrl(const char* name, std::string Config::*field) {
  return [name, field](const std::string& v, Config& c) {
    if (!v.empty() && !absl::StartsWith(v, "redis://") &&
        !absl::StartsWith(v, "rediss://")) {
      return Bad(name, "must look like redis://HOST:PORT");
    }
    c.*field = v;
    return absl::OkStatus();
  };
}

Setter Bool(const char* name, bool Config::*field) {
  return [name, field](const std::string& v, Config& c) {
    if (!absl::SimpleAtob(v, &(c.*field))) {
      return Bad(name, absl::StrCat("'", v, "' is not true or false"));
    }
    return absl::OkStatus();
  };
}

absl::Status CheckHostPort(const char* name, const std::string& v) {
  size_t colon = v.rfind(':');
  int port;
  if (colon == std::string::npos || colon == 0 ||
      !absl::SimpleAtoi(v.substr(colon + 1), &port) || port < 0 ||
      port > 65535) {
    return Bad(name, absl::StrCat("'", v, "' is not HOST:PORT"));
  }
  return absl::OkStatus();
}

const std::vector<Flag>& Flags() {
  static const auto* kFlags = new std::vector<Flag>{
      {"listen", "GATEWAY_LISTEN",
       "gRPC address, HOST:PORT (port 0 picks a free one). Default "
       "0.0.0.0:50051.",
       [](const std::string& v, Config& c) {
         if (auto s = CheckHostPort("listen", v); !s.ok()) return s;
         c.listen = v;
         return absl::OkStatus();
       }},
      {"metrics-listen", "GATEWAY_METRICS_LISTEN",
       "Prometheus /metrics address, HOST:PORT; empty turns it off. Default "
       "0.0.0.0:9090.",
       [](const std::string& v, Config& c) {
         if (!v.empty()) {
           if (auto s = CheckHostPort("metrics-listen", v); !s.ok()) return s;
         }
         c.metrics_listen = v;
         return absl::OkStatus();
       }},
      {"gainsight-url", "GAINSIGHT_URL",
       "Base URL of the Gainsight tenant (https://acme.gainsightcloud.com) "
       "or of the sandbox. Required.",
       [](const std::string& v, Config& c) {
         if (!absl::StartsWith(v, "https://") &&
             !absl::StartsWith(v, "http://")) {
           return Bad("gainsight-url", "must start with https:// or http://");
         }
         c.gainsight_url = std::string(absl::StripSuffix(v, "/"));
         return absl::OkStatus();
       }},
      {"access-key-file", "GAINSIGHT_ACCESS_KEY_FILE",
       "File holding the Gainsight access key (else GAINSIGHT_ACCESS_KEY).",
       [](const std::string& v, Config& c) {
         absl::StatusOr<std::string> key = ReadKeyFile(v);
         if (!key.ok()) {
           return Bad("access-key-file", std::string(key.status().message()));
         }
         c.access_key = *std::move(key);
         return CheckAccessKey(c.access_key, "--access-key-file");
       }},
      {"limits", "GAINSIGHT_LIMITS",
       "Gainsight rate windows per call class. Default "
       "sync=100/1m,50000/1d;bulk=10/1h,100/1d.",
       [](const std::string& v, Config& c) {
         absl::StatusOr<LimitsSpec> spec = ParseLimitsSpec(v);
         if (!spec.ok())
           return Bad("limits", std::string(spec.status().message()));
         c.limits = *spec;
         return absl::OkStatus();
       }},
      {"headroom", "GATEWAY_HEADROOM",
       "Share of every limit left for other integrations on the tenant. "
       "Default 0.1.",
       Share("headroom", &Config::headroom, false)},
      {"interactive-reserve", "GATEWAY_INTERACTIVE_RESERVE",
       "Share of every window only interactive calls may use (batch calls: "
       "metadata x-gainsight-priority: batch). Default 0.2.",
       Share("interactive-reserve", &Config::interactive_reserve, false)},
      {"redis", "REDIS_URL",
       "redis://[USER@]HOST:PORT[/DB] (or rediss:// for TLS) shared by every "
       "replica for one budget; empty keeps the budget in this process.",
       [](const std::string& v, Config& c) {
         if (!v.empty() && !absl::StartsWith(v, "redis://") &&
             !absl::StartsWith(v, "rediss://")) {
           return Bad("redis", "must look like redis://HOST:PORT");
         }
         c.redis_url = v;
         return absl::OkStatus();
       }},
      {"redis-password-file", "REDIS_PASSWORD_FILE",
       "File holding the Redis password (AUTH; the user comes from the "
       "URL).",
       [](const std::string& v, Config& c) {
         absl::StatusOr<std::string> password = ReadKeyFile(v);
         if (!password.ok()) {
           return Bad("redis-password-file",
                      std::string(password.status().message()));
         }
         c.redis_password = *std::move(password);
         return absl::OkStatus();
       }},
      {"redis-ca-file", "REDIS_CA_FILE",
       "CA certificates (PEM) that sign the rediss:// server's certificate. "
       "Default: the system's.",
       String(&Config::redis_ca_file)},
      {"fallback-share", "GATEWAY_FALLBACK_SHARE",
       "Share of each limit this replica uses while Redis is unreachable "
       "(about 1 / replicas). Default 0.34.",
       Share("fallback-share", &Config::fallback_share, true)},
      {"replica-id", "GATEWAY_REPLICA_ID",
       "Name of this replica in shared state. Default: host name and pid.",
       String(&Config::replica_id)},
      {"upstream-timeout", "GATEWAY_UPSTREAM_TIMEOUT",
       "Longest one Gainsight HTTP call may take. Default 30s.",
       Duration("upstream-timeout", &Config::upstream_timeout)},
      {"default-deadline", "GATEWAY_DEFAULT_DEADLINE",
       "Deadline of calls whose caller set none. Default 60s.",
       Duration("default-deadline", &Config::default_deadline)},
      {"drain-timeout", "GATEWAY_DRAIN_TIMEOUT",
       "On SIGTERM, how long in-flight calls may take to finish. Default 20s.",
       Duration("drain-timeout", &Config::drain_timeout)},
      {"max-connection-age", "GATEWAY_MAX_CONNECTION_AGE",
       "After this long a client connection is asked to reconnect (its calls "
       "finish first), so that new replicas get a share of long-lived "
       "clients. inf: never. Default 5m.",
       Duration("max-connection-age", &Config::max_connection_age)},
      {"metadata-ttl", "GATEWAY_METADATA_TTL",
       "How long object metadata (DescribeObject) is cached. Default 10m.",
       Duration("metadata-ttl", &Config::metadata_ttl)},
      {"max-attempts", "GATEWAY_MAX_ATTEMPTS",
       "Attempts of an idempotent upstream call that fails transiently. "
       "Default 4.",
       PositiveInt("max-attempts", &Config::max_attempts)},
      {"chunk-concurrency", "GATEWAY_CHUNK_CONCURRENCY",
       "Upstream calls one batch request keeps in flight. Default 4.",
       PositiveInt("chunk-concurrency", &Config::chunk_concurrency)},
      {"isolate-rejected", "GATEWAY_ISOLATE_REJECTED",
       "When Gainsight rejects a write call for some records, send the "
       "others again (costs one more call per rejection). Default true.",
       Bool("isolate-rejected", &Config::isolate_rejected)},
      {"coalesce", "GATEWAY_COALESCE",
       "Record writes and upsert key lookups of different callers that wait "
       "for a quota slot share one upstream call (up to 50 records). "
       "Default true.",
       Bool("coalesce", &Config::coalesce)},
      {"coalesce-linger", "GATEWAY_COALESCE_LINGER",
       "How long a coalescable write or lookup waits for others to join it "
       "before it asks for quota, so that calls fill up when quota is free "
       "too (latency for fewer calls); at most 1s. Default 0s: calls join "
       "only while they wait for quota.",
       ShortDuration("coalesce-linger", &Config::coalesce_linger,
                     absl::Seconds(1))},
      {"read-cache-ttl", "GATEWAY_READ_CACHE_TTL",
       "How long GetCompany and GetPerson answers are cached (at most 10m); "
       "the gateway's own writes to the object drop them, other writes show "
       "after the TTL. Default 0s: no cache.",
       ShortDuration("read-cache-ttl", &Config::read_cache_ttl,
                     absl::Minutes(10))},
      {"idempotency-ttl", "GATEWAY_IDEMPOTENCY_TTL",
       "How long the result of a create that carries a request_id "
       "(InsertCompanies, InsertRecords, CreateCtas, CreateTasks, "
       "CreateSuccessPlans, StartImport) answers retries of the same request "
       "instead of "
       "writing again; kept in the job Redis (--job-redis, else --redis) so "
       "every replica answers, else in this process. Default 24h.",
       Duration("idempotency-ttl", &Config::idempotency_ttl)},
      {"access-log", "GATEWAY_ACCESS_LOG",
       "One JSON line (event \"rpc\") per gainsight.v1 call: method, "
       "caller, tenant, gRPC code, latency, records, Gainsight calls and "
       "their request ids; never a value. Default true.",
       Bool("access-log", &Config::access_log)},
      {"log-level", "GATEWAY_LOG_LEVEL",
       "debug, info, warning or error. Default info.",
       [](const std::string& v, Config& c) {
         if (!ParseLogLevel(v, &c.log_level)) {
           return Bad("log-level", "must be debug, info, warning or error");
         }
         return absl::OkStatus();
       }},
      {"bulk-spool-dir", "GATEWAY_BULK_SPOOL_DIR",
       "Directory (a volume) holding bulk import rows and job state until "
       "their jobs end. Default /var/lib/gainsight-gateway/bulk.",
       [](const std::string& v, Config& c) {
         if (v.empty()) return Bad("bulk-spool-dir", "must not be empty");
         c.bulk_spool_dir = std::string(absl::StripSuffix(v, "/"));
         return absl::OkStatus();
       }},
      {"bulk-part-bytes", "GATEWAY_BULK_PART_BYTES",
       "Largest CSV one Bulk API upload carries; bigger imports are split "
       "(each part costs one bulk call). Default 79000000 (Gainsight takes "
       "up to ~80 MB).",
       [](const std::string& v, Config& c) {
         int64_t n;
         if (!absl::SimpleAtoi(v, &n) || n < 1024 || n > kMaxBulkImportBytes) {
           return Bad("bulk-part-bytes",
                      absl::StrCat("'", v, "' is not a byte count 1024-",
                                   kMaxBulkImportBytes));
         }
         c.bulk_part_bytes = n;
         return absl::OkStatus();
       }},
      {"bulk-poll-interval", "GATEWAY_BULK_POLL_INTERVAL",
       "First wait before polling the status of a bulk upload; doubles on "
       "each poll up to 2m. Default 5s.",
       Duration("bulk-poll-interval", &Config::bulk_poll_interval)},
      {"tls-cert-file", "GATEWAY_TLS_CERT_FILE",
       "Server certificate chain (PEM) for gRPC over TLS; with "
       "--tls-key-file. Reloaded when the file changes.",
       String(&Config::tls_cert_file)},
      {"tls-key-file", "GATEWAY_TLS_KEY_FILE",
       "Private key (PEM) of --tls-cert-file.", String(&Config::tls_key_file)},
      {"tls-client-ca-file", "GATEWAY_TLS_CLIENT_CA_FILE",
       "CA certificates (PEM): every client must present a certificate they "
       "signed (mTLS); the caller is its SPIFFE ID, else DNS name, else CN.",
       String(&Config::tls_client_ca_file)},
      {"insecure", "GATEWAY_INSECURE",
       "Allow a non-loopback --listen address without TLS or without caller "
       "authentication. Default false.",
       Bool("insecure", &Config::insecure), /*boolean=*/true},
      {"allow-insecure-upstream", "GATEWAY_ALLOW_INSECURE_UPSTREAM",
       "Allow an http:// Gainsight URL whose host is not loopback. Default "
       "false.",
       Bool("allow-insecure-upstream", &Config::allow_insecure_upstream),
       /*boolean=*/true},
      {"callers-file", "GATEWAY_CALLERS_FILE",
       "Callers authenticated by bearer token (authorization: Bearer ...), "
       "tokens stored as SHA-256. Reloaded when the file changes.",
       String(&Config::callers_file)},
      {"policy-file", "GATEWAY_POLICY_FILE",
       "What each caller may call (YAML or JSON). Without it every "
       "authenticated caller may call everything. Reloaded when the file "
       "changes.",
       String(&Config::policy_file)},
      {"tenants-file", "GATEWAY_TENANTS_FILE",
       "More Gainsight tenants (YAML or JSON); callers choose one with "
       "x-gainsight-tenant.",
       String(&Config::tenants_file)},
      {"health-listen", "GATEWAY_HEALTH_LISTEN",
       "Plaintext address serving only grpc.health.v1 (for Kubernetes "
       "probes), HOST:PORT; empty: none. Default empty.",
       [](const std::string& v, Config& c) {
         if (!v.empty()) {
           if (auto s = CheckHostPort("health-listen", v); !s.ok()) return s;
         }
         c.health_listen = v;
         return absl::OkStatus();
       }},
      {"reload-interval", "GATEWAY_RELOAD_INTERVAL",
       "How often the TLS, callers and policy files are checked for changes. "
       "Default 10s.",
       Duration("reload-interval", &Config::reload_interval)},
      {"max-filter-expression-length", "GATEWAY_MAX_FILTER_EXPRESSION_LENGTH",
       "Longest filter expression a query may carry, in characters. Default "
       "4096.",
       Count("max-filter-expression-length",
             &Config::max_filter_expression_length, 1, 1 << 20)},
      {"max-filter-expression-depth", "GATEWAY_MAX_FILTER_EXPRESSION_DEPTH",
       "How deep parentheses may nest in a filter expression. Default 32.",
       Count("max-filter-expression-depth",
             &Config::max_filter_expression_depth, 1, 1000)},
      {"max-field-path-parts", "GATEWAY_MAX_FIELD_PATH_PARTS",
       "Most parts of a lookup path (Csm__gr.Email has 2). Default 4.",
       Count("max-field-path-parts", &Config::max_field_path_parts, 1, 16)},
      {"max-value-depth", "GATEWAY_MAX_VALUE_DEPTH",
       "How deep lists and structs may nest in a record value. Default 8.",
       Count("max-value-depth", &Config::max_value_depth, 1, 32)},
      {"max-request-bytes", "GATEWAY_MAX_REQUEST_BYTES",
       "Largest request message the gateway reads (bigger ones fail "
       "RESOURCE_EXHAUSTED). Default 4194304.",
       Count<int64_t>("max-request-bytes", &Config::max_request_bytes, 1024,
                      INT32_MAX)},
      {"max-deadline", "GATEWAY_MAX_DEADLINE",
       "Longest deadline of a unary call; longer caller deadlines are cut "
       "to it. Default 10m.",
       Duration("max-deadline", &Config::max_deadline)},
      {"max-queued-calls", "GATEWAY_MAX_QUEUED_CALLS",
       "Calls that may wait for a rate-limit slot at once; past it calls "
       "fail at once with RESOURCE_EXHAUSTED and RetryInfo. Default 5000.",
       Count("max-queued-calls", &Config::max_queued_calls, 1, 1000000)},
      {"max-concurrent-streams", "GATEWAY_MAX_CONCURRENT_STREAMS",
       "Calls one client connection may have open at once. Default 100.",
       Count("max-concurrent-streams", &Config::max_concurrent_streams, 1,
             100000)},
      {"max-server-memory", "GATEWAY_MAX_SERVER_MEMORY",
       "Memory the gRPC server may use for calls and their buffers, in "
       "bytes (its resource quota). Default 134217728.",
       Count<int64_t>("max-server-memory", &Config::max_server_memory,
                      int64_t{1} << 20, int64_t{1} << 40)},
      {"max-upstream-response-bytes", "GATEWAY_MAX_UPSTREAM_RESPONSE_BYTES",
       "Largest Gainsight answer body; a bigger one fails the call "
       "(INTERNAL). Default 67108864.",
       Count<int64_t>("max-upstream-response-bytes",
                      &Config::max_upstream_response_bytes, 1024,
                      int64_t{1} << 40)},
      {"max-csv-record-bytes", "GATEWAY_MAX_CSV_RECORD_BYTES",
       "Largest CSV record (one row, quoted line breaks included) of a "
       "StartImport stream. Default 1048576.",
       Count<int64_t>("max-csv-record-bytes", &Config::max_csv_record_bytes, 64,
                      int64_t{1} << 30)},
      {"max-negative-cache-entries", "GATEWAY_MAX_NEGATIVE_CACHE_ENTRIES",
       "Unknown object names remembered (for --metadata-ttl) so that "
       "repeated describes of them cost no quota. Default 1000.",
       Count("max-negative-cache-entries", &Config::max_negative_cache_entries,
             0, 1000000)},
      {"max-retry-after", "GATEWAY_MAX_RETRY_AFTER",
       "Longest wait Gainsight's Retry-After may impose on a call class. "
       "Default 1h.",
       Duration("max-retry-after", &Config::max_retry_after)},
      {"fallback-lease", "GATEWAY_FALLBACK_LEASE",
       "How long a replica cut off from Redis admits from its fallback "
       "share after its last contact; the other replicas keep that share "
       "reserved as long. Default 15m.",
       Duration("fallback-lease", &Config::fallback_lease)},
      {"redis-timeout", "GATEWAY_REDIS_TIMEOUT",
       "Connect and command timeout of Redis; a slower Redis counts as "
       "down (the replica runs on its fallback share). Default 50ms.",
       Duration("redis-timeout", &Config::redis_timeout)},
      {"tenant-time-zone", "GAINSIGHT_TENANT_TIME_ZONE",
       "Time zone whose midnight the tenant stores DATE fields at (epoch "
       "ms): UTC, an offset (+09:00) or an IANA name (Europe/Berlin). DATE "
       "values read back as the day in this zone. Default UTC.",
       [](const std::string& v, Config& c) {
         absl::StatusOr<absl::TimeZone> zone = ParseTimeZoneSpec(v);
         if (!zone.ok()) {
           return Bad("tenant-time-zone", std::string(zone.status().message()));
         }
         c.tenant_time_zone = *zone;
         c.tenant_time_zone_name = std::string(absl::StripAsciiWhitespace(v));
         return absl::OkStatus();
       }},
      {"bulk-access-key-file", "GAINSIGHT_BULK_ACCESS_KEY_FILE",
       "File holding the access key of the tenant's GS Bulk API connection "
       "(its own key, not the API key; else GAINSIGHT_BULK_ACCESS_KEY). "
       "Needed by Bulk API imports; Person imports do without.",
       KeyFile("bulk-access-key-file", &Config::bulk_access_key)},
      {"bulk-app-org-id", "GAINSIGHT_BULK_APP_ORG_ID",
       "The tenant's org id, sent as appOrgId on Bulk API uploads (copy it "
       "from the cURL Gainsight generates for a data job).",
       String(&Config::bulk_app_org_id)},
      {"bulk-login-name", "GAINSIGHT_BULK_LOGIN_NAME",
       "Login name of the Gainsight user the Bulk API uploads act for, sent "
       "as loginName (from the same cURL).",
       String(&Config::bulk_login_name)},
      {"bulk-data-jobs-file", "GATEWAY_BULK_DATA_JOBS_FILE",
       "The GS Bulk API data jobs (YAML or JSON: job_id, object, columns: "
       "each CSV column and the field it is mapped to, as in Gainsight). "
       "An import to one is refused before it queues when it names another "
       "object, a column the job does not map, or a cell that does not fit "
       "its field. Default: none (columns and cells of Bulk API imports go "
       "unchecked).",
       String(&Config::bulk_data_jobs_file)},
      {"job-redis", "JOB_REDIS_URL",
       "redis://HOST:PORT[/DB] keeping bulk job state and leases (give it "
       "persistence); default: --redis; neither: files in the spool.",
       RedisUrl("job-redis", &Config::job_redis_url)},
      {"bulk-spool-shared", "GATEWAY_BULK_SPOOL_SHARED",
       "Every replica mounts the same spool directory (a ReadWriteMany "
       "volume), so any replica finishes any job. false: per-replica "
       "volumes; a stopping replica hands its unsent rows over through the "
       "job store. Default false.",
       Bool("bulk-spool-shared", &Config::bulk_spool_shared)},
      {"bulk-lease-ttl", "GATEWAY_BULK_LEASE_TTL",
       "How long a replica's hold on a running job lasts unless renewed "
       "(every third of it); after it lapses another replica takes the job "
       "over. Default 30s.",
       Duration("bulk-lease-ttl", &Config::bulk_lease_ttl)},
      {"bulk-import-max-bytes", "GATEWAY_BULK_IMPORT_MAX_BYTES",
       "Largest import (its spooled CSV); a bigger one is refused with "
       "RESOURCE_EXHAUSTED. Default 1000000000.",
       ByteCount("bulk-import-max-bytes", &Config::bulk_import_max_bytes, 1024,
                 int64_t{1} << 50)},
      {"bulk-spool-quota-bytes", "GATEWAY_BULK_SPOOL_QUOTA_BYTES",
       "Most the spool directory may hold for every unfinished import "
       "together; when full, new imports are refused with "
       "RESOURCE_EXHAUSTED before their rows are read. Keep it below the "
       "volume's size. Default 1500000000.",
       ByteCount("bulk-spool-quota-bytes", &Config::bulk_spool_quota_bytes,
                 1024, int64_t{1} << 50)},
      {"bulk-job-retention", "GATEWAY_BULK_JOB_RETENTION",
       "How long an ended job can still be read before the gateway forgets "
       "it (job store and disk). Default 168h.",
       Duration("bulk-job-retention", &Config::bulk_job_retention)},
      {"bulk-status-timeout", "GATEWAY_BULK_STATUS_TIMEOUT",
       "A part whose status Gainsight still reports unfinished this long "
       "after its upload fails, instead of being polled forever. Default "
       "24h.",
       Duration("bulk-status-timeout", &Config::bulk_status_timeout)},
      {"bulk-upload-attempts", "GATEWAY_BULK_UPLOAD_ATTEMPTS",
       "Most uploads of one part (a 429 does not count). Default 3.",
       PositiveInt("bulk-upload-attempts", &Config::bulk_upload_attempts)},
      {"bulk-upload-rate", "GATEWAY_BULK_UPLOAD_RATE",
       "Slowest upload rate allowed for, in bytes per second: an upload of N "
       "bytes may take --upstream-timeout + N / this. Default 1000000.",
       ByteCount("bulk-upload-rate", &Config::bulk_upload_rate, 1024,
                 int64_t{1} << 40)},
  };
  return *kFlags;
}

// The tenant of --gainsight-url (named "default") and those of
// --tenants-file; the first is the default.
absl::Status ResolveTenants(Config& config) {
  if (config.tenants_file.empty() && config.gainsight_url.empty()) {
    return absl::InvalidArgumentError(
        "--gainsight-url (GAINSIGHT_URL) is required");
  }
  TenantConfig defaults;
  defaults.limits = config.limits;
  defaults.headroom = config.headroom;
  if (!config.gainsight_url.empty()) {
    if (config.access_key.empty()) {
      return absl::InvalidArgumentError(
          "no Gainsight access key: set GAINSIGHT_ACCESS_KEY or "
          "--access-key-file");
    }
    TenantConfig tenant = defaults;
    tenant.name = kDefaultTenantName;
    tenant.gainsight_url = config.gainsight_url;
    tenant.access_key = config.access_key;
    config.tenants.push_back(std::move(tenant));
  }
  if (!config.tenants_file.empty()) {
    absl::StatusOr<std::vector<TenantConfig>> more =
        ReadTenantsFile(config.tenants_file, defaults);
    if (!more.ok())
      return Bad("tenants-file", std::string(more.status().message()));
    for (TenantConfig& tenant : *more)
      config.tenants.push_back(std::move(tenant));
  }
  for (size_t i = 0; i < config.tenants.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (config.tenants[i].name == config.tenants[j].name) {
        return Bad("tenants-file",
                   absl::StrCat("tenant '", config.tenants[i].name,
                                "' is named twice"));
      }
      if (config.tenants[i].gainsight_url == config.tenants[j].gainsight_url) {
        return Bad("tenants-file",
                   absl::StrCat("tenants '", config.tenants[j].name, "' and '",
                                config.tenants[i].name,
                                "' have the same URL: one Gainsight tenant "
                                "has one budget"));
      }
    }
  }
  return absl::OkStatus();
}

// TLS where the network can see the traffic, unless --insecure (callers) or
// --allow-insecure-upstream (Gainsight) says otherwise.
absl::Status CheckTransportSecurity(const Config& config) {
  if (config.tls_cert_file.empty() != config.tls_key_file.empty()) {
    return Bad(config.tls_cert_file.empty() ? "tls-cert-file" : "tls-key-file",
               "--tls-cert-file and --tls-key-file go together");
  }
  const bool tls = !config.tls_cert_file.empty();
  if (!config.tls_client_ca_file.empty() && !tls) {
    return Bad("tls-client-ca-file",
               "needs TLS: set --tls-cert-file and --tls-key-file");
  }
  const bool authenticates =
      !config.tls_client_ca_file.empty() || !config.callers_file.empty();
  if (!config.policy_file.empty() && !authenticates) {
    return Bad("policy-file",
               "a policy needs authenticated callers: set "
               "--tls-client-ca-file or --callers-file");
  }
  if (!config.insecure && !IsLoopbackHost(HostOfAddress(config.listen))) {
    if (!tls) {
      return Bad("listen",
                 absl::StrCat(config.listen,
                              " is reachable from other hosts: set "
                              "--tls-cert-file and --tls-key-file, or "
                              "--insecure"));
    }
    if (!authenticates) {
      return Bad("listen",
                 absl::StrCat(config.listen,
                              " is reachable from other hosts: authenticate "
                              "callers with --tls-client-ca-file or "
                              "--callers-file, or set --insecure"));
    }
  }
  for (const TenantConfig& tenant : config.tenants) {
    if (absl::StartsWith(tenant.gainsight_url, "https://") ||
        config.allow_insecure_upstream ||
        IsLoopbackHost(HostOfUrl(tenant.gainsight_url))) {
      continue;
    }
    return Bad(
        tenant.name == kDefaultTenantName ? "gainsight-url" : "tenants-file",
        absl::StrCat(tenant.gainsight_url,
                     " is not https: the access key would cross the "
                     "network in clear (--allow-insecure-upstream "
                     "allows it)"));
  }
  return absl::OkStatus();
}

// Folds --redis-password-file into the URL.
absl::Status ResolveRedis(Config& config) {
  if (config.redis_url.empty()) {
    if (!config.redis_password.empty() || !config.redis_ca_file.empty()) {
      return Bad(config.redis_password.empty() ? "redis-ca-file"
                                               : "redis-password-file",
                 "needs --redis");
    }
    return absl::OkStatus();
  }
  absl::StatusOr<RedisAddress> address = ParseRedisUrl(config.redis_url);
  if (!address.ok())
    return Bad("redis", std::string(address.status().message()));
  if (!config.redis_password.empty()) {
    if (!address->password.empty()) {
      return Bad("redis-password-file",
                 "the --redis URL holds a password already");
    }
    address->password = config.redis_password;
  }
  if (!config.redis_ca_file.empty()) {
    if (!address->tls) return Bad("redis-ca-file", "needs a rediss:// URL");
    address->ca_file = config.redis_ca_file;
  }
  config.redis_url = FormatRedisUrl(*address);
  config.redis_password.clear();
  return absl::OkStatus();
}

}  // namespace

std::vector<std::string> MissingBulkApiSettings(const Config& config) {
  std::vector<std::string> missing;
  if (config.bulk_access_key.empty()) {
    missing.push_back(
        "--bulk-access-key-file (GAINSIGHT_BULK_ACCESS_KEY_FILE or "
        "GAINSIGHT_BULK_ACCESS_KEY)");
  }
  if (config.bulk_app_org_id.empty()) {
    missing.push_back("--bulk-app-org-id (GAINSIGHT_BULK_APP_ORG_ID)");
  }
  if (config.bulk_login_name.empty()) {
    missing.push_back("--bulk-login-name (GAINSIGHT_BULK_LOGIN_NAME)");
  }
  return missing;
}

EnvLookup ProcessEnv() {
  return [](const std::string& name) -> std::string {
    const char* v = std::getenv(name.c_str());
    return v == nullptr ? "" : v;
  };
}

std::string ConfigHelp() {
  std::string out =
      "Usage: gainsight-gateway [--flag=value ...]\n"
      "Every flag may also be given by its environment variable; a flag wins.\n"
      "The access key comes from GAINSIGHT_ACCESS_KEY or "
      "--access-key-file.\n"
      "The GS Bulk API connection's key comes from GAINSIGHT_BULK_ACCESS_KEY "
      "or --bulk-access-key-file.\n\n";
  for (const Flag& f : Flags()) {
    absl::StrAppend(&out, "  --", f.name,
                    f.env ? absl::StrCat(" (", f.env, ")") : "", "\n      ",
                    f.help, "\n");
  }
  return out;
}

absl::StatusOr<Config> ParseConfig(const std::vector<std::string>& args,
                                   const EnvLookup& env) {
  Config config;
  config.limits = *ParseLimitsSpec(kDefaultLimits);
  // Environment first, so that flags override it.
  for (const Flag& f : Flags()) {
    if (f.env == nullptr) continue;
    std::string value = env(f.env);
    if (value.empty()) continue;
    if (absl::Status s = f.set(value, config); !s.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(f.env, " (environment): ", s.message()));
    }
  }
  if (config.access_key.empty())
    config.access_key = env("GAINSIGHT_ACCESS_KEY");
  if (config.bulk_access_key.empty()) {
    config.bulk_access_key = env("GAINSIGHT_BULK_ACCESS_KEY");
  }
  for (size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    if (arg == "--help" || arg == "-h") {
      return absl::CancelledError(ConfigHelp());
    }
    if (!absl::StartsWith(arg, "--")) {
      return absl::InvalidArgumentError(
          absl::StrCat("unexpected argument '", arg, "' (see --help)"));
    }
    std::string name = arg.substr(2);
    std::string value;
    bool has_value = false;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
      has_value = true;
    }
    const Flag* flag = nullptr;
    for (const Flag& f : Flags()) {
      if (name == f.name) flag = &f;
    }
    if (flag == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown flag --", name, " (see --help)"));
    }
    if (!has_value && flag->boolean &&
        (i + 1 >= args.size() || absl::StartsWith(args[i + 1], "--"))) {
      value = "true";
      has_value = true;
    }
    if (!has_value) {
      if (i + 1 >= args.size()) {
        return absl::InvalidArgumentError(
            absl::StrCat("--", name, " needs a value"));
      }
      value = args[++i];
    }
    if (absl::Status s = flag->set(value, config); !s.ok()) return s;
  }
  if (absl::Status s =
          CheckAccessKey(config.access_key, "GAINSIGHT_ACCESS_KEY");
      !config.access_key.empty() && !s.ok()) {
    return s;
  }
  if (absl::Status s = ResolveTenants(config); !s.ok()) return s;
  if (!config.bulk_data_jobs_file.empty()) {
    absl::StatusOr<BulkDataJobSpecs> jobs =
        ReadBulkDataJobsFile(config.bulk_data_jobs_file);
    if (!jobs.ok()) {
      return Bad("bulk-data-jobs-file", std::string(jobs.status().message()));
    }
    config.bulk_data_jobs = *std::move(jobs);
  }
  if (absl::Status s = CheckTransportSecurity(config); !s.ok()) return s;
  if (absl::Status s = ResolveRedis(config); !s.ok()) return s;
  return config;
}

absl::Status CheckAccessKey(const std::string& key, const std::string& source) {
  for (char c : key) {
    if (!absl::ascii_isgraph(static_cast<unsigned char>(c))) {
      // Never echo the key: only where it came from.
      return absl::InvalidArgumentError(absl::StrCat(
          source,
          ": the access key holds a space or control character (or is not "
          "ASCII)"));
    }
  }
  return absl::OkStatus();
}

}  // namespace gg
