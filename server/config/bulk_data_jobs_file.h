// --bulk-data-jobs-file: the GS Bulk API data jobs of the default tenant, as
// configured in Gainsight, so that an import's columns and cells are checked
// before its job is queued. YAML or JSON:
//
//   data_jobs:
//     - job_id: 1J0A...          # as in the cURL command Gainsight generates
//       object: Company          # the object the job loads
//       columns:                 # CSV column: the field it is mapped to
//         Account Name: Name
//         ARR: Arr
#ifndef GAINSIGHT_GATEWAY_SERVER_CONFIG_BULK_DATA_JOBS_FILE_H_
#define GAINSIGHT_GATEWAY_SERVER_CONFIG_BULK_DATA_JOBS_FILE_H_

#include <string>

#include "absl/status/statusor.h"
#include "common/bulk_data_jobs.h"
#include "common/yaml_reader.h"

namespace gg {

inline constexpr int kMaxDeclaredDataJobs = 1000;
inline constexpr int kMaxDeclaredColumns = 1000;

// The data jobs of `reader`'s file. Errors name the file and line.
absl::StatusOr<BulkDataJobSpecs> ReadBulkDataJobs(const YamlReader& reader);
absl::StatusOr<BulkDataJobSpecs> ReadBulkDataJobsFile(const std::string& path);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_CONFIG_BULK_DATA_JOBS_FILE_H_
