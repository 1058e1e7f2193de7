// What a Gainsight endpoint handler gets: the call, and the tenant data it
// may read and change.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_GAINSIGHT_CALL_H_
#define GAINSIGHT_GATEWAY_SANDBOX_GAINSIGHT_CALL_H_

#include "absl/time/time.h"
#include "gainsight/endpoints.h"
#include "sandbox/bulk_jobs.h"
#include "sandbox/contract_variants.h"
#include "sandbox/gainsight_router.h"
#include "sandbox/http_message.h"
#include "sandbox/json.h"
#include "sandbox/sandbox_options.h"
#include "sandbox/schema.h"
#include "sandbox/store.h"

namespace gg::sandbox {

struct GainsightCall {
  const RouteMatch& route;  // the endpoint and its path placeholders
  const HttpRequest& request;
  // The parsed body; is_discarded() when the body is empty or not JSON.
  const Json& body;
  absl::Time now;  // arrival time
};

struct TenantData {
  const ObjectRegistry& objects;
  Store& store;
  QueryShape query_shape;
  CockpitAnswerShape cockpit_answer = CockpitAnswerShape::kSuccessFailure;
  BulkJobs* bulk = nullptr;  // the Bulk API's data jobs and uploads
  // Which alternative of each open contract question to serve.
  const ContractVariants* contract = nullptr;
};

using GainsightHandler = HttpResponse (*)(const GainsightCall& call,
                                          TenantData& data);

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_GAINSIGHT_CALL_H_
