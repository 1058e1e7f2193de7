#include "quota/budget_factory.h"

#include "quota/local_budget.h"

namespace gg {

absl::StatusOr<std::unique_ptr<Budget>> MakeBudget(
    const BudgetConfig& config, const std::string& redis_url,
    double fallback_share, const Clock* clock, Metrics* metrics) {
  if (redis_url.empty()) return std::make_unique<LocalBudget>(config, clock);
  return absl::UnimplementedError("Redis budget not built yet");
}

}  // namespace gg
