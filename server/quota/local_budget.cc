#include "quota/local_budget.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace gg {

LocalBudget::LocalBudget(BudgetConfig config, const Clock* clock, double scale)
    : config_(std::move(config)), clock_(clock) {
  for (int c = 0; c < kCallClassCount; ++c) {
    for (const WindowSpec& spec :
         config_.limits.For(static_cast<CallClass>(c))) {
      Window window;
      window.spec = spec;
      window.usable = std::max<int64_t>(
          1, static_cast<int64_t>(UsableLimit(spec, config_.headroom) * scale));
      classes_[c].windows.push_back(std::move(window));
    }
  }
}

void LocalBudget::Prune(Window& window, absl::Time now) {
  while (!window.by_expiry.empty() && window.by_expiry.begin()->first <= now) {
    window.by_slot.erase(window.by_expiry.begin()->second);
    window.by_expiry.erase(window.by_expiry.begin());
  }
}

absl::Duration LocalBudget::EstimateWait(const Window& window, int64_t cap,
                                         int ahead, absl::Time now) const {
  const int64_t count = static_cast<int64_t>(window.by_expiry.size());
  // Slots that must leave before this call fits.
  const int64_t needed = count - cap + ahead + 1;
  if (needed <= 0) return absl::ZeroDuration();
  const absl::Time horizon = now + window.spec.length;  // in-flight estimate
  if (needed <= count) {
    auto it = window.by_expiry.begin();
    std::advance(it, needed - 1);
    return std::min(it->first, horizon) - now;
  }
  // More calls queued than the window holds: whole windows more.
  absl::Time last = std::min(
      window.by_expiry.empty() ? now : std::prev(window.by_expiry.end())->first,
      horizon);
  int64_t extra_windows = (needed - count + cap - 1) / cap;
  return (last - now) + extra_windows * window.spec.length;
}

BudgetDecision LocalBudget::TryAdmit(CallClass call_class,
                                     const std::string& slot, double share,
                                     int ahead, bool admit) {
  absl::MutexLock lock(&mu_);
  const absl::Time now = clock_->Now();
  Class& cls = classes_[static_cast<int>(call_class)];
  BudgetDecision decision;
  if (cls.closed_until > now) {
    decision.wait = cls.closed_until - now;
    return decision;
  }
  bool room = true;
  for (size_t i = 0; i < cls.windows.size(); ++i) {
    Window& window = cls.windows[i];
    Prune(window, now);
    decision.used.push_back(static_cast<int64_t>(window.by_expiry.size()));
    // Admission looks at this call alone; an estimate at the queue ahead.
    absl::Duration wait = EstimateWait(window, ShareCap(window.usable, share),
                                       admit ? 0 : ahead, now);
    if (wait <= absl::ZeroDuration()) continue;
    room = false;
    if (wait > decision.wait) {
      decision.wait = wait;
      decision.window = static_cast<int>(i);
    }
  }
  if (!admit || !room) return decision;
  for (Window& window : cls.windows) {
    auto it = window.by_expiry.emplace(
        now + window.spec.length + config_.inflight_ttl, slot);
    window.by_slot[slot] = it;
  }
  decision.admitted = true;
  decision.wait = absl::ZeroDuration();
  decision.window = -1;
  return decision;
}

void LocalBudget::MarkDone(CallClass call_class, const std::string& slot) {
  absl::MutexLock lock(&mu_);
  const absl::Time now = clock_->Now();
  for (Window& window : classes_[static_cast<int>(call_class)].windows) {
    auto found = window.by_slot.find(slot);
    if (found == window.by_slot.end()) continue;
    window.by_expiry.erase(found->second);
    found->second = window.by_expiry.emplace(now + window.spec.length, slot);
  }
}

void LocalBudget::Release(CallClass call_class, const std::string& slot) {
  absl::MutexLock lock(&mu_);
  for (Window& window : classes_[static_cast<int>(call_class)].windows) {
    auto found = window.by_slot.find(slot);
    if (found == window.by_slot.end()) continue;
    window.by_expiry.erase(found->second);
    window.by_slot.erase(found);
  }
}

void LocalBudget::Close(CallClass call_class, absl::Duration duration) {
  absl::MutexLock lock(&mu_);
  Class& cls = classes_[static_cast<int>(call_class)];
  cls.closed_until = std::max(cls.closed_until, clock_->Now() + duration);
}

void LocalBudget::Reopen(CallClass call_class) {
  absl::MutexLock lock(&mu_);
  classes_[static_cast<int>(call_class)].closed_until = absl::InfinitePast();
}

ClassStatus LocalBudget::Status(CallClass call_class) {
  absl::MutexLock lock(&mu_);
  const absl::Time now = clock_->Now();
  Class& cls = classes_[static_cast<int>(call_class)];
  ClassStatus status;
  status.call_class = call_class;
  if (cls.closed_until > now) status.closed_until = cls.closed_until;
  for (Window& window : cls.windows) {
    Prune(window, now);
    WindowStatus w;
    w.spec = window.spec;
    w.usable = window.usable;
    w.used = static_cast<int64_t>(window.by_expiry.size());
    if (!window.by_expiry.empty()) {
      w.next_free =
          std::min(window.by_expiry.begin()->first, now + window.spec.length);
    }
    status.windows.push_back(w);
  }
  return status;
}

void LocalBudget::AddPhantoms(CallClass call_class, int window, int64_t count,
                              absl::Time expiry) {
  absl::MutexLock lock(&mu_);
  Class& cls = classes_[static_cast<int>(call_class)];
  if (window < 0 || window >= static_cast<int>(cls.windows.size())) return;
  Window& w = cls.windows[window];
  for (int64_t i = 0; i < count; ++i) {
    std::string slot = absl::StrCat("phantom:", next_phantom_++);
    w.by_slot[slot] = w.by_expiry.emplace(expiry, slot);
  }
}

std::vector<LocalBudget::LiveSlot> LocalBudget::LiveSlots(
    CallClass call_class) {
  absl::MutexLock lock(&mu_);
  const absl::Time now = clock_->Now();
  std::vector<LiveSlot> slots;
  Class& cls = classes_[static_cast<int>(call_class)];
  for (size_t i = 0; i < cls.windows.size(); ++i) {
    Prune(cls.windows[i], now);
    for (const auto& [expiry, slot] : cls.windows[i].by_expiry) {
      slots.push_back({slot, static_cast<int>(i), expiry});
    }
  }
  return slots;
}

}  // namespace gg
