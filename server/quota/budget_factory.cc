#include "quota/budget_factory.h"

#include "quota/failover_budget.h"
#include "quota/local_budget.h"
#include "quota/redis_budget.h"

namespace gg {

absl::StatusOr<std::unique_ptr<Budget>> MakeBudget(
    const BudgetConfig& config, const std::string& redis_url,
    double fallback_share, const std::string& key_prefix, const Clock* clock,
    Metrics* metrics, std::function<void(BudgetMode)> on_mode_change) {
  if (redis_url.empty()) return std::make_unique<LocalBudget>(config, clock);
  absl::StatusOr<RedisAddress> address = ParseRedisUrl(redis_url);
  if (!address.ok()) return address.status();
  RedisBudget::Options options;
  options.address = *address;
  options.key_prefix = key_prefix;
  return std::make_unique<FailoverBudget>(
      std::make_unique<RedisBudget>(options, config),
      std::make_unique<LocalBudget>(config, clock, fallback_share),
      fallback_share, config.limits, clock, metrics, std::move(on_mode_change));
}

}  // namespace gg
