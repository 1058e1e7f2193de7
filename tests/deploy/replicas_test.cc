// deploy/local/replicas.sh, the ha overlay on loopback: three gateways, one
// Redis, the sandbox. A client that balances with round_robin over the
// replicas reaches all of them; they count every call in one budget; losing
// Redis keeps every replica ready (the team's choice: it serves from its
// fallback share, and says so on the shared-budget health name, the
// gainsight_quota_degraded metric and GetQuota's mode); SIGTERM stops
// everything cleanly.
#include <signal.h>

#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "gainsight/v1/company.grpc.pb.h"
#include "gainsight/v1/quota.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "tests/support/test_env.h"

namespace gg {
namespace {

using grpc::health::v1::Health;
using grpc::health::v1::HealthCheckResponse;
using testing::Process;

constexpr int kReplicas = 3;

template <typename F>
bool PollUntil(F done, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (!done()) {
    if (absl::Now() > deadline) return false;
    absl::SleepFor(absl::Milliseconds(10));
  }
  return true;
}

// Whether process `pid` exists and runs `program`.
bool Runs(int pid, const std::string& program) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/cmdline"));
  std::string argv0;
  return in && std::getline(in, argv0, '\0') &&
         absl::StrContains(argv0, program);
}

struct Replica {
  std::string target;
  int metrics_port = 0;
  int pid = 0;
};

class ReplicasTest : public ::testing::Test {
 protected:
  // Runs the script with these limits at the sandbox and the gateways (no
  // headroom).
  void StartReplicas(const std::string& limits) {
    auto script =
        Process::Start("/bin/bash",
                       {GG_SOURCE_DIR "/deploy/local/replicas.sh", "--replicas",
                        absl::StrCat(kReplicas), "--build-dir", GG_BINARY_DIR},
                       {{"SANDBOX_LIMITS", limits},
                        {"GAINSIGHT_LIMITS", limits},
                        {"GATEWAY_HEADROOM", "0"},
                        {"GATEWAY_DRAIN_TIMEOUT", "5s"},
                        {"GATEWAY_LOG_LEVEL", "warning"}});
    ASSERT_TRUE(script.ok()) << script.status();
    script_ = std::make_unique<Process>(*std::move(script));
    // The lines come in a fixed order.
    auto redis = script_->WaitForLine("redis ", absl::Seconds(30));
    ASSERT_TRUE(redis.ok()) << redis.status();
    std::vector<std::string> f = absl::StrSplit(*redis, ' ');
    ASSERT_EQ(f.size(), 4u) << *redis;
    ASSERT_TRUE(absl::SimpleAtoi(f[3], &redis_pid_));
    auto sandbox = script_->WaitForLine("sandbox ", absl::Seconds(30));
    ASSERT_TRUE(sandbox.ok()) << sandbox.status();
    std::vector<std::string> s = absl::StrSplit(*sandbox, ' ');
    ASSERT_EQ(s.size(), 4u) << *sandbox;
    ASSERT_TRUE(absl::SimpleAtoi(s[3], &sandbox_pid_));
    for (int i = 1; i <= kReplicas; ++i) {
      auto line = script_->WaitForLine(absl::StrCat("replica-", i, " "),
                                       absl::Seconds(30));
      ASSERT_TRUE(line.ok()) << line.status();
      // replica-I grpc HOST:PORT metrics HOST:PORT pid PID
      std::vector<std::string> w = absl::StrSplit(*line, ' ');
      ASSERT_EQ(w.size(), 7u) << *line;
      Replica r;
      r.target = w[2];
      ASSERT_TRUE(
          absl::SimpleAtoi(w[4].substr(w[4].rfind(':') + 1), &r.metrics_port));
      ASSERT_TRUE(absl::SimpleAtoi(w[6], &r.pid));
      replicas_.push_back(r);
    }
    auto target = script_->WaitForLine("target ", absl::Seconds(5));
    ASSERT_TRUE(target.ok()) << target.status();
    balanced_target_ = target->substr(7);
    ASSERT_TRUE(script_->WaitForLine("ready", absl::Seconds(5)).ok());
  }

