// One sandbox tenant: answers HTTP requests, Gainsight endpoints and the
// /__sandbox/ control API alike. Transport-neutral and thread-safe; see
// http_server.h for the HTTP side.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_SANDBOX_H_
#define GAINSIGHT_GATEWAY_SANDBOX_SANDBOX_H_

#include <optional>

#include "sandbox/control_handlers.h"
#include "sandbox/gainsight_router.h"
#include "sandbox/http_message.h"
#include "sandbox/sandbox_options.h"
#include "sandbox/sandbox_state.h"

namespace gg::sandbox {

class Sandbox {
 public:
  explicit Sandbox(const SandboxOptions& options);

  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  HttpResponse Handle(const HttpRequest& request);

 private:
  // A call of a Gainsight endpoint: auth, faults, rate limit, handler; every
  // one is logged.
  HttpResponse HandleGainsight(const HttpRequest& request,
                               const RouteMatch& route);
  HttpResponse Process(const HttpRequest& request, const RouteMatch& route,
                       const Json& body, absl::Time now);
  // Whether this tenant lacks the route's endpoint (--unserved).
  bool Unserved(const RouteMatch& route) const;
  bool Authorized(const HttpRequest& request, const RouteMatch& route) const;
  // A GET of a status or chunk URL a bulk export handed out.
  std::optional<RouteMatch> ExportUrlRoute(const HttpRequest& request) const;

  SandboxState state_;
  GainsightRouter router_;
  ControlApi control_;
};

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_SANDBOX_H_
