#include "quota/local_budget.h"

#include "gtest/gtest.h"

namespace gg {
namespace {

BudgetConfig BudgetOf(const char* limits) {
  BudgetConfig config;
  config.limits = *ParseLimitsSpec(limits);
  config.inflight_ttl = absl::Seconds(60);
  return config;
}

int64_t Used(LocalBudget& budget, int window = 0) {
  return budget.Status(CallClass::kSync).windows[window].used;
}

TEST(LocalBudgetTest, AdmitsUpToTheLimitThenRefusesWithTheWait) {
  FakeClock clock;
  LocalBudget budget(BudgetOf("sync=2/1s"), &clock);
  EXPECT_TRUE(budget.TryAdmit(CallClass::kSync, "a", 1.0, 0, true).admitted);
  budget.MarkDone(CallClass::kSync, "a");
  clock.Advance(absl::Milliseconds(300));
  EXPECT_TRUE(budget.TryAdmit(CallClass::kSync, "b", 1.0, 0, true).admitted);
  budget.MarkDone(CallClass::kSync, "b");
  BudgetDecision refused = budget.TryAdmit(CallClass::kSync, "c", 1.0, 0, true);
  EXPECT_FALSE(refused.admitted);
  EXPECT_EQ(refused.window, 0);
  // "a" leaves one window after its answer: 1s - 300ms from now.
  EXPECT_EQ(refused.wait, absl::Milliseconds(700));
  EXPECT_EQ(Used(budget), 2) << "a refusal charges nothing";
}

TEST(LocalBudgetTest, ASlotCountsUntilOneWindowAfterTheAnswer) {
  FakeClock clock;
  LocalBudget budget(BudgetOf("sync=1/1s"), &clock);
  ASSERT_TRUE(budget.TryAdmit(CallClass::kSync, "a", 1.0, 0, true).admitted);
  clock.Advance(absl::Milliseconds(500));  // the call is slow
  budget.MarkDone(CallClass::kSync, "a");
  clock.Advance(absl::Milliseconds(999));
  EXPECT_FALSE(budget.TryAdmit(CallClass::kSync, "b", 1.0, 0, true).admitted);
  clock.Advance(absl::Milliseconds(1));
  EXPECT_TRUE(budget.TryAdmit(CallClass::kSync, "b", 1.0, 0, true).admitted);
}

TEST(LocalBudgetTest, EveryWindowMustHaveRoomAndNoneIsChargedOnRefusal) {
  FakeClock clock;
  LocalBudget budget(BudgetOf("sync=2/1s,3/10s"), &clock);
  for (const char* slot : {"a", "b"}) {
    ASSERT_TRUE(budget.TryAdmit(CallClass::kSync, slot, 1.0, 0, true).admitted);
    budget.MarkDone(CallClass::kSync, slot);
  }
  clock.Advance(absl::Seconds(2));
  ASSERT_TRUE(budget.TryAdmit(CallClass::kSync, "c", 1.0, 0, true).admitted);
  budget.MarkDone(CallClass::kSync, "c");
  // The 1s window is nearly empty, the 10s window is full.
  BudgetDecision d = budget.TryAdmit(CallClass::kSync, "d", 1.0, 0, true);
  EXPECT_FALSE(d.admitted);
  EXPECT_EQ(d.window, 1);
  EXPECT_EQ(d.wait, absl::Seconds(8));
  EXPECT_EQ(Used(budget, 0), 1);
  EXPECT_EQ(Used(budget, 1), 3);
}

TEST(LocalBudgetTest, ReleaseGivesTheSlotBack) {
  FakeClock clock;
  LocalBudget budget(BudgetOf("sync=1/1m"), &clock);
  ASSERT_TRUE(budget.TryAdmit(CallClass::kSync, "a", 1.0, 0, true).admitted);
  budget.Release(CallClass::kSync, "a");
  EXPECT_EQ(Used(budget), 0);
  EXPECT_TRUE(budget.TryAdmit(CallClass::kSync, "b", 1.0, 0, true).admitted);
}

TEST(LocalBudgetTest, ShareLimitsLowerPriorities) {
  FakeClock clock;
  LocalBudget budget(BudgetOf("sync=4/1m"), &clock);
  EXPECT_TRUE(budget.TryAdmit(CallClass::kSync, "a", 0.5, 0, true).admitted);
  EXPECT_TRUE(budget.TryAdmit(CallClass::kSync, "b", 0.5, 0, true).admitted);
  EXPECT_FALSE(budget.TryAdmit(CallClass::kSync, "c", 0.5, 0, true).admitted);
  EXPECT_TRUE(budget.TryAdmit(CallClass::kSync, "d", 1.0, 0, true).admitted);
}

TEST(LocalBudgetTest, HeadroomAndScaleShrinkTheUsableLimit) {
  FakeClock clock;
  BudgetConfig config = BudgetOf("sync=100/1m");
  config.headroom = 0.1;
  EXPECT_EQ(
      LocalBudget(config, &clock).Status(CallClass::kSync).windows[0].usable,
      90);
  EXPECT_EQ(LocalBudget(config, &clock, 0.5)
                .Status(CallClass::kSync)
                .windows[0]
                .usable,
            45);
}

TEST(LocalBudgetTest, CloseRefusesUntilItEnds) {
  FakeClock clock;
  LocalBudget budget(BudgetOf("sync=10/1s"), &clock);
  budget.Close(CallClass::kSync, absl::Seconds(3));
  BudgetDecision d = budget.TryAdmit(CallClass::kSync, "a", 1.0, 0, true);
  EXPECT_FALSE(d.admitted);
  EXPECT_EQ(d.window, -1);
  EXPECT_EQ(d.wait, absl::Seconds(3));
  clock.Advance(absl::Seconds(3));
  EXPECT_TRUE(budget.TryAdmit(CallClass::kSync, "a", 1.0, 0, true).admitted);
}

TEST(LocalBudgetTest, EstimateCountsTheQueueAhead) {
  FakeClock clock;
  LocalBudget budget(BudgetOf("sync=2/1s"), &clock);
  for (const char* slot : {"a", "b"}) {
    ASSERT_TRUE(budget.TryAdmit(CallClass::kSync, slot, 1.0, 0, true).admitted);
    budget.MarkDone(CallClass::kSync, slot);
    clock.Advance(absl::Milliseconds(100));
  }
  // Slots free at +0.8s and +0.9s; behind one waiter, this call needs both.
  EXPECT_EQ(budget.TryAdmit(CallClass::kSync, "", 1.0, 1, false).wait,
            absl::Milliseconds(900));
  // Behind three waiters: one more full window.
  EXPECT_EQ(budget.TryAdmit(CallClass::kSync, "", 1.0, 3, false).wait,
            absl::Milliseconds(1900));
}

}  // namespace
}  // namespace gg
