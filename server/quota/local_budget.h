// Budget kept in this process.
#ifndef GAINSIGHT_GATEWAY_SERVER_QUOTA_LOCAL_BUDGET_H_
#define GAINSIGHT_GATEWAY_SERVER_QUOTA_LOCAL_BUDGET_H_

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "common/clock.h"
#include "quota/budget.h"

namespace gg {

class LocalBudget : public Budget {
 public:
  // `scale` multiplies every usable limit (the share one replica keeps when
  // the shared budget is unreachable); 1 normally.
  LocalBudget(BudgetConfig config, const Clock* clock, double scale = 1.0);

  BudgetDecision TryAdmit(CallClass call_class, const std::string& slot,
                          double share, int ahead, bool admit) override;
  void MarkDone(CallClass call_class, const std::string& slot) override;
  void Release(CallClass call_class, const std::string& slot) override;
  void Close(CallClass call_class, absl::Duration duration) override;
  void Reopen(CallClass call_class) override;
  ClassStatus Status(CallClass call_class) override;
  BudgetMode mode() override { return BudgetMode::kLocal; }

  // Counts `count` calls nobody here made (the share of a shared window used
  // before the shared budget was lost), leaving window `window` at `expiry`.
  void AddPhantoms(CallClass call_class, int window, int64_t count,
                   absl::Time expiry);

  // Slots counted now, with the time each leaves its window (for handing
  // them to the shared budget when it comes back).
  struct LiveSlot {
    std::string slot;
    int window = 0;
    absl::Time expiry;
  };
  std::vector<LiveSlot> LiveSlots(CallClass call_class);

 private:
  struct Window {
    WindowSpec spec;
    int64_t usable = 0;
    // Slots by the time they leave the window; in-flight slots carry
    // admission + length + inflight_ttl until MarkDone.
    std::multimap<absl::Time, std::string> by_expiry;
    std::unordered_map<std::string,
                       std::multimap<absl::Time, std::string>::iterator>
        by_slot;
  };
  struct Class {
    std::vector<Window> windows;
    absl::Time closed_until = absl::InfinitePast();
  };

  void Prune(Window& window, absl::Time now);
  absl::Duration EstimateWait(const Window& window, int64_t cap, int ahead,
                              absl::Time now) const;

  const BudgetConfig config_;
  const Clock* const clock_;
  absl::Mutex mu_;
  Class classes_[kCallClassCount] ABSL_GUARDED_BY(mu_);
  int64_t next_phantom_ ABSL_GUARDED_BY(mu_) = 1;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_QUOTA_LOCAL_BUDGET_H_
