// A cancellation signal shared by the stages of one call (limiter queue,
// HTTP transfer, retry timer), so that a caller's cancel reaches whatever
// stage the call is in.
#ifndef GAINSIGHT_GATEWAY_SERVER_COMMON_CANCELLATION_H_
#define GAINSIGHT_GATEWAY_SERVER_COMMON_CANCELLATION_H_

#include <cstdint>
#include <map>
#include <memory>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/synchronization/mutex.h"

namespace gg {

class CancellationToken {
 public:
  using Callback = absl::AnyInvocable<void()>;
  static std::shared_ptr<CancellationToken> Create() {
    return std::make_shared<CancellationToken>();
  }

  // Runs every registered callback once, outside the lock. Later calls do
  // nothing.
  void Cancel();
  bool cancelled() const;

  // Registers `callback` to run on Cancel(); runs it at once (and returns 0)
  // when already cancelled. Returns an id for Unregister.
  int64_t OnCancel(Callback callback);
  // Forgets a callback. A Cancel() already under way on another thread may
  // still run it, so callbacks hold shared ownership of what they touch and
  // tolerate running late.
  void Unregister(int64_t id);

 private:
  mutable absl::Mutex mu_;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  int64_t next_id_ ABSL_GUARDED_BY(mu_) = 1;
  std::map<int64_t, Callback> callbacks_ ABSL_GUARDED_BY(mu_);
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_COMMON_CANCELLATION_H_
