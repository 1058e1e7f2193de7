// RedisBudget and FailoverBudget against a real redis-server.
#include "quota/redis_budget.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "observe/metric_names.h"
#include "observe/metrics.h"
#include "quota/failover_budget.h"
#include "tests/support/test_env.h"

namespace gg {
namespace {

using testing::Redis;

BudgetConfig Config(const char* limits) {
  BudgetConfig config;
  config.limits = *ParseLimitsSpec(limits);
  config.inflight_ttl = absl::Seconds(30);
  return config;
}

class RedisBudgetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto redis = Redis::Start();
    ASSERT_TRUE(redis.ok()) << redis.status();
    redis_ = *std::move(redis);
  }
  std::unique_ptr<RedisBudget> Make(const char* limits,
                                    const std::string& prefix = "test") {
    RedisBudget::Options options;
    options.address = *ParseRedisUrl(redis_->url());
    options.key_prefix = prefix;
    return std::make_unique<RedisBudget>(options, Config(limits));
  }
  std::unique_ptr<Redis> redis_;
};

TEST(RedisUrlTest, Parses) {
  auto a = ParseRedisUrl("redis://cache.svc:6380/2");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->host, "cache.svc");
  EXPECT_EQ(a->port, 6380);
  EXPECT_EQ(a->db, 2);
  EXPECT_EQ(ParseRedisUrl("redis://r").value().port, 6379);
  EXPECT_FALSE(ParseRedisUrl("http://r").ok());
  EXPECT_FALSE(ParseRedisUrl("redis://:1").ok());
}

TEST_F(RedisBudgetTest, ReplicasShareOneBudget) {
  auto one = Make("sync=3/1m");
  auto two = Make("sync=3/1m");
  EXPECT_TRUE(one->TryAdmit(CallClass::kSync, "1:a", 1.0, 0, true)->admitted);
  EXPECT_TRUE(two->TryAdmit(CallClass::kSync, "2:a", 1.0, 0, true)->admitted);
  EXPECT_TRUE(one->TryAdmit(CallClass::kSync, "1:b", 1.0, 0, true)->admitted);
  absl::StatusOr<BudgetDecision> refused =
      two->TryAdmit(CallClass::kSync, "2:b", 1.0, 0, true);
  ASSERT_TRUE(refused.ok());
  EXPECT_FALSE(refused->admitted);
  EXPECT_EQ(refused->window, 0);
  // In-flight slots are estimated to leave one window from now.
  EXPECT_GT(refused->wait, absl::Seconds(59));
  EXPECT_LE(refused->wait, absl::Minutes(1));
  EXPECT_EQ(one->Status(CallClass::kSync)->windows[0].used, 3);
}

TEST_F(RedisBudgetTest, AllWindowsAtOnceAndNothingChargedOnRefusal) {
  auto budget = Make("sync=5/1s,2/1m");
  EXPECT_TRUE(budget->TryAdmit(CallClass::kSync, "a", 1.0, 0, true)->admitted);
  EXPECT_TRUE(budget->TryAdmit(CallClass::kSync, "b", 1.0, 0, true)->admitted);
  auto refused = budget->TryAdmit(CallClass::kSync, "c", 1.0, 0, true);
  EXPECT_FALSE(refused->admitted);
  EXPECT_EQ(refused->window, 1);
  auto status = budget->Status(CallClass::kSync);
  EXPECT_EQ(status->windows[0].used, 2);
  EXPECT_EQ(status->windows[1].used, 2);
}

TEST_F(RedisBudgetTest, ReleaseMarkDoneAndShares) {
  auto budget = Make("sync=4/1m");
  ASSERT_TRUE(budget->TryAdmit(CallClass::kSync, "a", 0.5, 0, true)->admitted);
  ASSERT_TRUE(budget->TryAdmit(CallClass::kSync, "b", 0.5, 0, true)->admitted);
  EXPECT_FALSE(budget->TryAdmit(CallClass::kSync, "c", 0.5, 0, true)->admitted);
  ASSERT_TRUE(budget->Release(CallClass::kSync, "a").ok());
  EXPECT_TRUE(budget->TryAdmit(CallClass::kSync, "c", 0.5, 0, true)->admitted);
  ASSERT_TRUE(budget->MarkDone(CallClass::kSync, "b").ok());
  auto status = budget->Status(CallClass::kSync);
  EXPECT_EQ(status->windows[0].used, 2);
  ASSERT_TRUE(status->windows[0].next_free.has_value());
}

TEST_F(RedisBudgetTest, CloseIsSeenByEveryReplica) {
  auto one = Make("sync=10/1s");
  auto two = Make("sync=10/1s");
  ASSERT_TRUE(one->Close(CallClass::kSync, absl::Seconds(30)).ok());
  auto refused = two->TryAdmit(CallClass::kSync, "x", 1.0, 0, true);
  EXPECT_FALSE(refused->admitted);
  EXPECT_EQ(refused->window, -1);
  EXPECT_GT(refused->wait, absl::Seconds(29));
  EXPECT_TRUE(two->Status(CallClass::kSync)->closed_until.has_value());
}

