#include "quota/caller_quota_limiter.h"

#include <atomic>
#include <deque>
#include <map>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/status_details.h"
#include "quota/local_budget.h"

namespace gg {
namespace {

// Time a call needs after admission; a wait that leaves less is refused.
constexpr absl::Duration kCallMargin = absl::Milliseconds(20);

}  // namespace

struct CallerQuotaLimiter::Core
    : public std::enable_shared_from_this<CallerQuotaLimiter::Core> {
  struct Waiter {
    AdmissionRequest request;
    Callback done;
    int64_t deadline_timer = 0;
    int64_t cancel_registration = 0;
  };
  struct Caller {
    std::unique_ptr<LocalBudget> budget;  // this caller's calls only
    int in_flight = 0;
    std::deque<uint64_t> queue;  // waiter ids, oldest first
    int64_t wake_timer = 0;
    absl::Time wake_at = absl::InfiniteFuture();
  };
  // Work decided under the lock, done outside it.
  struct Action {
    Callback done;
    absl::Status refusal;  // when not OK, `done` gets it
    AdmissionRequest request;
    std::string slot;  // admitted: forward with this slot

    static Action Refuse(Callback done, absl::Status why) {
      Action a;
      a.done = std::move(done);
      a.refusal = std::move(why);
      return a;
    }
    // `slot` empty: the caller has no quota (any more), straight through.
    static Action Forward(Callback done, AdmissionRequest request,
                          std::string slot) {
      Action a;
      a.done = std::move(done);
      a.request = std::move(request);
      a.slot = std::move(slot);
      return a;
    }
  };

  Limiter* inner;
  LimitsSpec limits;
  double headroom;
  QuotaLookup lookup;
  Scheduler* scheduler;
  const Clock* clock;
  std::atomic<uint64_t> next_slot{1};

  absl::Mutex mu;
  bool stopped ABSL_GUARDED_BY(mu) = false;
  uint64_t next_waiter ABSL_GUARDED_BY(mu) = 1;
  std::map<uint64_t, Waiter> waiters ABSL_GUARDED_BY(mu);
  std::map<std::string, Caller> callers ABSL_GUARDED_BY(mu);

  Caller& CallerOf(const std::string& id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    Caller& caller = callers[id];
    if (caller.budget == nullptr) {
      BudgetConfig config;
      config.limits = limits;
      config.headroom = headroom;
      caller.budget = std::make_unique<LocalBudget>(config, clock);
    }
    return caller;
  }

  // Admits the call into its caller's share: the slot, or the decision
  // (wait < 0: bound by calls in flight, which end at no known time).
  std::optional<std::string> TryTake(Caller& caller, const CallerQuota& quota,
                                     CallClass call_class,
                                     BudgetDecision& decision)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    if (quota.max_in_flight > 0 && caller.in_flight >= quota.max_in_flight) {
      decision.wait = absl::Seconds(-1);
      return std::nullopt;
    }
    std::string slot = absl::StrCat("caller:", next_slot.fetch_add(1));
    decision = caller.budget->TryAdmit(call_class, slot, quota.share, 0,
                                       /*admit=*/true);
    if (!decision.admitted) return std::nullopt;
    caller.in_flight++;
    return slot;
  }

  absl::Status Refusal(const std::string& id, CallClass call_class,
                       const BudgetDecision& decision) const {
    const std::vector<WindowSpec>& windows = limits.For(call_class);
    std::string which =
        decision.window >= 0 &&
                decision.window < static_cast<int>(windows.size())
            ? absl::StrCat(windows[decision.window].limit, "/",
                           FormatWindowLength(windows[decision.window].length))
            : "calls in flight";
    std::string description = absl::StrCat(
        "caller '", id, "' has used its share of the Gainsight ",
        CallClassName(call_class), " budget (", which,
        ") until after the call's deadline; expected wait ",
        absl::FormatDuration(absl::Ceil(decision.wait, absl::Milliseconds(1))));
    absl::Status status = absl::ResourceExhaustedError(description);
    AttachErrorInfo(status, "CALLER_QUOTA_WAIT_EXCEEDS_DEADLINE",
                    {{"caller", id},
                     {"call_class", std::string(CallClassName(call_class))},
                     {"window", which}});
    AttachRetryInfo(status, decision.wait);
    AttachQuotaFailure(
        status,
        absl::StrCat("caller:", id, ":", CallClassName(call_class), ":", which),
        description);
    return status;
  }

  void Acquire(AdmissionRequest request, Callback done,
               const CallerQuota& quota) {
    std::vector<Action> actions;
    {
      absl::MutexLock lock(&mu);
      if (stopped) {
        actions.push_back(Action::Refuse(
            std::move(done), absl::UnavailableError("gateway shutting down")));
      } else {
        Enter(std::move(request), std::move(done), quota, actions);
      }
    }
    Run(actions);
  }

