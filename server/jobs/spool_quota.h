// Keeps the spool directory bounded: a total quota for every unfinished
// import together (new imports are refused while it is full, before their
// rows are read) and a size limit per import. The directory is measured
// when an import starts and after every few MB written, so that replicas
// sharing it see each other's use. Thread-safe.
#ifndef GAINSIGHT_GATEWAY_SERVER_JOBS_SPOOL_QUOTA_H_
#define GAINSIGHT_GATEWAY_SERVER_JOBS_SPOOL_QUOTA_H_

#include <cstdint>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"

namespace gg {

class SpoolQuota {
 public:
  SpoolQuota(std::string dir, int64_t quota_bytes, int64_t import_max_bytes);

  // Measures the directory; RESOURCE_EXHAUSTED (QuotaFailure and ErrorInfo
  // reason BULK_SPOOL_FULL) when it is full: less than 1 MiB (or a tenth of
  // the quota, if less) is left.
  absl::Status CheckRoomForImport();
  // An import wrote `added` more bytes and holds `import_bytes` in all:
  // RESOURCE_EXHAUSTED (BULK_IMPORT_TOO_LARGE) past the per-import limit,
  // (BULK_SPOOL_FULL) past the quota.
  absl::Status Charge(int64_t import_bytes, int64_t added);

  // Bytes of the files in the directory (its spooled rows and job records).
  static int64_t DirectoryBytes(const std::string& dir);

 private:
  absl::Status Full(int64_t used) const;

  const std::string dir_;
  const int64_t quota_bytes_;
  const int64_t import_max_bytes_;
  absl::Mutex mu_;
  // The directory's size at the last measurement, plus what this process
  // wrote since.
  int64_t used_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t written_since_measure_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_JOBS_SPOOL_QUOTA_H_
