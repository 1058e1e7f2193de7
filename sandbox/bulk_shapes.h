// How the sandbox answers the bulk endpoints where Gainsight's real answer
// is unconfirmed. Each alternative can be chosen at run time
// (PUT /__sandbox/bulk-shapes), so that the gateway's tolerance of every
// plausible shape is tested. Defaults: the shapes of the evidence's
// composed samples (../shared/gainsight-api/successplan-bulk-limits.md).
#ifndef GAINSIGHT_GATEWAY_SANDBOX_BULK_SHAPES_H_
#define GAINSIGHT_GATEWAY_SANDBOX_BULK_SHAPES_H_

#include <string>

#include "absl/status/status.h"
#include "sandbox/json.h"

namespace gg::sandbox {

struct BulkShapes {
  // The status and chunk URLs a bulk export hands out: paths on the tenant
  // ("relative"), absolute URLs on the sandbox's own host ("absolute"), or
  // absolute URLs on another host ("foreign", which a client must refuse).
  std::string url_form = "relative";
  // Their layout: "status-first" (/v3/exports/data/bulk/status/{job},
  // /v3/exports/data/bulk/{job}/chunk/{n}), "job-first" (.../{job}/status,
  // .../{job}/chunks/{n}) or "opaque" (.../results/{token}[/{n}]). Only the
  // URLs handed out are served, so a client must follow them.
  std::string url_layout = "status-first";
  // The keys of the URLs: statusURL or statusUrl; chunkURL or chunkUrl.
  std::string status_url_key = "statusURL";
  std::string chunk_url_key = "chunkURL";
  // The header export calls must carry the key in: "either", "accesskey",
  // or "authentication".
  std::string export_auth = "either";
  // Status reads of an export before it answers COMPLETED.
  int export_status_reads = 2;
  // The counts of a Bulk API or People upsert status: "split"
  // (successCount, failureCount, totalCount) or "count" (one processed
  // Count; the failed rows are those the errors name).
  std::string async_counts = "split";
  // Statuses stay IN_PROGRESS forever (a job Gainsight never finishes).
  bool async_stuck = false;
  // When set, statuses answer this state string instead (an unknown one).
  std::string async_state;
};

Json BulkShapesJson(const BulkShapes& shapes);
// Applies the keys of `body` to `shapes` (unknown keys and bad values are
// refused, naming the key).
absl::Status ApplyBulkShapes(const Json& body, BulkShapes& shapes);

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_BULK_SHAPES_H_