TEST_F(RedisBudgetTest, AMissingReplicasShareStaysReservedForItsLease) {
  auto options = [&](const char* id) {
    RedisBudget::Options o;
    o.address = *ParseRedisUrl(redis_->url());
    o.replica_id = id;
    o.fallback_share = 0.3;
    o.heartbeat_timeout = absl::Seconds(1);
    o.fallback_lease = absl::Seconds(2);
    return o;
  };
  RedisBudget a(options("a"), Config("sync=10/2s"));
  RedisBudget b(options("b"), Config("sync=10/2s"));
  ASSERT_TRUE(a.Heartbeat().ok());
  ASSERT_TRUE(b.Heartbeat().ok());
  // Both alive: the whole limit is open to a.
  EXPECT_EQ(a.Status(CallClass::kSync)->windows[0].used, 0);
  // b goes quiet: once its heartbeat is missing, its share (3 of 10) is
  // reserved, and a admits only the other 7.
  ASSERT_TRUE(testing::WaitUntil(
      [&] { return a.Status(CallClass::kSync)->windows[0].used == 3; },
      absl::Seconds(5)));
  int admitted = 0;
  for (int i = 0; i < 10; ++i) {
    admitted += a.TryAdmit(CallClass::kSync, absl::StrCat("s", i), 1.0, 0, true)
                    ->admitted;
  }
  EXPECT_EQ(admitted, 7);
  // b heartbeats again: nothing is reserved for it any more.
  ASSERT_TRUE(b.Heartbeat().ok());
  EXPECT_EQ(a.Status(CallClass::kSync)->windows[0].used, 7);
  // A replica that stops cleanly is never reserved for.
  ASSERT_TRUE(b.Deregister().ok());
  ASSERT_TRUE(a.Heartbeat().ok());
  RedisBudget c(options("c"), Config("sync=10/2s"));
  EXPECT_EQ(c.Status(CallClass::kSync)->windows[0].used, 7);
}

TEST_F(RedisBudgetTest, TenantsDoNotShareKeys) {
  auto acme = Make("sync=1/1m", "acme");
  auto globex = Make("sync=1/1m", "globex");
  EXPECT_TRUE(acme->TryAdmit(CallClass::kSync, "a", 1.0, 0, true)->admitted);
  EXPECT_TRUE(globex->TryAdmit(CallClass::kSync, "a", 1.0, 0, true)->admitted);
}

TEST_F(RedisBudgetTest, FailoverDegradesToTheLocalShareAndRecovers) {
  Metrics metrics;
  metric::DeclareAll(metrics);
  FakeClock clock(absl::Now());
  BudgetConfig config = Config("sync=10/1m");
  std::vector<BudgetMode> changes;
  FailoverBudget budget(Make("sync=10/1m"),
                        std::make_unique<LocalBudget>(config, &clock, 0.3), 0.3,
                        config.limits, &clock, &metrics,
                        [&](BudgetMode m) { changes.push_back(m); });
  EXPECT_TRUE(budget.TryAdmit(CallClass::kSync, "s1", 1.0, 0, true).admitted);
  EXPECT_EQ(budget.mode(), BudgetMode::kShared);

  redis_->Kill();
  // Other replicas may have filled the minute, and notice this one's
  // heartbeat missing only after its timeout: the fallback waits both out...
  BudgetDecision first = budget.TryAdmit(CallClass::kSync, "l", 1.0, 0, true);
  EXPECT_FALSE(first.admitted);
  EXPECT_EQ(first.wait, absl::Minutes(1) + absl::Seconds(3 + 1));
  EXPECT_EQ(budget.mode(), BudgetMode::kDegraded);
  clock.Advance(first.wait);
  // ...then admits from its share, 3 of 10: never more, never fail open.
  int admitted = 0;
  for (int i = 0; i < 10; ++i) {
    admitted +=
        budget.TryAdmit(CallClass::kSync, absl::StrCat("l", i), 1.0, 0, true)
            .admitted;
  }
  EXPECT_EQ(admitted, 3);
  EXPECT_EQ(budget.mode(), BudgetMode::kDegraded);
  EXPECT_EQ(metrics.Value(metric::kDegraded, {}), 1);

  ASSERT_TRUE(redis_->Restart().ok());
  clock.Advance(absl::Seconds(2));  // past the probe interval
  EXPECT_TRUE(budget.TryAdmit(CallClass::kSync, "s2", 1.0, 0, true).admitted);
  EXPECT_EQ(budget.mode(), BudgetMode::kShared);
  EXPECT_EQ(metrics.Value(metric::kDegraded, {}), 0);
  // The fresh Redis counts the 3 local calls it adopted plus s2.
  EXPECT_EQ(budget.Status(CallClass::kSync).windows[0].used, 4);
  EXPECT_EQ(changes, (std::vector<BudgetMode>{BudgetMode::kDegraded,
                                              BudgetMode::kShared}));
}

}  // namespace
}  // namespace gg
