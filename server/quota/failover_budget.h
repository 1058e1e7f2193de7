// The shared Redis budget with a safe fallback: while Redis does not answer,
// this replica admits calls from a local budget holding `fallback_share` of
// each limit (about 1 / replicas, so that all replicas together stay under
// the limit), logs the switch once, and reports BUDGET_MODE_DEGRADED. It
// probes Redis at most once a second and, when Redis answers again, hands
// the calls it admitted locally to the shared budget and returns to it.
// It never admits without a budget (never fails open). On failure the local
// budget starts from its share of the shared use last seen, and admits
// nothing for one shortest window plus the heartbeat timeout: other replicas
// may have filled the window since, and only see this replica's heartbeat
// missing (and reserve its share) after that timeout. It admits from its
// share for at most the fallback lease after its last heartbeat; the others
// keep the share reserved that long (see RedisBudget).
//
// Every method may wait on Redis (up to its timeout): MayBlock() is true.
// While degraded, slots admitted through Redis are not marked done or
// released there (that would wait on Redis for each); those updates are
// kept (up to a bound) and sent when Redis answers again. A slot whose update
// is lost stays counted until it expires: the safe side.
#ifndef GAINSIGHT_GATEWAY_SERVER_QUOTA_FAILOVER_BUDGET_H_
#define GAINSIGHT_GATEWAY_SERVER_QUOTA_FAILOVER_BUDGET_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "common/clock.h"
#include "quota/local_budget.h"
#include "quota/redis_budget.h"

namespace gg {

class Metrics;

class FailoverBudget : public Budget {
 public:
  // `on_mode_change` runs (outside locks) when the mode flips.
  // `share` is the part of each limit `fallback` holds.
  FailoverBudget(std::unique_ptr<RedisBudget> shared,
                 std::unique_ptr<LocalBudget> fallback, double share,
                 const LimitsSpec& limits, const Clock* clock, Metrics* metrics,
                 std::function<void(BudgetMode)> on_mode_change = nullptr);

  BudgetDecision TryAdmit(CallClass call_class, const std::string& slot,
                          double share, int ahead, bool admit) override;
  void MarkDone(CallClass call_class, const std::string& slot) override;
  void Release(CallClass call_class, const std::string& slot) override;
  void Close(CallClass call_class, absl::Duration duration) override;
  void Reopen(CallClass call_class) override;
  ClassStatus Status(CallClass call_class) override;
  BudgetMode mode() override;
  bool MayBlock() const override { return true; }
  void Heartbeat() override;
  ~FailoverBudget() override;

  void set_on_mode_change(std::function<void(BudgetMode)> callback);

 private:
  // A Redis update deferred while degraded.
  struct Deferred {
    CallClass call_class;
    std::string slot;
    bool done;  // MarkDone; else Release
  };
  static constexpr size_t kMaxDeferred = 10000;

  // Returns true when the shared budget is usable now (probing when due).
  bool SharedUsable();
  // Why the fallback may not admit now (and for how long), if it may not.
  std::optional<BudgetDecision> FallbackHeld(CallClass call_class);
  void Defer(CallClass call_class, const std::string& slot, bool done);
  void EnterDegraded(const absl::Status& why);
  // Makes the local budget assume its share of what the shared budget had
  // counted, and the shortest window of each class full.
  void SeedFallback() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  bool IsLocalSlot(const std::string& slot);

  std::unique_ptr<RedisBudget> shared_;
  std::unique_ptr<LocalBudget> fallback_;
  const double share_;
  const LimitsSpec limits_;
  const Clock* const clock_;
  Metrics* const metrics_;

  absl::Mutex mu_;
  bool degraded_ ABSL_GUARDED_BY(mu_) = false;
  absl::Time next_probe_ ABSL_GUARDED_BY(mu_);
  std::unordered_set<std::string> local_slots_ ABSL_GUARDED_BY(mu_);
  // Shared use per window as last seen, to seed the local budget on failure.
  std::vector<int64_t> last_used_[kCallClassCount] ABSL_GUARDED_BY(mu_);
  std::function<void(BudgetMode)> on_mode_change_ ABSL_GUARDED_BY(mu_);
  // When this replica last heard Redis count it alive (sent at this time).
  absl::Time last_contact_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  // While degraded, the fallback admits nothing of a class before this.
  absl::Time hold_until_[kCallClassCount] ABSL_GUARDED_BY(mu_);
  std::vector<Deferred> deferred_ ABSL_GUARDED_BY(mu_);
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_QUOTA_FAILOVER_BUDGET_H_
