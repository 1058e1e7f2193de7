// Everything that serves one Gainsight tenant: its budget (its own Redis
// key space), limiter (with per-caller shares), HTTP client, Gainsight
// client, operations, caches, bulk jobs and the service objects the routers
// forward to. One tenant's backend shares no queue, thread or connection
// with another's, so one tenant's exhaustion never delays another's calls.
#ifndef GAINSIGHT_GATEWAY_SERVER_TENANT_BACKEND_H_
#define GAINSIGHT_GATEWAY_SERVER_TENANT_BACKEND_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "config/config.h"
#include "quota/caller_quota_limiter.h"
#include "quota/limiter.h"
#include "security/routers.h"

namespace gg {

class Metrics;

class TenantBackend {
 public:
  struct Options {
    const Config* config = nullptr;
    const TenantConfig* tenant = nullptr;
    // Bulk rows and job state of this tenant.
    std::string spool_dir;
    Metrics* metrics = nullptr;
    // Per-caller shares (from the policy); unset: none.
    CallerQuotaLimiter::QuotaLookup caller_quota;
    // The tenant's budget lost or regained its shared (Redis) state.
    std::function<void(BudgetMode)> on_budget_mode;
  };

  static absl::StatusOr<std::unique_ptr<TenantBackend>> Start(Options options);
  ~TenantBackend();

  const std::string& name() const;
  TenantServices services() const;
  BudgetMode budget_mode() const;
  // Refreshes the quota gauges (for a metrics scrape).
  void RefreshQuotaGauges();
  // Reopens every call class closed after a Gainsight 429.
  void ReopenQuota();
  // Bulk jobs let their uploads in flight finish (until `deadline`), then
  // hand over to the other replicas.
  void DrainJobs(absl::Time deadline);
  // Ends the creates still running for callers that left (a drain past its
  // deadline): see api/idempotent_writes.h.
  void CancelDetachedWrites();

 private:
  struct Parts;
  explicit TenantBackend(std::unique_ptr<Parts> parts);
  static void StartBulk(Parts& parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_TENANT_BACKEND_H_