  void TearDown() override {
    if (script_ == nullptr) return;
    script_->Signal(SIGTERM);
    (void)script_->Wait(absl::Seconds(30));
  }

  // A channel that balances calls over every replica, as clients of the
  // headless Service do (dns:///... with round_robin).
  std::shared_ptr<grpc::Channel> BalancedChannel() {
    grpc::ChannelArguments args;
    args.SetLoadBalancingPolicyName("round_robin");
    return grpc::CreateCustomChannel(balanced_target_,
                                     grpc::InsecureChannelCredentials(), args);
  }
  std::shared_ptr<grpc::Channel> Channel(int i) {
    return grpc::CreateChannel(replicas_[i].target,
                               grpc::InsecureChannelCredentials());
  }

  static grpc::Status Query(gainsight::v1::CompanyService::Stub* stub) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
    gainsight::v1::QueryCompaniesRequest request;
    request.set_page_size(1);
    request.add_select("Name");  // no describe: one upstream call
    gainsight::v1::QueryCompaniesResponse response;
    return stub->QueryCompanies(&context, request, &response);
  }

  gainsight::v1::GetQuotaResponse Quota(int i) {
    auto stub = gainsight::v1::QuotaService::NewStub(Channel(i));
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
    gainsight::v1::GetQuotaResponse response;
    EXPECT_TRUE(stub->GetQuota(&context, {}, &response).ok());
    return response;
  }

  // The sync class's (first) window as replica i sees it.
  gainsight::v1::QuotaWindow SyncWindow(int i) {
    const gainsight::v1::GetQuotaResponse quota = Quota(i);
    for (const auto& c : quota.classes()) {
      if (c.call_class() == gainsight::v1::CALL_CLASS_SYNC &&
          c.windows_size() > 0) {
        return c.windows(0);
      }
    }
    ADD_FAILURE() << "no sync window";
    return {};
  }

  HealthCheckResponse::ServingStatus Health(int i, const std::string& name) {
    auto stub = Health::NewStub(Channel(i));
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(name);
    HealthCheckResponse response;
    grpc::Status s = stub->Check(&context, request, &response);
    return s.ok() ? response.status() : HealthCheckResponse::UNKNOWN;
  }

  std::string Metrics(int i) {
    httplib::Client client("127.0.0.1", replicas_[i].metrics_port);
    auto r = client.Get("/metrics");
    return r && r->status == 200 ? r->body : "";
  }

  // Sum of a counter's samples in one replica's metrics.
  double Counter(int i, const std::string& name) {
    double total = 0;
    for (absl::string_view line : absl::StrSplit(Metrics(i), '\n')) {
      if (!absl::StartsWith(line, name + "{") &&
          !absl::StartsWith(line, name + " ")) {
        continue;
      }
      double v = 0;
      if (absl::SimpleAtod(line.substr(line.rfind(' ') + 1), &v)) total += v;
    }
    return total;
  }

  std::unique_ptr<Process> script_;
  int redis_pid_ = 0;
  int sandbox_pid_ = 0;
  std::vector<Replica> replicas_;
  std::string balanced_target_;
};

