// Bulk import jobs: import (client stream), get, list, watch (server stream
// with a progress bar).
#ifndef GAINSIGHT_GSCTL_BULK_COMMANDS_H_
#define GAINSIGHT_GSCTL_BULK_COMMANDS_H_

#include <string>
#include <vector>

#include "command.h"
#include "gainsight/v1/bulk.pb.h"

namespace gsctl {

std::vector<Command> BulkCommands();

// "[#####.....]  50%  500/1000 rows  12 failed  IN_PROGRESS" for a job.
std::string ProgressLine(const gainsight::v1::Job& job, int width = 30);

}  // namespace gsctl

#endif  // GAINSIGHT_GSCTL_BULK_COMMANDS_H_
