// One batch write of Cockpit records (CTAs, tasks, Success Plans), the same
// pipeline for every object, in the order it runs:
//   1. read existing  the records whose current state resolving needs
//   2. configurations picklist configurations, cached
//   3. owners         owner emails to GsUser GSIDs, cached
//   4. resolve        labels and owners checked; nothing is written if any
//                     record does not resolve (INVALID_ARGUMENT naming it)
//   5. write          50 records a call, a few calls at a time; a call
//                     Gainsight rejects whole is split until the records it
//                     rejects stand alone, and the others are written
//   6. answers        each record's outcome read from Gainsight's answer in
//                     any known shape; a record the answer does not report
//                     on, or whose create may or may not have happened (a
//                     timeout), is read back before it gets a result, so a
//                     record Gainsight wrote is never reported as failed
// The object-specific steps come from a CockpitObjectWriter.
#ifndef GAINSIGHT_GATEWAY_SERVER_OPS_COCKPIT_WRITE_H_
#define GAINSIGHT_GATEWAY_SERVER_OPS_COCKPIT_WRITE_H_

#include <memory>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "gainsight/client.h"
#include "gainsight/v1/common.pb.h"
#include "ops/call_coalescer.h"
#include "ops/cockpit_object.h"
#include "ops/user_directory.h"

namespace gg {

class Metrics;

struct CockpitWriteDeps {
  GainsightClient* client = nullptr;
  UserDirectory* users = nullptr;
  Metrics* metrics = nullptr;
  const Clock* clock = nullptr;
  // Write calls of different requests to the same endpoint share upstream
  // calls while they wait for quota (null: each goes alone).
  CallCoalescer* coalescer = nullptr;
};

// How far before the write call a record's ModifiedDate may be and still
// count as that write's (clocks differ).
inline constexpr absl::Duration kReadBackClockSkew = absl::Minutes(5);

using CockpitWriteDone = absl::AnyInvocable<void(
    absl::StatusOr<std::vector<gainsight::v1::RecordResult>>)>;

// Runs the write. `done` runs exactly once: with one result per record (in
// request order, each with its index), or with the status of a step before
// the write (INVALID_ARGUMENT when a record does not resolve, or the failure
// of a configuration, owner or existing-record read); nothing was written
// then.
void RunCockpitWrite(CockpitWriteDeps deps,
                     std::unique_ptr<CockpitObjectWriter> object,
                     CallContext context, CockpitWriteDone done);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_OPS_COCKPIT_WRITE_H_
