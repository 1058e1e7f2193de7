// Calls from different callers that Gainsight would take as one share one
// upstream call: record writes of the same object, operation and keys, and
// the key lookups of upserts. Gainsight limits calls, not records, so
// event-driven callers that write one record each would otherwise spend a
// call per record where a call carries 50.
//
// A call joins others while it waits for a quota slot: each call queues in
// the limiter on its own (its own deadline, cancellation and place in the
// round-robin), and the first one admitted carries every compatible call
// still waiting, up to `max_records` records, in arrival order. The calls it
// carried leave the queue. When quota is free nothing waits, so nothing
// joins and nothing is delayed; when quota is the bottleneck, calls fill up.
//
// Compatible means an equal key: the caller builds it from what makes
// calls mergeable (endpoint, object, key fields); the priority class is
// added here. A tenant's calls never meet another tenant's: each tenant has
// its own coalescer.
#ifndef GAINSIGHT_GATEWAY_SERVER_OPS_CALL_COALESCER_H_
#define GAINSIGHT_GATEWAY_SERVER_OPS_CALL_COALESCER_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/synchronization/mutex.h"
#include "common/clock.h"
#include "common/scheduler.h"
#include "gainsight/client.h"

namespace gg {

class CallCoalescer {
 public:
  struct Options {
    // Records one upstream call may carry (Gainsight's write limit).
    int max_records = 50;
    // How long a call waits before it even asks for a slot, so that calls
    // arriving meanwhile join it when quota is free too (fuller calls for
    // that much latency). Zero: calls wait only for quota.
    absl::Duration linger = absl::ZeroDuration();
  };
  // Where one caller's records sat in the upstream call that carried them.
  struct Slice {
    int offset = 0;      // position of the caller's first record
    int count = 0;       // the caller's records
    int batch_size = 0;  // records in the whole call
  };
  // The call that carries `records` (one caller's, or several callers' in
  // arrival order). Calls with equal keys must build the same endpoint.
  using BuildCall =
      std::function<GainsightCall(const std::vector<Json>& records)>;
  // Runs exactly once, on an internal thread, with the outcome of the
  // upstream call that carried the caller's records (or of the caller's own
  // call when it was refused or cancelled before it was sent).
  using Callback = absl::AnyInvocable<void(const UpstreamOutcome&, Slice)>;

  // `scheduler` runs the linger timers (unused when `linger` is zero).
  CallCoalescer(GainsightClient* client, Scheduler* scheduler,
                const Clock* clock, Options options);
  CallCoalescer(const CallCoalescer&) = delete;
  CallCoalescer& operator=(const CallCoalescer&) = delete;

  void Call(std::string key, std::vector<Json> records, BuildCall build,
            CallContext context, Callback done);

  // Calls waiting to be sent or carried, for tests.
  int waiting() const;

 private:
  struct Member;
  absl::Status Compose(const std::shared_ptr<Member>& carrier,
                       GainsightCall& call, CallContext& context);
  // Asks for a slot, unless another call carried this one meanwhile.
  void Send(const std::shared_ptr<Member>& member);
  void OnOutcome(const std::shared_ptr<Member>& member,
                 UpstreamOutcome outcome);
  void RemoveWaiting(const Member& member) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  GainsightClient* const client_;
  Scheduler* const scheduler_;
  const Clock* const clock_;
  const Options options_;

  mutable absl::Mutex mu_;
  // Calls not yet sent or carried, by key, in arrival order.
  std::map<std::string, std::deque<std::shared_ptr<Member>>> waiting_
      ABSL_GUARDED_BY(mu_);
  uint64_t next_arrival_ ABSL_GUARDED_BY(mu_) = 0;
};

// Sends `records` through `coalescer`, or, when it is null (coalescing off,
// or a call that must go alone), as `build(records)` straight through
// `client`; `done` then gets the slice {0, n, n}.
void CallMaybeCoalesced(GainsightClient* client, CallCoalescer* coalescer,
                        std::string key, std::vector<Json> records,
                        CallCoalescer::BuildCall build, CallContext context,
                        CallCoalescer::Callback done);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_OPS_CALL_COALESCER_H_
