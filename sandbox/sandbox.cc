#include "sandbox/sandbox.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gainsight/bulk_wire_names.h"
#include "sandbox/envelope.h"
#include "sandbox/error_codes.h"
#include "sandbox/gainsight_handlers.h"

namespace gg::sandbox {
namespace {

// Records of a write: its "records" (MDA) or "requests" (Cockpit and
// Success Plan wrapper) array.
int64_t RecordCount(const RouteMatch& route, const Json& body) {
  if (route.endpoint->max_records == 0 || !body.is_object()) return 0;
  for (const char* key : {"records", "requests"}) {
    auto records = body.find(key);
    if (records != body.end() && records->is_array()) {
      return static_cast<int64_t>(records->size());
    }
  }
  return 0;
}

// The field names the records of a write carry (never their values), so
// that tests can see which keys a client sends.
std::vector<std::string> RecordKeys(const RouteMatch& route, const Json& body) {
  std::set<std::string> keys;
  if (route.endpoint->max_records == 0 || !body.is_object()) return {};
  for (const char* key : {"records", "requests"}) {
    auto records = body.find(key);
    if (records == body.end() || !records->is_array()) continue;
    for (const Json& r : *records) {
      const Json* record = &r;
      auto wrapped = r.is_object() ? r.find("record") : r.end();
      if (r.is_object() && wrapped != r.end()) record = &*wrapped;
      if (!record->is_object()) continue;
      for (auto it = record->begin(); it != record->end(); ++it) {
        if (keys.size() < 256) keys.insert(it.key());
      }
    }
  }
  return {keys.begin(), keys.end()};
}

// DECISION: what an injected fault answers.
HttpResponse FaultResponse(const FaultAction& fault) {
  HttpResponse response;
  if (fault.drop_connection) {
    response.drop_connection = true;
  } else if (fault.malformed_body || fault.body == "truncated") {
    response.status = *fault.status;
    // A JSON envelope cut short, as a proxy that dropped the upstream would.
    response.body = R"({"result":true,"errorCode":null,"data":{"records":[)";
  } else if (fault.body == "text") {
    response.status = *fault.status;
    response.content_type = "text/plain";
    response.body = "upstream connect error or disconnect/reset before headers";
  } else if (fault.body == "html") {
    // What a load balancer in front of the tenant answers.
    response.status = *fault.status;
    response.content_type = "text/html";
    response.body =
        "<html><head><title>502 Bad Gateway</title></head><body><center>"
        "<h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body>"
        "</html>";
  } else if (fault.data.has_value()) {
    // An accepted call answered in a shape the endpoint does not send.
    response.status = *fault.status;
    response.body = Json{{"result", true},       {"errorCode", nullptr},
                         {"errorDesc", nullptr}, {"requestId", "sandbox-fault"},
                         {"data", *fault.data},  {"message", nullptr}}
                        .dump();
  } else if (fault.body_bytes.has_value()) {
    response.status = *fault.status;
    const std::string head = R"({"result":true,"data":{"padding":")";
    const std::string tail = R"("}})";
    response.body = head;
    response.body.append(
        std::max<int64_t>(0,
                          *fault.body_bytes -
                              static_cast<int64_t>(head.size() + tail.size())),
        'x');
    response.body += tail;
  } else if (*fault.status == 429) {
    response = TooManyRequestsResponse(std::nullopt);
    if (fault.retry_after_s.has_value()) {
      response.headers.emplace_back("Retry-After",
                                    absl::StrCat(*fault.retry_after_s));
    }
  } else if (*fault.status == 401) {
    response = UnauthorizedResponse();
  } else {
    response = ErrorResponse(
        ApiError{*fault.status, codes::kInjectedFault,
                 absl::StrCat("Injected fault (HTTP ", *fault.status, ")")});
  }
  response.delay = fault.delay;
  return response;
}

HttpResponse NotEmulated(const RouteMatch& route) {
  return ErrorResponse(
      ApiError{501, codes::kNotEmulated,
               absl::StrCat("The sandbox does not emulate ",
                            HttpMethodName(route.endpoint->method), " ",
                            route.endpoint->path_template, " yet")});
}

}  // namespace

Sandbox::Sandbox(const SandboxOptions& options)
    : state_(options), control_(&state_) {}

HttpResponse Sandbox::Handle(const HttpRequest& request) {
  if (ControlApi::Owns(request.path)) return control_.Handle(request);
  std::optional<RouteMatch> route = router_.Match(request.method, request.path);
  if (!route.has_value()) route = ExportUrlRoute(request);
  if (!route.has_value() || Unserved(*route)) return RouteNotFoundResponse();
  return HandleGainsight(request, *route);
}

