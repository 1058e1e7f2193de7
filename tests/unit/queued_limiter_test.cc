#include "quota/queued_limiter.h"

#include <map>
#include <memory>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
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

// A budget that says it may block (as the Redis one does): it checks that
// the limiter calls it only on the budget executor's thread and never while
// the limiter's lock is held.
class WatchfulBudget : public Budget {
 public:
  explicit WatchfulBudget(Budget* inner) : inner_(inner) {}
  void Watch(QueuedLimiter* limiter) { limiter_ = limiter; }
  void set_executor_thread(std::thread::id id) { executor_thread_ = id; }

  BudgetDecision TryAdmit(CallClass c, const std::string& slot, double share,
                          int ahead, bool admit) override {
    Check();
    return inner_->TryAdmit(c, slot, share, ahead, admit);
  }
  void MarkDone(CallClass c, const std::string& slot) override {
    Check();
    inner_->MarkDone(c, slot);
  }
  void Release(CallClass c, const std::string& slot) override {
    Check();
    inner_->Release(c, slot);
  }
  void Close(CallClass c, absl::Duration d) override {
    Check();
    inner_->Close(c, d);
  }
  void Reopen(CallClass c) override {
    Check();
    inner_->Reopen(c);
  }
  ClassStatus Status(CallClass c) override { return inner_->Status(c); }
  BudgetMode mode() override { return inner_->mode(); }
  bool MayBlock() const override { return true; }

  int calls() const { return calls_; }
  int wrong_thread() const { return wrong_thread_; }
  int under_lock() const { return under_lock_; }

 private:
  void Check() {
    ++calls_;
    if (std::this_thread::get_id() != executor_thread_) ++wrong_thread_;
    if (limiter_ == nullptr) return;
    // Another thread must be able to take the limiter's lock right now.
    auto took_lock = std::make_shared<absl::Notification>();
    std::thread probe([limiter = limiter_, took_lock] {
      limiter->Status();
      took_lock->Notify();
    });
    if (took_lock->WaitForNotificationWithTimeout(absl::Seconds(5))) {
      probe.join();
    } else {
      ++under_lock_;
      probe.detach();
    }
  }

  Budget* const inner_;
  QueuedLimiter* limiter_ = nullptr;
  std::thread::id executor_thread_ = std::this_thread::get_id();
  int calls_ = 0;
  int wrong_thread_ = 0;
  int under_lock_ = 0;
};

