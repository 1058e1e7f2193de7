// Runs a callback once a fixed number of parts have each reported done, on
// the thread of the last one.
#ifndef GAINSIGHT_GATEWAY_SERVER_COMMON_COUNTDOWN_H_
#define GAINSIGHT_GATEWAY_SERVER_COMMON_COUNTDOWN_H_

#include <memory>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/synchronization/mutex.h"

namespace gg {

class Countdown {
 public:
  using Done = absl::AnyInvocable<void()>;

  // `done` runs when PartDone() has been called `parts` times (at once when
  // `parts` is 0).
  static std::shared_ptr<Countdown> Make(int parts, Done done) {
    auto countdown = std::shared_ptr<Countdown>(new Countdown(parts));
    countdown->done_ = std::move(done);
    if (parts == 0) countdown->Fire();
    return countdown;
  }

  void PartDone() {
    bool last;
    {
      absl::MutexLock lock(&mu_);
      last = --remaining_ == 0;
    }
    if (last) Fire();
  }

 private:
  explicit Countdown(int parts) : remaining_(parts) {}
  void Fire() {
    Done done = std::move(done_);
    done();
  }

  absl::Mutex mu_;
  int remaining_ ABSL_GUARDED_BY(mu_);
  Done done_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_COMMON_COUNTDOWN_H_
