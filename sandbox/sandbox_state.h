// Everything one sandbox instance holds: the emulated tenant (records,
// rate counters) and the test controls (faults, call log).
#ifndef GAINSIGHT_GATEWAY_SANDBOX_SANDBOX_STATE_H_
#define GAINSIGHT_GATEWAY_SANDBOX_SANDBOX_STATE_H_

#include "sandbox/bulk_jobs.h"
#include "sandbox/call_log.h"
#include "sandbox/clock.h"
#include "sandbox/faults.h"
#include "sandbox/rate_limiter.h"
#include "sandbox/sandbox_options.h"
#include "sandbox/schema.h"
#include "sandbox/store.h"

namespace gg::sandbox {

struct SandboxState {
  explicit SandboxState(const SandboxOptions& options);

  // As started; POST /__sandbox/reset returns the limits to these.
  const SandboxOptions options;
  const Clock& clock;
  // The objects, as the contract variants shape them.
  const ObjectRegistry objects;
  Store store;
  RateLimiter limiter;
  FaultInjector faults;
  CallLog calls;
  BulkJobs bulk;
};

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_SANDBOX_STATE_H_
