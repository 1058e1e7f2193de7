// Transport security, tenants and Redis settings of the configuration.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

#include "common/redis_connection.h"
#include "config/addresses.h"
#include "config/config.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/fake_env.h"

namespace gg {
namespace {

using testing::FakeEnv;

using ::testing::HasSubstr;

const std::map<std::string, std::string> kLocal = {
    {"GAINSIGHT_URL", "https://acme.gainsightcloud.com"},
    {"GAINSIGHT_ACCESS_KEY", "secret"},
    {"GATEWAY_LISTEN", "127.0.0.1:50051"}};

std::string TempFile(const std::string& name, const std::string& text) {
  std::string path = ::testing::TempDir() + name;
  std::ofstream(path) << text;
  return path;
}

TEST(AddressesTest, KnowsLoopback) {
  EXPECT_TRUE(IsLoopbackHost("127.0.0.1"));
  EXPECT_TRUE(IsLoopbackHost("127.3.2.1"));
  EXPECT_TRUE(IsLoopbackHost("localhost"));
  EXPECT_TRUE(IsLoopbackHost("[::1]"));
  EXPECT_FALSE(IsLoopbackHost("0.0.0.0"));
  EXPECT_FALSE(IsLoopbackHost("[::]"));
  EXPECT_FALSE(IsLoopbackHost("10.0.0.1"));
  EXPECT_FALSE(IsLoopbackHost("127.example.com"));
  EXPECT_EQ(HostOfAddress("[::1]:80"), "[::1]");
  EXPECT_EQ(HostOfAddress("0.0.0.0:50051"), "0.0.0.0");
  EXPECT_EQ(HostOfUrl("http://user@127.0.0.1:8080/x"), "127.0.0.1");
  EXPECT_EQ(HostOfUrl("https://acme.gainsightcloud.com"),
            "acme.gainsightcloud.com");
}

TEST(SecurityConfigTest, ANonLoopbackListenNeedsTlsOrInsecure) {
  auto env = kLocal;
  env["GATEWAY_LISTEN"] = "0.0.0.0:50051";
  absl::StatusOr<Config> config = ParseConfig({}, FakeEnv(env));
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("--listen"));
  EXPECT_THAT(config.status().message(), HasSubstr("--tls-cert-file"));
  EXPECT_THAT(config.status().message(), HasSubstr("--insecure"));
  // A bare --insecure, before another flag or last.
  EXPECT_TRUE(
      ParseConfig({"--insecure", "--log-level", "info"}, FakeEnv(env)).ok());
  EXPECT_TRUE(ParseConfig({"--insecure"}, FakeEnv(env)).ok());
  env["GATEWAY_INSECURE"] = "true";
  absl::StatusOr<Config> insecure = ParseConfig({}, FakeEnv(env));
  ASSERT_TRUE(insecure.ok()) << insecure.status();
  EXPECT_TRUE(insecure->insecure);
}

TEST(SecurityConfigTest, TlsAloneIsNotEnoughOffLoopback) {
  auto env = kLocal;
  env["GATEWAY_LISTEN"] = "0.0.0.0:50051";
  env["GATEWAY_TLS_CERT_FILE"] = "/c.pem";
  env["GATEWAY_TLS_KEY_FILE"] = "/k.pem";
  absl::StatusOr<Config> config = ParseConfig({}, FakeEnv(env));
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("authenticate callers"));
  env["GATEWAY_TLS_CLIENT_CA_FILE"] = "/ca.pem";
  EXPECT_TRUE(ParseConfig({}, FakeEnv(env)).ok());
  env.erase("GATEWAY_TLS_CLIENT_CA_FILE");
  env["GATEWAY_CALLERS_FILE"] = "/callers.yaml";
  EXPECT_TRUE(ParseConfig({}, FakeEnv(env)).ok());
}

TEST(SecurityConfigTest, TlsFlagsGoTogether) {
  absl::StatusOr<Config> config =
      ParseConfig({"--tls-cert-file", "/c.pem"}, FakeEnv(kLocal));
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("--tls-key-file"));
  config = ParseConfig({"--tls-client-ca-file", "/ca.pem"}, FakeEnv(kLocal));
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("--tls-client-ca-file"));
}

