#include "config/config.h"

#include <cstdio>
#include <fstream>
#include <map>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/fake_env.h"

namespace gg {
namespace {

using testing::FakeEnv;

using ::testing::HasSubstr;

// The default listen address is not loopback: without TLS it takes
// GATEWAY_INSECURE (security_config_test.cc covers the rule).
const std::map<std::string, std::string> kMinimal = {
    {"GAINSIGHT_URL", "https://acme.gainsightcloud.com/"},
    {"GAINSIGHT_ACCESS_KEY", "secret"},
    {"GATEWAY_INSECURE", "true"}};

TEST(ConfigTest, EnvironmentAloneIsEnough) {
  absl::StatusOr<Config> config = ParseConfig({}, FakeEnv(kMinimal));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->gainsight_url, "https://acme.gainsightcloud.com");
  EXPECT_EQ(config->access_key, "secret");
  EXPECT_EQ(config->listen, "0.0.0.0:50051");
  EXPECT_EQ(FormatLimitsSpec(config->limits), kDefaultLimits);
}

TEST(ConfigTest, FlagsOverrideEnvironment) {
  auto env = kMinimal;
  env["GATEWAY_LISTEN"] = "0.0.0.0:1";
  env["GAINSIGHT_LIMITS"] = "sync=1/1s";
  absl::StatusOr<Config> config =
      ParseConfig({"--listen=127.0.0.1:0", "--limits", "sync=20/1s,300/10s",
                   "--upstream-timeout", "5s", "--headroom", "0.25"},
                  FakeEnv(env));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->listen, "127.0.0.1:0");
  EXPECT_EQ(FormatLimitsSpec(config->limits), "sync=20/1s,300/10s");
  EXPECT_EQ(config->upstream_timeout, absl::Seconds(5));
  EXPECT_DOUBLE_EQ(config->headroom, 0.25);
}

TEST(ConfigTest, MetadataTtlDefaultsToTenMinutesAndIsConfigurable) {
  absl::StatusOr<Config> config = ParseConfig({}, FakeEnv(kMinimal));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->metadata_ttl, absl::Minutes(10));
  auto env = kMinimal;
  env["GATEWAY_METADATA_TTL"] = "30s";
  config = ParseConfig({}, FakeEnv(env));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->metadata_ttl, absl::Seconds(30));
  config = ParseConfig({"--metadata-ttl=2m"}, FakeEnv(env));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->metadata_ttl, absl::Minutes(2));
  EXPECT_FALSE(ParseConfig({"--metadata-ttl=0s"}, FakeEnv(kMinimal)).ok());
}

TEST(ConfigTest, CoalescingIsOnWithoutLingerAndConfigurable) {
  absl::StatusOr<Config> config = ParseConfig({}, FakeEnv(kMinimal));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_TRUE(config->coalesce);
  EXPECT_EQ(config->coalesce_linger, absl::ZeroDuration());
  auto env = kMinimal;
  env["GATEWAY_COALESCE"] = "false";
  env["GATEWAY_COALESCE_LINGER"] = "5ms";
  config = ParseConfig({}, FakeEnv(env));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_FALSE(config->coalesce);
  EXPECT_EQ(config->coalesce_linger, absl::Milliseconds(5));
  config = ParseConfig({"--coalesce-linger=0s"}, FakeEnv(env));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->coalesce_linger, absl::ZeroDuration());
  absl::Status bad =
      ParseConfig({"--coalesce-linger=2s"}, FakeEnv(kMinimal)).status();
  EXPECT_THAT(std::string(bad.message()), HasSubstr("--coalesce-linger"));
  EXPECT_FALSE(ParseConfig({"--coalesce-linger=-1ms"}, FakeEnv(kMinimal)).ok());
  EXPECT_EQ(config->read_cache_ttl, absl::ZeroDuration());
  config = ParseConfig({"--read-cache-ttl=5s"}, FakeEnv(kMinimal));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->read_cache_ttl, absl::Seconds(5));
  EXPECT_FALSE(ParseConfig({"--read-cache-ttl=1h"}, FakeEnv(kMinimal)).ok());
}

TEST(ConfigTest, MaxConnectionAgeDefaultsToFiveMinutesAndMayBeInfinite) {
  absl::StatusOr<Config> config = ParseConfig({}, FakeEnv(kMinimal));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->max_connection_age, absl::Minutes(5));
  auto env = kMinimal;
  env["GATEWAY_MAX_CONNECTION_AGE"] = "inf";
  config = ParseConfig({}, FakeEnv(env));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->max_connection_age, absl::InfiniteDuration());
  config = ParseConfig({"--max-connection-age=30s"}, FakeEnv(env));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->max_connection_age, absl::Seconds(30));
  EXPECT_FALSE(
      ParseConfig({"--max-connection-age=0s"}, FakeEnv(kMinimal)).ok());
}

