// The rendered Kubernetes manifests against the real gateway binary: every
// variable and argument of the gateway container is one the gateway accepts,
// and the binary, started with the container's environment (the Secrets and
// the policy written where the pod spec mounts them, the TLS Secret made by
// openssl as cert-manager would), comes up healthy against the sandbox on
// the probes' port and health names, serves an mTLS caller that the policy
// grants, with the mounted key, serves metrics where Prometheus is told to
// scrape, and drains on SIGTERM.
// Static checks (schemas, selectors, ports, grace period) are in
// manifests.test.mjs.
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gainsight/v1/company.grpc.pb.h"
#include "gainsight/v1/quota.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "tests/support/build_paths.h"
#include "tests/support/test_env.h"
#include "tests/support/test_pki.h"

namespace gg {
namespace {

using grpc::health::v1::Health;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;
using testing::json;
using testing::Process;
using testing::Redis;
using testing::RunCommand;
using testing::Sandbox;

std::string Quote(const std::string& s) { return absl::StrCat("'", s, "'"); }

// The overlay rendered by tests/deploy/kustomize.mjs (the same objects as
// `kubectl kustomize`, checked in manifests.test.mjs).
absl::StatusOr<json> Render(const std::string& overlay) {
  std::string dir = absl::StrCat(testing::build_paths::kSourceDir,
                                 "/deploy/k8s/overlays/", overlay);
  std::string command =
      absl::StrCat(Quote(testing::build_paths::kNodeBin), " ",
                   Quote(absl::StrCat(testing::build_paths::kSourceDir,
                                      "/tests/deploy/kustomize.mjs")),
                   " --json ", Quote(dir));
  testing::CommandResult r = RunCommand(command + " 2>/dev/null");
  if (r.exit_code != 0) {
    return absl::InternalError(
        absl::StrCat("render ", overlay, ": ", RunCommand(command).output));
  }
  return json::parse(r.output);
}

const json* Find(const json& objects, const std::string& kind,
                 const std::string& name) {
  for (const json& o : objects) {
    if (o["kind"] == kind && o["metadata"]["name"] == name) return &o;
  }
  return nullptr;
}

// Flags and variables from the binary's own --help.
struct Accepted {
  std::set<std::string> flags;
  std::set<std::string> env;
};
Accepted AcceptedByGateway() {
  Accepted a;
  testing::CommandResult help =
      RunCommand(Quote(testing::GatewayBinary()) + " --help");
  EXPECT_EQ(help.exit_code, 0) << help.output;
  std::regex line(R"(^  --([a-z-]+)(?: \(([A-Z_]+)\))?$)");
  std::smatch m;
  std::istringstream in(help.output);
  for (std::string l; std::getline(in, l);) {
    if (std::regex_match(l, m, line)) {
      a.flags.insert(m[1]);
      if (m[2].matched) a.env.insert(m[2]);
    }
  }
  // Named in the help text ("VARIABLE or --flag"), without a flag of its
  // own.
  std::regex named(R"(([A-Z_]+)\s+or --)");
  for (auto it =
           std::sregex_iterator(help.output.begin(), help.output.end(), named);
       it != std::sregex_iterator(); ++it) {
    a.env.insert((*it)[1]);
  }
  return a;
}

// Where the pod spec mounts `key` of the volume of Secret or ConfigMap
// `source` ("" when it does not).
std::string MountedFile(const json& pod, const json& container,
                        const std::string& source, const std::string& key) {
  for (const json& volume : pod["spec"]["volumes"]) {
    const json& from = volume.contains("secret")
                           ? volume["secret"]
                           : volume.value("configMap", json());
    if (from.is_null()) continue;
    const std::string name = volume.contains("secret")
                                 ? from.value("secretName", "")
                                 : from.value("name", "");
    if (name != source) continue;
    for (const json& mount : container["volumeMounts"]) {
      if (mount["name"] != volume["name"]) continue;
      for (const json& item : from["items"]) {
        if (item["key"] != key) continue;
        return absl::StrCat(mount["mountPath"].get<std::string>(), "/",
                            item["path"].get<std::string>());
      }
    }
  }
  return "";
}

// The gateway container and what Kubernetes would hand it.
struct Container {
  json pod;
  json spec;
  std::vector<std::pair<std::string, std::string>> env;  // in order
  std::vector<std::string> args;
  std::string Env(const std::string& name) const {
    std::string value;
    for (const auto& [k, v] : env) {
      if (k == name) value = v;
    }
    return value;
  }
};

absl::StatusOr<Container> GatewayContainer(const json& objects) {
  const json* deployment = Find(objects, "Deployment", "gainsight-gateway");
  if (deployment == nullptr) return absl::NotFoundError("no Deployment");
  Container c;
  c.pod = (*deployment)["spec"]["template"];
  for (const json& container : c.pod["spec"]["containers"]) {
    if (container["name"] == "gateway") c.spec = container;
  }
  if (c.spec.is_null()) return absl::NotFoundError("no gateway container");
  if (c.spec.contains("command")) {
    return absl::InvalidArgumentError("command overrides the entrypoint");
  }
  for (const json& from : c.spec.value("envFrom", json::array())) {
    const json* cm = Find(objects, "ConfigMap",
                          from["configMapRef"]["name"].get<std::string>());
    if (cm == nullptr) return absl::NotFoundError("envFrom ConfigMap missing");
    for (const auto& [k, v] : (*cm)["data"].items()) {
      c.env.emplace_back(k, v.get<std::string>());
    }
  }
  for (const json& e : c.spec.value("env", json::array())) {
    std::string name = e["name"];
    if (e.contains("value")) {
      c.env.emplace_back(name, e["value"].get<std::string>());
    } else if (e["valueFrom"]
                   .value("fieldRef", json::object())
                   .value("fieldPath", "") == "metadata.name") {
      c.env.emplace_back(name, "gainsight-gateway-7c9d8f6b5-x2x7q");
    } else {
      return absl::InvalidArgumentError("unsupported valueFrom for " + name);
    }
  }
  for (const json& a : c.spec.value("args", json::array())) c.args.push_back(a);
  return c;
}

int PortOf(const std::string& host_port) {
  int port = 0;
  EXPECT_TRUE(
      absl::SimpleAtoi(host_port.substr(host_port.rfind(':') + 1), &port))
      << host_port;
  return port;
}

class ManifestTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (std::string(testing::build_paths::kNodeBin).empty())
      GTEST_SKIP() << "node not installed";
    absl::StatusOr<json> objects = Render(GetParam());
    ASSERT_TRUE(objects.ok()) << objects.status();
    objects_ = *std::move(objects);
    absl::StatusOr<Container> container = GatewayContainer(objects_);
    ASSERT_TRUE(container.ok()) << container.status();
    container_ = *std::move(container);
  }

