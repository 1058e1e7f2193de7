// deploy/local/replicas.sh, the ha overlay on loopback: three gateways, the
// budget's Redis, the sandbox. A client that balances with round_robin over the
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
#include "tests/deploy/replicas_fixture.h"
#include "tests/support/test_env.h"

namespace gg {
namespace {

using grpc::health::v1::Health;
using grpc::health::v1::HealthCheckResponse;

class ReplicasTest : public ReplicasFixture {
 protected:
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
};

TEST_F(ReplicasTest, RoundRobinReachesEveryReplicaAndTheyShareOneBudget) {
  // A window the test can count in: 60 sync calls a minute.
  ASSERT_NO_FATAL_FAILURE(StartReplicas("sync=60/1m;bulk=10/1h"));
  std::shared_ptr<grpc::Channel> channel = BalancedChannel();
  // Round robin picks among the connections that are up, and a loaded
  // machine may bring one up late: the counted calls start once every
  // replica has answered the channel (GetQuota costs no Gainsight call).
  std::vector<double> before;
  for (int i = 0; i < kReplicas; ++i) {
    before.push_back(Counter(i, "gainsight_rpc_requests_total"));
  }
  auto every_replica_answered = [&] {
    for (int i = 0; i < kReplicas; ++i) {
      if (Counter(i, "gainsight_rpc_requests_total") <= before[i]) return false;
    }
    return true;
  };
  auto quota = gainsight::v1::QuotaService::NewStub(channel);
  for (int tries = 0; tries < 300 && !every_replica_answered(); ++tries) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
    gainsight::v1::GetQuotaResponse response;
    ASSERT_TRUE(
        quota->GetQuota(&context, gainsight::v1::GetQuotaRequest(), &response)
            .ok());
  }
  ASSERT_TRUE(every_replica_answered());
  auto stub = gainsight::v1::CompanyService::NewStub(channel);
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
      {redis_pid_, "redis-server"},
      {jobs_redis_pid_, "redis-server"},
      {sandbox_pid_, "gainsight-sandbox"}};
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
