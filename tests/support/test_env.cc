#include "tests/support/test_env.h"

#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/support/build_paths.h"

namespace gg::testing {

std::string GatewayBinary() { return build_paths::kGatewayBin; }
std::string SandboxBinary() { return build_paths::kSandboxBin; }
std::string BufBinary() { return build_paths::kBufBin; }

absl::StatusOr<std::unique_ptr<Sandbox>> Sandbox::Start(
    const std::string& limits, std::vector<std::string> extra_args) {
  std::vector<std::string> args = {
      "--listen",          "127.0.0.1:0", "--access-key",      kAccessKey,
      "--limits",          limits,        "--bulk-access-key", kBulkAccessKey,
      "--bulk-app-org-id", kBulkAppOrgId, "--bulk-login-name", kBulkLoginName};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  absl::StatusOr<Process> process = Process::Start(SandboxBinary(), args);
  if (!process.ok()) return process.status();
  absl::StatusOr<int> port = process->WaitForPort();
  if (!port.ok()) return port.status();
  return std::unique_ptr<Sandbox>(new Sandbox(*std::move(process), *port));
}

std::string Sandbox::url() const {
  return absl::StrCat("http://127.0.0.1:", port_);
}

absl::StatusOr<std::string> Sandbox::Request(const std::string& method,
                                             const std::string& path,
                                             const std::string& body) {
  httplib::Client client("127.0.0.1", port_);
  client.set_read_timeout(10, 0);
  httplib::Result r = method == "GET"      ? client.Get(path.c_str())
                      : method == "DELETE" ? client.Delete(path.c_str())
                      : method == "PUT"
                          ? client.Put(path.c_str(), body, "application/json")
                          : client.Post(path.c_str(), body, "application/json");
  if (!r) {
    return absl::UnavailableError(
        absl::StrCat("sandbox control ", method, " ", path, " failed"));
  }
  if (r->status != 200) {
    return absl::InternalError(absl::StrCat("sandbox control ", method, " ",
                                            path, ": HTTP ", r->status, " ",
                                            r->body));
  }
  return r->body;
}

absl::Status Sandbox::Reset() {
  return Request("POST", "/__sandbox/reset", "{}").status();
}

absl::StatusOr<json> Sandbox::Calls() {
  absl::StatusOr<std::string> body = Request("GET", "/__sandbox/calls", "");
  if (!body.ok()) return body.status();
  return json::parse(*body);
}

absl::StatusOr<std::vector<json>> Sandbox::CallsTo(
    const std::string& method, const std::string& path_prefix) {
  absl::StatusOr<json> calls = Calls();
  if (!calls.ok()) return calls.status();
  std::vector<json> out;
  for (const json& c : *calls) {
    if (!method.empty() && c["method"] != method) continue;
    if (!absl::StartsWith(c["path"].get<std::string>(), path_prefix)) continue;
    out.push_back(c);
  }
  return out;
}

absl::Status Sandbox::AddFault(const json& fault) {
  return Request("POST", "/__sandbox/faults", fault.dump()).status();
}

absl::Status Sandbox::ClearFaults() {
  return Request("DELETE", "/__sandbox/faults", "").status();
}

absl::Status Sandbox::SetLimits(const std::string& limits) {
  return Request("PUT", "/__sandbox/limits", json{{"limits", limits}}.dump())
      .status();
}

absl::Status Sandbox::Consume(const std::string& call_class, int count) {
  return Request("POST", "/__sandbox/consume",
                 json{{"call_class", call_class}, {"count", count}}.dump())
      .status();
}

absl::Status Sandbox::AddBulkDataJob(const std::string& job_id,
                                     const std::string& object) {
  return Request("POST", "/__sandbox/bulk-jobs",
                 json{{"jobId", job_id}, {"object", object}}.dump())
      .status();
}

absl::Status Sandbox::AddBulkUpsertDataJob(
    const std::string& job_id, const std::string& object,
    const std::vector<std::string>& keys) {
  return Request("POST", "/__sandbox/bulk-jobs",
                 json{{"jobId", job_id},
                      {"object", object},
                      {"operation", "upsert"},
                      {"keys", keys}}
                     .dump())
      .status();
}

absl::Status Sandbox::SetBulkShapes(const json& shapes) {
  return Request("PUT", "/__sandbox/bulk-shapes", shapes.dump()).status();
}

absl::StatusOr<std::unique_ptr<Gateway>> Gateway::Start(
    const std::string& gainsight_url, std::vector<std::string> extra_args,
    std::vector<std::pair<std::string, std::string>> env) {
  std::vector<std::string> args = {
      "--listen",        "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0",
      "--gainsight-url", gainsight_url, "--headroom",       "0",
      "--log-level",     "warning"};
  std::string spool_dir;
  const bool names_spool =
      std::find(extra_args.begin(), extra_args.end(), "--bulk-spool-dir") !=
          extra_args.end() ||
      std::any_of(env.begin(), env.end(), [](const auto& kv) {
        return kv.first == "GATEWAY_BULK_SPOOL_DIR";
      });
  if (!names_spool) {
    std::string pattern = ::testing::TempDir() + "gg-spool-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) {
      return absl::InternalError("cannot make a spool directory");
    }
    spool_dir = pattern;
    args.push_back("--bulk-spool-dir");
    args.push_back(spool_dir);
  }
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  // Defaults a caller's own `env` entries replace (an empty value unsets).
  for (const auto& entry : std::vector<std::pair<std::string, std::string>>{
           {"GAINSIGHT_ACCESS_KEY", Sandbox::kAccessKey},
           {"GAINSIGHT_BULK_ACCESS_KEY", Sandbox::kBulkAccessKey},
           {"GAINSIGHT_BULK_APP_ORG_ID", Sandbox::kBulkAppOrgId},
           {"GAINSIGHT_BULK_LOGIN_NAME", Sandbox::kBulkLoginName}}) {
    const bool named = std::any_of(env.begin(), env.end(), [&](const auto& kv) {
      return kv.first == entry.first;
    });
    if (!named) env.push_back(entry);
  }
  absl::StatusOr<Process> process = Process::Start(GatewayBinary(), args, env);
  if (!process.ok()) {
    if (!spool_dir.empty()) std::filesystem::remove_all(spool_dir);
    return process.status();
  }
  absl::StatusOr<int> port = process->WaitForPort();
  if (!port.ok()) return port.status();
  absl::StatusOr<std::string> metrics =
      process->WaitForLine("metrics on port", absl::Seconds(5));
  int metrics_port = 0;
  if (metrics.ok() &&
      !absl::SimpleAtoi(metrics->substr(metrics->rfind(' ') + 1),
                        &metrics_port)) {
    return absl::InternalError("unreadable metrics port line: " + *metrics);
  }
  int health_port = 0;
  const bool health =
      std::any_of(args.begin(), args.end(), [](const std::string& a) {
        return absl::StartsWith(a, "--health-listen");
      });
  if (health) {
    absl::StatusOr<std::string> line =
        process->WaitForLine("health on port", absl::Seconds(5));
    if (!line.ok()) return line.status();
    if (!absl::SimpleAtoi(line->substr(line->rfind(' ') + 1), &health_port)) {
      return absl::InternalError("unreadable health port line: " + *line);
    }
  }
  return std::unique_ptr<Gateway>(new Gateway(
      *std::move(process), *port, metrics_port, health_port, spool_dir));
}

