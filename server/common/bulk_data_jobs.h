// GS Bulk API data jobs as the operator declares them
// (--bulk-data-jobs-file): the object each loads and how it maps CSV columns
// to fields. Gainsight has no API that reads a data job's mapping, so
// without a declaration an import's columns and cells go unchecked.
#ifndef GAINSIGHT_GATEWAY_SERVER_COMMON_BULK_DATA_JOBS_H_
#define GAINSIGHT_GATEWAY_SERVER_COMMON_BULK_DATA_JOBS_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace gg {

struct BulkDataJobSpec {
  std::string object;  // API name of the object the job loads
  // CSV column name -> field API name, in the file's order.
  std::vector<std::pair<std::string, std::string>> columns;
};

// By data job id (as in the cURL command Gainsight generates for the job).
using BulkDataJobSpecs = std::map<std::string, BulkDataJobSpec>;

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_COMMON_BULK_DATA_JOBS_H_