  json objects_;
  Container container_;
};

TEST_P(ManifestTest, EveryVariableAndArgumentIsOneTheGatewayAccepts) {
  Accepted accepted = AcceptedByGateway();
  ASSERT_GT(accepted.env.size(), 10u) << "could not read --help";
  ASSERT_FALSE(container_.env.empty());
  for (const auto& [name, value] : container_.env) {
    EXPECT_TRUE(accepted.env.count(name))
        << name << " is not a gateway variable";
  }
  for (const std::string& arg : container_.args) {
    if (!absl::StartsWith(arg, "--")) continue;  // a value
    std::string name = arg.substr(2, arg.find('=') - 2);
    EXPECT_TRUE(accepted.flags.count(name)) << arg << " is not a gateway flag";
  }
}

TEST_P(ManifestTest, GatewayStartsHealthyWithTheContainersEnvironment) {
  auto sandbox = Sandbox::Start("sync=1000/1s;bulk=100/1s");
  ASSERT_TRUE(sandbox.ok()) << sandbox.status();
  std::unique_ptr<Redis> redis;
  const bool shared = !container_.Env("REDIS_URL").empty();
  const bool job_redis = !container_.Env("JOB_REDIS_URL").empty();
  if (shared || job_redis) {
    auto started = Redis::Start();
    ASSERT_TRUE(started.ok()) << started.status();
    redis = *std::move(started);
  }

  // The Secrets and the policy, written where the pod spec mounts them,
  // under a scratch root. The TLS Secret holds what cert-manager would put
  // there: tls.crt, tls.key and ca.crt of a CA that also signs clients.
  const std::string root = ::testing::TempDir() + "manifest-" + GetParam();
  auto pki = testing::TestPki::Create("gainsight-gateway-ca");
  ASSERT_TRUE(pki.ok()) << pki.status();
  const json* policy = Find(objects_, "ConfigMap", "gainsight-gateway-policy");
  ASSERT_NE(policy, nullptr);
  const std::vector<std::pair<std::pair<std::string, std::string>, std::string>>
      files = {
          {{"gainsight-gateway-access-key", "access-key"},
           std::string(Sandbox::kAccessKey) + "\n"},
          {{"gainsight-gateway-tls", "tls.crt"},
           testing::ReadFileOrDie((*pki)->server().cert)},
          {{"gainsight-gateway-tls", "tls.key"},
           testing::ReadFileOrDie((*pki)->server().key)},
          {{"gainsight-gateway-tls", "ca.crt"},
           testing::ReadFileOrDie((*pki)->ca_cert())},
          {{"gainsight-gateway-policy", "policy.yaml"},
           (*policy)["data"]["policy.yaml"].get<std::string>()},
      };
  std::map<std::string, std::string> mounted;  // pod path -> scratch path
  for (const auto& [source, text] : files) {
    std::string file = MountedFile(container_.pod, container_.spec,
                                   source.first, source.second);
    ASSERT_FALSE(file.empty())
        << source.first << "'s " << source.second << " is not mounted";
    std::filesystem::create_directories(
        std::filesystem::path(root + file).parent_path());
    std::ofstream(root + file) << text;
    mounted[file] = root + file;
  }

  // The container's environment, verbatim but for what points at the
  // cluster (tenant, Redis host, fixed ports) and the scratch root.
  const std::string health_listen = container_.Env("GATEWAY_HEALTH_LISTEN");
  const std::string metrics_listen = container_.Env("GATEWAY_METRICS_LISTEN");
  std::map<std::string, std::string> overrides = {
      {"GAINSIGHT_URL", (*sandbox)->url()},
      {"GATEWAY_LISTEN", "127.0.0.1:0"},
      {"GATEWAY_METRICS_LISTEN", "127.0.0.1:0"},
      {"GATEWAY_HEALTH_LISTEN", "127.0.0.1:0"},
  };
  if (shared) overrides["REDIS_URL"] = redis->url();
  if (job_redis) overrides["JOB_REDIS_URL"] = redis->url();
  // The spool volume's mount, under the scratch root.
  for (const json& mount : container_.spec["volumeMounts"]) {
    if (mount["name"] == "bulk-spool") {
      overrides["GATEWAY_BULK_SPOOL_DIR"] =
          root + mount["mountPath"].get<std::string>();
    }
  }
  std::vector<std::pair<std::string, std::string>> env;
  for (const auto& [name, value] : container_.env) {
    auto o = overrides.find(name);
    auto m = mounted.find(value);
    env.emplace_back(name, o != overrides.end() ? o->second
                           : m != mounted.end() ? m->second
                                                : value);
  }
  if (container_.Env("GATEWAY_BULK_SPOOL_DIR").empty() &&
      overrides.count("GATEWAY_BULK_SPOOL_DIR") > 0) {
    env.emplace_back("GATEWAY_BULK_SPOOL_DIR",
                     overrides["GATEWAY_BULK_SPOOL_DIR"]);
  }
  // Exactly that environment, as in the container (`env -i`).
  std::vector<std::string> argv = {"-i"};
  for (const auto& [name, value] : env) argv.push_back(name + "=" + value);
  argv.push_back(testing::GatewayBinary());
  argv.insert(argv.end(), container_.args.begin(), container_.args.end());
  auto process = Process::Start("/usr/bin/env", argv);
  ASSERT_TRUE(process.ok()) << process.status();
  absl::StatusOr<int> port = process->WaitForPort();
  ASSERT_TRUE(port.ok()) << port.status();
  absl::StatusOr<std::string> metrics_line =
      process->WaitForLine("metrics on port", absl::Seconds(5));
  ASSERT_TRUE(metrics_line.ok()) << metrics_line.status();
  int metrics_port = PortOf(metrics_line->substr(metrics_line->rfind(' ')));
  absl::StatusOr<std::string> health_line =
      process->WaitForLine("health on port", absl::Seconds(5));
  ASSERT_TRUE(health_line.ok()) << health_line.status();
  int health_port = PortOf(health_line->substr(health_line->rfind(' ')));

  // Every probe: its port is the plaintext health port, and its health name
  // is one the gateway serves there.
  auto health_channel =
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", health_port),
                          grpc::InsecureChannelCredentials());
  auto health = Health::NewStub(health_channel);
  int probes = 0;
  for (const char* probe :
       {"livenessProbe", "readinessProbe", "startupProbe"}) {
    if (!container_.spec.contains(probe)) continue;
    const json& grpc_probe = container_.spec[probe]["grpc"];
    ASSERT_TRUE(grpc_probe.is_object()) << probe << " is not a gRPC probe";
    EXPECT_EQ(grpc_probe["port"].get<int>(), PortOf(health_listen)) << probe;
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
    HealthCheckRequest request;
    request.set_service(grpc_probe.value("service", ""));
    HealthCheckResponse response;
    grpc::Status status = health->Check(&context, request, &response);
    EXPECT_TRUE(status.ok()) << probe << ": " << status.error_message();
    EXPECT_EQ(response.status(), HealthCheckResponse::SERVING) << probe;
    ++probes;
  }
  EXPECT_GE(probes, 2);

  // The gRPC port takes only clients with a certificate of the CA; this one
  // is the policy's example CRM sync service (batch calls only).
  auto client = (*pki)->IssueClient(
      "crm-sync", "crm-sync", "URI:spiffe://cluster.local/ns/crm/sa/crm-sync");
  ASSERT_TRUE(client.ok()) << client.status();
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", *port),
                                     (*pki)->Credentials(&*client));
  {
    auto anonymous = gainsight::v1::QuotaService::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", *port), (*pki)->Credentials()));
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
    gainsight::v1::GetQuotaResponse response;
    EXPECT_EQ(anonymous->GetQuota(&context, {}, &response).error_code(),
              grpc::StatusCode::UNAVAILABLE)
        << "a client without a certificate got through";
  }

  // A call that reaches Gainsight with the key read from the mounted file.
  auto companies = gainsight::v1::CompanyService::NewStub(channel);
  {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
    context.AddMetadata("x-gainsight-priority", "batch");
    gainsight::v1::InsertCompaniesRequest request;
    request.add_companies()->set_name("Manifest Test Inc");
    gainsight::v1::InsertCompaniesResponse response;
    grpc::Status status =
        companies->InsertCompanies(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_EQ(response.results_size(), 1);
    EXPECT_EQ(response.results(0).error().code(), 0)
        << response.results(0).error().message();
  }

  // The budget: shared through Redis in ha, in the process in single.
  {
    auto quota = gainsight::v1::QuotaService::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
    context.AddMetadata("x-gainsight-priority", "batch");
    gainsight::v1::GetQuotaResponse response;
    ASSERT_TRUE(quota->GetQuota(&context, {}, &response).ok());
    EXPECT_EQ(response.mode(), shared ? gainsight::v1::BUDGET_MODE_SHARED
                                      : gainsight::v1::BUDGET_MODE_LOCAL);
  }

  // Metrics where the Prometheus annotations point.
  const json& annotations = container_.pod["metadata"]["annotations"];
  EXPECT_EQ(std::stoi(annotations["prometheus.io/port"].get<std::string>()),
            PortOf(metrics_listen));
  {
    httplib::Client scrape("127.0.0.1", metrics_port);
    scrape.set_keep_alive(false);
    auto page =
        scrape.Get(annotations["prometheus.io/path"].get<std::string>());
    ASSERT_TRUE(page);
    EXPECT_EQ(page->status, 200);
    EXPECT_THAT(page->body,
                ::testing::HasSubstr("gainsight_upstream_calls_total"));
  }

  // SIGTERM: exit 0 within the manifest's drain timeout.
  absl::Duration drain;
  ASSERT_TRUE(
      absl::ParseDuration(container_.Env("GATEWAY_DRAIN_TIMEOUT"), &drain));
  // Closes this client's connection first: an idle C++ client would notice
  // the server's GOAWAY only at its next poll (up to 5 s), and the drain
  // waits for that (drain_test.cc covers it).
  health.reset();
  health_channel.reset();
  companies.reset();
  channel.reset();
  process->Signal(SIGTERM);
  absl::StatusOr<int> code = process->Wait(drain);
  ASSERT_TRUE(code.ok()) << "no exit within the drain timeout";
  EXPECT_EQ(*code, 0) << process->Stderr();
  std::filesystem::remove_all(root);
}

// deploy/README.md's configuration reference: one row per flag and
// variable of the binary, no more.
TEST(DeployReadmeTest, ConfigurationReferenceListsEveryFlagAndVariable) {
  Accepted accepted = AcceptedByGateway();
  ASSERT_GT(accepted.env.size(), 10u);
  std::ifstream in(
      absl::StrCat(testing::build_paths::kSourceDir, "/deploy/README.md"));
  ASSERT_TRUE(in) << "no deploy/README.md";
  std::set<std::string> flags, env;
  std::regex row(R"(^\| (?:`--([a-z-]+)`)? *\| `([A-Z_]+)` \|)");
  std::smatch m;
  for (std::string line; std::getline(in, line);) {
    if (!std::regex_search(line, m, row)) continue;
    if (m[1].matched) flags.insert(m[1]);
    env.insert(m[2]);
  }
  EXPECT_EQ(flags, accepted.flags);
  EXPECT_EQ(env, accepted.env);
}

INSTANTIATE_TEST_SUITE_P(Overlays, ManifestTest,
                         ::testing::Values("single", "ha"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace gg
