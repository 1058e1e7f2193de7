// The state, counts and row errors of an asynchronous upload's status
// answer (a Bulk API upload or a People upsert), in the shape the sandbox
// serves now (sandbox/bulk_shapes.h): INIT on the first read, IN_PROGRESS on
// the second, COMPLETED from the third, unless stuck or overridden.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_ASYNC_STATUS_H_
#define GAINSIGHT_GATEWAY_SANDBOX_ASYNC_STATUS_H_

#include "gainsight/bulk_wire_names.h"
#include "sandbox/bulk_jobs.h"
#include "sandbox/bulk_shapes.h"
#include "sandbox/json.h"

namespace gg::sandbox {

// The keys and spellings one status endpoint uses.
struct AsyncStatusNames {
  const char* state;        // the state's key
  const char* in_progress;  // how it spells IN_PROGRESS
  const char* errors;       // the row errors' key
  const char* message;      // a row error's message key
};
inline constexpr AsyncStatusNames kBulkImportStatusNames = {
    bulk_wire::kJobStatus, bulk_wire::kStateInProgress, bulk_wire::kErrors,
    bulk_wire::kErrorDesc};
inline constexpr AsyncStatusNames kPeopleStatusNames = {
    bulk_wire::kStatus, bulk_wire::kStatePeopleInProgress,
    bulk_wire::kErrorDetails, bulk_wire::kErrorMessage};

// Adds the state, the counts and (once completed) the row errors to `out`.
// Returns whether the answer says COMPLETED.
bool AddAsyncStatus(const BulkUpload& upload, const BulkShapes& shapes,
                    const AsyncStatusNames& names, Json& out);

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_ASYNC_STATUS_H_