TEST_F(ReplicasTest, RoundRobinReachesEveryReplicaAndTheyShareOneBudget) {
  // A window the test can count in: 60 sync calls a minute.
  ASSERT_NO_FATAL_FAILURE(StartReplicas("sync=60/1m;bulk=10/1h"));
  auto stub = gainsight::v1::CompanyService::NewStub(BalancedChannel());
  constexpr int kCalls = 12;
  for (int i = 0; i < kCalls; ++i) {
    grpc::Status s = Query(stub.get());
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  double total = 0;
  for (int i = 0; i < kReplicas; ++i) {
    double calls = Counter(i, "gainsight_upstream_calls_total");
    EXPECT_GT(calls, 0) << "replica-" << i + 1 << " got no call";
    total += calls;
  }
  EXPECT_EQ(total, kCalls);
  // Every replica counts every replica's calls against the same window.
  for (int i = 0; i < kReplicas; ++i) {
    gainsight::v1::GetQuotaResponse quota = Quota(i);
    EXPECT_EQ(quota.mode(), gainsight::v1::BUDGET_MODE_SHARED);
    gainsight::v1::QuotaWindow minute = SyncWindow(i);
    EXPECT_EQ(minute.limit(), 60);
    EXPECT_EQ(minute.used(), kCalls) << "replica-" << i + 1;
    EXPECT_EQ(minute.remaining(), 60 - kCalls) << "replica-" << i + 1;
    EXPECT_EQ(Health(i, "gainsight-gateway.shared-budget"),
              HealthCheckResponse::SERVING);
  }
}

TEST_F(ReplicasTest, RedisOutageKeepsEveryReplicaReadyOnItsFallbackShare) {
  // On losing Redis a replica pauses each class for its shortest window (it
  // cannot know what the others spent in it), then admits from its share:
  // a one-second window keeps the pause short.
  ASSERT_NO_FATAL_FAILURE(StartReplicas("sync=30/1s;bulk=10/1h"));
  ASSERT_EQ(kill(redis_pid_, SIGKILL), 0);
  for (int i = 0; i < kReplicas; ++i) {
    auto stub = gainsight::v1::CompanyService::NewStub(Channel(i));
    // Calls go on: the replica notices Redis is gone and uses its share.
    grpc::Status s = Query(stub.get());
    EXPECT_TRUE(s.ok()) << "replica-" << i + 1 << ": " << s.error_message();
    EXPECT_TRUE(PollUntil(
        [&] { return Quota(i).mode() == gainsight::v1::BUDGET_MODE_DEGRADED; },
        absl::Seconds(10)))
        << "replica-" << i + 1 << " never reported DEGRADED";
    EXPECT_EQ(Health(i, "gainsight-gateway.shared-budget"),
              HealthCheckResponse::NOT_SERVING);
    EXPECT_EQ(Health(i, "gainsight-gateway.readiness"),
              HealthCheckResponse::SERVING);
    EXPECT_EQ(Health(i, "gainsight-gateway.liveness"),
              HealthCheckResponse::SERVING);
    EXPECT_THAT(Metrics(i), ::testing::HasSubstr("gainsight_quota_degraded 1"));
    // The local share: the fallback share (default 0.34) of the limit.
    EXPECT_EQ(SyncWindow(i).usable(), 10) << "replica-" << i + 1;
  }
}

TEST_F(ReplicasTest, SigtermDrainsEveryReplicaAndStopsEverything) {
  ASSERT_NO_FATAL_FAILURE(StartReplicas("sync=60/1m;bulk=10/1h"));
  script_->Signal(SIGTERM);
  absl::StatusOr<int> code = script_->Wait(absl::Seconds(30));
  ASSERT_TRUE(code.ok()) << "the script did not stop";
  EXPECT_EQ(*code, 0) << script_->Stderr();
  // Every process the script started is gone (a pid counts as running only
  // while it still runs the same program, in case the pid is reused).
  std::vector<std::pair<int, std::string>> started = {
      {redis_pid_, "redis-server"}, {sandbox_pid_, "gainsight-sandbox"}};
  for (const Replica& r : replicas_) {
    started.emplace_back(r.pid, "gainsight-gateway");
  }
  for (const auto& [pid, program] : started) {
    EXPECT_TRUE(
        PollUntil([&] { return !Runs(pid, program); }, absl::Seconds(5)))
        << program << " (pid " << pid << ") still running";
  }
  script_.reset();
}

}  // namespace
}  // namespace gg
