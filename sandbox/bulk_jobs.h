// The tenant's Bulk API side: the data jobs an admin configured under the
// "GS Bulk API" connector, and every upload with its state and row results.
// Thread-safe.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_BULK_JOBS_H_
#define GAINSIGHT_GATEWAY_SANDBOX_BULK_JOBS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "sandbox/bulk_shapes.h"

namespace gg::sandbox {

// A data job: which object an upload loads, and how. DECISION: each CSV
// header maps to the field with that API name; the operation is insert, or
// upsert by `keys` (a row matching an existing record by every key field
// updates it).
struct BulkDataJob {
  std::string job_id;
  std::string object;
  bool upsert = false;
  std::vector<std::string> keys;
};

struct BulkRowError {
  int64_t row = 0;  // data row, from 1
  std::string field_name;
  std::string code;
  std::string desc;
};

// One accepted upload. Its rows are applied when it is accepted; the status
// endpoint reveals that in steps: the first status read answers INIT, the
// second IN_PROGRESS, later ones COMPLETED with the counts.
struct BulkUpload {
  std::string status_id;
  std::string job_id;
  int64_t total = 0;
  int64_t succeeded = 0;
  std::vector<BulkRowError> errors;
  int status_reads = 0;
  // A People API asynchronous upsert (not a Bulk API upload): the people it
  // upserted, as {Gsid, Email}.
  bool people_api = false;
  std::vector<std::pair<std::string, std::string>> people;
};

// One bulk export: its result, taken when it was submitted, as CSV chunks of
// kBulkExportChunkRows rows (each with the header). The first status read
// answers IN_PROGRESS, later ones COMPLETED.
struct BulkExport {
  std::string job_id;
  int64_t total = 0;
  std::vector<std::string> chunks;
  int status_reads = 0;
};

// What a URL a bulk export handed out leads to.
struct ExportUrlTarget {
  std::string job_id;
  int chunk = -1;  // -1: the status
};

class BulkJobs {
 public:
  void AddDataJob(BulkDataJob job);
  std::optional<BulkDataJob> FindDataJob(absl::string_view job_id) const;

  void AddUpload(BulkUpload upload);
  // Counts one status read and returns the upload after it; nullopt when
  // there is no such upload.
  std::optional<BulkUpload> ReadUpload(absl::string_view status_id);

  void AddExport(BulkExport export_job);
  // Counts one status read; returns {found, reads, total, chunk count}.
  struct ExportStatus {
    int reads = 0;
    int64_t total = 0;
    size_t chunks = 0;
  };
  std::optional<ExportStatus> ReadExport(absl::string_view job_id);
  // Chunk `index` of an export; nullopt when there is none.
  std::optional<std::string> ExportChunk(absl::string_view job_id,
                                         size_t index) const;
  // The path of a URL handed out for `target` (same target, same path).
  std::string ExportUrlPath(const ExportUrlTarget& target);
  std::optional<ExportUrlTarget> FindExportUrl(absl::string_view path) const;

  // The answer shapes now served.
  BulkShapes shapes() const;
  absl::Status SetShapes(const Json& body);

  // Forgets data jobs, uploads and exports; shapes back to their defaults.
  void Clear();

 private:
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, BulkDataJob> data_jobs_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, BulkUpload> uploads_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, BulkExport> exports_ ABSL_GUARDED_BY(mu_);
  // Handed-out export URL paths and what they lead to.
  absl::flat_hash_map<std::string, ExportUrlTarget> export_urls_
      ABSL_GUARDED_BY(mu_);
  BulkShapes shapes_ ABSL_GUARDED_BY(mu_);
};

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_BULK_JOBS_H_
