// CallerQuotaLimiter: a Limiter decorator that holds each caller with a quota
// to its share: at most `share` of every window's usable limit, and at most
// `max_in_flight` calls admitted and unanswered. A caller over its share
// waits in a queue of its own (data, not threads) within its deadline, or is
// refused at once with RESOURCE_EXHAUSTED and RetryInfo; only calls within
// their share reach the limiter it wraps, so a flood from one caller queues
// behind that caller alone. Callers without a quota pass straight through.
//
// Shares are counted per replica: a caller whose calls spread over R
// replicas may reach R times its share.
#ifndef GAINSIGHT_GATEWAY_SERVER_QUOTA_CALLER_QUOTA_LIMITER_H_
#define GAINSIGHT_GATEWAY_SERVER_QUOTA_CALLER_QUOTA_LIMITER_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "common/clock.h"
#include "common/scheduler.h"
#include "quota/limiter.h"

namespace gg {

// A caller's share of the tenant's Gainsight budget.
struct CallerQuota {
  double share = 1.0;     // of every window's usable limit, (0, 1]
  int max_in_flight = 0;  // calls admitted and unanswered; 0: no bound
};

class CallerQuotaLimiter : public Limiter {
 public:
  // The quota of a caller id, looked up at every admission (the policy may
  // change); nullopt: no quota.
  using QuotaLookup =
      std::function<std::optional<CallerQuota>(const std::string& caller)>;

  CallerQuotaLimiter(Limiter* inner, LimitsSpec limits, double headroom,
                     QuotaLookup lookup, Scheduler* scheduler,
                     const Clock* clock);
  ~CallerQuotaLimiter() override;  // waiters get UNAVAILABLE

  void Acquire(AdmissionRequest request, Callback done) override;
  void ReportThrottled(CallClass call_class,
                       std::optional<absl::Duration> retry_after) override;
  void Reopen() override;
  QuotaStatus Status() override;

 private:
  struct Core;
  class CallerPermit;
  std::shared_ptr<Core> core_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_QUOTA_CALLER_QUOTA_LIMITER_H_
