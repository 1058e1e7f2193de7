#include "quota/failover_budget.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "observe/log.h"
#include "observe/metric_names.h"
#include "observe/metrics.h"

namespace gg {

FailoverBudget::FailoverBudget(std::unique_ptr<RedisBudget> shared,
                               std::unique_ptr<LocalBudget> fallback,
                               double share, const LimitsSpec& limits,
                               const Clock* clock, Metrics* metrics,
                               std::function<void(BudgetMode)> on_mode_change)
    : shared_(std::move(shared)),
      fallback_(std::move(fallback)),
      share_(share),
      limits_(limits),
      clock_(clock),
      metrics_(metrics),
      on_mode_change_(std::move(on_mode_change)) {
  metrics_->Set(metric::kDegraded, {}, 0);
  // Register at once: a replica the others do not know of gets no share
  // reserved for it, so it may not fall back before its first heartbeat.
  Heartbeat();
}

void FailoverBudget::set_on_mode_change(
    std::function<void(BudgetMode)> callback) {
  absl::MutexLock lock(&mu_);
  on_mode_change_ = std::move(callback);
}

BudgetMode FailoverBudget::mode() {
  absl::MutexLock lock(&mu_);
  return degraded_ ? BudgetMode::kDegraded : BudgetMode::kShared;
}

void FailoverBudget::EnterDegraded(const absl::Status& why) {
  std::function<void(BudgetMode)> notify;
  {
    absl::MutexLock lock(&mu_);
    next_probe_ = clock_->Now() + absl::Seconds(1);
    if (degraded_) return;
    degraded_ = true;
    SeedFallback();
    notify = on_mode_change_;
  }
  Log(LogLevel::kError, "quota_degraded",
      {{"reason", std::string(why.message())},
       {"detail", std::string("Redis unreachable: admitting from this "
                              "replica's local share of each limit")}});
  metrics_->Set(metric::kDegraded, {}, 1);
  if (notify) notify(BudgetMode::kDegraded);
}

void FailoverBudget::SeedFallback() {
  const absl::Time now = clock_->Now();
  for (int c = 0; c < kCallClassCount; ++c) {
    const CallClass call_class = static_cast<CallClass>(c);
    const std::vector<WindowSpec>& windows = limits_.For(call_class);
    if (windows.empty()) continue;
    absl::Duration shortest = windows.front().length;
    for (size_t i = 0; i < windows.size(); ++i) {
      shortest = std::min(shortest, windows[i].length);
      if (i < last_used_[c].size()) {
        fallback_->AddPhantoms(
            call_class, static_cast<int>(i),
            static_cast<int64_t>(std::ceil(last_used_[c][i] * share_)),
            now + windows[i].length);
      }
    }
    // One more second for the skew between this clock and Redis's.
    hold_until_[c] = now + shortest + shared_->options().heartbeat_timeout +
                     absl::Seconds(1);
  }
}

std::optional<BudgetDecision> FailoverBudget::FallbackHeld(
    CallClass call_class) {
  absl::MutexLock lock(&mu_);
  const absl::Time now = clock_->Now();
  BudgetDecision held;  // window -1: closed
  if (now >= last_contact_ + shared_->options().fallback_lease) {
    // Past the lease the others no longer reserve this replica's share.
    held.wait = std::max(absl::Seconds(1), next_probe_ - now);
    return held;
  }
  if (now < hold_until_[static_cast<int>(call_class)]) {
    held.wait = hold_until_[static_cast<int>(call_class)] - now;
    return held;
  }
  return std::nullopt;
}

void FailoverBudget::Defer(CallClass call_class, const std::string& slot,
                           bool done) {
  absl::MutexLock lock(&mu_);
  if (deferred_.size() < kMaxDeferred) {
    deferred_.push_back({call_class, slot, done});
  }
}

bool FailoverBudget::SharedUsable() {
  {
    absl::MutexLock lock(&mu_);
    if (!degraded_) return true;
    if (clock_->Now() < next_probe_) return false;
    next_probe_ = clock_->Now() + absl::Seconds(1);
  }
  if (!shared_->Ping().ok()) return false;
  // Redis is back: send the updates kept meanwhile, hand over what was
  // admitted locally, then say this replica is alive again (which ends the
  // others' reservation of its share) and switch.
  std::vector<Deferred> deferred;
  {
    absl::MutexLock lock(&mu_);
    deferred.swap(deferred_);
  }
  for (const Deferred& d : deferred) {
    absl::Status s = d.done ? shared_->MarkDone(d.call_class, d.slot)
                            : shared_->Release(d.call_class, d.slot);
    if (!s.ok()) return false;  // the rest stay counted until they expire
  }
  for (int c = 0; c < kCallClassCount; ++c) {
    const CallClass call_class = static_cast<CallClass>(c);
    std::vector<RedisBudget::ForeignSlot> slots;
    const absl::Time now = clock_->Now();
    for (const LocalBudget::LiveSlot& s : fallback_->LiveSlots(call_class)) {
      slots.push_back({s.slot, s.window, s.expiry - now});
    }
    if (!shared_->Adopt(call_class, slots).ok()) return false;
  }
  const absl::Time sent = clock_->Now();
  if (!shared_->Heartbeat().ok()) return false;
  std::function<void(BudgetMode)> notify;
  {
    absl::MutexLock lock(&mu_);
    last_contact_ = sent;
    degraded_ = false;
    local_slots_.clear();
    notify = on_mode_change_;
  }
  Log(LogLevel::kInfo, "quota_shared_again",
      {{"detail", std::string("Redis answers: back on the shared budget")}});
  metrics_->Set(metric::kDegraded, {}, 0);
  if (notify) notify(BudgetMode::kShared);
  return true;
}

bool FailoverBudget::IsLocalSlot(const std::string& slot) {
  absl::MutexLock lock(&mu_);
  return local_slots_.count(slot) > 0;
}

BudgetDecision FailoverBudget::TryAdmit(CallClass call_class,
                                        const std::string& slot, double share,
                                        int ahead, bool admit) {
  if (SharedUsable()) {
    const absl::Time sent = clock_->Now();
    absl::StatusOr<BudgetDecision> decision =
        shared_->TryAdmit(call_class, slot, share, ahead, admit);
    if (decision.ok()) {
      absl::MutexLock lock(&mu_);
      last_contact_ = std::max(last_contact_, sent);  // it heartbeats too
      if (!decision->used.empty()) {
        last_used_[static_cast<int>(call_class)] = decision->used;
      }
      return *decision;
    }
    EnterDegraded(decision.status());
  }
  if (std::optional<BudgetDecision> held = FallbackHeld(call_class)) {
    return *held;
  }
  BudgetDecision decision =
      fallback_->TryAdmit(call_class, slot, share, ahead, admit);
  if (decision.admitted) {
    absl::MutexLock lock(&mu_);
    local_slots_.insert(slot);
  }
  return decision;
}

void FailoverBudget::MarkDone(CallClass call_class, const std::string& slot) {
  // Slots adopted by Redis are no longer local; others stay where admitted.
  if (IsLocalSlot(slot)) {
    fallback_->MarkDone(call_class, slot);
    absl::MutexLock lock(&mu_);
    local_slots_.erase(slot);  // nothing more will be asked of this slot
    return;
  }
  if (mode() == BudgetMode::kDegraded) {
    Defer(call_class, slot, /*done=*/true);
    return;
  }
  // A failure leaves the slot counted until its in-flight TTL: safe.
  if (absl::Status s = shared_->MarkDone(call_class, slot); !s.ok()) {
    Defer(call_class, slot, /*done=*/true);
    EnterDegraded(s);
  }
}

void FailoverBudget::Release(CallClass call_class, const std::string& slot) {
  if (IsLocalSlot(slot)) {
    fallback_->Release(call_class, slot);
    absl::MutexLock lock(&mu_);
    local_slots_.erase(slot);
    return;
  }
  if (mode() == BudgetMode::kDegraded) {
    Defer(call_class, slot, /*done=*/false);
    return;
  }
  if (absl::Status s = shared_->Release(call_class, slot); !s.ok()) {
    Defer(call_class, slot, /*done=*/false);
    EnterDegraded(s);
  }
}

void FailoverBudget::Close(CallClass call_class, absl::Duration duration) {
  fallback_->Close(call_class, duration);
  if (mode() == BudgetMode::kDegraded) return;
  if (absl::Status s = shared_->Close(call_class, duration); !s.ok()) {
    EnterDegraded(s);
  }
}

void FailoverBudget::Reopen(CallClass call_class) {
  fallback_->Reopen(call_class);
  if (mode() == BudgetMode::kDegraded) return;
  if (absl::Status s = shared_->Reopen(call_class); !s.ok()) {
    EnterDegraded(s);
  }
}

void FailoverBudget::Heartbeat() {
  if (mode() == BudgetMode::kDegraded) {
    SharedUsable();  // probes when due, and comes back when Redis answers
    return;
  }
  const absl::Time sent = clock_->Now();
  if (absl::Status s = shared_->Heartbeat(); !s.ok()) {
    EnterDegraded(s);
    return;
  }
  absl::MutexLock lock(&mu_);
  last_contact_ = std::max(last_contact_, sent);
}

FailoverBudget::~FailoverBudget() {
  // A clean stop: the others need not reserve this replica's share.
  if (mode() == BudgetMode::kShared) (void)shared_->Deregister();
}

ClassStatus FailoverBudget::Status(CallClass call_class) {
  if (mode() == BudgetMode::kShared) {
    absl::StatusOr<ClassStatus> status = shared_->Status(call_class);
    if (status.ok()) return *status;
    EnterDegraded(status.status());
  }
  return fallback_->Status(call_class);
}

}  // namespace gg
