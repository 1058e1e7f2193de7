// Records per upstream write call over the last ten minutes, for GetQuota:
// how full coalescing makes the calls that write. Counted in ten-second
// buckets, so memory stays fixed whatever the rate.
#ifndef GAINSIGHT_GATEWAY_SERVER_OBSERVE_RECENT_WRITES_H_
#define GAINSIGHT_GATEWAY_SERVER_OBSERVE_RECENT_WRITES_H_

#include <array>
#include <cstdint>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace gg {

class RecentWrites {
 public:
  static constexpr absl::Duration kBucket = absl::Seconds(10);
  static constexpr int kBuckets = 60;  // ten minutes

  struct Totals {
    // How far back the totals reach: ten minutes, or since `start`.
    absl::Duration period;
    int64_t calls = 0;
    int64_t records = 0;
  };

  // `start`: when counting began (the process start).
  explicit RecentWrites(absl::Time start) : start_(start) {}

  // One upstream call that carried `records` records, at `now`.
  void Add(int records, absl::Time now);
  // The calls and records of the last ten minutes before `now`.
  Totals Get(absl::Time now) const;

 private:
  struct Bucket {
    int64_t index = -1;  // which ten seconds since the epoch it counts
    int64_t calls = 0;
    int64_t records = 0;
  };
  static int64_t IndexOf(absl::Time t);

  const absl::Time start_;
  mutable absl::Mutex mu_;
  std::array<Bucket, kBuckets> buckets_ ABSL_GUARDED_BY(mu_);
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_OBSERVE_RECENT_WRITES_H_
