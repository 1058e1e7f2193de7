// Cockpit playbooks: the list (GET, query parameters) and one playbook with
// its task templates. Shapes are the endpoint table's decisions
// (server/gainsight/endpoints.cc); the playbooks are in playbooks.cc.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_PLAYBOOK_HANDLERS_H_
#define GAINSIGHT_GATEWAY_SANDBOX_PLAYBOOK_HANDLERS_H_

#include "sandbox/gainsight_call.h"
#include "sandbox/http_message.h"

namespace gg::sandbox {

// GET /v2/cockpit/playbook?pageSize=&pageNumber=&ctaTypeId=&entityType=
// &includeInactive=
HttpResponse HandlePlaybookList(const GainsightCall& call, TenantData& data);
// GET /v2/cockpit/playbook/{gsid}
HttpResponse HandlePlaybookGet(const GainsightCall& call, TenantData& data);

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_PLAYBOOK_HANDLERS_H_
