#include "quota/caller_quota_limiter.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/status_details.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "observe/metric_names.h"
#include "observe/metrics.h"
#include "quota/local_budget.h"
#include "quota/queued_limiter.h"
#include "tests/support/manual_scheduler.h"

namespace gg {
namespace {

using testing::ManualScheduler;

// The caller limiter in front of a real QueuedLimiter on a LocalBudget, on
// simulated time.
class CallerQuotaLimiterTest : public ::testing::Test {
 protected:
  void Make(const char* limits) {
    BudgetConfig config;
    config.limits = *ParseLimitsSpec(limits);
    budget_ = std::make_unique<LocalBudget>(config, &clock_);
    metric::DeclareAll(metrics_);
    QueuedLimiter::Options options;
    options.interactive_reserve = 0;
    options.call_margin = absl::ZeroDuration();
    inner_ = std::make_unique<QueuedLimiter>(
        options, config.limits, budget_.get(), &scheduler_, &clock_, &metrics_);
    limiter_ = std::make_unique<CallerQuotaLimiter>(
        inner_.get(), config.limits, /*headroom=*/0.0,
        [this](const std::string& caller) -> std::optional<CallerQuota> {
          auto it = quotas_.find(caller);
          if (it == quotas_.end()) return std::nullopt;
          return it->second;
        },
        &scheduler_, &clock_);
  }

  struct Result {
    bool done = false;
    absl::Status status;
    std::unique_ptr<Permit> permit;
  };

  // Acquires for `caller`; the permit is kept (sent, unanswered) until
  // Answer().
  std::shared_ptr<Result> Acquire(
      const std::string& caller, absl::Duration timeout = absl::Hours(1),
      std::shared_ptr<CancellationToken> cancel = nullptr) {
    auto result = std::make_shared<Result>();
    AdmissionRequest request;
    request.caller_id = caller;
    request.deadline = clock_.Now() + timeout;
    request.cancel = std::move(cancel);
    limiter_->Acquire(std::move(request),
                      [result](absl::StatusOr<std::unique_ptr<Permit>> permit) {
                        result->done = true;
                        result->status = permit.status();
                        if (permit.ok()) {
                          result->permit = *std::move(permit);
                          result->permit->MarkSent();
                        }
                      });
    return result;
  }
  static void Answer(const std::shared_ptr<Result>& r) {
    ASSERT_NE(r->permit, nullptr);
    r->permit->MarkDone();
  }
  int64_t TenantUsed() {
    return budget_->Status(CallClass::kSync).windows[0].used;
  }

