// Which headers carry which credential, per endpoint (Endpoint::auth): the
// Gainsight API key as `accesskey`; on the Bulk API the GS Bulk API
// connection's own key with the tenant and user it acts for; on the bulk
// export the API key under both header names its doc uses. Keys are never
// logged.
#ifndef GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_AUTH_HEADERS_H_
#define GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_AUTH_HEADERS_H_

#include <string>

#include "absl/status/statusor.h"
#include "gainsight/endpoints.h"
#include "http/http_client.h"

namespace gg {

// The GS Bulk API connection: its access key (generated in Gainsight's
// Connectors page, distinct from the API key), the tenant's org id and the
// login name of the user the uploads act for.
struct BulkApiCredential {
  std::string access_key;
  std::string app_org_id;
  std::string login_name;
  bool complete() const {
    return !access_key.empty() && !app_org_id.empty() && !login_name.empty();
  }
};

struct Credentials {
  std::string api_key;
  BulkApiCredential bulk_api;
};

// The credential and Accept headers of a call to an endpoint with `auth`.
// FAILED_PRECONDITION when a Bulk API credential is needed and incomplete.
absl::StatusOr<HttpHeaders> AuthHeaders(Auth auth, const Credentials& keys);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_AUTH_HEADERS_H_
