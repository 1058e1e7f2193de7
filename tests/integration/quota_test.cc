// The limiter end to end: real gateways, a real sandbox enforcing the same
// limits, a real redis-server, windows scaled down to seconds.
#include <algorithm>
#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "common/status_details.h"
#include "gainsight/v1/company.grpc.pb.h"
#include "gainsight/v1/quota.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/sanitizer.h"
#include "tests/support/tcp_proxy.h"
#include "tests/support/test_env.h"

namespace gg {
namespace {

// Share of the window's slots a saturating flood must use. ASan's slower
// code leaves gaps between a slot's release and the next admission.
constexpr double kMinUtilization =
    testing::kUnderAddressSanitizer ? 0.85 : 0.95;

using gainsight::v1::CompanyService;
using gainsight::v1::QuotaService;
using testing::Gateway;
using testing::json;
using testing::Redis;
using testing::Sandbox;

// What the sandbox saw: arrival times of counted calls, and 429s.
struct CallLog {
  std::vector<int64_t> counted_us;
  std::vector<int64_t> throttled_us;
  int throttled = 0;
};

CallLog ReadLog(Sandbox& sandbox) {
  CallLog log;
  auto calls = sandbox.CallsTo("", "/v1/");
  EXPECT_TRUE(calls.ok()) << calls.status();
  if (!calls.ok()) return log;
  for (const json& c : *calls) {
    if (c["status"] == 429) {
      log.throttled++;
      log.throttled_us.push_back(c["time_us"].get<int64_t>());
    } else {
      log.counted_us.push_back(c["time_us"].get<int64_t>());
    }
  }
  std::sort(log.counted_us.begin(), log.counted_us.end());
  return log;
}

// The most calls in any interval of `window` (at any alignment).
int MaxInAnyInterval(const std::vector<int64_t>& sorted_us,
                     absl::Duration window) {
  const int64_t w = absl::ToInt64Microseconds(window);
  int best = 0;
  size_t first = 0;
  for (size_t last = 0; last < sorted_us.size(); ++last) {
    while (sorted_us[last] - sorted_us[first] >= w) ++first;
    best = std::max(best, static_cast<int>(last - first + 1));
  }
  return best;
}

// Share of the budget used: calls / (limit x (span / window + 1)), the most
// calls a span can hold under a sliding window.
double Utilization(const std::vector<int64_t>& sorted_us, int limit,
                   absl::Duration window) {
  if (sorted_us.size() < 2) return 0;
  double span = static_cast<double>(sorted_us.back() - sorted_us.front());
  double most = limit * (span / absl::ToDoubleMicroseconds(window) + 1);
  return sorted_us.size() / most;
}

struct FloodResult {
  std::atomic<int> ok{0};
  std::atomic<int> failed{0};
  std::vector<std::string> errors;
  absl::Mutex mu;
};

// `callers` threads, each making `calls_each` single-record inserts through
// the gateways in turn, with a generous deadline. Every caller is connected
// and ready before the first call, so demand starts all at once.
void Flood(const std::vector<Gateway*>& gateways, int callers, int calls_each,
           FloodResult& result, const std::string& priority = "",
           absl::Duration deadline = absl::Seconds(60)) {
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (Gateway* g : gateways) {
    channels.push_back(g->NewChannel());
    channels.back()->WaitForConnected(
        absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
  }
  absl::Mutex ready_mu;
  int ready = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < callers; ++t) {
    threads.emplace_back([&, t] {
      auto stub = CompanyService::NewStub(channels[t % channels.size()]);
      {
        absl::MutexLock lock(&ready_mu);
        ++ready;
        auto all_ready = [&] { return ready == callers; };
        ready_mu.Await(absl::Condition(&all_ready));
      }
      for (int i = 0; i < calls_each; ++i) {
        grpc::ClientContext context;
        context.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
        context.AddMetadata("x-caller-id", absl::StrCat("caller-", t));
        if (!priority.empty()) {
          context.AddMetadata("x-gainsight-priority", priority);
        }
        gainsight::v1::InsertCompaniesRequest request;
        request.add_companies()->set_name(absl::StrCat("flood-", t, "-", i));
        gainsight::v1::InsertCompaniesResponse response;
        grpc::Status s = stub->InsertCompanies(&context, request, &response);
        bool ok = s.ok() && response.results(0).error().code() == 0;
        (ok ? result.ok : result.failed)++;
        if (!ok) {
          absl::MutexLock lock(&result.mu);
          result.errors.push_back(s.ok() ? response.results(0).error().message()
                                         : s.error_message());
        }
      }
    });
  }
  for (auto& t : threads) t.join();
}

gainsight::v1::GetQuotaResponse Quota(Gateway& gateway) {
  auto stub = QuotaService::NewStub(gateway.NewChannel());
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
  gainsight::v1::GetQuotaResponse response;
  EXPECT_TRUE(stub->GetQuota(&context, {}, &response).ok());
  return response;
}

// One QueryCompanies call with `timeout`.
grpc::Status QueryOnce(Gateway& gateway, absl::Duration timeout) {
  auto stub = CompanyService::NewStub(gateway.NewChannel());
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  gainsight::v1::QueryCompaniesRequest request;
  request.add_select("Name");  // no describe: one upstream call
  gainsight::v1::QueryCompaniesResponse response;
  return stub->QueryCompanies(&context, request, &response);
}

constexpr char kLimits[] = "sync=40/1s,300/10s;bulk=2/1s,5/5s";

class QuotaTest : public ::testing::Test {
 protected:
  void StartSandbox(const std::string& limits = kLimits) {
    auto sandbox = Sandbox::Start(limits);
    ASSERT_TRUE(sandbox.ok()) << sandbox.status();
    sandbox_ = *std::move(sandbox);
  }
  // These tests measure the limiter, so every insert is a call of its own:
  // coalescing (coalescing_test.cc) would merge the waiting ones.
  Gateway* StartGateway(std::vector<std::string> args) {
    args.insert(args.begin(), {"--coalesce", "false"});
    auto gateway = Gateway::Start(sandbox_->url(), std::move(args));
    EXPECT_TRUE(gateway.ok()) << gateway.status();
    if (!gateway.ok()) return nullptr;
    gateways_.push_back(*std::move(gateway));
    return gateways_.back().get();
  }
  std::vector<Gateway*> Gateways() {
    std::vector<Gateway*> out;
    for (auto& g : gateways_) out.push_back(g.get());
    return out;
  }
  void ExpectWithinLimits(const CallLog& log) {
    EXPECT_EQ(log.throttled, 0);
    EXPECT_LE(MaxInAnyInterval(log.counted_us, absl::Seconds(1)), 40);
    EXPECT_LE(MaxInAnyInterval(log.counted_us, absl::Seconds(10)), 300);
  }

