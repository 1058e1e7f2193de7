// The data endpoints of MDA objects (Company, custom objects): insert,
// update by keys, query, delete by GSID. The object comes from the path, so
// one handler serves every object of the registry.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_OBJECT_HANDLERS_H_
#define GAINSIGHT_GATEWAY_SANDBOX_OBJECT_HANDLERS_H_

#include "sandbox/gainsight_call.h"
#include "sandbox/http_message.h"

namespace gg::sandbox {

// POST /v1/data/objects/{object}: 1..50 records, all valid or none written.
HttpResponse HandleObjectInsert(const GainsightCall& call, TenantData& data);

// PUT /v1/data/objects/{object}?keys=A,B: every record must match a row by
// its key fields, or nothing is written.
HttpResponse HandleObjectUpdate(const GainsightCall& call, TenantData& data);

// POST /v1/data/objects/query/{object}.
HttpResponse HandleObjectQuery(const GainsightCall& call, TenantData& data);

// DELETE /v1/data/objects/{object}/{gsid}.
HttpResponse HandleObjectDelete(const GainsightCall& call, TenantData& data);

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_OBJECT_HANDLERS_H_
