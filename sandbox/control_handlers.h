// The control API under /__sandbox/: inspect and steer the sandbox from
// tests. No auth, no rate limit, plain JSON (no Gainsight envelope); errors
// are {"ok":false,"error":"..."}.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_CONTROL_HANDLERS_H_
#define GAINSIGHT_GATEWAY_SANDBOX_CONTROL_HANDLERS_H_

#include "absl/strings/string_view.h"
#include "sandbox/http_message.h"
#include "sandbox/json.h"
#include "sandbox/sandbox_state.h"

namespace gg::sandbox {

class ControlApi {
 public:
  // Whether `path` belongs to the control API (starts with /__sandbox/).
  static bool Owns(absl::string_view path);

  explicit ControlApi(SandboxState* state) : state_(*state) {}

  HttpResponse Handle(const HttpRequest& request);

 private:
  // GET /__sandbox/health -> {"ok":true}
  HttpResponse Health(const Json& body);
  // GET /__sandbox/calls -> [{"method","path","query","time_ms","time_us",
  // "status","records","call_class"}...]
  HttpResponse Calls(const Json& body);
  // POST /__sandbox/reset: records, call log, rate counters, faults; limits
  // back to the startup flags.
  HttpResponse Reset(const Json& body);
  // GET /__sandbox/limits -> the spec and every current window's count.
  HttpResponse GetLimits(const Json& body);
  // PUT /__sandbox/limits {"limits":"sync=20/1s","window_offset_ms":0}
  HttpResponse PutLimits(const Json& body);
  // POST /__sandbox/consume {"call_class":"sync","count":N}
  HttpResponse Consume(const Json& body);
  // POST /__sandbox/faults {...}; GET lists; DELETE clears.
  HttpResponse AddFault(const Json& body);
  HttpResponse ListFaults(const Json& body);
  HttpResponse ClearFaults(const Json& body);
  // POST /__sandbox/delete_cta {"gsid":"1S01..."}: Gainsight has no public
  // CTA delete; this fills the deleted CTA list.
  HttpResponse DeleteCta(const Json& body);
  // POST /__sandbox/bulk-jobs {"jobId":"...","object":"Company"}: a Bulk API
  // data job an admin configured (CSV headers = field API names); insert,
  // or "operation":"upsert" with "keys":["Name"].
  HttpResponse AddBulkJob(const Json& body);
  // GET / PUT /__sandbox/bulk-shapes: the answer shapes of the bulk
  // endpoints (sandbox/bulk_shapes.h).
  HttpResponse GetBulkShapes(const Json& body);
  HttpResponse PutBulkShapes(const Json& body);

  Json LimitsJson() const;

  struct Route {
    absl::string_view method;
    absl::string_view path;
    HttpResponse (ControlApi::*handler)(const Json& body);
  };
  static const Route kRoutes[];

  SandboxState& state_;
};

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_CONTROL_HANDLERS_H_
