#include "quota/queued_limiter.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_details.h"
#include "observe/metric_names.h"
#include "observe/metrics.h"

namespace gg {
namespace {

const char* PriorityName(Priority p) {
  return p == Priority::kInteractive ? "interactive" : "batch";
}

}  // namespace

// A slot held in the budget. Unsent permits give the slot back.
class QueuedLimiter::SlotPermit : public Permit {
 public:
  SlotPermit(QueuedLimiter* limiter, CallClass call_class, std::string slot)
      : limiter_(limiter), call_class_(call_class), slot_(std::move(slot)) {}
  ~SlotPermit() override {
    if (!sent_) {
      limiter_->budget_->Release(call_class_, slot_);
      limiter_->Pump(call_class_);
    } else if (!done_) {
      limiter_->budget_->MarkDone(call_class_, slot_);
    }
  }
  void MarkSent() override { sent_ = true; }
  void MarkDone() override {
    if (done_) return;
    done_ = true;
    limiter_->budget_->MarkDone(call_class_, slot_);
  }

 private:
  QueuedLimiter* const limiter_;
  const CallClass call_class_;
  const std::string slot_;
  bool sent_ = false;
  bool done_ = false;
};

QueuedLimiter::QueuedLimiter(Options options, const LimitsSpec& limits,
                             Budget* budget, Scheduler* scheduler,
                             const Clock* clock, Metrics* metrics)
    : options_(std::move(options)),
      limits_(limits),
      budget_(budget),
      scheduler_(scheduler),
      clock_(clock),
      metrics_(metrics),
      self_(std::make_shared<QueuedLimiter*>(this)) {}

QueuedLimiter::~QueuedLimiter() {
  std::vector<Delivery> deliveries;
  {
    absl::MutexLock lock(&mu_);
    *self_ = nullptr;
    for (auto& [id, waiter] : waiters_) {
      scheduler_->Cancel(waiter->deadline_timer);
      deliveries.push_back({std::move(waiter->done),
                            absl::UnavailableError("gateway shutting down")});
    }
    waiters_.clear();
    for (ClassQueue& q : queues_) scheduler_->Cancel(q.wake_timer);
  }
  Deliver(deliveries);
}

double QueuedLimiter::Share(Priority priority) const {
  return priority == Priority::kInteractive
             ? 1.0
             : std::max(0.0, 1.0 - options_.interactive_reserve);
}

std::string QueuedLimiter::NextSlotId() {
  return absl::StrCat(options_.replica_id, ":", next_slot_.fetch_add(1));
}

std::unique_ptr<Permit> QueuedLimiter::MakePermit(CallClass call_class,
                                                  std::string slot) {
  return std::make_unique<SlotPermit>(this, call_class, std::move(slot));
}

absl::Status QueuedLimiter::Refusal(CallClass call_class,
                                    const BudgetDecision& decision) {
  const std::vector<WindowSpec>& windows = limits_.For(call_class);
  std::string which =
      decision.window >= 0 && decision.window < static_cast<int>(windows.size())
          ? absl::StrCat(windows[decision.window].limit, "/",
                         FormatWindowLength(windows[decision.window].length))
          : "closed: after a Gainsight 429, or while a lost shared budget "
            "is assumed full";
  std::string description = absl::StrCat(
      "Gainsight ", CallClassName(call_class), " budget (", which,
      ") has no slot before the call's deadline; expected wait ",
      absl::FormatDuration(absl::Ceil(decision.wait, absl::Milliseconds(1))));
  absl::Status status = absl::ResourceExhaustedError(description);
  AttachErrorInfo(status, "QUOTA_WAIT_EXCEEDS_DEADLINE",
                  {{"call_class", std::string(CallClassName(call_class))},
                   {"window", which}});
  AttachRetryInfo(status, decision.wait);
  AttachQuotaFailure(
      status, absl::StrCat("gainsight:", CallClassName(call_class), ":", which),
      description);
  return status;
}

void QueuedLimiter::Acquire(AdmissionRequest request, Callback done) {
  const CallClass call_class = request.call_class;
  const Labels labels = {{"class", std::string(CallClassName(call_class))},
                         {"priority", PriorityName(request.priority)}};
  if (request.cancel != nullptr && request.cancel->cancelled()) {
    done(absl::CancelledError("call cancelled"));
    return;
  }
  std::vector<Delivery> deliveries;
  {
    absl::MutexLock lock(&mu_);
    ClassQueue& queue = queues_[static_cast<int>(call_class)];
    const int interactive = queue.lanes[0].size;
    const int ahead = request.priority == Priority::kInteractive
                          ? interactive
                          : interactive + queue.lanes[1].size;
    const double share = Share(request.priority);
    BudgetDecision decision;
    if (ahead == 0) {
      std::string slot = NextSlotId();
      decision = budget_->TryAdmit(call_class, slot, share, 0, /*admit=*/true);
      if (decision.admitted) {
        metrics_->Add(metric::kAdmissions, [&] {
          Labels l = labels;
          l.push_back({"outcome", "admitted"});
          return l;
        }());
        metrics_->Observe(metric::kWait,
                          {{"class", std::string(CallClassName(call_class))}},
                          0);
        deliveries.push_back({std::move(done), MakePermit(call_class, slot)});
      }
    } else {
      decision =
          budget_->TryAdmit(call_class, "", share, ahead, /*admit=*/false);
    }
    if (!decision.admitted) {
      const absl::Time now = clock_->Now();
      if (now + decision.wait + options_.call_margin > request.deadline) {
        Labels l = labels;
        l.push_back({"outcome", "rejected"});
        metrics_->Add(metric::kAdmissions, l);
        deliveries.push_back({std::move(done), Refusal(call_class, decision)});
      } else {
        Labels l = labels;
        l.push_back({"outcome", "queued"});
        metrics_->Add(metric::kAdmissions, l);
        auto waiter = std::make_unique<Waiter>();
        waiter->id = next_waiter_++;
        waiter->enqueued = now;
        waiter->done = std::move(done);
        const uint64_t id = waiter->id;
        std::weak_ptr<QueuedLimiter*> weak = self_;
        if (request.cancel != nullptr) {
          waiter->cancel_registration = request.cancel->OnCancel([weak, id] {
            if (auto self = weak.lock(); self && *self) {
              (*self)->Remove(id, absl::CancelledError("call cancelled"));
            }
          });
        }
        if (request.deadline != absl::InfiniteFuture()) {
          waiter->deadline_timer =
              scheduler_->RunAt(request.deadline, [weak, id] {
                if (auto self = weak.lock(); self && *self) {
                  (*self)->Remove(id, absl::DeadlineExceededError(
                                          "deadline passed while waiting for "
                                          "a Gainsight rate-limit slot"));
                }
              });
        }
        Lane& lane = queue.lanes[static_cast<int>(request.priority)];
        std::deque<uint64_t>& fifo = lane.by_caller[request.caller_id];
        if (fifo.empty()) lane.turn.push_back(request.caller_id);
        fifo.push_back(id);
        lane.size++;
        waiter->request = std::move(request);
        waiters_.emplace(id, std::move(waiter));
        // The head of the queue decides when to look again.
        if (queue.wake_timer == 0) {
          ScheduleWake(call_class,
                       ahead == 0 ? decision.wait : absl::Milliseconds(1));
        }
        UpdateGauges(call_class);
      }
    }
  }
  Deliver(deliveries);
}

void QueuedLimiter::ScheduleWake(CallClass call_class, absl::Duration wait) {
  ClassQueue& queue = queues_[static_cast<int>(call_class)];
  const absl::Time when = clock_->Now() + std::max(wait, absl::Milliseconds(1));
  if (queue.wake_timer != 0) {
    if (queue.wake_at <= when) return;
    scheduler_->Cancel(queue.wake_timer);
  }
  std::weak_ptr<QueuedLimiter*> weak = self_;
  queue.wake_at = when;
  queue.wake_timer = scheduler_->RunAt(when, [weak, call_class] {
    if (auto self = weak.lock(); self && *self) {
      {
        absl::MutexLock lock(&(*self)->mu_);
        ClassQueue& q = (*self)->queues_[static_cast<int>(call_class)];
        q.wake_timer = 0;
        q.wake_at = absl::InfiniteFuture();
      }
      (*self)->Pump(call_class);
    }
  });
}

void QueuedLimiter::PopWaiter(ClassQueue& queue, Priority priority,
                              const std::string& caller) {
  Lane& lane = queue.lanes[static_cast<int>(priority)];
  auto it = lane.by_caller.find(caller);
  it->second.pop_front();
  lane.size--;
  // The caller's turn is over: to the back of the line, or out.
  lane.turn.erase(std::find(lane.turn.begin(), lane.turn.end(), caller));
  if (it->second.empty()) {
    lane.by_caller.erase(it);
  } else {
    lane.turn.push_back(caller);
  }
}

void QueuedLimiter::PumpLocked(CallClass call_class,
                               std::vector<Delivery>& out) {
  ClassQueue& queue = queues_[static_cast<int>(call_class)];
  const std::string class_name(CallClassName(call_class));
  while (true) {
    Priority priority =
        queue.lanes[0].size > 0 ? Priority::kInteractive : Priority::kBatch;
    Lane& lane = queue.lanes[static_cast<int>(priority)];
    if (lane.size == 0) break;
    const std::string caller = lane.turn.front();
    const uint64_t id = lane.by_caller[caller].front();
    std::string slot = NextSlotId();
    BudgetDecision decision =
        budget_->TryAdmit(call_class, slot, Share(priority), 0, /*admit=*/true);
    if (!decision.admitted) {
      ScheduleWake(call_class, decision.wait);
      break;
    }
    PopWaiter(queue, priority, caller);
    auto it = waiters_.find(id);
    std::unique_ptr<Waiter> waiter = std::move(it->second);
    waiters_.erase(it);
    scheduler_->Cancel(waiter->deadline_timer);
    if (waiter->request.cancel != nullptr) {
      waiter->request.cancel->Unregister(waiter->cancel_registration);
    }
    metrics_->Add(metric::kAdmissions, {{"class", class_name},
                                        {"priority", PriorityName(priority)},
                                        {"outcome", "admitted"}});
    metrics_->Observe(metric::kWait, {{"class", class_name}},
                      absl::ToDoubleSeconds(clock_->Now() - waiter->enqueued));
    out.push_back({std::move(waiter->done), MakePermit(call_class, slot)});
  }
  UpdateGauges(call_class);
}

void QueuedLimiter::Pump(CallClass call_class) {
  std::vector<Delivery> deliveries;
  {
    absl::MutexLock lock(&mu_);
    PumpLocked(call_class, deliveries);
  }
  Deliver(deliveries);
}

void QueuedLimiter::Remove(uint64_t id, absl::Status why) {
  std::vector<Delivery> deliveries;
  {
    absl::MutexLock lock(&mu_);
    auto it = waiters_.find(id);
    if (it == waiters_.end()) return;  // admitted or removed already
    std::unique_ptr<Waiter> waiter = std::move(it->second);
    waiters_.erase(it);
    const CallClass call_class = waiter->request.call_class;
    ClassQueue& queue = queues_[static_cast<int>(call_class)];
    Lane& lane = queue.lanes[static_cast<int>(waiter->request.priority)];
    auto fifo = lane.by_caller.find(waiter->request.caller_id);
    fifo->second.erase(std::find(fifo->second.begin(), fifo->second.end(), id));
    lane.size--;
    if (fifo->second.empty()) {
      lane.turn.erase(std::find(lane.turn.begin(), lane.turn.end(),
                                waiter->request.caller_id));
      lane.by_caller.erase(fifo);
    }
    scheduler_->Cancel(waiter->deadline_timer);
    metrics_->Add(
        metric::kAdmissions,
        {{"class", std::string(CallClassName(call_class))},
         {"priority", PriorityName(waiter->request.priority)},
         {"outcome", why.code() == absl::StatusCode::kCancelled ? "cancelled"
                                                                : "expired"}});
    deliveries.push_back({std::move(waiter->done), std::move(why)});
    UpdateGauges(call_class);
  }
  Deliver(deliveries);
}

void QueuedLimiter::ReportThrottled(CallClass call_class,
                                    std::optional<absl::Duration> retry_after) {
  // Without Retry-After, assume the shortest window resets within its length.
  absl::Duration duration = absl::Seconds(1);
  const std::vector<WindowSpec>& windows = limits_.For(call_class);
  if (retry_after.has_value()) {
    duration = *retry_after;
  } else if (!windows.empty()) {
    duration = windows.front().length;
    for (const WindowSpec& w : windows) duration = std::min(duration, w.length);
  }
  budget_->Close(call_class, duration);
  absl::MutexLock lock(&mu_);
  ScheduleWake(call_class, duration);
}

void QueuedLimiter::UpdateGauges(CallClass call_class) {
  const ClassQueue& queue = queues_[static_cast<int>(call_class)];
  const std::string class_name(CallClassName(call_class));
  metrics_->Set(metric::kQueueDepth,
                {{"class", class_name}, {"priority", "interactive"}},
                queue.lanes[0].size);
  metrics_->Set(metric::kQueueDepth,
                {{"class", class_name}, {"priority", "batch"}},
                queue.lanes[1].size);
}

QuotaStatus QueuedLimiter::Status() {
  QuotaStatus status;
  status.mode = budget_->mode();
  for (int c = 0; c < kCallClassCount; ++c) {
    const CallClass call_class = static_cast<CallClass>(c);
    if (limits_.For(call_class).empty()) continue;
    ClassStatus cls = budget_->Status(call_class);
    {
      absl::MutexLock lock(&mu_);
      cls.queued_interactive = queues_[c].lanes[0].size;
      cls.queued_batch = queues_[c].lanes[1].size;
    }
    for (WindowStatus& w : cls.windows) {
      w.batch_usable = ShareCap(w.usable, Share(Priority::kBatch));
    }
    for (const WindowStatus& w : cls.windows) {
      metrics_->Set(
          metric::kRemaining,
          {{"class", std::string(CallClassName(call_class))},
           {"window", FormatWindowLength(w.spec.length)}},
          static_cast<double>(std::max<int64_t>(0, w.usable - w.used)));
    }
    status.classes.push_back(std::move(cls));
  }
  metrics_->Set(metric::kDegraded, {},
                status.mode == BudgetMode::kDegraded ? 1 : 0);
  return status;
}

void QueuedLimiter::Deliver(std::vector<Delivery>& deliveries) {
  for (Delivery& d : deliveries) d.done(std::move(d.result));
}

std::optional<WaitEstimate> QueuedLimiter::EstimateWait(CallClass call_class,
                                                        Priority priority,
                                                        int ahead) {
  const std::vector<WindowSpec>& windows = limits_.For(call_class);
  if (windows.empty()) return WaitEstimate{};
  const BudgetDecision decision = budget_->TryAdmit(
      call_class, "", Share(priority), std::max(0, ahead), /*admit=*/false);
  WaitEstimate estimate;
  if (decision.wait <= absl::ZeroDuration()) return estimate;
  estimate.wait = decision.wait;
  const ClassStatus status = budget_->Status(call_class);
  if (decision.window >= 0 &&
      decision.window < static_cast<int>(windows.size())) {
    const WindowSpec& w = windows[decision.window];
    estimate.window = absl::StrCat(w.limit, "/", FormatWindowLength(w.length));
    if (decision.window < static_cast<int>(status.windows.size())) {
      estimate.window_frees_at = status.windows[decision.window].next_free;
    }
  } else {
    estimate.window = "closed";
    estimate.window_frees_at = status.closed_until;
  }
  return estimate;
}

}  // namespace gg
