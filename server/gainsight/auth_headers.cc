#include "gainsight/auth_headers.h"

#include "gainsight/bulk_wire_names.h"

namespace gg {

absl::StatusOr<HttpHeaders> AuthHeaders(Auth auth, const Credentials& keys) {
  constexpr char kAccept[] = "Accept";
  constexpr char kJson[] = "application/json";
  switch (auth) {
    case Auth::kRestApiKey:
      return HttpHeaders{{bulk_wire::kRestKeyHeader, keys.api_key},
                         {kAccept, kJson}};
    case Auth::kBulkApiConnection:
      if (!keys.bulk_api.complete()) {
        return absl::FailedPreconditionError(
            "no GS Bulk API connection is configured (its access key, "
            "appOrgId and loginName)");
      }
      return HttpHeaders{
          {bulk_wire::kAccessKeyHeader, keys.bulk_api.access_key},
          {bulk_wire::kAppOrgIdHeader, keys.bulk_api.app_org_id},
          {bulk_wire::kLoginNameHeader, keys.bulk_api.login_name},
          {kAccept, kJson}};
    case Auth::kBulkExportKey:
      return HttpHeaders{{bulk_wire::kRestKeyHeader, keys.api_key},
                         {bulk_wire::kExportAuthHeader, keys.api_key},
                         {kAccept, bulk_wire::kExportAccept}};
  }
  return absl::InternalError("unknown credential kind");
}

}  // namespace gg
