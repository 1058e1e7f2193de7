#include "quota/budget_factory.h"

#include "quota/failover_budget.h"
#include "quota/local_budget.h"
#include "quota/redis_budget.h"

namespace gg {

absl::StatusOr<std::unique_ptr<Budget>> MakeBudget(
    const BudgetConfig& config, const SharedBudgetOptions& shared,
    const Clock* clock, Metrics* metrics,
    std::function<void(BudgetMode)> on_mode_change) {
  if (shared.redis_url.empty()) {
    return std::make_unique<LocalBudget>(config, clock);
  }
  absl::StatusOr<RedisAddress> address = ParseRedisUrl(shared.redis_url);
  if (!address.ok()) return address.status();
  RedisBudget::Options options;
  options.address = *address;
  options.key_prefix = shared.key_prefix;
  options.timeout = shared.redis_timeout;
  options.replica_id = shared.replica_id;
  options.fallback_share = shared.fallback_share;
  options.fallback_lease = shared.fallback_lease;
  return std::make_unique<FailoverBudget>(
      std::make_unique<RedisBudget>(options, config),
      std::make_unique<LocalBudget>(config, clock, shared.fallback_share),
      shared.fallback_share, config.limits, clock, metrics,
      std::move(on_mode_change));
}

}  // namespace gg
