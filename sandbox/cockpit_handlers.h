// Cockpit endpoints: the CTA and task configuration (the picklists of CTA
// types, statuses, priorities and reasons, and of task types, statuses and
// priorities).
#ifndef GAINSIGHT_GATEWAY_SANDBOX_COCKPIT_HANDLERS_H_
#define GAINSIGHT_GATEWAY_SANDBOX_COCKPIT_HANDLERS_H_

#include "sandbox/gainsight_call.h"
#include "sandbox/http_message.h"

namespace gg::sandbox {

// GET /v2/cockpit/admin/picklist/lite?category=CTA_TYPE,...&et=COMPANY: the
// built-in configuration, an object keyed by each requested category (CTA_*
// and TASK_* categories, also mixed).
HttpResponse HandleCtaConfig(const GainsightCall& call, TenantData& data);

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_COCKPIT_HANDLERS_H_