  void Enter(AdmissionRequest request, Callback done, const CallerQuota& quota,
             std::vector<Action>& actions) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    const std::string id = request.caller_id;
    Caller& caller = CallerOf(id);
    BudgetDecision decision;
    if (caller.queue.empty()) {
      std::optional<std::string> slot =
          TryTake(caller, quota, request.call_class, decision);
      if (slot.has_value()) {
        actions.push_back(
            Action::Forward(std::move(done), std::move(request), *slot));
        return;
      }
      const absl::Time now = clock->Now();
      if (decision.wait >= absl::ZeroDuration() &&
          now + decision.wait + kCallMargin > request.deadline) {
        actions.push_back(Action::Refuse(
            std::move(done), Refusal(id, request.call_class, decision)));
        return;
      }
    }
    const uint64_t waiter_id = next_waiter++;
    Waiter& waiter = waiters[waiter_id];
    std::weak_ptr<Core> weak = weak_from_this();
    if (request.cancel != nullptr) {
      waiter.cancel_registration = request.cancel->OnCancel([weak, waiter_id] {
        if (auto core = weak.lock()) {
          core->Leave(waiter_id, absl::CancelledError("call cancelled"));
        }
      });
    }
    if (request.deadline != absl::InfiniteFuture()) {
      waiter.deadline_timer =
          scheduler->RunAt(request.deadline, [weak, waiter_id] {
            if (auto core = weak.lock()) {
              core->Leave(waiter_id,
                          absl::DeadlineExceededError(
                              "deadline passed while the caller waited for "
                              "its share of the Gainsight budget"));
            }
          });
    }
    waiter.request = std::move(request);
    waiter.done = std::move(done);
    caller.queue.push_back(waiter_id);
    if (decision.wait > absl::ZeroDuration()) Wake(id, caller, decision.wait);
  }

  // Looks at the caller's queue again after `wait`.
  void Wake(const std::string& id, Caller& caller, absl::Duration wait)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    const absl::Time when =
        clock->Now() + std::max(wait, absl::Milliseconds(1));
    if (caller.wake_timer != 0) {
      if (caller.wake_at <= when) return;
      scheduler->Cancel(caller.wake_timer);
    }
    std::weak_ptr<Core> weak = weak_from_this();
    caller.wake_at = when;
    caller.wake_timer = scheduler->RunAt(when, [weak, id] {
      if (auto core = weak.lock()) {
        {
          absl::MutexLock lock(&core->mu);
          auto it = core->callers.find(id);
          if (it != core->callers.end()) {
            it->second.wake_timer = 0;
            it->second.wake_at = absl::InfiniteFuture();
          }
        }
        core->Pump(id);
      }
    });
  }

  void Pump(const std::string& id) {
    std::vector<Action> actions;
    {
      absl::MutexLock lock(&mu);
      if (!stopped) PumpLocked(id, actions);
    }
    Run(actions);
  }

  void PumpLocked(const std::string& id, std::vector<Action>& actions)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    auto found = callers.find(id);
    if (found == callers.end()) return;
    Caller& caller = found->second;
    const std::optional<CallerQuota> quota = lookup(id);
    while (!caller.queue.empty()) {
      const uint64_t waiter_id = caller.queue.front();
      Waiter& waiter = waiters[waiter_id];
      std::optional<std::string> slot;
      BudgetDecision decision;
      if (quota.has_value()) {
        slot = TryTake(caller, *quota, waiter.request.call_class, decision);
        if (!slot.has_value()) {
          if (decision.wait > absl::ZeroDuration()) {
            Wake(id, caller, decision.wait);
          }
          return;
        }
      }
      // Without a quota any more (the policy changed): straight through.
      caller.queue.pop_front();
      scheduler->Cancel(waiter.deadline_timer);
      if (waiter.request.cancel != nullptr) {
        waiter.request.cancel->Unregister(waiter.cancel_registration);
      }
      actions.push_back(Action::Forward(std::move(waiter.done),
                                        std::move(waiter.request),
                                        slot.value_or("")));
      waiters.erase(waiter_id);
    }
  }

  void Leave(uint64_t waiter_id, absl::Status why) {
    std::vector<Action> actions;
    {
      absl::MutexLock lock(&mu);
      auto it = waiters.find(waiter_id);
      if (it == waiters.end()) return;  // admitted or gone already
      Caller& caller = callers[it->second.request.caller_id];
      caller.queue.erase(
          std::find(caller.queue.begin(), caller.queue.end(), waiter_id));
      scheduler->Cancel(it->second.deadline_timer);
      actions.push_back(
          Action::Refuse(std::move(it->second.done), std::move(why)));
      waiters.erase(it);
    }
    Run(actions);
  }

  // A call admitted into its caller's share ended: answered (`sent`), or
  // never sent.
  void Finish(const std::string& id, CallClass call_class,
              const std::string& slot, bool sent) {
    {
      absl::MutexLock lock(&mu);
      auto it = callers.find(id);
      if (it == callers.end()) return;
      it->second.in_flight--;
      if (sent) {
        it->second.budget->MarkDone(call_class, slot);
      } else {
        it->second.budget->Release(call_class, slot);
      }
    }
    Pump(id);
  }

  void Run(std::vector<Action>& actions);
};

