// The People API: upsert one person by Email with its company associations,
// and delete one person by GSID (cascading to its Company_Person rows).
// Reads go through the generic query endpoint on Person and Company_Person.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_PEOPLE_HANDLERS_H_
#define GAINSIGHT_GATEWAY_SANDBOX_PEOPLE_HANDLERS_H_

#include <optional>
#include <string>

#include "absl/time/time.h"
#include "sandbox/api_error.h"
#include "sandbox/gainsight_call.h"
#include "sandbox/http_message.h"

namespace gg::sandbox {

// The outcome of one person upsert: the person as stored (with its
// companies[]), or the error and, when known, the field it is about.
struct PersonUpsert {
  std::optional<ApiError> error;
  std::string field;
  Json person;
};

// Upserts one person object, shaped as the body of PUT .../people. Every
// part is validated first; nothing is written on an error.
PersonUpsert UpsertPerson(const Json& body, TenantData& data, absl::Time now);

// PUT /v1/peoplemgmt/v1.0/people: one person object keyed on Email, with
// optional companies[] ({"Company_ID", Company_Person fields}). Every part is
// validated first; an unknown company fails the call (GSOBJ_PEOPLE1001) and
// nothing is written.
HttpResponse HandlePeopleUpsert(const GainsightCall& call, TenantData& data);

// DELETE /v1/peoplemgmt/v1.0/people/{gsid}.
HttpResponse HandlePeopleDelete(const GainsightCall& call, TenantData& data);

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_PEOPLE_HANDLERS_H_
