// The Success Plan steps of the Cockpit write pipeline
// (ops/cockpit_write.h): type and status labels resolve against the cached
// configuration of the plan's entity.
#ifndef GAINSIGHT_GATEWAY_SERVER_OPS_SUCCESS_PLAN_WRITE_H_
#define GAINSIGHT_GATEWAY_SERVER_OPS_SUCCESS_PLAN_WRITE_H_

#include <memory>
#include <vector>

#include "gainsight/v1/success_plan.pb.h"
#include "ops/cockpit_object.h"
#include "ops/success_plan_config_cache.h"

namespace gg {

// ErrorInfo reason of an update whose plan does not exist.
inline constexpr char kSuccessPlanNotFoundReason[] = "SUCCESS_PLAN_NOT_FOUND";

std::unique_ptr<CockpitObjectWriter> NewSuccessPlanWriter(
    std::vector<gainsight::v1::SuccessPlan> plans, bool update,
    SuccessPlanConfigCache* configs, int concurrency);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_OPS_SUCCESS_PLAN_WRITE_H_
