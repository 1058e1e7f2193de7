// Finds which Gainsight endpoint a request is for, from THE endpoint table
// (server/gainsight/endpoints.h): method plus PathPattern(), so the sandbox
// and the gateway define each path once.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_GAINSIGHT_ROUTER_H_
#define GAINSIGHT_GATEWAY_SANDBOX_GAINSIGHT_ROUTER_H_

#include <optional>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "gainsight/endpoints.h"

namespace gg::sandbox {

struct RouteMatch {
  const Endpoint* endpoint = nullptr;
  // Placeholder name -> percent-decoded path segment, in template order.
  std::vector<std::pair<std::string, std::string>> params;

  // The value of placeholder `name` ("" when the template has none).
  const std::string& Param(absl::string_view name) const;
};

class GainsightRouter {
 public:
  GainsightRouter();

  // The endpoint for `method` and raw `path`. A path whose placeholder
  // segment is empty ("/v1/data/objects/Company/") still matches, with an
  // empty value, so that handlers can answer it (e.g. GSOBJ_1004).
  std::optional<RouteMatch> Match(absl::string_view method,
                                  absl::string_view path) const;

 private:
  struct Route {
    const Endpoint* endpoint;
    std::regex pattern;        // PathPattern(): non-empty segments
    std::regex empty_allowed;  // the same, placeholders may be empty
    std::vector<std::string> names;
  };

  std::optional<RouteMatch> MatchWith(absl::string_view method,
                                      const std::string& path,
                                      bool empty_allowed) const;

  std::vector<Route> routes_;
};

// Decodes %XX escapes; malformed escapes are kept as they are.
std::string PercentDecode(absl::string_view text);

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_GAINSIGHT_ROUTER_H_