  FakeClock clock_;
  ManualScheduler scheduler_{&clock_};
  Metrics metrics_;
  std::map<std::string, CallerQuota> quotas_;
  std::unique_ptr<LocalBudget> budget_;
  std::unique_ptr<QueuedLimiter> inner_;
  std::unique_ptr<CallerQuotaLimiter> limiter_;
};

TEST_F(CallerQuotaLimiterTest, CallersWithoutQuotaPassStraightThrough) {
  Make("sync=10/1s");
  for (int i = 0; i < 10; ++i) {
    auto r = Acquire("free");
    EXPECT_TRUE(r->done && r->status.ok());
  }
  EXPECT_EQ(TenantUsed(), 10);
}

TEST_F(CallerQuotaLimiterTest, ACallerGetsAtMostItsShareOfEachWindow) {
  Make("sync=10/1s");
  quotas_["greedy"] = {0.3, 0};
  std::vector<std::shared_ptr<Result>> calls;
  for (int i = 0; i < 5; ++i) calls.push_back(Acquire("greedy"));
  int admitted = 0;
  for (auto& c : calls) {
    if (c->done && c->status.ok()) {
      admitted++;
      Answer(c);
    }
  }
  EXPECT_EQ(admitted, 3);  // 30% of 10
  EXPECT_EQ(TenantUsed(), 3);
  // The other two wait in the caller's own queue, not the tenant's.
  EXPECT_FALSE(calls[3]->done);
  EXPECT_EQ(inner_->Status().classes[0].queued_interactive, 0);
  // Meanwhile another caller takes the rest of the window at once.
  for (int i = 0; i < 7; ++i) {
    auto r = Acquire("polite");
    EXPECT_TRUE(r->done && r->status.ok()) << i;
  }
  // One window after the answers, the waiting calls get their slots.
  scheduler_.AdvanceAndRun(absl::Seconds(1) + absl::Milliseconds(5));
  EXPECT_TRUE(calls[3]->done && calls[3]->status.ok());
  EXPECT_TRUE(calls[4]->done && calls[4]->status.ok());
}

TEST_F(CallerQuotaLimiterTest, RefusesAtOnceWhenTheWaitExceedsTheDeadline) {
  Make("sync=10/1m");
  quotas_["greedy"] = {0.2, 0};
  auto a = Acquire("greedy");
  auto b = Acquire("greedy");
  Answer(a);
  Answer(b);
  auto c = Acquire("greedy", absl::Seconds(5));
  ASSERT_TRUE(c->done);
  EXPECT_EQ(c->status.code(), absl::StatusCode::kResourceExhausted);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(GetErrorInfo(c->status, &info));
  EXPECT_EQ(info.reason(), "CALLER_QUOTA_WAIT_EXCEEDS_DEADLINE");
  EXPECT_EQ(info.metadata().at("caller"), "greedy");
  google::rpc::RetryInfo retry;
  ASSERT_TRUE(GetRetryInfo(c->status, &retry));
  EXPECT_GE(retry.retry_delay().seconds(), 59);
  // Refused before the tenant's budget saw it.
  EXPECT_EQ(TenantUsed(), 2);
}

TEST_F(CallerQuotaLimiterTest, BoundsCallsInFlight) {
  Make("sync=100/1s");
  quotas_["busy"] = {1.0, 2};
  auto a = Acquire("busy");
  auto b = Acquire("busy");
  auto c = Acquire("busy");
  EXPECT_TRUE(a->done && b->done);
  EXPECT_FALSE(c->done) << "a third call waits for one of the two";
  Answer(a);
  EXPECT_TRUE(c->done && c->status.ok());
  // A call never sent gives its place back too.
  auto d = Acquire("busy");
  EXPECT_FALSE(d->done);
  c->permit.reset();  // a permit dropped unanswered frees its place too
  b->permit->MarkDone();
  EXPECT_TRUE(d->done && d->status.ok());
}

TEST_F(CallerQuotaLimiterTest, WaitersLeaveOnCancelAndOnTheirDeadline) {
  Make("sync=100/1s");
  quotas_["busy"] = {1.0, 1};
  auto a = Acquire("busy");
  auto cancel = CancellationToken::Create();
  auto b = Acquire("busy", absl::Hours(1), cancel);
  auto c = Acquire("busy", absl::Seconds(2));
  EXPECT_FALSE(b->done || c->done);
  cancel->Cancel();
  EXPECT_TRUE(b->done);
  EXPECT_EQ(b->status.code(), absl::StatusCode::kCancelled);
  scheduler_.AdvanceAndRun(absl::Seconds(3));
  EXPECT_TRUE(c->done);
  EXPECT_EQ(c->status.code(), absl::StatusCode::kDeadlineExceeded);
  Answer(a);
  EXPECT_EQ(TenantUsed(), 1);
}

TEST_F(CallerQuotaLimiterTest, QuotaChangesApplyToTheNextAdmission) {
  Make("sync=10/1s");
  quotas_["x"] = {0.1, 0};
  auto a = Acquire("x");
  auto b = Acquire("x", absl::Milliseconds(100));
  EXPECT_TRUE(a->done && a->status.ok());
  EXPECT_EQ(b->status.code(), absl::StatusCode::kResourceExhausted);
  quotas_["x"] = {0.5, 0};
  auto c = Acquire("x");
  EXPECT_TRUE(c->done && c->status.ok());
}

}  // namespace
}  // namespace gg