class QueuedLimiterTest : public ::testing::Test {
 protected:
  void Make(const char* limits, double reserve = 0.0,
            QueuedLimiter::Options options = {}) {
    BudgetConfig config;
    config.limits = *ParseLimitsSpec(limits);
    budget_ = std::make_unique<LocalBudget>(config, &clock_);
    metric::DeclareAll(metrics_);
    options.interactive_reserve = reserve;
    options.call_margin = absl::ZeroDuration();
    Budget* budget = budget_.get();
    if (watchful_) {
      watchful_budget_ = std::make_unique<WatchfulBudget>(budget_.get());
      budget = watchful_budget_.get();
      options.budget_executor = &executor_;
    }
    limiter_ = std::make_unique<QueuedLimiter>(options, config.limits, budget,
                                               &scheduler_, &clock_, &metrics_);
    if (watchful_) watchful_budget_->Watch(limiter_.get());
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
  // Runs budget calls of a budget that may block (see watchful_).
  ManualScheduler executor_{&clock_};
  Metrics metrics_;
  std::unique_ptr<LocalBudget> budget_;
  bool watchful_ = false;
  std::unique_ptr<WatchfulBudget> watchful_budget_;
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
  // ...but another replica's 429 closes the shared budget for longer.
  budget_->Close(CallClass::kSync, absl::Seconds(60));
  scheduler_.AdvanceAndRun(absl::Seconds(13));
  EXPECT_TRUE(waiting->done);
  EXPECT_EQ(waiting->status.code(), absl::StatusCode::kDeadlineExceeded);
}

TEST_F(QueuedLimiterTest, OwnThrottleRefusesTheWaitersItOutlastsAtOnce) {
  Make("sync=1/10s");
  ASSERT_TRUE(Acquire("a")->status.ok());
  auto short_deadline = Acquire("b", Priority::kInteractive, absl::Seconds(12));
  auto long_deadline = Acquire("c", Priority::kInteractive, absl::Minutes(5));
  ASSERT_FALSE(short_deadline->done);
  ASSERT_FALSE(long_deadline->done);
  limiter_->ReportThrottled(CallClass::kSync, absl::Seconds(60));
  ASSERT_TRUE(short_deadline->done) << "refused without waiting its deadline";
  EXPECT_EQ(short_deadline->status.code(),
            absl::StatusCode::kResourceExhausted);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(GetErrorInfo(short_deadline->status, &info));
  EXPECT_EQ(info.reason(), "QUOTA_WAIT_EXCEEDS_DEADLINE");
  EXPECT_FALSE(long_deadline->done) << "it outlasts the closure";
  scheduler_.AdvanceAndRun(absl::Seconds(61));
  EXPECT_TRUE(long_deadline->done && long_deadline->status.ok());
}

TEST_F(QueuedLimiterTest, OwnThrottleHoldsBeforeABlockingBudgetRecordsIt) {
  watchful_ = true;
  Make("sync=100/1s");
  // The call's decision is queued on the executor before the budget's
  // closure: the limiter refuses it anyway.
  auto arrival = Acquire("a", Priority::kInteractive, absl::Seconds(10));
  limiter_->ReportThrottled(CallClass::kSync, absl::Seconds(60));
  executor_.RunDue();
  ASSERT_TRUE(arrival->done);
  EXPECT_EQ(arrival->status.code(), absl::StatusCode::kResourceExhausted);
  // Once recorded there, the budget decides: an operator's reopen (which
  // another replica may have sent) lets calls through.
  budget_->Reopen(CallClass::kSync);
  auto after = Acquire("b", Priority::kInteractive, absl::Seconds(10));
  executor_.RunDue();
  EXPECT_TRUE(after->done && after->status.ok());
}

TEST_F(QueuedLimiterTest, FullQueueRefusesAtOnceWithRetryInfo) {
  QueuedLimiter::Options options;
  options.max_queued_calls = 2;
  Make("sync=1/1h", 0.0, options);
  // Deadlines long enough for the wait: only the bound refuses.
  const absl::Duration patient = absl::Hours(10);
  ASSERT_TRUE(Acquire("a")->status.ok());
  auto w1 = Acquire("a", Priority::kInteractive, patient);
  auto w2 = Acquire("b", Priority::kInteractive, patient);
  ASSERT_FALSE(w1->done);
  ASSERT_FALSE(w2->done);
  auto refused = Acquire("c", Priority::kInteractive, patient);
  ASSERT_TRUE(refused->done);
  EXPECT_EQ(refused->status.code(), absl::StatusCode::kResourceExhausted);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(GetErrorInfo(refused->status, &info));
  EXPECT_EQ(info.reason(), "QUOTA_QUEUE_FULL");
  google::rpc::RetryInfo retry;
  ASSERT_TRUE(GetRetryInfo(refused->status, &retry));
  EXPECT_GE(retry.retry_delay().seconds(), 1);
  EXPECT_EQ(limiter_->Status().classes[0].queued_interactive, 2);
  EXPECT_EQ(Used(), 1) << "a refusal takes nothing from the budget";
}

TEST_F(QueuedLimiterTest, CancelledWaiterFreesItsPlaceInTheBoundedQueue) {
  QueuedLimiter::Options options;
  options.max_queued_calls = 1;
  Make("sync=1/1h", 0.0, options);
  ASSERT_TRUE(Acquire("a")->status.ok());
  auto token = CancellationToken::Create();
  auto waiting = Acquire("b", Priority::kInteractive, absl::Hours(2), token);
  ASSERT_FALSE(waiting->done);
  EXPECT_EQ(Acquire("c", Priority::kInteractive, absl::Hours(2))->status.code(),
            absl::StatusCode::kResourceExhausted);
  token->Cancel();
  EXPECT_FALSE(Acquire("c", Priority::kInteractive, absl::Hours(2))->done)
      << "the freed place is taken";
}

TEST_F(QueuedLimiterTest, RetryAfterIsCutToTheMaximumAndCounted) {
  QueuedLimiter::Options options;
  options.max_close = absl::Hours(1);
  Make("sync=100/1s", 0.0, options);
  limiter_->ReportThrottled(CallClass::kSync, absl::Hours(24 * 365));
  QuotaStatus status = limiter_->Status();
  ASSERT_TRUE(status.classes[0].closed_until.has_value());
  EXPECT_EQ(*status.classes[0].closed_until - clock_.Now(), absl::Hours(1));
  EXPECT_EQ(metrics_.Value(metric::kClosures,
                           {{"class", "sync"}, {"clamped", "true"}}),
            1);
  EXPECT_EQ(metrics_.Value(metric::kClosedSeconds, {{"class", "sync"}}), 3600);
  limiter_->ReportThrottled(CallClass::kSync, absl::Seconds(5));
  EXPECT_EQ(metrics_.Value(metric::kClosures,
                           {{"class", "sync"}, {"clamped", "false"}}),
            1);
}

TEST_F(QueuedLimiterTest, ReopenLetsWaitingCallsThroughAtOnce) {
  Make("sync=100/1s");
  limiter_->ReportThrottled(CallClass::kSync, absl::Minutes(30));
  auto waiting = Acquire("a");
  EXPECT_FALSE(waiting->done);
  limiter_->Reopen();
  EXPECT_TRUE(waiting->done && waiting->status.ok());
  QuotaStatus status = limiter_->Status();
  EXPECT_FALSE(status.classes[0].closed_until.has_value());
  EXPECT_EQ(metrics_.Value(metric::kClosedSeconds, {{"class", "sync"}}), 0);
}

TEST_F(QueuedLimiterTest, BlockingBudgetIsCalledOnItsExecutorOnly) {
  watchful_ = true;
  Make("sync=1/1s");
  // The caller's thread only queues the call; the executor decides it.
  auto first = Acquire("a");
  EXPECT_FALSE(first->done);
  EXPECT_EQ(watchful_budget_->calls(), 0);
  executor_.RunDue();
  ASSERT_TRUE(first->done);
  EXPECT_TRUE(first->status.ok());
  // Marking done (from the helper) and a 429 report (as the HTTP event
  // loop does) hand their budget calls to the executor too.
  const int before = watchful_budget_->calls();
  limiter_->ReportThrottled(CallClass::kSync, absl::Seconds(2));
  auto second = Acquire("b");
  EXPECT_EQ(watchful_budget_->calls(), before);
  executor_.RunDue();
  EXPECT_GT(watchful_budget_->calls(), before);
  EXPECT_FALSE(second->done);
  scheduler_.AdvanceAndRun(absl::Seconds(3));
  executor_.RunDue();
  EXPECT_TRUE(second->done && second->status.ok());
  EXPECT_EQ(watchful_budget_->wrong_thread(), 0);
  EXPECT_EQ(watchful_budget_->under_lock(), 0);
}

TEST_F(QueuedLimiterTest, CancelAndDeadlineNeedNoBudgetCall) {
  watchful_ = true;
  Make("sync=1/1h");
  auto first = Acquire("a");
  executor_.RunDue();
  ASSERT_TRUE(first->status.ok());
  auto token = CancellationToken::Create();
  auto waiting = Acquire("b", Priority::kInteractive, absl::Hours(2), token);
  executor_.RunDue();
  ASSERT_FALSE(waiting->done);
  // A stalled budget (the executor runs nothing) does not hold these up.
  const int before = watchful_budget_->calls();
  token->Cancel();
  EXPECT_TRUE(waiting->done);
  EXPECT_EQ(waiting->status.code(), absl::StatusCode::kCancelled);
  auto expiring = Acquire("c", Priority::kInteractive, absl::Seconds(1));
  scheduler_.AdvanceAndRun(absl::Seconds(2));
  EXPECT_TRUE(expiring->done);
  EXPECT_EQ(expiring->status.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(watchful_budget_->calls(), before);
  EXPECT_EQ(watchful_budget_->under_lock(), 0);
}

}  // namespace
}  // namespace gg

