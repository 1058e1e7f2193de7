// Cockpit CTAs (object `call_to_action`): create, update (with due date and
// owner cascades to open tasks), list and deleted list. Shapes and codes are
// the endpoint table's decisions (server/gainsight/endpoints.cc).
#ifndef GAINSIGHT_GATEWAY_SANDBOX_CTA_HANDLERS_H_
#define GAINSIGHT_GATEWAY_SANDBOX_CTA_HANDLERS_H_

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "sandbox/gainsight_call.h"
#include "sandbox/http_message.h"
#include "sandbox/store.h"

namespace gg::sandbox {

HttpResponse HandleCtaCreate(const GainsightCall& call, TenantData& data);
HttpResponse HandleCtaUpdate(const GainsightCall& call, TenantData& data);
HttpResponse HandleCtaList(const GainsightCall& call, TenantData& data);
HttpResponse HandleCtaDeletedList(const GainsightCall& call, TenantData& data);

// For the control API (Gainsight has no public CTA delete): moves the CTA to
// the deleted CTAs (ModifiedDate = `now`) and deletes its tasks. False when
// no CTA has `gsid`.
bool DeleteCta(Store& store, absl::string_view gsid, absl::Time now);

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_CTA_HANDLERS_H_
