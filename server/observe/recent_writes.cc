#include "observe/recent_writes.h"

#include <algorithm>

namespace gg {

int64_t RecentWrites::IndexOf(absl::Time t) {
  return absl::ToUnixMillis(t) / absl::ToInt64Milliseconds(kBucket);
}

void RecentWrites::Add(int records, absl::Time now) {
  const int64_t index = IndexOf(now);
  absl::MutexLock lock(&mu_);
  Bucket& bucket = buckets_[static_cast<size_t>(index % kBuckets)];
  if (bucket.index != index) bucket = Bucket{index, 0, 0};
  ++bucket.calls;
  bucket.records += records;
}

RecentWrites::Totals RecentWrites::Get(absl::Time now) const {
  const int64_t newest = IndexOf(now);
  Totals totals;
  totals.period =
      std::clamp(now - start_, absl::ZeroDuration(), kBucket * kBuckets);
  absl::MutexLock lock(&mu_);
  for (const Bucket& bucket : buckets_) {
    if (bucket.index <= newest - kBuckets || bucket.index > newest) continue;
    totals.calls += bucket.calls;
    totals.records += bucket.records;
  }
  return totals;
}

}  // namespace gg
