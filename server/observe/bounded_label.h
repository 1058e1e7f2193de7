// Label values from an open set (caller ids) kept to a bounded number of
// series: the first `max_values` distinct values are used as they are,
// later ones are reported as "other". Thread-safe.
#ifndef GAINSIGHT_GATEWAY_SERVER_OBSERVE_BOUNDED_LABEL_H_
#define GAINSIGHT_GATEWAY_SERVER_OBSERVE_BOUNDED_LABEL_H_

#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace gg {

class BoundedLabel {
 public:
  static constexpr char kOther[] = "other";
  // Longest value used as it is; longer ones are "other" too.
  static constexpr size_t kMaxValueLength = 128;

  explicit BoundedLabel(size_t max_values) : max_values_(max_values) {}

  std::string Of(absl::string_view value) {
    if (value.size() > kMaxValueLength) return kOther;
    absl::MutexLock lock(&mu_);
    if (seen_.contains(value)) return std::string(value);
    if (seen_.size() >= max_values_) return kOther;
    seen_.emplace(value);
    return std::string(value);
  }

 private:
  const size_t max_values_;
  absl::Mutex mu_;
  absl::flat_hash_set<std::string> seen_ ABSL_GUARDED_BY(mu_);
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_OBSERVE_BOUNDED_LABEL_H_