TEST(ConfigTest, AccessKeyFileIsRead) {
  std::string path = ::testing::TempDir() + "/key";
  std::ofstream(path) << "from-file\n";
  auto env = kMinimal;
  env.erase("GAINSIGHT_ACCESS_KEY");
  absl::StatusOr<Config> config =
      ParseConfig({"--access-key-file", path}, FakeEnv(env));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->access_key, "from-file");
}

TEST(ConfigTest, BadInputFailsFastWithAClearMessage) {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  for (const Case& c :
       std::vector<Case>{{{"--no-such-flag=1"}, "unknown flag --no-such-flag"},
                         {{"--listen", "nowhere"}, "--listen"},
                         {{"--limits", "sync=0/1m"}, "--limits"},
                         {{"--headroom", "1.5"}, "--headroom"},
                         {{"--upstream-timeout", "soon"}, "--upstream-timeout"},
                         {{"--gainsight-url", "ftp://x"}, "--gainsight-url"},
                         {{"--redis", "localhost:6379"}, "--redis"},
                         {{"--listen"}, "needs a value"},
                         {{"positional"}, "unexpected argument"}}) {
    absl::StatusOr<Config> config = ParseConfig(c.args, FakeEnv(kMinimal));
    ASSERT_FALSE(config.ok()) << c.message;
    EXPECT_THAT(std::string(config.status().message()), HasSubstr(c.message));
  }
}

TEST(ConfigTest, MissingUrlOrKeyIsAnError) {
  EXPECT_THAT(
      std::string(ParseConfig({}, FakeEnv({{"GAINSIGHT_ACCESS_KEY", "k"}}))
                      .status()
                      .message()),
      HasSubstr("GAINSIGHT_URL"));
  EXPECT_THAT(
      std::string(ParseConfig({}, FakeEnv({{"GAINSIGHT_URL", "http://x"}}))
                      .status()
                      .message()),
      HasSubstr("access key"));
}

TEST(ConfigTest, BulkFlagsHaveDefaultsAndEnvironmentTwins) {
  absl::StatusOr<Config> config = ParseConfig({}, FakeEnv(kMinimal));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->bulk_spool_dir, "/var/lib/gainsight-gateway/bulk");
  EXPECT_EQ(config->bulk_part_bytes, 79000000);
  EXPECT_EQ(config->bulk_poll_interval, absl::Seconds(5));
  auto env = kMinimal;
  env["GATEWAY_BULK_SPOOL_DIR"] = "/data/spool/";
  env["GATEWAY_BULK_PART_BYTES"] = "1048576";
  env["GATEWAY_BULK_POLL_INTERVAL"] = "250ms";
  config = ParseConfig({}, FakeEnv(env));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->bulk_spool_dir, "/data/spool");
  EXPECT_EQ(config->bulk_part_bytes, 1048576);
  EXPECT_EQ(config->bulk_poll_interval, absl::Milliseconds(250));
  config = ParseConfig({"--bulk-spool-dir=/x", "--bulk-part-bytes=2048"},
                       FakeEnv(env));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->bulk_spool_dir, "/x");
  EXPECT_EQ(config->bulk_part_bytes, 2048);
  EXPECT_FALSE(
      ParseConfig({"--bulk-part-bytes=90000000"}, FakeEnv(kMinimal)).ok());
  EXPECT_FALSE(ParseConfig({"--bulk-part-bytes=12"}, FakeEnv(kMinimal)).ok());
  EXPECT_FALSE(ParseConfig({"--bulk-spool-dir="}, FakeEnv(kMinimal)).ok());
}

TEST(ConfigTest, BoundsHaveDefaultsFlagsAndEnvironmentTwins) {
  absl::StatusOr<Config> config = ParseConfig({}, FakeEnv(kMinimal));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->max_filter_expression_length, 4096);
  EXPECT_EQ(config->max_filter_expression_depth, 32);
  EXPECT_EQ(config->max_field_path_parts, 4);
  EXPECT_EQ(config->max_value_depth, 8);
  EXPECT_EQ(config->max_request_bytes, 4 << 20);
  EXPECT_EQ(config->max_deadline, absl::Minutes(10));
  EXPECT_EQ(config->max_queued_calls, 5000);
  EXPECT_EQ(config->max_concurrent_streams, 100);
  EXPECT_EQ(config->max_server_memory, int64_t{128} << 20);
  EXPECT_EQ(config->max_upstream_response_bytes, int64_t{64} << 20);
  EXPECT_EQ(config->max_csv_record_bytes, 1 << 20);
  EXPECT_EQ(config->max_negative_cache_entries, 1000);
  EXPECT_EQ(config->max_retry_after, absl::Hours(1));
  EXPECT_EQ(config->redis_timeout, absl::Milliseconds(50));
  EXPECT_EQ(config->fallback_lease, absl::Minutes(15));

  auto env = kMinimal;
  env["GATEWAY_MAX_QUEUED_CALLS"] = "100";
  env["GATEWAY_MAX_RETRY_AFTER"] = "5m";
  env["GATEWAY_REDIS_TIMEOUT"] = "20ms";
  config = ParseConfig({"--max-queued-calls=7", "--max-filter-expression-depth",
                        "5", "--max-upstream-response-bytes", "2048"},
                       FakeEnv(env));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->max_queued_calls, 7);
  EXPECT_EQ(config->max_filter_expression_depth, 5);
  EXPECT_EQ(config->max_upstream_response_bytes, 2048);
  EXPECT_EQ(config->max_retry_after, absl::Minutes(5));
  EXPECT_EQ(config->redis_timeout, absl::Milliseconds(20));
}

