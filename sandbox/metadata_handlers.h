// The Data Management (metadata) endpoints: list the tenant's objects and
// describe one, both built from the sandbox's own object registry.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_METADATA_HANDLERS_H_
#define GAINSIGHT_GATEWAY_SANDBOX_METADATA_HANDLERS_H_

#include "sandbox/gainsight_call.h"
#include "sandbox/http_message.h"

namespace gg::sandbox {

// GET /v1/meta/services/objects/list: every object, without fields.
HttpResponse HandleObjectList(const GainsightCall& call, TenantData& data);

// GET /v1/meta/services/objects/{object}/describe: data is an array with one
// object entry. An unknown object answers HTTP 400 with the OBJECT_NOT_FOUND
// body.
HttpResponse HandleObjectDescribe(const GainsightCall& call, TenantData& data);
// GET /v1/meta/services/dropdowns/{category}: a picklist category's items.
HttpResponse HandleDropdownItems(const GainsightCall& call, TenantData& data);

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_METADATA_HANDLERS_H_