class CallerQuotaLimiter::CallerPermit : public Permit {
 public:
  CallerPermit(std::shared_ptr<Core> core, std::string caller,
               CallClass call_class, std::string slot,
               std::unique_ptr<Permit> inner)
      : core_(std::move(core)),
        caller_(std::move(caller)),
        call_class_(call_class),
        slot_(std::move(slot)),
        inner_(std::move(inner)) {}
  ~CallerPermit() override {
    inner_.reset();  // gives the tenant's slot back first when unsent
    if (!done_) core_->Finish(caller_, call_class_, slot_, sent_);
  }
  void MarkSent() override {
    sent_ = true;
    inner_->MarkSent();
  }
  void MarkDone() override {
    if (done_) return;
    done_ = true;
    inner_->MarkDone();
    core_->Finish(caller_, call_class_, slot_, /*sent=*/true);
  }

 private:
  const std::shared_ptr<Core> core_;
  const std::string caller_;
  const CallClass call_class_;
  const std::string slot_;
  std::unique_ptr<Permit> inner_;
  bool sent_ = false;
  bool done_ = false;
};

void CallerQuotaLimiter::Core::Run(std::vector<Action>& actions) {
  for (Action& action : actions) {
    if (!action.refusal.ok()) {
      action.done(std::move(action.refusal));
      continue;
    }
    if (action.slot.empty()) {
      inner->Acquire(std::move(action.request), std::move(action.done));
      continue;
    }
    // Within the caller's share: now the tenant's budget decides.
    std::shared_ptr<Core> self = shared_from_this();
    const std::string caller = action.request.caller_id;
    const CallClass call_class = action.request.call_class;
    inner->Acquire(std::move(action.request),
                   [self, caller, call_class, slot = action.slot,
                    done = std::move(action.done)](
                       absl::StatusOr<std::unique_ptr<Permit>> permit) mutable {
                     if (!permit.ok()) {
                       self->Finish(caller, call_class, slot, /*sent=*/false);
                       done(permit.status());
                       return;
                     }
                     done(std::unique_ptr<Permit>(new CallerPermit(
                         self, caller, call_class, slot, *std::move(permit))));
                   });
  }
}

CallerQuotaLimiter::CallerQuotaLimiter(Limiter* inner, LimitsSpec limits,
                                       double headroom, QuotaLookup lookup,
                                       Scheduler* scheduler, const Clock* clock)
    : core_(std::make_shared<Core>()) {
  core_->inner = inner;
  core_->limits = std::move(limits);
  core_->headroom = headroom;
  core_->lookup = std::move(lookup);
  core_->scheduler = scheduler;
  core_->clock = clock;
}

CallerQuotaLimiter::~CallerQuotaLimiter() {
  std::vector<Core::Action> actions;
  {
    absl::MutexLock lock(&core_->mu);
    core_->stopped = true;
    for (auto& [id, waiter] : core_->waiters) {
      core_->scheduler->Cancel(waiter.deadline_timer);
      actions.push_back(Core::Action::Refuse(
          std::move(waiter.done),
          absl::UnavailableError("gateway shutting down")));
    }
    core_->waiters.clear();
    for (auto& [id, caller] : core_->callers) {
      core_->scheduler->Cancel(caller.wake_timer);
      caller.queue.clear();
    }
  }
  core_->Run(actions);
}

void CallerQuotaLimiter::Acquire(AdmissionRequest request, Callback done) {
  std::optional<CallerQuota> quota = core_->lookup(request.caller_id);
  if (!quota.has_value()) {
    core_->inner->Acquire(std::move(request), std::move(done));
    return;
  }
  if (request.cancel != nullptr && request.cancel->cancelled()) {
    done(absl::CancelledError("call cancelled"));
    return;
  }
  core_->Acquire(std::move(request), std::move(done), *quota);
}

void CallerQuotaLimiter::ReportThrottled(
    CallClass call_class, std::optional<absl::Duration> retry_after) {
  core_->inner->ReportThrottled(call_class, retry_after);
}

void CallerQuotaLimiter::Reopen() { core_->inner->Reopen(); }

QuotaStatus CallerQuotaLimiter::Status() { return core_->inner->Status(); }

}  // namespace gg
