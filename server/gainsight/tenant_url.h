// URLs Gainsight hands back (a bulk export's status URL and chunk URLs),
// followed only on the tenant's own host: the access key never leaves it.
#ifndef GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_TENANT_URL_H_
#define GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_TENANT_URL_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace gg {

// `returned` as an absolute URL on the tenant `base_url`. A path ("/v3/...",
// "v3/...", or with the doubled slash of Gainsight's docs, "//v3/...") is
// taken relative to the tenant; an absolute http(s) URL must name the same
// scheme, host and port. INTERNAL (reason GAINSIGHT_MALFORMED_RESPONSE)
// otherwise, naming the foreign host.
absl::StatusOr<std::string> ResolveTenantUrl(absl::string_view base_url,
                                             absl::string_view returned);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_TENANT_URL_H_
