// The limiter seam: every upstream call asks for a Permit first. The Permit
// is a slot in every rate window of the call's class.
#ifndef GAINSIGHT_GATEWAY_SERVER_QUOTA_LIMITER_H_
#define GAINSIGHT_GATEWAY_SERVER_QUOTA_LIMITER_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/call_class.h"
#include "common/cancellation.h"
#include "quota/limits_spec.h"

namespace gg {

struct AdmissionRequest {
  CallClass call_class = CallClass::kSync;
  Priority priority = Priority::kInteractive;
  // Who is asking; callers are served round-robin within a priority.
  std::string caller_id;
  // The caller's deadline: a call that cannot be admitted in time is refused
  // at once with RESOURCE_EXHAUSTED and RetryInfo.
  absl::Time deadline = absl::InfiniteFuture();
  // Cancelling removes the call from the queue at once.
  std::shared_ptr<CancellationToken> cancel;
};

// A reserved slot. Destroying a permit that was never marked sent gives the
// slot back; a sent call stays counted for one window length after its
// answer arrived (MarkDone) so that no interval at Gainsight, at any
// alignment, sees more calls than the limit.
class Permit {
 public:
  virtual ~Permit() = default;
  virtual void MarkSent() = 0;
  virtual void MarkDone() = 0;
};

// What QuotaService reports.
struct WindowStatus {
  WindowSpec spec;
  int64_t usable = 0;
  // What batch-priority calls may use of `usable` (the interactive reserve
  // left out); 0 when the limiter does not say.
  int64_t batch_usable = 0;
  int64_t used = 0;
  std::optional<absl::Time> next_free;  // when the oldest counted call leaves
};
struct ClassStatus {
  CallClass call_class = CallClass::kSync;
  std::vector<WindowStatus> windows;
  int queued_interactive = 0;
  int queued_batch = 0;
  std::optional<absl::Time> closed_until;
};
enum class BudgetMode { kLocal, kShared, kDegraded };
struct QuotaStatus {
  BudgetMode mode = BudgetMode::kLocal;
  std::vector<ClassStatus> classes;
};

// How long a call queued behind `ahead` others would wait, and which window
// holds it back.
struct WaitEstimate {
  absl::Duration wait = absl::ZeroDuration();
  // The window, e.g. "10/1h"; "closed" while the class is closed (after a
  // 429); empty when there is no wait.
  std::string window;
  // When that window next frees a slot (or the class reopens).
  std::optional<absl::Time> window_frees_at;
};

class Limiter {
 public:
  using Callback =
      absl::AnyInvocable<void(absl::StatusOr<std::unique_ptr<Permit>>)>;
  virtual ~Limiter() = default;

  // `done` runs exactly once: with a permit, or RESOURCE_EXHAUSTED (with
  // RetryInfo and QuotaFailure) when the deadline does not allow the wait,
  // CANCELLED, or DEADLINE_EXCEEDED. It may run on the calling thread.
  virtual void Acquire(AdmissionRequest request, Callback done) = 0;

  // Gainsight answered 429: close the class for everyone until the estimated
  // reset (`retry_after` when Gainsight sent one).
  virtual void ReportThrottled(CallClass call_class,
                               std::optional<absl::Duration> retry_after) = 0;

  // An operator reopens every class closed after a 429 (an absurd
  // Retry-After, a quota raised at Gainsight).
  virtual void Reopen() = 0;

  virtual QuotaStatus Status() = 0;

  // An estimate for a call of `priority` queued behind `ahead` others;
  // nullopt when the limiter cannot tell.
  virtual std::optional<WaitEstimate> EstimateWait(CallClass call_class,
                                                   Priority priority,
                                                   int ahead) {
    (void)call_class;
    (void)priority;
    (void)ahead;
    return std::nullopt;
  }
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_QUOTA_LIMITER_H_
