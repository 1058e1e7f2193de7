// QueuedLimiter: the Limiter callers use. It asks a Budget for room and
// parks calls that must wait in per-class queues (data, not threads):
// interactive calls before batch calls, callers round-robin within each, a
// timer waking the queue when the next slot is expected to free up.
//
// Budget calls never run under the limiter's lock. A budget that may block
// (Redis) is only ever called from one thread of the limiter's own (the
// budget executor): a slow Redis then delays admissions, never the callers'
// threads (the HTTP event loop hands permits back and reports 429s), never
// cancellations, deadlines or the bounded queue's refusals.
#ifndef GAINSIGHT_GATEWAY_SERVER_QUOTA_QUEUED_LIMITER_H_
#define GAINSIGHT_GATEWAY_SERVER_QUOTA_QUEUED_LIMITER_H_

#include <atomic>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "common/clock.h"
#include "common/scheduler.h"
#include "observe/bounded_label.h"
#include "quota/budget.h"
#include "quota/limiter.h"

namespace gg {

class Metrics;

class QueuedLimiter : public Limiter {
 public:
  struct Options {
    // Share of every window only interactive calls may use.
    double interactive_reserve = 0.2;
    // Time a call needs after admission; a caller whose deadline leaves less
    // than wait + this is refused at once.
    absl::Duration call_margin = absl::Milliseconds(20);
    // Prefix of slot ids, unique per replica.
    std::string replica_id = "local";
    // Calls that may wait at once (all classes); past it a call is refused
    // at once with RESOURCE_EXHAUSTED and RetryInfo.
    int max_queued_calls = 5000;
    // Longest a Gainsight wait (Retry-After) may close a class.
    absl::Duration max_close = absl::Hours(1);
    // Where calls of a budget that MayBlock() run. Null: a thread of the
    // limiter's own.
    Scheduler* budget_executor = nullptr;
  };

  QueuedLimiter(Options options, const LimitsSpec& limits, Budget* budget,
                Scheduler* scheduler, const Clock* clock, Metrics* metrics);
  ~QueuedLimiter() override;

  void Acquire(AdmissionRequest request, Callback done) override;
  void ReportThrottled(CallClass call_class,
                       std::optional<absl::Duration> retry_after) override;
  void Reopen() override;
  QuotaStatus Status() override;
  std::optional<WaitEstimate> EstimateWait(CallClass call_class,
                                           Priority priority,
                                           int ahead) override;

  // Tries the queues again (a slot was given back, or a timer fired).
  void Pump(CallClass call_class);

 private:
  class SlotPermit;
  struct Waiter {
    uint64_t id = 0;
    AdmissionRequest request;
    Callback done;
    absl::Time enqueued;
    int64_t cancel_registration = 0;
    int64_t deadline_timer = 0;
    // False while the call is an arrival: not yet told whether it may wait.
    bool placed = false;
  };
  // One priority's queue: callers in round-robin order, each with its FIFO.
  struct Lane {
    std::map<std::string, std::deque<uint64_t>> by_caller;
    std::deque<std::string> turn;  // callers with waiters, next first
    int size = 0;
  };
  struct ClassQueue {
    Lane lanes[2];                  // placed waiters, by Priority
    std::deque<uint64_t> arrivals;  // in arrival order
    int64_t wake_timer = 0;
    absl::Time wake_at = absl::InfiniteFuture();
    bool pump_requested = false;
    // Until when a 429 this replica saw closes the class: known here at
    // once, before the budget (maybe Redis) has recorded the closure.
    absl::Time closed_until = absl::InfinitePast();
  };
  // A decision to deliver outside the lock.
  struct Delivery {
    Callback done;
    absl::StatusOr<std::unique_ptr<Permit>> result;
  };
  using Deliveries = std::vector<Delivery>;

  double Share(Priority priority) const;
  std::string NextSlotId();
  std::unique_ptr<Permit> MakePermit(CallClass call_class, std::string slot);
  absl::Status Refusal(CallClass call_class, const BudgetDecision& decision);
  absl::Status QueueFull(CallClass call_class)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The closure this replica knows of, as a refusal; nullopt when open.
  std::optional<BudgetDecision> LocalClosure(CallClass call_class)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Refuses the placed waiters of a class whose deadline comes before the
  // class reopens.
  void RefuseOutlasted(CallClass call_class, Deliveries& refused)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  // Runs `task` where budget calls belong: inline, or on the executor.
  void RunBudgetCall(Scheduler::Task task);
  // Asks for a pump of `call_class`; one pump runs at a time.
  void RequestPump(CallClass call_class);
  void PumpLoop();
  // Admits placed waiters while the budget has room; false when it has none.
  bool AdmitHead(CallClass call_class);
  // Decides the arrivals: admitted, placed in the queue, or refused.
  void DecideArrivals(CallClass call_class);
  // An admitted slot whose waiter left meanwhile goes back.
  void GiveBack(CallClass call_class, const std::string& slot);

  void Place(Waiter& waiter) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Ahead of a new call of `priority` in `queue`.
  static int Ahead(const ClassQueue& queue, Priority priority);
  // Id of the next placed waiter to admit, 0 when none.
  static uint64_t Head(const ClassQueue& queue, Priority* priority);
  std::unique_ptr<Waiter> TakeWaiter(uint64_t id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void ScheduleWake(CallClass call_class, absl::Duration wait)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Remove(uint64_t id, absl::Status why);
  void UpdateGauges(CallClass call_class) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Counts a decision about `request`, by class and priority and by caller.
  void CountOutcome(const AdmissionRequest& request, const char* outcome);
  // Records how long an admitted call waited, by class and by caller.
  void ObserveWait(const AdmissionRequest& request, absl::Duration waited);
  void ScheduleHeartbeat();
  static void Deliver(Deliveries& deliveries);

  static constexpr size_t kMaxCallerSeries = 200;

  const Options options_;
  const LimitsSpec limits_;
  Budget* const budget_;
  Scheduler* const scheduler_;
  const Clock* const clock_;
  Metrics* const metrics_;
  // Caller ids as metric labels: a bounded number of series.
  BoundedLabel caller_labels_{kMaxCallerSeries};
  // The executor of a budget that may block (owned or given), else null.
  std::unique_ptr<Scheduler> own_executor_;
  Scheduler* budget_executor_ = nullptr;
  std::atomic<uint64_t> next_slot_{1};
  // Lets timers and cancel callbacks that outlive the limiter do nothing.
  std::shared_ptr<QueuedLimiter*> self_;

  absl::Mutex mu_;
  uint64_t next_waiter_ ABSL_GUARDED_BY(mu_) = 1;
  std::map<uint64_t, std::unique_ptr<Waiter>> waiters_ ABSL_GUARDED_BY(mu_);
  ClassQueue queues_[kCallClassCount] ABSL_GUARDED_BY(mu_);
  bool pumping_ ABSL_GUARDED_BY(mu_) = false;
  int64_t heartbeat_timer_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_QUOTA_QUEUED_LIMITER_H_
