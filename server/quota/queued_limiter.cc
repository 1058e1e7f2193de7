#include "quota/queued_limiter.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_details.h"
#include "observe/log.h"
#include "observe/metric_names.h"
#include "observe/metrics.h"

namespace gg {
namespace {

const char* PriorityName(Priority p) {
  return p == Priority::kInteractive ? "interactive" : "batch";
}

constexpr absl::Duration kHeartbeatInterval = absl::Seconds(1);

}  // namespace

// A slot held in the budget. Unsent permits give the slot back.
class QueuedLimiter::SlotPermit : public Permit {
 public:
  SlotPermit(QueuedLimiter* limiter, CallClass call_class, std::string slot)
      : limiter_(limiter), call_class_(call_class), slot_(std::move(slot)) {}
  ~SlotPermit() override {
    if (!sent_) {
      limiter_->GiveBack(call_class_, slot_);
      limiter_->RequestPump(call_class_);
    } else if (!done_) {
      MarkDone();
    }
  }
  void MarkSent() override { sent_ = true; }
  void MarkDone() override {
    if (done_) return;
    done_ = true;
    Budget* budget = limiter_->budget_;
    limiter_->RunBudgetCall([budget, call_class = call_class_, slot = slot_] {
      budget->MarkDone(call_class, slot);
    });
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
      self_(std::make_shared<QueuedLimiter*>(this)) {
  if (budget_->MayBlock()) {
    budget_executor_ = options_.budget_executor;
    if (budget_executor_ == nullptr) {
      own_executor_ = std::make_unique<ThreadScheduler>();
      budget_executor_ = own_executor_.get();
    }
    ScheduleHeartbeat();
  }
}

QueuedLimiter::~QueuedLimiter() {
  {
    absl::MutexLock lock(&mu_);
    *self_ = nullptr;
    scheduler_->Cancel(heartbeat_timer_);
  }
  // No budget call runs past this point (pending ones are dropped: their
  // slots stay counted until they expire, which errs on the safe side).
  own_executor_.reset();
  Deliveries deliveries;
  {
    absl::MutexLock lock(&mu_);
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

absl::Status QueuedLimiter::QueueFull(CallClass call_class) {
  const ClassQueue& queue = queues_[static_cast<int>(call_class)];
  absl::Duration retry = absl::Seconds(1);
  if (queue.wake_at != absl::InfiniteFuture()) {
    retry = std::max(retry, queue.wake_at - clock_->Now());
  }
  absl::Status status = absl::ResourceExhaustedError(
      absl::StrCat("the gateway already holds ", waiters_.size(),
                   " calls waiting for a Gainsight rate-limit slot (its bound, "
                   "--max-queued-calls); try again later"));
  AttachErrorInfo(
      status, "QUOTA_QUEUE_FULL",
      {{"call_class", std::string(CallClassName(call_class))},
       {"max_queued_calls", absl::StrCat(options_.max_queued_calls)}});
  AttachRetryInfo(status, retry);
  return status;
}

std::optional<BudgetDecision> QueuedLimiter::LocalClosure(
    CallClass call_class) {
  const absl::Time now = clock_->Now();
  const absl::Time until = queues_[static_cast<int>(call_class)].closed_until;
  if (now >= until) return std::nullopt;
  BudgetDecision decision;
  decision.wait = until - now;
  return decision;
}

void QueuedLimiter::RefuseOutlasted(CallClass call_class, Deliveries& refused) {
  std::optional<BudgetDecision> closure = LocalClosure(call_class);
  if (!closure.has_value()) return;
  const absl::Time reopens = clock_->Now() + closure->wait;
  std::vector<uint64_t> outlasted;
  for (const auto& [id, waiter] : waiters_) {
    if (waiter->placed && waiter->request.call_class == call_class &&
        reopens + options_.call_margin > waiter->request.deadline) {
      outlasted.push_back(id);
    }
  }
  for (uint64_t id : outlasted) {
    std::unique_ptr<Waiter> waiter = TakeWaiter(id);
    CountOutcome(waiter->request, "rejected");
    refused.push_back({std::move(waiter->done), Refusal(call_class, *closure)});
  }
  if (!outlasted.empty()) UpdateGauges(call_class);
}

void QueuedLimiter::CountOutcome(const AdmissionRequest& request,
                                 const char* outcome) {
  const std::string class_name(CallClassName(request.call_class));
  metrics_->Add(metric::kAdmissions,
                {{"class", class_name},
                 {"priority", PriorityName(request.priority)},
                 {"outcome", outcome}});
  metrics_->Add(metric::kCallerAdmissions,
                {{"caller", caller_labels_.Of(request.caller_id)},
                 {"class", class_name},
                 {"outcome", outcome}});
}

void QueuedLimiter::ObserveWait(const AdmissionRequest& request,
                                absl::Duration waited) {
  const std::string class_name(CallClassName(request.call_class));
  const double seconds = absl::ToDoubleSeconds(waited);
  metrics_->Observe(metric::kWait, {{"class", class_name}}, seconds);
  metrics_->Observe(metric::kCallerWait,
                    {{"caller", caller_labels_.Of(request.caller_id)}},
                    seconds);
}

void QueuedLimiter::RunBudgetCall(Scheduler::Task task) {
  if (budget_executor_ == nullptr) {
    task();
    return;
  }
  budget_executor_->RunSoon(std::move(task));
}

void QueuedLimiter::Acquire(AdmissionRequest request, Callback done) {
  const CallClass call_class = request.call_class;
  if (request.cancel != nullptr && request.cancel->cancelled()) {
    done(absl::CancelledError("call cancelled"));
    return;
  }
  std::shared_ptr<CancellationToken> cancel = request.cancel;
  uint64_t id = 0;
  Deliveries refused;
  {
    absl::MutexLock lock(&mu_);
    if (static_cast<int>(waiters_.size()) >= options_.max_queued_calls) {
      CountOutcome(request, "rejected");
      refused.push_back({std::move(done), QueueFull(call_class)});
    } else {
      auto waiter = std::make_unique<Waiter>();
      id = waiter->id = next_waiter_++;
      waiter->enqueued = clock_->Now();
      waiter->done = std::move(done);
      std::weak_ptr<QueuedLimiter*> weak = self_;
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
      waiter->request = std::move(request);
      queues_[static_cast<int>(call_class)].arrivals.push_back(id);
      waiters_.emplace(id, std::move(waiter));
    }
  }
  if (!refused.empty()) {
    Deliver(refused);
    return;
  }
  if (cancel != nullptr) {
    // Outside the lock: a cancel that lands now runs the callback at once.
    std::weak_ptr<QueuedLimiter*> weak = self_;
    const int64_t registration = cancel->OnCancel([weak, id] {
      if (auto self = weak.lock(); self && *self) {
        (*self)->Remove(id, absl::CancelledError("call cancelled"));
      }
    });
    bool still_waiting;
    {
      absl::MutexLock lock(&mu_);
      auto it = waiters_.find(id);
      still_waiting = it != waiters_.end();
      if (still_waiting) it->second->cancel_registration = registration;
    }
    if (!still_waiting) cancel->Unregister(registration);
  }
  RequestPump(call_class);
}

void QueuedLimiter::RequestPump(CallClass call_class) {
  {
    absl::MutexLock lock(&mu_);
    queues_[static_cast<int>(call_class)].pump_requested = true;
    if (pumping_) return;  // the running pump will see the request
    pumping_ = true;
  }
  if (budget_executor_ == nullptr) {
    PumpLoop();
    return;
  }
  std::weak_ptr<QueuedLimiter*> weak = self_;
  budget_executor_->RunSoon([weak] {
    if (auto self = weak.lock(); self && *self) (*self)->PumpLoop();
  });
}

void QueuedLimiter::Pump(CallClass call_class) { RequestPump(call_class); }

void QueuedLimiter::PumpLoop() {
  while (true) {
    int next = -1;
    {
      absl::MutexLock lock(&mu_);
      for (int c = 0; c < kCallClassCount && next < 0; ++c) {
        if (queues_[c].pump_requested) {
          queues_[c].pump_requested = false;
          next = c;
        }
      }
      if (next < 0) {
        pumping_ = false;
        return;
      }
    }
    const CallClass call_class = static_cast<CallClass>(next);
    AdmitHead(call_class);
    DecideArrivals(call_class);
  }
}

uint64_t QueuedLimiter::Head(const ClassQueue& queue, Priority* priority) {
  *priority =
      queue.lanes[0].size > 0 ? Priority::kInteractive : Priority::kBatch;
  const Lane& lane = queue.lanes[static_cast<int>(*priority)];
  if (lane.size == 0) return 0;
  return lane.by_caller.find(lane.turn.front())->second.front();
}

int QueuedLimiter::Ahead(const ClassQueue& queue, Priority priority) {
  return priority == Priority::kInteractive
             ? queue.lanes[0].size
             : queue.lanes[0].size + queue.lanes[1].size;
}

bool QueuedLimiter::AdmitHead(CallClass call_class) {
  while (true) {
    Priority priority;
    uint64_t id;
    {
      absl::MutexLock lock(&mu_);
      id = Head(queues_[static_cast<int>(call_class)], &priority);
      if (id == 0) return true;
      if (std::optional<BudgetDecision> closure = LocalClosure(call_class)) {
        ScheduleWake(call_class, closure->wait);
        return false;
      }
    }
    std::string slot = NextSlotId();
    // Outside the lock: this may be a Redis round trip.
    BudgetDecision decision =
        budget_->TryAdmit(call_class, slot, Share(priority), 0, /*admit=*/true);
    Deliveries deliveries;
    {
      absl::MutexLock lock(&mu_);
      if (!decision.admitted) {
        ScheduleWake(call_class, decision.wait);
        UpdateGauges(call_class);
        return false;
      }
      std::unique_ptr<Waiter> waiter = TakeWaiter(id);
      if (waiter != nullptr) {
        CountOutcome(waiter->request, "admitted");
        ObserveWait(waiter->request, clock_->Now() - waiter->enqueued);
        deliveries.push_back(
            {std::move(waiter->done), MakePermit(call_class, slot)});
        UpdateGauges(call_class);
      }
    }
    if (deliveries.empty()) {
      GiveBack(call_class, slot);  // the waiter left while it was admitted
    } else {
      Deliver(deliveries);
    }
  }
}

void QueuedLimiter::DecideArrivals(CallClass call_class) {
  while (true) {
    uint64_t id = 0;
    Priority priority;
    int ahead;
    std::optional<BudgetDecision> closure;
    {
      absl::MutexLock lock(&mu_);
      ClassQueue& queue = queues_[static_cast<int>(call_class)];
      while (!queue.arrivals.empty() && id == 0) {
        const uint64_t next = queue.arrivals.front();
        queue.arrivals.pop_front();
        if (waiters_.count(next) > 0) id = next;
      }
      if (id == 0) return;
      priority = waiters_[id]->request.priority;
      ahead = Ahead(queue, priority);
      closure = LocalClosure(call_class);
    }
    const double share = Share(priority);
    std::string slot;
    BudgetDecision decision;
    if (closure.has_value()) {
      decision = *closure;
    } else if (ahead == 0) {
      slot = NextSlotId();
      decision = budget_->TryAdmit(call_class, slot, share, 0, /*admit=*/true);
    } else {
      decision =
          budget_->TryAdmit(call_class, "", share, ahead, /*admit=*/false);
    }
    Deliveries deliveries;
    bool give_back = decision.admitted;
    {
      absl::MutexLock lock(&mu_);
      auto it = waiters_.find(id);
      if (it != waiters_.end()) {
        Waiter& waiter = *it->second;
        const absl::Time now = clock_->Now();
        if (decision.admitted) {
          give_back = false;
          CountOutcome(waiter.request, "admitted");
          ObserveWait(waiter.request, now - waiter.enqueued);
          std::unique_ptr<Waiter> taken = TakeWaiter(id);
          deliveries.push_back(
              {std::move(taken->done), MakePermit(call_class, slot)});
        } else if (now + decision.wait + options_.call_margin >
                   waiter.request.deadline) {
          CountOutcome(waiter.request, "rejected");
          std::unique_ptr<Waiter> taken = TakeWaiter(id);
          deliveries.push_back(
              {std::move(taken->done), Refusal(call_class, decision)});
        } else {
          CountOutcome(waiter.request, "queued");
          Place(waiter);
          ClassQueue& queue = queues_[static_cast<int>(call_class)];
          // The head of the queue decides when to look again.
          if (queue.wake_timer == 0) {
            ScheduleWake(call_class,
                         ahead == 0 ? decision.wait : absl::Milliseconds(1));
          }
        }
        UpdateGauges(call_class);
      }
    }
    if (give_back) GiveBack(call_class, slot);
    Deliver(deliveries);
  }
}

void QueuedLimiter::GiveBack(CallClass call_class, const std::string& slot) {
  Budget* budget = budget_;
  RunBudgetCall(
      [budget, call_class, slot] { budget->Release(call_class, slot); });
}

void QueuedLimiter::Place(Waiter& waiter) {
  ClassQueue& queue = queues_[static_cast<int>(waiter.request.call_class)];
  Lane& lane = queue.lanes[static_cast<int>(waiter.request.priority)];
  std::deque<uint64_t>& fifo = lane.by_caller[waiter.request.caller_id];
  if (fifo.empty()) lane.turn.push_back(waiter.request.caller_id);
  fifo.push_back(waiter.id);
  lane.size++;
  waiter.placed = true;
}

std::unique_ptr<QueuedLimiter::Waiter> QueuedLimiter::TakeWaiter(uint64_t id) {
  auto it = waiters_.find(id);
  if (it == waiters_.end()) return nullptr;
  std::unique_ptr<Waiter> waiter = std::move(it->second);
  waiters_.erase(it);
  const AdmissionRequest& request = waiter->request;
  ClassQueue& queue = queues_[static_cast<int>(request.call_class)];
  if (!waiter->placed) {
    auto pos = std::find(queue.arrivals.begin(), queue.arrivals.end(), id);
    if (pos != queue.arrivals.end()) queue.arrivals.erase(pos);
  } else {
    Lane& lane = queue.lanes[static_cast<int>(request.priority)];
    auto fifo = lane.by_caller.find(request.caller_id);
    const bool was_head = fifo->second.front() == id && !lane.turn.empty() &&
                          lane.turn.front() == request.caller_id;
    fifo->second.erase(std::find(fifo->second.begin(), fifo->second.end(), id));
    lane.size--;
    // The caller's turn is over: to the back of the line, or out.
    auto turn =
        std::find(lane.turn.begin(), lane.turn.end(), request.caller_id);
    if (fifo->second.empty()) {
      lane.turn.erase(turn);
      lane.by_caller.erase(fifo);
    } else if (was_head) {
      lane.turn.erase(turn);
      lane.turn.push_back(request.caller_id);
    }
  }
  scheduler_->Cancel(waiter->deadline_timer);
  if (request.cancel != nullptr && waiter->cancel_registration != 0) {
    request.cancel->Unregister(waiter->cancel_registration);
  }
  return waiter;
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
      (*self)->RequestPump(call_class);
    }
  });
}

void QueuedLimiter::Remove(uint64_t id, absl::Status why) {
  Deliveries deliveries;
  {
    absl::MutexLock lock(&mu_);
    std::unique_ptr<Waiter> waiter = TakeWaiter(id);
    if (waiter == nullptr) return;  // admitted or removed already
    const CallClass call_class = waiter->request.call_class;
    CountOutcome(waiter->request, why.code() == absl::StatusCode::kCancelled
                                      ? "cancelled"
                                      : "expired");
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
  const bool clamped = duration > options_.max_close;
  if (clamped) {
    Log(LogLevel::kWarning, "retry_after_clamped",
        {{"class", std::string(CallClassName(call_class))},
         {"retry_after_s", absl::ToDoubleSeconds(duration)},
         {"max_s", absl::ToDoubleSeconds(options_.max_close)}});
    duration = options_.max_close;
  }
  metrics_->Add(metric::kClosures,
                {{"class", std::string(CallClassName(call_class))},
                 {"clamped", clamped ? "true" : "false"}});
  // Known here at once; the budget (shared with the other replicas) takes
  // over once it has recorded the closure, so an operator's reopen there
  // reaches every replica.
  Deliveries refused;
  {
    absl::MutexLock lock(&mu_);
    ClassQueue& queue = queues_[static_cast<int>(call_class)];
    queue.closed_until = std::max(queue.closed_until, clock_->Now() + duration);
    RefuseOutlasted(call_class, refused);
    ScheduleWake(call_class, duration);
  }
  Deliver(refused);
  Budget* budget = budget_;
  std::weak_ptr<QueuedLimiter*> weak = self_;
  RunBudgetCall([weak, budget, call_class, duration] {
    budget->Close(call_class, duration);
    if (auto self = weak.lock(); self && *self) {
      absl::MutexLock lock(&(*self)->mu_);
      (*self)->queues_[static_cast<int>(call_class)].closed_until =
          absl::InfinitePast();
    }
  });
}

void QueuedLimiter::Reopen() {
  Log(LogLevel::kWarning, "quota_reopened",
      {{"detail", std::string("an operator reopened every call class")}});
  Budget* budget = budget_;
  RunBudgetCall([budget] {
    for (int c = 0; c < kCallClassCount; ++c) {
      budget->Reopen(static_cast<CallClass>(c));
    }
  });
  for (int c = 0; c < kCallClassCount; ++c) {
    RequestPump(static_cast<CallClass>(c));
  }
}

void QueuedLimiter::ScheduleHeartbeat() {
  std::weak_ptr<QueuedLimiter*> weak = self_;
  absl::MutexLock lock(&mu_);
  heartbeat_timer_ =
      scheduler_->RunAt(clock_->Now() + kHeartbeatInterval, [weak] {
        if (auto self = weak.lock(); self && *self) {
          QueuedLimiter* limiter = *self;
          Budget* budget = limiter->budget_;
          limiter->RunBudgetCall([budget] { budget->Heartbeat(); });
          limiter->ScheduleHeartbeat();
        }
      });
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
    const std::string class_name(CallClassName(call_class));
    for (const WindowStatus& w : cls.windows) {
      metrics_->Set(
          metric::kRemaining,
          {{"class", class_name},
           {"window", FormatWindowLength(w.spec.length)}},
          static_cast<double>(std::max<int64_t>(0, w.usable - w.used)));
    }
    metrics_->Set(metric::kClosedSeconds, {{"class", class_name}},
                  cls.closed_until.has_value()
                      ? std::max(0.0, absl::ToDoubleSeconds(*cls.closed_until -
                                                            clock_->Now()))
                      : 0.0);
    status.classes.push_back(std::move(cls));
  }
  metrics_->Set(metric::kDegraded, {},
                status.mode == BudgetMode::kDegraded ? 1 : 0);
  return status;
}

void QueuedLimiter::Deliver(Deliveries& deliveries) {
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
