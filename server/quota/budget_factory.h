// Chooses the Budget a Config asks for.
#ifndef GAINSIGHT_GATEWAY_SERVER_QUOTA_BUDGET_FACTORY_H_
#define GAINSIGHT_GATEWAY_SERVER_QUOTA_BUDGET_FACTORY_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "quota/budget.h"

namespace gg {

class Metrics;

// Where the budget lives. Without `redis_url`: in this process.
struct SharedBudgetOptions {
  std::string redis_url;
  // Share of each limit this replica admits from while Redis is unreachable.
  double fallback_share = 0.34;
  // Names the tenant in Redis keys.
  std::string key_prefix;
  std::string replica_id = "local";
  absl::Duration redis_timeout = absl::Milliseconds(50);
  // How long a replica cut off from Redis admits from its share.
  absl::Duration fallback_lease = absl::Minutes(15);
};

// Without a Redis URL: a LocalBudget. With it: the shared Redis budget,
// which falls back to `fallback_share` of each limit while Redis is
// unreachable. `on_mode_change` hears when the shared budget is lost or
// regained.
absl::StatusOr<std::unique_ptr<Budget>> MakeBudget(
    const BudgetConfig& config, const SharedBudgetOptions& shared,
    const Clock* clock, Metrics* metrics,
    std::function<void(BudgetMode)> on_mode_change);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_QUOTA_BUDGET_FACTORY_H_