  std::unique_ptr<Sandbox> sandbox_;
  std::unique_ptr<Redis> redis_;
  std::vector<std::unique_ptr<Gateway>> gateways_;
};

TEST_F(QuotaTest, SaturationNeverCausesA429AndUsesTheBudget) {
  StartSandbox();
  ASSERT_NE(StartGateway({"--limits", kLimits}), nullptr);
  FloodResult result;
  Flood(Gateways(), /*callers=*/200, /*calls_each=*/1, result);
  EXPECT_EQ(result.ok, 200) << (result.errors.empty() ? "" : result.errors[0]);
  CallLog log = ReadLog(*sandbox_);
  ASSERT_EQ(log.counted_us.size(), 200u);
  ExpectWithinLimits(log);
  EXPECT_GE(Utilization(log.counted_us, 40, absl::Seconds(1)), kMinUtilization);
}

TEST_F(QuotaTest, ThreeReplicasShareOneBudgetThroughRedis) {
  auto redis = Redis::Start();
  ASSERT_TRUE(redis.ok()) << redis.status();
  redis_ = *std::move(redis);
  StartSandbox();
  for (int i = 0; i < 3; ++i) {
    ASSERT_NE(StartGateway({"--limits", kLimits, "--redis", redis_->url(),
                            "--replica-id", absl::StrCat("r", i)}),
              nullptr);
  }
  FloodResult result;
  Flood(Gateways(), /*callers=*/200, /*calls_each=*/1, result);
  EXPECT_EQ(result.ok, 200) << (result.errors.empty() ? "" : result.errors[0]);
  CallLog log = ReadLog(*sandbox_);
  ExpectWithinLimits(log);
  EXPECT_GE(Utilization(log.counted_us, 40, absl::Seconds(1)), kMinUtilization);
  EXPECT_EQ(Quota(*gateways_[0]).mode(), gainsight::v1::BUDGET_MODE_SHARED);
}

// Redis partitions: what these check (every call answered, no 429, no
// interval over the limit) holds however loaded the machine is, so they run
// beside other tests; the QuotaTest ones measure how much of the budget is
// used, or deadlines, and run alone.
class QuotaPartitionTest : public QuotaTest {};

TEST_F(QuotaPartitionTest, RedisLossFallsBackToALocalShareAndRecovers) {
  auto redis = Redis::Start();
  ASSERT_TRUE(redis.ok()) << redis.status();
  redis_ = *std::move(redis);
  StartSandbox();
  for (int i = 0; i < 2; ++i) {
    ASSERT_NE(StartGateway({"--limits", kLimits, "--redis", redis_->url(),
                            "--fallback-share", "0.5"}),
              nullptr);
  }
  FloodResult result;
  std::thread flood([&] { Flood(Gateways(), 40, 6, result); });
  // Let the shared budget carry the first calls, then lose Redis.
  for (int i = 0; i < 500 && ReadLog(*sandbox_).counted_us.size() < 60; ++i) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  redis_->Kill();
  bool degraded = false;
  for (int i = 0; i < 500 && !degraded; ++i) {
    degraded =
        Quota(*gateways_[0]).mode() == gainsight::v1::BUDGET_MODE_DEGRADED;
    if (!degraded) absl::SleepFor(absl::Milliseconds(10));
  }
  EXPECT_TRUE(degraded);
  ASSERT_TRUE(redis_->Restart().ok());
  flood.join();
  EXPECT_EQ(result.ok, 240) << (result.errors.empty() ? "" : result.errors[0]);
  // Shared again once the replicas probe Redis (at most a second apart).
  bool shared = false;
  for (int i = 0; i < 300 && !shared; ++i) {
    (void)QueryOnce(*gateways_[0], absl::Seconds(5));
    shared = Quota(*gateways_[0]).mode() == gainsight::v1::BUDGET_MODE_SHARED;
    if (!shared) absl::SleepFor(absl::Milliseconds(20));
  }
  EXPECT_TRUE(shared);
  ExpectWithinLimits(ReadLog(*sandbox_));
  auto metrics = gateways_[0]->Metrics();
  ASSERT_TRUE(metrics.ok());
  EXPECT_THAT(*metrics, ::testing::HasSubstr("gainsight_quota_degraded 0"));
}

// A partial partition: one replica of three loses Redis while the others
// keep it. The cut-off replica admits from its fallback share, and the
// others, seeing its heartbeat missing, keep that share free: the tenant
// never sees more than the limit in any window-length interval.
TEST_F(QuotaPartitionTest,
       OneReplicaCutOffFromRedisKeepsTheTenantWithinItsLimit) {
  constexpr char kTightLimits[] = "sync=30/2s";
  auto redis = Redis::Start();
  ASSERT_TRUE(redis.ok()) << redis.status();
  redis_ = *std::move(redis);
  auto proxy = testing::TcpProxy::Start(redis_->port());
  ASSERT_TRUE(proxy.ok()) << proxy.status();
  StartSandbox(kTightLimits);
  for (int i = 0; i < 3; ++i) {
    // Replica 2 reaches Redis through the proxy that is about to be cut.
    const int port = i == 2 ? (*proxy)->port() : redis_->port();
    ASSERT_NE(
        StartGateway({"--limits", kTightLimits, "--redis",
                      absl::StrCat("redis://127.0.0.1:", port), "--replica-id",
                      absl::StrCat("r", i), "--fallback-share", "0.34"}),
        nullptr);
  }
  // Every replica has registered (its first heartbeat is at start).
  FloodResult warmup;
  Flood(Gateways(), 3, 1, warmup);
  ASSERT_EQ(warmup.ok, 3);

  (*proxy)->Cut();
  FloodResult result;
  Flood(Gateways(), /*callers=*/60, /*calls_each=*/3, result, "",
        absl::Seconds(45));
  EXPECT_EQ(result.ok, 180) << (result.errors.empty() ? "" : result.errors[0]);
  EXPECT_EQ(Quota(*gateways_[2]).mode(), gainsight::v1::BUDGET_MODE_DEGRADED);
  EXPECT_EQ(Quota(*gateways_[0]).mode(), gainsight::v1::BUDGET_MODE_SHARED);

  CallLog log = ReadLog(*sandbox_);
  EXPECT_EQ(log.throttled, 0);
  EXPECT_LE(MaxInAnyInterval(log.counted_us, absl::Seconds(2)), 30);
  // The cut-off replica did serve from its share meanwhile.
  auto metrics = gateways_[2]->Metrics();
  ASSERT_TRUE(metrics.ok());
  EXPECT_THAT(*metrics, ::testing::HasSubstr("gainsight_quota_degraded 1"));
}

TEST_F(QuotaTest, DeadlineShorterThanTheWaitFailsAtOnceWithRetryInfo) {
  StartSandbox("sync=2/5s");
  Gateway* gateway = StartGateway({"--limits", "sync=2/5s"});
  ASSERT_NE(gateway, nullptr);
  FloodResult warmup;
  Flood(Gateways(), 2, 1, warmup);
  ASSERT_EQ(warmup.ok, 2);

  const absl::Time start = absl::Now();
  grpc::Status status = QueryOnce(*gateway, absl::Seconds(2));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_LT(absl::Now() - start, absl::Seconds(1)) << "refused at once";
  absl::Status details = FromGrpcStatus(status);
  google::rpc::RetryInfo retry;
  ASSERT_TRUE(GetRetryInfo(details, &retry));
  EXPECT_GE(retry.retry_delay().seconds(), 3);
  EXPECT_LE(retry.retry_delay().seconds(), 5);
  google::rpc::QuotaFailure failure;
  ASSERT_TRUE(details.GetPayload("type.googleapis.com/google.rpc.QuotaFailure")
                  .has_value());
}

TEST_F(QuotaTest, CancelledWhileQueuedConsumesNoSlot) {
  StartSandbox("sync=1/30s");
  Gateway* gateway = StartGateway({"--limits", "sync=1/30s"});
  ASSERT_NE(gateway, nullptr);
  FloodResult warmup;
  Flood(Gateways(), 1, 1, warmup);
  ASSERT_EQ(warmup.ok, 1);

  auto stub = CompanyService::NewStub(gateway->NewChannel());
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(120)));
  grpc::Status status;
  absl::Notification finished;
  gainsight::v1::QueryCompaniesRequest request;
  request.add_select("Name");  // no describe: one upstream call
  gainsight::v1::QueryCompaniesResponse response;
  stub->async()->QueryCompanies(&context, &request, &response,
                                [&](grpc::Status s) {
                                  status = s;
                                  finished.Notify();
                                });
  // Cancel once the call is waiting in the queue.
  bool queued = false;
  for (int i = 0; i < 500 && !queued; ++i) {
    queued = Quota(*gateway).classes(0).queued_interactive() == 1;
    if (!queued) absl::SleepFor(absl::Milliseconds(5));
  }
  ASSERT_TRUE(queued);
  context.TryCancel();
  ASSERT_TRUE(finished.WaitForNotificationWithTimeout(absl::Seconds(5)));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::CANCELLED);
  // The client finishes at once; the server hears of the cancel a moment
  // later and takes the call out of the queue.
  gainsight::v1::GetQuotaResponse quota = Quota(*gateway);
  for (int i = 0; i < 500 && quota.classes(0).queued_interactive() != 0; ++i) {
    absl::SleepFor(absl::Milliseconds(5));
    quota = Quota(*gateway);
  }
  EXPECT_EQ(quota.classes(0).queued_interactive(), 0);
  EXPECT_EQ(quota.classes(0).windows(0).used(), 1);
  // The sandbox saw only the first call.
  EXPECT_EQ(ReadLog(*sandbox_).counted_us.size(), 1u);
}

