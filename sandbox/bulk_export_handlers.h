// Gainsight's Bulk REST export: submit a query for an object, read the job's
// status (with its chunk list once done), download each chunk as CSV.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_BULK_EXPORT_HANDLERS_H_
#define GAINSIGHT_GATEWAY_SANDBOX_BULK_EXPORT_HANDLERS_H_

#include "sandbox/gainsight_call.h"
#include "sandbox/http_message.h"

namespace gg::sandbox {

// POST /v3/exports/data/bulk/{object}: the query language's body; `limit`
// defaults to 1,000,000 rows and has no 5,000 cap here.
HttpResponse HandleBulkExportSubmit(const GainsightCall& call,
                                    TenantData& data);
// GET /v3/exports/data/bulk/status/{jobId}.
HttpResponse HandleBulkExportStatus(const GainsightCall& call,
                                    TenantData& data);
// GET /v3/exports/data/bulk/{jobId}/chunk/{index}: text/csv.
HttpResponse HandleBulkExportChunk(const GainsightCall& call, TenantData& data);

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_BULK_EXPORT_HANDLERS_H_
