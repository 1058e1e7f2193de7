// One read through Gainsight's bulk export: submit the query (one bulk
// call), poll the status URL Gainsight returned with backoff until the job
// is done, then hand out its chunks one at a time from the chunk URLs the
// status gives, so the reader holds one chunk at most. URLs are followed on
// the tenant's host only; every wait goes through the Clock and Scheduler.
#ifndef GAINSIGHT_GATEWAY_SERVER_OPS_BULK_EXPORT_H_
#define GAINSIGHT_GATEWAY_SERVER_OPS_BULK_EXPORT_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "common/scheduler.h"
#include "gainsight/client.h"
#include "gainsight/query_body.h"

namespace gg {

// [SEC] What one export reads at most (Gainsight's default limit).
inline constexpr int kMaxExportRecords = 1000000;

class BulkExport : public std::enable_shared_from_this<BulkExport> {
 public:
  struct Options {
    absl::Duration poll_interval = absl::Seconds(5);
    absl::Duration max_poll_interval = absl::Minutes(2);
  };
  // A chunk's rows, keyed by the select strings, values as the query
  // endpoint types them (see TypedCell).
  using Rows = std::vector<Json>;

  BulkExport(Options options, GainsightClient* client, Scheduler* scheduler,
             Clock* clock, std::string object, QuerySpec spec,
             CallContext context);

  // Submits and waits for the job; `done` gets the number of chunks.
  void Start(absl::AnyInvocable<void(absl::StatusOr<int>)> done);
  // Downloads chunk `index` (after Start succeeded) and parses it; `type_of`
  // gives each column's cell typing.
  void FetchChunk(int index,
                  absl::AnyInvocable<void(absl::StatusOr<Rows>)> done);

  // The CSV header names the columns; a cell becomes null (empty), a number,
  // a boolean or a string by the column's kind.
  enum class CellKind { kText, kNumber, kBoolean };
  void SetColumnKinds(std::vector<CellKind> kinds) {
    kinds_ = std::move(kinds);
  }

 private:
  void Poll(int attempt);

  const Options options_;
  GainsightClient* const client_;
  Scheduler* const scheduler_;
  Clock* const clock_;
  const std::string object_;
  const QuerySpec spec_;
  const CallContext context_;
  std::string status_url_;
  std::vector<std::string> chunk_urls_;
  std::vector<CellKind> kinds_;
  absl::AnyInvocable<void(absl::StatusOr<int>)> started_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_OPS_BULK_EXPORT_H_
