#include "quota/queued_limiter.h"

#include <map>
#include <memory>
#include <vector>

#include "common/status_details.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "observe/metric_names.h"
#include "observe/metrics.h"
#include "quota/local_budget.h"
#include "tests/support/manual_scheduler.h"

namespace gg {
namespace {

using testing::ManualScheduler;

class QueuedLimiterTest : public ::testing::Test {
 protected:
  void Make(const char* limits, double reserve = 0.0) {
    BudgetConfig config;
    config.limits = *ParseLimitsSpec(limits);
    budget_ = std::make_unique<LocalBudget>(config, &clock_);
    metric::DeclareAll(metrics_);
    QueuedLimiter::Options options;
    options.interactive_reserve = reserve;
    options.call_margin = absl::ZeroDuration();
    limiter_ = std::make_unique<QueuedLimiter>(
        options, config.limits, budget_.get(), &scheduler_, &clock_, &metrics_);
  }

  struct Result {
    bool done = false;
    absl::Status status;
    std::unique_ptr<Permit> permit;
  };

  std::shared_ptr<Result> Acquire(
      const std::string& caller, Priority priority = Priority::kInteractive,
      absl::Duration timeout = absl::Hours(1),
      std::shared_ptr<CancellationToken> cancel = nullptr) {
    auto result = std::make_shared<Result>();
    AdmissionRequest request;
    request.caller_id = caller;
    request.priority = priority;
    request.deadline = clock_.Now() + timeout;
    request.cancel = std::move(cancel);
    limiter_->Acquire(
        std::move(request),
        [result, this, caller](absl::StatusOr<std::unique_ptr<Permit>> permit) {
          result->done = true;
          result->status = permit.status();
          if (permit.ok()) {
            result->permit = *std::move(permit);
            result->permit->MarkSent();
            result->permit->MarkDone();
            order_.push_back(caller);
          }
        });
    return result;
  }

  int64_t Used() { return budget_->Status(CallClass::kSync).windows[0].used; }

