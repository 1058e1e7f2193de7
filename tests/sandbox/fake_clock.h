// A Clock that tests move by hand.
#ifndef GAINSIGHT_GATEWAY_TESTS_SANDBOX_FAKE_CLOCK_H_
#define GAINSIGHT_GATEWAY_TESTS_SANDBOX_FAKE_CLOCK_H_

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "sandbox/clock.h"

namespace gg::sandbox {

class FakeClock : public Clock {
 public:
  explicit FakeClock(absl::Time start) : now_(start) {}

  absl::Time Now() const override {
    absl::MutexLock lock(&mu_);
    return now_;
  }
  void Set(absl::Time now) {
    absl::MutexLock lock(&mu_);
    now_ = now;
  }
  void Advance(absl::Duration d) {
    absl::MutexLock lock(&mu_);
    now_ += d;
  }

 private:
  mutable absl::Mutex mu_;
  absl::Time now_ ABSL_GUARDED_BY(mu_);
};

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_TESTS_SANDBOX_FAKE_CLOCK_H_