namespace {

absl::Mutex secrets_mu;
std::vector<std::string>& Secrets() ABSL_EXCLUSIVE_LOCKS_REQUIRED(secrets_mu) {
  static auto* secrets =
      new std::vector<std::string>{std::string(Sandbox::kAccessKey)};
  return *secrets;
}

}  // namespace

void RegisterSecret(const std::string& secret) {
  absl::MutexLock lock(&secrets_mu);
  if (secret.size() >= 8) Secrets().push_back(secret);
}

std::vector<std::string> SecretsIn(const std::string& log) {
  absl::MutexLock lock(&secrets_mu);
  std::vector<std::string> found;
  for (const std::string& secret : Secrets()) {
    if (log.find(secret) != std::string::npos) found.push_back(secret);
  }
  return found;
}

Gateway::~Gateway() {
  if (process_.running()) {
    process_.Signal(SIGKILL);
    (void)process_.Wait(absl::Seconds(5));
  }
  const std::string log = process_.Stderr();
  for (const std::string& secret : SecretsIn(log)) {
    std::string line = log.substr(log.rfind('\n', log.find(secret)) + 1);
    line = line.substr(0, line.find('\n'));
    ADD_FAILURE() << "the gateway logged a secret, in: "
                  << absl::StrReplaceAll(line, {{secret, "<secret>"}});
  }
  if (!owned_spool_dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(owned_spool_dir_, ignored);
  }
}

std::string Gateway::target() const {
  return absl::StrCat("127.0.0.1:", port_);
}

std::shared_ptr<grpc::Channel> Gateway::NewChannel() const {
  return grpc::CreateChannel(target(), grpc::InsecureChannelCredentials());
}

std::shared_ptr<grpc::Channel> Gateway::NewChannel(
    std::shared_ptr<grpc::ChannelCredentials> credentials) const {
  return grpc::CreateChannel(target(), std::move(credentials));
}

absl::StatusOr<std::string> Gateway::Metrics() {
  httplib::Client client("127.0.0.1", metrics_port_);
  httplib::Result r = client.Get("/metrics");
  if (!r || r->status != 200) return absl::UnavailableError("no metrics");
  return r->body;
}

absl::StatusOr<std::unique_ptr<Redis>> Redis::Start(int port) {
  std::unique_ptr<Redis> redis(new Redis(port == 0 ? PickFreePort() : port));
  if (absl::Status s = redis->Launch(); !s.ok()) return s;
  return redis;
}

std::string Redis::url() const {
  return absl::StrCat("redis://127.0.0.1:", port_);
}

absl::Status Redis::Launch() {
  absl::StatusOr<Process> process = Process::Start(
      GG_REDIS_SERVER_BIN,
      {"--bind", "127.0.0.1", "--port", absl::StrCat(port_), "--save", "",
       "--appendonly", "no", "--daemonize", "no", "--dir", "/tmp"});
  if (!process.ok()) return process.status();
  process_ = std::make_unique<Process>(*std::move(process));
  absl::StatusOr<std::string> ready = process_->WaitForLineContaining(
      "Ready to accept connections", absl::Seconds(10));
  return ready.status();
}

void Redis::Kill() {
  if (process_ == nullptr) return;
  process_->Signal(SIGKILL);
  (void)process_->Wait(absl::Seconds(10));
  process_.reset();
}

void Redis::Pause() {
  if (process_ != nullptr) process_->Signal(SIGSTOP);
}

void Redis::Resume() {
  if (process_ != nullptr) process_->Signal(SIGCONT);
}

absl::Status Redis::Restart() {
  Kill();
  return Launch();
}

bool WaitUntil(const std::function<bool()>& done, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (!done()) {
    if (absl::Now() > deadline) return false;
    absl::SleepFor(absl::Milliseconds(5));
  }
  return true;
}

CommandResult RunCommand(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) {
    result.output.append(buffer, n);
  }
  int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace gg::testing