  FakeClock clock_;
  ManualScheduler scheduler_{&clock_};
  Metrics metrics_;
  std::unique_ptr<LocalBudget> budget_;
  std::unique_ptr<QueuedLimiter> limiter_;
  std::vector<std::string> order_;
};

TEST_F(QueuedLimiterTest, AdmitsAtOnceWhileThereIsRoom) {
  Make("sync=2/1s");
  auto a = Acquire("a");
  auto b = Acquire("a");
  EXPECT_TRUE(a->done && a->status.ok());
  EXPECT_TRUE(b->done && b->status.ok());
  auto c = Acquire("a");
  EXPECT_FALSE(c->done) << "the third call waits";
  scheduler_.AdvanceAndRun(absl::Seconds(1));
  EXPECT_TRUE(c->done && c->status.ok());
}

TEST_F(QueuedLimiterTest, DeadlineShorterThanTheWaitIsRefusedAtOnce) {
  Make("sync=1/10s");
  ASSERT_TRUE(Acquire("a")->status.ok());
  clock_.Advance(absl::Seconds(2));
  auto refused = Acquire("a", Priority::kInteractive, absl::Seconds(3));
  ASSERT_TRUE(refused->done);
  EXPECT_EQ(refused->status.code(), absl::StatusCode::kResourceExhausted);
  google::rpc::RetryInfo retry;
  ASSERT_TRUE(GetRetryInfo(refused->status, &retry));
  EXPECT_EQ(retry.retry_delay().seconds(), 8);
  google::rpc::QuotaFailure failure;
  ASSERT_TRUE(
      refused->status.GetPayload("type.googleapis.com/google.rpc.QuotaFailure")
          .has_value());
  EXPECT_EQ(Used(), 1);
}

TEST_F(QueuedLimiterTest, CancelledWaiterLeavesAtOnceAndConsumesNothing) {
  Make("sync=1/1s");
  ASSERT_TRUE(Acquire("a")->status.ok());
  auto token = CancellationToken::Create();
  auto waiting = Acquire("b", Priority::kInteractive, absl::Hours(1), token);
  ASSERT_FALSE(waiting->done);
  token->Cancel();
  EXPECT_TRUE(waiting->done);
  EXPECT_EQ(waiting->status.code(), absl::StatusCode::kCancelled);
  scheduler_.AdvanceAndRun(absl::Seconds(5));
  EXPECT_EQ(Used(), 0) << "the cancelled call never took a slot";
  EXPECT_EQ(limiter_->Status().classes[0].queued_interactive, 0);
}

TEST_F(QueuedLimiterTest, UnsentPermitGivesItsSlotToTheNextWaiter) {
  Make("sync=1/1h");
  std::unique_ptr<Permit> held;
  AdmissionRequest request;
  request.caller_id = "a";
  limiter_->Acquire(
      std::move(request),
      [&](absl::StatusOr<std::unique_ptr<Permit>> p) { held = *std::move(p); });
  ASSERT_NE(held, nullptr);
  auto waiting = Acquire("b");
  ASSERT_FALSE(waiting->done);
  held.reset();  // never sent
  EXPECT_TRUE(waiting->done && waiting->status.ok());
}

TEST_F(QueuedLimiterTest, CallersAreServedRoundRobin) {
  Make("sync=1/1s");
  ASSERT_TRUE(Acquire("first")->status.ok());
  order_.clear();
  std::vector<std::shared_ptr<Result>> results;
  for (int i = 0; i < 3; ++i) results.push_back(Acquire("greedy"));
  results.push_back(Acquire("polite"));
  scheduler_.AdvanceAndRun(absl::Seconds(10));
  EXPECT_THAT(order_,
              ::testing::ElementsAre("greedy", "polite", "greedy", "greedy"));
}

TEST_F(QueuedLimiterTest, InteractiveGoesFirstAndBatchKeepsOutOfTheReserve) {
  Make("sync=4/1s", /*reserve=*/0.5);
  // Batch may use 2 of 4.
  EXPECT_TRUE(Acquire("b1", Priority::kBatch)->status.ok());
  EXPECT_TRUE(Acquire("b2", Priority::kBatch)->status.ok());
  auto batch = Acquire("b3", Priority::kBatch);
  EXPECT_FALSE(batch->done);
  // Interactive still gets the reserved half.
  EXPECT_TRUE(Acquire("i1")->status.ok());
  EXPECT_TRUE(Acquire("i2")->status.ok());
  auto interactive = Acquire("i3");
  EXPECT_FALSE(interactive->done);
  order_.clear();
  scheduler_.AdvanceAndRun(absl::Seconds(3));
  ASSERT_GE(order_.size(), 2u);
  EXPECT_EQ(order_.front(), "i3");
}

TEST_F(QueuedLimiterTest, ThrottleClosesTheClassUntilItsEstimatedReset) {
  Make("sync=100/1s");
  limiter_->ReportThrottled(CallClass::kSync, absl::Seconds(5));
  auto waiting = Acquire("a");
  EXPECT_FALSE(waiting->done);
  scheduler_.AdvanceAndRun(absl::Milliseconds(4900));
  EXPECT_FALSE(waiting->done);
  scheduler_.AdvanceAndRun(absl::Milliseconds(200));
  EXPECT_TRUE(waiting->done && waiting->status.ok());
  EXPECT_FALSE(limiter_->Status().classes[0].closed_until.has_value());
}

TEST_F(QueuedLimiterTest, ThrottleWithoutRetryAfterUsesTheShortestWindow) {
  Make("sync=100/1m,5000/1d");
  limiter_->ReportThrottled(CallClass::kSync, std::nullopt);
  auto status = limiter_->Status();
  ASSERT_TRUE(status.classes[0].closed_until.has_value());
  EXPECT_EQ(*status.classes[0].closed_until - clock_.Now(), absl::Minutes(1));
}

TEST_F(QueuedLimiterTest, ExpiredWaiterFailsWithDeadlineExceeded) {
  Make("sync=1/10s");
  ASSERT_TRUE(Acquire("a")->status.ok());
  // Wait estimate 10s fits a 12s deadline...
  auto waiting = Acquire("b", Priority::kInteractive, absl::Seconds(12));
  ASSERT_FALSE(waiting->done);
  // ...but a 429 closes the class for longer.
  limiter_->ReportThrottled(CallClass::kSync, absl::Seconds(60));
  scheduler_.AdvanceAndRun(absl::Seconds(13));
  EXPECT_TRUE(waiting->done);
  EXPECT_EQ(waiting->status.code(), absl::StatusCode::kDeadlineExceeded);
}

}  // namespace
}  // namespace gg