TEST(ConfigTest, BadBoundsNameTheirFlag) {
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{
           {"--max-queued-calls=0"},
           {"--max-filter-expression-depth=-1"},
           {"--max-value-depth=x"},
           {"--max-request-bytes=10"},
           {"--max-deadline=0s"},
           {"--max-retry-after=soon"},
           {"--redis-timeout=0ms"},
           {"--fallback-lease=-1m"},
           {"--max-csv-record-bytes=1"}}) {
    absl::StatusOr<Config> config = ParseConfig(args, FakeEnv(kMinimal));
    ASSERT_FALSE(config.ok()) << args[0];
    const std::string flag = args[0].substr(0, args[0].find('='));
    EXPECT_THAT(std::string(config.status().message()), HasSubstr(flag));
  }
  auto env = kMinimal;
  env["GATEWAY_MAX_QUEUED_CALLS"] = "lots";
  EXPECT_THAT(std::string(ParseConfig({}, FakeEnv(env)).status().message()),
              HasSubstr("GATEWAY_MAX_QUEUED_CALLS"));
}

TEST(ConfigTest, AccessKeysWithSpacesOrControlCharactersAreRefused) {
  for (const char* key : {"with space", "tab\there", "new\nline",
                          "nul-less\x7f", "caf\xc3\xa9"}) {
    auto env = kMinimal;
    env["GAINSIGHT_ACCESS_KEY"] = key;
    absl::StatusOr<Config> config = ParseConfig({}, FakeEnv(env));
    ASSERT_FALSE(config.ok()) << key;
    const std::string message(config.status().message());
    EXPECT_THAT(message, HasSubstr("GAINSIGHT_ACCESS_KEY"));
    EXPECT_THAT(message, ::testing::Not(HasSubstr(key)));
  }
  std::string path = ::testing::TempDir() + "/bad-key";
  std::ofstream(path) << "line-one\nline-two\n";
  auto env = kMinimal;
  env.erase("GAINSIGHT_ACCESS_KEY");
  absl::StatusOr<Config> config =
      ParseConfig({"--access-key-file", path}, FakeEnv(env));
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(std::string(config.status().message()),
              HasSubstr("--access-key-file"));
}

TEST(ConfigTest, TenantTimeZoneDefaultsToUtcAndTakesOffsetsAndNames) {
  absl::StatusOr<Config> config = ParseConfig({}, FakeEnv(kMinimal));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->tenant_time_zone, absl::UTCTimeZone());
  const absl::Time instant = absl::FromUnixSeconds(1700000000);
  auto env = kMinimal;
  env["GAINSIGHT_TENANT_TIME_ZONE"] = "+09:00";
  config = ParseConfig({}, FakeEnv(env));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->tenant_time_zone.At(instant).offset, 9 * 3600);
  config = ParseConfig({"--tenant-time-zone=UTC-05:30"}, FakeEnv(env));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->tenant_time_zone.At(instant).offset, -(5 * 3600 + 1800));
  config = ParseConfig({"--tenant-time-zone", "Asia/Tokyo"}, FakeEnv(kMinimal));
  ASSERT_TRUE(config.ok()) << config.status()
                           << " (needs /usr/share/zoneinfo: tzdata)";
  EXPECT_EQ(config->tenant_time_zone.At(instant).offset, 9 * 3600);
  EXPECT_EQ(config->tenant_time_zone_name, "Asia/Tokyo");
  for (const char* bad : {"Mars/Olympus", "+25:00", "", "+9"}) {
    config = ParseConfig({"--tenant-time-zone", bad}, FakeEnv(kMinimal));
    ASSERT_FALSE(config.ok()) << bad;
    EXPECT_THAT(std::string(config.status().message()),
                HasSubstr("--tenant-time-zone"))
        << bad;
  }
}

