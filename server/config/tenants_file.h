// --tenants-file: the Gainsight tenants one gateway serves besides (or
// instead of) the one of --gainsight-url. YAML or JSON:
//
//   tenants:
//     - name: sandbox                      # what callers send in
//     x-gainsight-tenant
//       gainsight_url: https://acme-sandbox.gainsightcloud.com
//       access_key_file: /etc/gainsight/sandbox-key
//       limits: sync=100/1m,50000/1d;bulk=10/1h,100/1d   # default: --limits
//       headroom: 0.1                      # default: --headroom
#ifndef GAINSIGHT_GATEWAY_SERVER_CONFIG_TENANTS_FILE_H_
#define GAINSIGHT_GATEWAY_SERVER_CONFIG_TENANTS_FILE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "config/config.h"

namespace gg {

// Tenants of `path`, in file order. `defaults` gives limits and headroom
// where a tenant leaves them out. Errors name the file and line.
absl::StatusOr<std::vector<TenantConfig>> ReadTenantsFile(
    const std::string& path, const TenantConfig& defaults);

// Lower-case letters, digits and '-', 1 to 63 characters, starting with a
// letter (it names metrics labels and spool directories).
bool IsTenantName(const std::string& name);

// Reads an access key file: the key without surrounding whitespace.
absl::StatusOr<std::string> ReadKeyFile(const std::string& path);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_CONFIG_TENANTS_FILE_H_
