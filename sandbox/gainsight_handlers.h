// Which handler emulates each row of the endpoint table. A new endpoint
// (Person upsert, CTA, bulk jobs...) is a row in server/gainsight/endpoints
// plus a line here.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_GAINSIGHT_HANDLERS_H_
#define GAINSIGHT_GATEWAY_SANDBOX_GAINSIGHT_HANDLERS_H_

#include "gainsight/endpoints.h"
#include "sandbox/gainsight_call.h"

namespace gg::sandbox {

// The handler of endpoint `id`, or nullptr when the sandbox does not
// emulate it yet (the call is answered 501).
GainsightHandler HandlerFor(EndpointId id);

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_GAINSIGHT_HANDLERS_H_