std::optional<RouteMatch> Sandbox::ExportUrlRoute(
    const HttpRequest& request) const {
  if (request.method != "GET") return std::nullopt;
  std::optional<ExportUrlTarget> target =
      state_.bulk.FindExportUrl(request.path);
  if (!target.has_value()) return std::nullopt;
  RouteMatch match;
  match.endpoint =
      &GetEndpoint(target->chunk < 0 ? EndpointId::kBulkExportStatus
                                     : EndpointId::kBulkExportChunk);
  match.params.emplace_back("jobId", target->job_id);
  if (target->chunk >= 0) {
    match.params.emplace_back("index", absl::StrCat(target->chunk));
  }
  return match;
}

HttpResponse Sandbox::HandleGainsight(const HttpRequest& request,
                                      const RouteMatch& route) {
  Json body = request.body.empty() ? Json(Json::value_t::discarded)
                                   : ParseJson(request.body);
  CallEntry entry;
  entry.method = request.method;
  entry.path = request.path;
  entry.query = request.query;
  entry.call_class = route.endpoint->call_class;
  entry.records = RecordCount(route, body);
  entry.record_keys = RecordKeys(route, body);
  CallLog::Arrival arrival = state_.calls.Begin(std::move(entry));
  HttpResponse response = Process(request, route, body, arrival.time);
  state_.calls.Finish(arrival.id,
                      response.drop_connection ? 0 : response.status);
  return response;
}

HttpResponse Sandbox::Process(const HttpRequest& request,
                              const RouteMatch& route, const Json& body,
                              absl::Time now) {
  if (!Authorized(request, route)) return UnauthorizedResponse();
  std::optional<FaultAction> fault =
      state_.faults.Next(request.method, request.path);
  if (fault.has_value() && fault->ReplacesAnswer()) {
    return FaultResponse(*fault);
  }
  HttpResponse response;
  Admission admission = state_.limiter.Admit(state_.options.access_key,
                                             route.endpoint->call_class, now);
  if (!admission.admitted) {
    response = TooManyRequestsResponse(
        state_.options.retry_after
            ? std::optional<absl::Duration>(admission.retry_after)
            : std::nullopt);
  } else if (GainsightHandler handler = HandlerFor(route.endpoint->id)) {
    TenantData data{state_.objects,
                    state_.store,
                    state_.options.query_shape,
                    state_.options.cockpit_answer,
                    &state_.bulk,
                    &state_.options.contract};
    response = handler(GainsightCall{route, request, body, now}, data);
  } else {
    response = NotEmulated(route);
  }
  if (fault.has_value()) response.delay = fault->delay;
  return response;
}

bool Sandbox::Unserved(const RouteMatch& route) const {
  const std::string row = absl::StrCat(HttpMethodName(route.endpoint->method),
                                       " ", route.endpoint->path_template);
  for (const std::string& unserved : state_.options.contract.unserved) {
    if (unserved == row) return true;
  }
  return false;
}

bool Sandbox::Authorized(const HttpRequest& request,
                         const RouteMatch& route) const {
  auto carries = [&](absl::string_view header, const std::string& value) {
    const std::string* sent = request.Header(header);
    return !value.empty() && sent != nullptr && *sent == value;
  };
  const std::string& api_key = state_.options.access_key;
  switch (route.endpoint->auth) {
    case Auth::kRestApiKey:
      return carries(bulk_wire::kRestKeyHeader, api_key);
    case Auth::kBulkApiConnection: {
      // DECISION: the status doc shows no auth header; either key reads it.
      if (route.endpoint->id == EndpointId::kBulkImportStatus &&
          carries(bulk_wire::kRestKeyHeader, api_key)) {
        return true;
      }
      // [CODE] An upload carries the GS Bulk API connection's own key (not
      // the API key) and the tenant and user it acts for.
      const BulkConnection& bulk = state_.options.bulk;
      auto present = [&](absl::string_view header, const std::string& value) {
        const std::string* sent = request.Header(header);
        if (sent == nullptr || sent->empty()) return false;
        return value.empty() || *sent == value;
      };
      return carries(bulk_wire::kAccessKeyHeader, bulk.access_key) &&
             present(bulk_wire::kAppOrgIdHeader, bulk.app_org_id) &&
             present(bulk_wire::kLoginNameHeader, bulk.login_name);
    }
    case Auth::kBulkExportKey: {
      // [DOC] The export article's header table says `authentication`, its
      // prose `accesskey`; which one a tenant takes is a switch.
      const std::string how = state_.bulk.shapes().export_auth;
      const bool by_accesskey = carries(bulk_wire::kRestKeyHeader, api_key);
      const bool by_authentication =
          carries(bulk_wire::kExportAuthHeader, api_key);
      if (how == "accesskey") return by_accesskey;
      if (how == "authentication") return by_authentication;
      return by_accesskey || by_authentication;
    }
  }
  return false;
}

}  // namespace gg::sandbox
