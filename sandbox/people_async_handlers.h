// The People API's asynchronous (bulk) upsert: up to 50 people per call,
// each upserted on its own as the single upsert does (a bad person fails
// alone), answered with a status id; and its status endpoint, which reveals
// the result in steps like the Bulk API's: INIT, then INPROGRESS, then
// COMPLETED with counts, per-record errors and the people upserted.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_PEOPLE_ASYNC_HANDLERS_H_
#define GAINSIGHT_GATEWAY_SANDBOX_PEOPLE_ASYNC_HANDLERS_H_

#include "sandbox/gainsight_call.h"
#include "sandbox/http_message.h"

namespace gg::sandbox {

// PUT /v1/peoplemgmt/v1.0/people/async: {"records": [person, ...]}.
HttpResponse HandlePeopleAsyncUpsert(const GainsightCall& call,
                                     TenantData& data);

// GET /v1/peoplemgmt/v1.0/people/async/status/{statusId}.
HttpResponse HandlePeopleAsyncStatus(const GainsightCall& call,
                                     TenantData& data);

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_PEOPLE_ASYNC_HANDLERS_H_
