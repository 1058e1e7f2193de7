// Gainsight's rate limits: per access key and call class, fixed windows
// aligned to the Unix epoch plus an offset; a call is admitted only when
// every window of its class has room, and a refused call uses no quota.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_RATE_LIMITER_H_
#define GAINSIGHT_GATEWAY_SANDBOX_RATE_LIMITER_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "quota/limits_spec.h"

namespace gg::sandbox {

struct Admission {
  bool admitted = false;
  // When refused: time until every full window has reset.
  absl::Duration retry_after = absl::ZeroDuration();
};

// One window of one class, as seen at some instant.
struct WindowStatus {
  CallClass call_class = CallClass::kSync;
  WindowSpec spec;
  int64_t count = 0;  // calls counted in the current window
  absl::Time start;   // the current window is [start, end)
  absl::Time end;
};

class RateLimiter {
 public:
  RateLimiter(LimitsSpec spec, absl::Duration window_offset);

  // Admits one call of `call_class` for `key` at `now` and counts it, or
  // refuses it without counting.
  Admission Admit(absl::string_view key, CallClass call_class, absl::Time now);

  // Counts `count` calls in every current window of the class, admitted or
  // not (another integration sharing the tenant's budget).
  void Consume(absl::string_view key, CallClass call_class, int64_t count,
               absl::Time now);

  // Every window of every class for `key` at `now`.
  std::vector<WindowStatus> Status(absl::string_view key, absl::Time now) const;

  // Replaces the windows. A window whose class and length were already
  // configured keeps its count; other windows start empty.
  void Configure(LimitsSpec spec, absl::Duration window_offset);

  // Forgets every count.
  void ResetCounts();

  LimitsSpec spec() const;
  absl::Duration window_offset() const;

 private:
  struct Counter {
    int64_t window = 0;  // index of the window the count belongs to
    int64_t count = 0;
  };
  // Per class, one counter per window of spec_.For(class).
  using Counters = std::array<std::vector<Counter>, kCallClassCount>;

  int64_t WindowIndex(const WindowSpec& window, absl::Time now) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  absl::Time WindowStart(const WindowSpec& window, int64_t index) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  Counters& CountersFor(absl::string_view key)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The count of counter `c` of window `window` at `now`, rolling it over
  // when its window has passed.
  int64_t& Current(Counter& c, const WindowSpec& window, absl::Time now)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  LimitsSpec spec_ ABSL_GUARDED_BY(mu_);
  absl::Duration window_offset_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, Counters> counters_ ABSL_GUARDED_BY(mu_);
};

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_RATE_LIMITER_H_