TEST(SecurityConfigTest, APolicyNeedsAuthenticatedCallers) {
  absl::StatusOr<Config> config =
      ParseConfig({"--policy-file", "/p.yaml"}, FakeEnv(kLocal));
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("--policy-file"));
  EXPECT_TRUE(
      ParseConfig({"--policy-file", "/p.yaml", "--callers-file", "/c.yaml"},
                  FakeEnv(kLocal))
          .ok());
}

TEST(SecurityConfigTest, TheUpstreamIsHttpsUnlessLoopbackOrAllowed) {
  auto env = kLocal;
  env["GAINSIGHT_URL"] = "http://acme.gainsightcloud.com";
  absl::StatusOr<Config> config = ParseConfig({}, FakeEnv(env));
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("--gainsight-url"));
  EXPECT_THAT(config.status().message(),
              HasSubstr("--allow-insecure-upstream"));
  EXPECT_TRUE(ParseConfig({"--allow-insecure-upstream"}, FakeEnv(env)).ok());
  env["GAINSIGHT_URL"] = "http://127.0.0.1:8080";
  EXPECT_TRUE(ParseConfig({}, FakeEnv(env)).ok());
  env["GAINSIGHT_URL"] = "http://localhost:8080";
  EXPECT_TRUE(ParseConfig({}, FakeEnv(env)).ok());
}

TEST(SecurityConfigTest, OneTenantFromTheFlagsIsNamedDefault) {
  absl::StatusOr<Config> config = ParseConfig({}, FakeEnv(kLocal));
  ASSERT_TRUE(config.ok()) << config.status();
  ASSERT_EQ(config->tenants.size(), 1u);
  EXPECT_EQ(config->tenants[0].name, "default");
  EXPECT_EQ(config->tenants[0].gainsight_url,
            "https://acme.gainsightcloud.com");
  EXPECT_EQ(config->tenants[0].access_key, "secret");
  EXPECT_EQ(FormatLimitsSpec(config->tenants[0].limits), kDefaultLimits);
}

TEST(SecurityConfigTest, TenantsFileAddsTenantsWithTheirOwnKeysAndLimits) {
  std::string key = TempFile("sandbox-key", "sandbox-secret\n");
  std::string file = TempFile("tenants.yaml", R"(tenants:
  - name: sandbox
    gainsight_url: https://acme-sandbox.gainsightcloud.com/
    access_key_file: )" + key + R"(
    limits: sync=10/1s
    headroom: 0.5
)");
  absl::StatusOr<Config> config = ParseConfig(
      {"--tenants-file", file, "--headroom", "0.2"}, FakeEnv(kLocal));
  ASSERT_TRUE(config.ok()) << config.status();
  ASSERT_EQ(config->tenants.size(), 2u);
  EXPECT_EQ(config->tenants[0].name, "default");
  EXPECT_DOUBLE_EQ(config->tenants[0].headroom, 0.2);
  const TenantConfig& sandbox = config->tenants[1];
  EXPECT_EQ(sandbox.name, "sandbox");
  EXPECT_EQ(sandbox.gainsight_url, "https://acme-sandbox.gainsightcloud.com");
  EXPECT_EQ(sandbox.access_key, "sandbox-secret");
  EXPECT_EQ(FormatLimitsSpec(sandbox.limits), "sync=10/1s");
  EXPECT_DOUBLE_EQ(sandbox.headroom, 0.5);

  // Without --gainsight-url the file's first tenant is the default.
  auto env = kLocal;
  env.erase("GAINSIGHT_URL");
  env.erase("GAINSIGHT_ACCESS_KEY");
  config = ParseConfig({"--tenants-file", file}, FakeEnv(env));
  ASSERT_TRUE(config.ok()) << config.status();
  ASSERT_EQ(config->tenants.size(), 1u);
  EXPECT_EQ(config->tenants[0].name, "sandbox");
}

