// Budget: where admitted calls are counted. Each call holds a slot in every
// window of its class; a slot counts from admission until one window length
// after the call's answer, so no interval of a window's length at any
// alignment holds more calls than the limit (a sliding guarantee).
// Implementations: LocalBudget (this process), RedisBudget (all replicas),
// FailoverBudget (Redis, falling back to a local share when Redis is down).
#ifndef GAINSIGHT_GATEWAY_SERVER_QUOTA_BUDGET_H_
#define GAINSIGHT_GATEWAY_SERVER_QUOTA_BUDGET_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "quota/limiter.h"
#include "quota/limits_spec.h"

namespace gg {

struct BudgetConfig {
  LimitsSpec limits;
  // Share of every limit kept free for other integrations on the tenant.
  double headroom = 0.0;
  // Longest a call may stay in flight before its slot is assumed finished
  // (only matters when a replica dies mid-call).
  absl::Duration inflight_ttl = absl::Seconds(120);
};

// Calls this gateway may make per window.
inline int64_t UsableLimit(const WindowSpec& window, double headroom) {
  return std::max<int64_t>(
      1, static_cast<int64_t>(std::floor(window.limit * (1.0 - headroom))));
}

// The part of `usable` open to a priority's share (1.0 for interactive).
inline int64_t ShareCap(int64_t usable, double share) {
  return std::max<int64_t>(
      1, static_cast<int64_t>(std::floor(usable * share + 1e-9)));
}

struct BudgetDecision {
  bool admitted = false;
  // When refused: the expected time until the call (behind `ahead` others)
  // fits in every window.
  absl::Duration wait;
  // The window that bounds the wait (index into the class's windows), or -1
  // when the class is closed after a 429.
  int window = -1;
  // Calls counted in each window when the decision was made (before this
  // call, when it was admitted).
  std::vector<int64_t> used;
};

class Budget {
 public:
  virtual ~Budget() = default;

  // With `admit`: when every window of the class has room under `share` of
  // its usable limit, counts the call under `slot` (in flight) and admits it;
  // otherwise counts nothing. Without `admit`: only estimates the wait for a
  // call queued behind `ahead` others.
  virtual BudgetDecision TryAdmit(CallClass call_class, const std::string& slot,
                                  double share, int ahead, bool admit) = 0;
  // The call's answer arrived: its slot now leaves each window one window
  // length from now.
  virtual void MarkDone(CallClass call_class, const std::string& slot) = 0;
  // The call was never sent: forget its slot.
  virtual void Release(CallClass call_class, const std::string& slot) = 0;
  // Gainsight answered 429: admit nothing of the class for `duration`.
  virtual void Close(CallClass call_class, absl::Duration duration) = 0;
  // An operator reopens a class that Close() shut.
  virtual void Reopen(CallClass call_class) = 0;

  // True when calls may wait on the network (Redis): the limiter then makes
  // every call of this budget from a thread of its own, never under its
  // lock and never on a caller's (e.g. the HTTP event loop's) thread.
  virtual bool MayBlock() const { return false; }
  // Runs about once a second on that thread (liveness in shared state).
  virtual void Heartbeat() {}

  // Windows and closed_until of a class (queue depths are the limiter's).
  virtual ClassStatus Status(CallClass call_class) = 0;
  virtual BudgetMode mode() = 0;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_QUOTA_BUDGET_H_
