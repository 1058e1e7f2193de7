// QueuedLimiter: the Limiter callers use. It asks a Budget for room and
// parks calls that must wait in per-class queues (data, not threads):
// interactive calls before batch calls, callers round-robin within each, a
// timer waking the queue when the next slot is expected to free up.
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
  };

  QueuedLimiter(Options options, const LimitsSpec& limits, Budget* budget,
                Scheduler* scheduler, const Clock* clock, Metrics* metrics);
  ~QueuedLimiter() override;

  void Acquire(AdmissionRequest request, Callback done) override;
  void ReportThrottled(CallClass call_class,
                       std::optional<absl::Duration> retry_after) override;
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
  };
  // One priority's queue: callers in round-robin order, each with its FIFO.
  struct Lane {
    std::map<std::string, std::deque<uint64_t>> by_caller;
    std::deque<std::string> turn;  // callers with waiters, next first
    int size = 0;
  };
  struct ClassQueue {
    Lane lanes[2];  // by Priority
    int64_t wake_timer = 0;
    absl::Time wake_at = absl::InfiniteFuture();
  };
  // A decision to deliver outside the lock.
  struct Delivery {
    Callback done;
    absl::StatusOr<std::unique_ptr<Permit>> result;
  };

  double Share(Priority priority) const;
  std::string NextSlotId();
  std::unique_ptr<Permit> MakePermit(CallClass call_class, std::string slot);
  absl::Status Refusal(CallClass call_class, const BudgetDecision& decision);
  void PumpLocked(CallClass call_class, std::vector<Delivery>& out)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void ScheduleWake(CallClass call_class, absl::Duration wait)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Remove(uint64_t id, absl::Status why);
  void PopWaiter(ClassQueue& queue, Priority priority,
                 const std::string& caller) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void UpdateGauges(CallClass call_class) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  static void Deliver(std::vector<Delivery>& deliveries);

  const Options options_;
  const LimitsSpec limits_;
  Budget* const budget_;
  Scheduler* const scheduler_;
  const Clock* const clock_;
  Metrics* const metrics_;
  std::atomic<uint64_t> next_slot_{1};
  // Lets timers and cancel callbacks that outlive the limiter do nothing.
  std::shared_ptr<QueuedLimiter*> self_;

  absl::Mutex mu_;
  uint64_t next_waiter_ ABSL_GUARDED_BY(mu_) = 1;
  std::map<uint64_t, std::unique_ptr<Waiter>> waiters_ ABSL_GUARDED_BY(mu_);
  ClassQueue queues_[kCallClassCount] ABSL_GUARDED_BY(mu_);
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_QUOTA_QUEUED_LIMITER_H_
