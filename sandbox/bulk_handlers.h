// Gainsight's Bulk API import: a multipart CSV upload to a configured data
// job, applied row by row (a bad row fails alone), and its status endpoint
// with Gainsight's state names.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_BULK_HANDLERS_H_
#define GAINSIGHT_GATEWAY_SANDBOX_BULK_HANDLERS_H_

#include "sandbox/gainsight_call.h"
#include "sandbox/http_message.h"

namespace gg::sandbox {

// POST /v1.0/admin/connector/job/bulkimport: parts `jobId` and `file`.
HttpResponse HandleBulkImport(const GainsightCall& call, TenantData& data);

// GET /v1.0/admin/connector/job/bulkimport/status/{statusId}.
HttpResponse HandleBulkImportStatus(const GainsightCall& call,
                                    TenantData& data);

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_BULK_HANDLERS_H_
