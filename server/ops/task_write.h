// The task steps of the Cockpit write pipeline (ops/cockpit_write.h): labels
// resolve against the cached task configuration.
#ifndef GAINSIGHT_GATEWAY_SERVER_OPS_TASK_WRITE_H_
#define GAINSIGHT_GATEWAY_SERVER_OPS_TASK_WRITE_H_

#include <memory>
#include <vector>

#include "gainsight/v1/task.pb.h"
#include "ops/cockpit_object.h"
#include "ops/task_config_cache.h"

namespace gg {

std::unique_ptr<CockpitObjectWriter> NewTaskWriter(
    std::vector<gainsight::v1::Task> tasks, bool update,
    TaskConfigCache* configs, int concurrency);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_OPS_TASK_WRITE_H_