TEST(SecurityConfigTest, TenantsFileErrorsNameTheFlagAndLine) {
  std::string file = TempFile("bad-tenants.yaml", R"(tenants:
  - name: sandbox
    gainsight_url: http://acme-sandbox.gainsightcloud.com
    access_key_file: /nonexistent/key
)");
  absl::StatusOr<Config> config =
      ParseConfig({"--tenants-file", file}, FakeEnv(kLocal));
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("--tenants-file"));
  EXPECT_THAT(config.status().message(), HasSubstr("bad-tenants.yaml:4:"));
  EXPECT_THAT(config.status().message(), HasSubstr("/nonexistent/key"));

  std::string twice = TempFile("twice.yaml", R"(tenants:
  - {name: default, gainsight_url: "https://b.example", access_key_file: /dev/null}
)");
  config = ParseConfig({"--tenants-file", twice}, FakeEnv(kLocal));
  ASSERT_FALSE(config.ok());

  std::string key = TempFile("k", "k1234567\n");
  std::string same_url = TempFile("same-url.yaml", R"(tenants:
  - {name: copy, gainsight_url: "https://acme.gainsightcloud.com", access_key_file: )" +
                                                       key + "}\n");
  config = ParseConfig({"--tenants-file", same_url}, FakeEnv(kLocal));
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("same URL"));

  std::string http = TempFile("http.yaml", R"(tenants:
  - {name: remote, gainsight_url: "http://acme2.example", access_key_file: )" +
                                               key + "}\n");
  config = ParseConfig({"--tenants-file", http}, FakeEnv(kLocal));
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("is not https"));
}

TEST(SecurityConfigTest, RedisPasswordComesFromAFileIntoTheUrl) {
  std::string password = TempFile("redis-pw", "p@ss:word/1\n");
  absl::StatusOr<Config> config =
      ParseConfig({"--redis", "redis://gateway@redis.internal:6380/2",
                   "--redis-password-file", password},
                  FakeEnv(kLocal));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_TRUE(config->redis_password.empty());
  absl::StatusOr<RedisAddress> address = ParseRedisUrl(config->redis_url);
  ASSERT_TRUE(address.ok()) << address.status();
  EXPECT_EQ(address->user, "gateway");
  EXPECT_EQ(address->password, "p@ss:word/1");
  EXPECT_EQ(address->host, "redis.internal");
  EXPECT_EQ(address->port, 6380);
  EXPECT_EQ(address->db, 2);
  EXPECT_FALSE(address->tls);

  EXPECT_FALSE(
      ParseConfig({"--redis-password-file", password}, FakeEnv(kLocal)).ok());
  EXPECT_FALSE(ParseConfig({"--redis", "redis://u:inline@h:1",
                            "--redis-password-file", password},
                           FakeEnv(kLocal))
                   .ok());
  config = ParseConfig(
      {"--redis", "rediss://h:6379", "--redis-ca-file", "/etc/ca.pem"},
      FakeEnv(kLocal));
  ASSERT_TRUE(config.ok()) << config.status();
  address = ParseRedisUrl(config->redis_url);
  ASSERT_TRUE(address.ok());
  EXPECT_TRUE(address->tls);
  EXPECT_EQ(address->ca_file, "/etc/ca.pem");
  EXPECT_FALSE(ParseConfig({"--redis", "redis://h:6379", "--redis-ca-file",
                            "/etc/ca.pem"},
                           FakeEnv(kLocal))
                   .ok());
}

TEST(RedisUrlTest, ParsesAndFormatsEveryPart) {
  absl::StatusOr<RedisAddress> a = ParseRedisUrl("redis://h");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->host, "h");
  EXPECT_EQ(a->port, 6379);
  EXPECT_EQ(FormatRedisUrl(*a), "redis://h:6379");
  a = ParseRedisUrl("rediss://:pw%40x@[::1]:7000/3");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_TRUE(a->tls);
  EXPECT_EQ(a->user, "");
  EXPECT_EQ(a->password, "pw@x");
  EXPECT_EQ(a->host, "::1");
  EXPECT_EQ(a->port, 7000);
  EXPECT_EQ(a->db, 3);
  absl::StatusOr<RedisAddress> again = ParseRedisUrl(FormatRedisUrl(*a));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->password, "pw@x");
  EXPECT_EQ(again->host, "::1");
  EXPECT_FALSE(ParseRedisUrl("http://h").ok());
  EXPECT_FALSE(ParseRedisUrl("redis://h:x").ok());
  EXPECT_FALSE(ParseRedisUrl("redis://u:%zz@h").ok());
  EXPECT_FALSE(ParseRedisUrl("redis://h?ca_file=/x").ok());
}

}  // namespace
}  // namespace gg