TEST(ConfigTest, BulkJobFlagsHaveDefaultsAndEnvironmentTwins) {
  absl::StatusOr<Config> config = ParseConfig({}, FakeEnv(kMinimal));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_FALSE(config->bulk_spool_shared);
  EXPECT_EQ(config->bulk_lease_ttl, absl::Seconds(30));
  EXPECT_EQ(config->bulk_import_max_bytes, 1000000000);
  EXPECT_EQ(config->bulk_spool_quota_bytes, 1500000000);
  EXPECT_EQ(config->bulk_job_retention, absl::Hours(168));
  EXPECT_EQ(config->bulk_status_timeout, absl::Hours(24));
  EXPECT_EQ(config->bulk_upload_attempts, 3);
  EXPECT_EQ(config->bulk_upload_rate, 1000000);
  EXPECT_TRUE(config->job_redis_url.empty());
  auto env = kMinimal;
  env["GATEWAY_BULK_SPOOL_SHARED"] = "true";
  env["GATEWAY_BULK_LEASE_TTL"] = "3s";
  env["GATEWAY_BULK_IMPORT_MAX_BYTES"] = "2048";
  env["GATEWAY_BULK_SPOOL_QUOTA_BYTES"] = "4096";
  env["GATEWAY_BULK_JOB_RETENTION"] = "1h";
  env["GATEWAY_BULK_STATUS_TIMEOUT"] = "10m";
  env["GATEWAY_BULK_UPLOAD_ATTEMPTS"] = "5";
  env["GATEWAY_BULK_UPLOAD_RATE"] = "2000";
  env["JOB_REDIS_URL"] = "redis://jobs:6379";
  config = ParseConfig({}, FakeEnv(env));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_TRUE(config->bulk_spool_shared);
  EXPECT_EQ(config->bulk_lease_ttl, absl::Seconds(3));
  EXPECT_EQ(config->bulk_import_max_bytes, 2048);
  EXPECT_EQ(config->bulk_spool_quota_bytes, 4096);
  EXPECT_EQ(config->bulk_job_retention, absl::Hours(1));
  EXPECT_EQ(config->bulk_status_timeout, absl::Minutes(10));
  EXPECT_EQ(config->bulk_upload_attempts, 5);
  EXPECT_EQ(config->bulk_upload_rate, 2000);
  EXPECT_EQ(config->job_redis_url, "redis://jobs:6379");
  for (const auto& [args, flag] :
       std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"--bulk-spool-shared=maybe"}, "--bulk-spool-shared"},
           {{"--bulk-lease-ttl=0s"}, "--bulk-lease-ttl"},
           {{"--bulk-import-max-bytes=12"}, "--bulk-import-max-bytes"},
           {{"--bulk-spool-quota-bytes=x"}, "--bulk-spool-quota-bytes"},
           {{"--bulk-upload-attempts=0"}, "--bulk-upload-attempts"},
           {{"--bulk-upload-rate=1"}, "--bulk-upload-rate"},
           {{"--job-redis=jobs:6379"}, "--job-redis"}}) {
    absl::StatusOr<Config> bad = ParseConfig(args, FakeEnv(kMinimal));
    ASSERT_FALSE(bad.ok()) << flag;
    EXPECT_THAT(std::string(bad.status().message()), HasSubstr(flag));
  }
}

TEST(ConfigTest, TheBulkApiConnectionComesFromAFileOrTheEnvironment) {
  absl::StatusOr<Config> config = ParseConfig({}, FakeEnv(kMinimal));
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(MissingBulkApiSettings(*config).size(), 3u);
  EXPECT_THAT(MissingBulkApiSettings(*config)[0],
              HasSubstr("--bulk-access-key-file"));
  std::string path = ::testing::TempDir() + "/bulk-key";
  std::ofstream(path) << " bulk-from-file\n";
  config = ParseConfig({"--bulk-access-key-file", path, "--bulk-app-org-id",
                        "org-1", "--bulk-login-name", "ann@acme.example"},
                       FakeEnv(kMinimal));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->bulk_access_key, "bulk-from-file");
  EXPECT_TRUE(MissingBulkApiSettings(*config).empty());
  auto env = kMinimal;
  env["GAINSIGHT_BULK_ACCESS_KEY"] = "bulk-from-env";
  env["GAINSIGHT_BULK_APP_ORG_ID"] = "org-2";
  config = ParseConfig({}, FakeEnv(env));
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->bulk_access_key, "bulk-from-env");
  EXPECT_EQ(config->bulk_app_org_id, "org-2");
  ASSERT_EQ(MissingBulkApiSettings(*config).size(), 1u);
  EXPECT_THAT(MissingBulkApiSettings(*config)[0],
              HasSubstr("--bulk-login-name"));
  // The key is never part of the help text or an error message.
  EXPECT_THAT(ConfigHelp(), ::testing::Not(HasSubstr("bulk-from-env")));
}

}  // namespace
}  // namespace gg
