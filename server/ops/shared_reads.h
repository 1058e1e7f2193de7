// Identical reads at once share one upstream call (single flight): a query
// that is the same as one already under way (same endpoint, object, body and
// priority) takes that call's answer instead of a quota slot of its own.
// Joining never makes a caller wait longer than it would alone: a read joins
// only a call whose deadline is no earlier than its own. The shared call is
// cancelled only when every caller waiting for it has cancelled.
#ifndef GAINSIGHT_GATEWAY_SERVER_OPS_SHARED_READS_H_
#define GAINSIGHT_GATEWAY_SERVER_OPS_SHARED_READS_H_

#include <map>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/synchronization/mutex.h"
#include "gainsight/client.h"

namespace gg {

class SharedReads {
 public:
  using Callback = absl::AnyInvocable<void(const UpstreamOutcome&)>;

  explicit SharedReads(GainsightClient* client) : client_(client) {}
  SharedReads(const SharedReads&) = delete;
  SharedReads& operator=(const SharedReads&) = delete;

  // Sends `call` (a read), or waits for the identical one under way. `done`
  // runs exactly once, on an internal thread.
  void Call(GainsightCall call, CallContext context, Callback done);

  // Reads under way, for tests.
  int in_flight() const;

 private:
  struct Flight;
  // Counts the caller out of `flight` when it cancels (the flight is
  // cancelled once every rider has).
  void Follow(const std::shared_ptr<Flight>& flight, size_t rider,
              const std::shared_ptr<CancellationToken>& cancel);
  void Land(const std::string& key, const std::shared_ptr<Flight>& flight,
            const UpstreamOutcome& outcome);

  GainsightClient* const client_;
  mutable absl::Mutex mu_;
  std::map<std::string, std::shared_ptr<Flight>> flights_ ABSL_GUARDED_BY(mu_);
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_OPS_SHARED_READS_H_
