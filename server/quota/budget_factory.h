// Chooses the Budget a Config asks for.
#ifndef GAINSIGHT_GATEWAY_SERVER_QUOTA_BUDGET_FACTORY_H_
#define GAINSIGHT_GATEWAY_SERVER_QUOTA_BUDGET_FACTORY_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "quota/budget.h"

namespace gg {

class Metrics;

// Without `redis_url`: a LocalBudget. With it: the shared Redis budget, which
// falls back to `fallback_share` of each limit while Redis is unreachable.
// `key_prefix` names the tenant in Redis keys; `on_mode_change` hears when
// the shared budget is lost or regained.
absl::StatusOr<std::unique_ptr<Budget>> MakeBudget(
    const BudgetConfig& config, const std::string& redis_url,
    double fallback_share, const std::string& key_prefix, const Clock* clock,
    Metrics* metrics, std::function<void(BudgetMode)> on_mode_change);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_QUOTA_BUDGET_FACTORY_H_
