// Bulk import jobs: import (client stream), get, list, watch (server stream
// with a progress bar).
#ifndef GAINSIGHT_GSCTL_BULK_COMMANDS_H_
#define GAINSIGHT_GSCTL_BULK_COMMANDS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "command.h"
#include "gainsight/v1/bulk.pb.h"

namespace gsctl {

std::vector<Command> BulkCommands();

// "[#####.....]  50%  500/1000 rows  12 failed  IN_PROGRESS" for a job: the
// bar moves by the rows of the parts that are done; a queued job adds why it
// waits.
std::string ProgressLine(const gainsight::v1::Job& job, int width = 30);

// A CSV file an import may send: it parses (a quote left open names the
// line it opens on), and every data row has as many cells as the header
// (or as `columns`, when the columns are named and the CSV has no header);
// the error names the file line.
absl::Status CheckCsvShape(absl::string_view csv, size_t columns);

}  // namespace gsctl

#endif  // GAINSIGHT_GSCTL_BULK_COMMANDS_H_