namespace gg {
namespace {

TEST_F(QueuedLimiterTest, DecisionsAndWaitsAreCountedPerCaller) {
  Make("sync=1/1s");
  ASSERT_TRUE(Acquire("reporting")->status.ok());
  auto waiting = Acquire("billing");
  ASSERT_FALSE(waiting->done);
  scheduler_.AdvanceAndRun(absl::Seconds(1));
  ASSERT_TRUE(waiting->done && waiting->status.ok());
  auto admissions = [&](const char* caller, const char* outcome) {
    return metrics_.Value(
        metric::kCallerAdmissions,
        {{"caller", caller}, {"class", "sync"}, {"outcome", outcome}});
  };
  EXPECT_EQ(admissions("reporting", "admitted"), 1);
  EXPECT_EQ(admissions("reporting", "queued"), 0);
  EXPECT_EQ(admissions("billing", "queued"), 1);
  EXPECT_EQ(admissions("billing", "admitted"), 1);
  const std::string rendered = metrics_.RenderPrometheus();
  EXPECT_THAT(rendered,
              ::testing::HasSubstr("gainsight_caller_wait_seconds_count{caller="
                                   "\"billing\"} 1"));
  EXPECT_THAT(rendered,
              ::testing::HasSubstr("gainsight_caller_wait_seconds_sum{caller="
                                   "\"billing\"} 1"));
}

TEST_F(QueuedLimiterTest, CallerSeriesAreBoundedAndLaterCallersShareOther) {
  Make("sync=1000/1s");
  for (int i = 0; i < 205; ++i) {
    ASSERT_TRUE(Acquire(absl::StrCat("caller-", i))->status.ok());
  }
  auto admitted = [&](const std::string& caller) {
    return metrics_.Value(
        metric::kCallerAdmissions,
        {{"caller", caller}, {"class", "sync"}, {"outcome", "admitted"}});
  };
  EXPECT_EQ(admitted("caller-0"), 1);
  EXPECT_EQ(admitted("caller-199"), 1);
  EXPECT_EQ(admitted("caller-200"), 0);
  EXPECT_EQ(admitted("other"), 5);
  ASSERT_TRUE(Acquire("caller-3")->status.ok());
  EXPECT_EQ(admitted("caller-3"), 2) << "a known caller keeps its series";
}

}  // namespace
}  // namespace gg