TEST_F(QuotaTest, EarlyUpstream429IsWaitedOutAndRetried) {
  // A 5 s window: the flood starts inside the window the other integration
  // used up, however slow the build (ASan) is.
  StartSandbox("sync=10/5s");
  Gateway* gateway = StartGateway({"--limits", "sync=10/5s"});
  ASSERT_NE(gateway, nullptr);
  // Another integration on the tenant used the whole window.
  ASSERT_TRUE(sandbox_->Consume("sync", 10).ok());
  FloodResult result;
  Flood(Gateways(), 5, 2, result);
  EXPECT_EQ(result.ok, 10) << (result.errors.empty() ? "" : result.errors[0]);
  CallLog log = ReadLog(*sandbox_);
  ASSERT_GE(log.throttled, 1) << "the sandbox refused the first attempts";
  // Only calls already in flight meet a 429: the first one closes the window
  // for everyone, so every later call waits and succeeds.
  EXPECT_LE(log.throttled, 5);
  EXPECT_LT(*std::max_element(log.throttled_us.begin(), log.throttled_us.end()),
            log.counted_us.front());
}

TEST_F(QuotaTest, InteractiveCallsKeepTheirReserveUnderBatchSaturation) {
  StartSandbox("sync=20/1s");
  Gateway* gateway =
      StartGateway({"--limits", "sync=20/1s", "--interactive-reserve", "0.25"});
  ASSERT_NE(gateway, nullptr);
  FloodResult batch;
  std::thread flood([&] { Flood(Gateways(), 60, 1, batch, "batch"); });
  // While batch work saturates its 15 of 20, interactive calls with a short
  // deadline still get through.
  for (int i = 0; i < 50 && ReadLog(*sandbox_).counted_us.size() < 15; ++i) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  FloodResult interactive;
  Flood(Gateways(), 5, 2, interactive, "", absl::Milliseconds(1500));
  EXPECT_EQ(interactive.ok, 10)
      << (interactive.errors.empty() ? "" : interactive.errors[0]);
  flood.join();
  EXPECT_EQ(batch.ok, 60);
  EXPECT_EQ(ReadLog(*sandbox_).throttled, 0);
}

TEST_F(QuotaTest, ExhaustedDailyWindowAnswersWithItsReset) {
  // "sync=100/1s,5/1m": the minute plays the day's part.
  StartSandbox("sync=100/1s,5/1m");
  Gateway* gateway = StartGateway({"--limits", "sync=100/1s,5/1m"});
  ASSERT_NE(gateway, nullptr);
  FloodResult warmup;
  Flood(Gateways(), 5, 1, warmup);
  ASSERT_EQ(warmup.ok, 5);
  grpc::Status status = QueryOnce(*gateway, absl::Seconds(10));
  ASSERT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  absl::Status details = FromGrpcStatus(status);
  google::rpc::RetryInfo retry;
  ASSERT_TRUE(GetRetryInfo(details, &retry));
  EXPECT_GE(retry.retry_delay().seconds(), 55);
  EXPECT_LE(retry.retry_delay().seconds(), 60);
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr("5/1m"));
  EXPECT_EQ(ReadLog(*sandbox_).counted_us.size(), 5u);
}

}  // namespace
}  // namespace gg
