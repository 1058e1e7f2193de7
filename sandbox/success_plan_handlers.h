// The Success Plan API (object `cta_group`): list, deleted list, create,
// update, and the configuration picklist (plan types and statuses). Plans
// live in the tenant store; a plan's company must exist. Shapes and codes are
// the decisions of the endpoint table (server/gainsight/endpoints.cc).
#ifndef GAINSIGHT_GATEWAY_SANDBOX_SUCCESS_PLAN_HANDLERS_H_
#define GAINSIGHT_GATEWAY_SANDBOX_SUCCESS_PLAN_HANDLERS_H_

#include "sandbox/gainsight_call.h"
#include "sandbox/http_message.h"
#include "sandbox/schema.h"

namespace gg::sandbox {

// The plan object (`cta_group`, GSID prefix 1C03), private to these APIs.
const ObjectDef& SuccessPlanObject();

HttpResponse HandleSuccessPlanList(const GainsightCall& call, TenantData& data);
HttpResponse HandleSuccessPlanDeletedList(const GainsightCall& call,
                                          TenantData& data);
HttpResponse HandleSuccessPlanCreate(const GainsightCall& call,
                                     TenantData& data);
HttpResponse HandleSuccessPlanUpdate(const GainsightCall& call,
                                     TenantData& data);
HttpResponse HandleSuccessPlanPicklist(const GainsightCall& call,
                                       TenantData& data);

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_SUCCESS_PLAN_HANDLERS_H_
