// The People API: upsert one person by Email with its company associations,
// and delete one person by GSID (cascading to its Company_Person rows).
// Reads go through the generic query endpoint on Person and Company_Person.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_PEOPLE_HANDLERS_H_
#define GAINSIGHT_GATEWAY_SANDBOX_PEOPLE_HANDLERS_H_

#include "sandbox/gainsight_call.h"
#include "sandbox/http_message.h"

namespace gg::sandbox {

// PUT /v1/peoplemgmt/v1.0/people: one person object keyed on Email, with
// optional companies[] ({"Company_ID", Company_Person fields}). Every part is
// validated first; an unknown company fails the call (GSOBJ_PEOPLE1001) and
// nothing is written.
HttpResponse HandlePeopleUpsert(const GainsightCall& call, TenantData& data);

// DELETE /v1/peoplemgmt/v1.0/people/{gsid}.
HttpResponse HandlePeopleDelete(const GainsightCall& call, TenantData& data);

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_PEOPLE_HANDLERS_H_
