// The fixture of the tests of deploy/local/replicas.sh: runs the script
// (Redis for the budget, Redis for bulk jobs, the sandbox, three gateways on
// loopback) and reads where everything is from its output.
#ifndef GAINSIGHT_GATEWAY_TESTS_DEPLOY_REPLICAS_FIXTURE_H_
#define GAINSIGHT_GATEWAY_TESTS_DEPLOY_REPLICAS_FIXTURE_H_

#include <signal.h>

#include <fstream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "tests/support/build_paths.h"
#include "tests/support/test_env.h"

namespace gg {

inline constexpr int kReplicas = 3;

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
inline bool Runs(int pid, const std::string& program) {
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

class ReplicasFixture : public ::testing::Test {
 protected:
  // Runs the script with these limits at the sandbox and the gateways (no
  // headroom), `env` added to the gateways' and `args` to the script's.
  void StartReplicas(const std::string& limits,
                     std::vector<std::pair<std::string, std::string>> env = {},
                     std::vector<std::string> args = {}) {
    env.insert(env.begin(), {{"SANDBOX_LIMITS", limits},
                             {"GAINSIGHT_LIMITS", limits},
                             {"GATEWAY_HEADROOM", "0"},
                             {"GATEWAY_DRAIN_TIMEOUT", "5s"},
                             // Not the 50 ms default: on a loaded two-core
                             // test machine a Redis command can take longer,
                             // and a replica would fall back to its share.
                             // An outage here is a killed Redis, refused at
                             // once.
                             {"GATEWAY_REDIS_TIMEOUT", "1s"},
                             {"GATEWAY_LOG_LEVEL", "warning"}});
    std::vector<std::string> argv = {
        absl::StrCat(testing::build_paths::kSourceDir,
                     "/deploy/local/replicas.sh"),
        "--replicas", absl::StrCat(kReplicas), "--build-dir",
        testing::build_paths::kBinaryDir};
    argv.insert(argv.end(), args.begin(), args.end());
    auto script = testing::Process::Start("/bin/bash", argv, env);
    ASSERT_TRUE(script.ok()) << script.status();
    script_ = std::make_unique<testing::Process>(*std::move(script));
    // The lines come in a fixed order.
    auto redis = script_->WaitForLine("redis ", absl::Seconds(30));
    ASSERT_TRUE(redis.ok()) << redis.status();
    std::vector<std::string> f = absl::StrSplit(*redis, ' ');
    ASSERT_EQ(f.size(), 4u) << *redis;
    ASSERT_TRUE(absl::SimpleAtoi(f[3], &redis_pid_));
    auto jobs_redis = script_->WaitForLine("jobs-redis ", absl::Seconds(30));
    ASSERT_TRUE(jobs_redis.ok()) << jobs_redis.status();
    std::vector<std::string> j = absl::StrSplit(*jobs_redis, ' ');
    ASSERT_EQ(j.size(), 4u) << *jobs_redis;
    ASSERT_TRUE(absl::SimpleAtoi(j[3], &jobs_redis_pid_));
    auto sandbox = script_->WaitForLine("sandbox ", absl::Seconds(30));
    ASSERT_TRUE(sandbox.ok()) << sandbox.status();
    std::vector<std::string> s = absl::StrSplit(*sandbox, ' ');
    ASSERT_EQ(s.size(), 4u) << *sandbox;
    ASSERT_TRUE(absl::SimpleAtoi(s[3], &sandbox_pid_));
    ASSERT_TRUE(
        absl::SimpleAtoi(s[1].substr(s[1].rfind(':') + 1), &sandbox_port_));
    for (int i = 1; i <= kReplicas; ++i) {
      ASSERT_NO_FATAL_FAILURE(ReadReplicaLine(i));
    }
    auto target = script_->WaitForLine("target ", absl::Seconds(5));
    ASSERT_TRUE(target.ok()) << target.status();
    balanced_target_ = target->substr(7);
    ASSERT_TRUE(script_->WaitForLine("ready", absl::Seconds(5)).ok());
  }

  // Reads "replica-I grpc HOST:PORT metrics HOST:PORT pid PID".
  void ReadReplicaLine(int i) {
    auto line = script_->WaitForLine(absl::StrCat("replica-", i, " "),
                                     absl::Seconds(30));
    ASSERT_TRUE(line.ok()) << line.status();
    std::vector<std::string> w = absl::StrSplit(*line, ' ');
    ASSERT_EQ(w.size(), 7u) << *line;
    Replica r;
    r.target = w[2];
    ASSERT_TRUE(
        absl::SimpleAtoi(w[4].substr(w[4].rfind(':') + 1), &r.metrics_port));
    ASSERT_TRUE(absl::SimpleAtoi(w[6], &r.pid));
    if (static_cast<int>(replicas_.size()) < i) replicas_.resize(i);
    replicas_[i - 1] = r;
  }

  // SIGUSR1: the script restarts each replica in turn (drain, exit, start).
  void RollingRestart() {
    script_->Signal(SIGUSR1);
    for (int i = 1; i <= kReplicas; ++i) {
      ASSERT_NO_FATAL_FAILURE(ReadReplicaLine(i));
    }
    ASSERT_TRUE(script_->WaitForLine("rolled", absl::Seconds(60)).ok());
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

  // The sandbox's control API and Gainsight endpoints, straight over HTTP.
  httplib::Client Sandbox() {
    httplib::Client client("127.0.0.1", sandbox_port_);
    client.set_read_timeout(30, 0);
    return client;
  }

  std::unique_ptr<testing::Process> script_;
  int redis_pid_ = 0;
  int jobs_redis_pid_ = 0;
  int sandbox_pid_ = 0;
  int sandbox_port_ = 0;
  std::vector<Replica> replicas_;
  std::string balanced_target_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_TESTS_DEPLOY_REPLICAS_FIXTURE_H_
