#include "sandbox/control_handlers.h"

#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "quota/limits_spec.h"
#include "sandbox/cta_handlers.h"
#include "sandbox/tenant_seeds.h"

namespace gg::sandbox {
namespace {

constexpr absl::string_view kPrefix = "/__sandbox/";
constexpr int64_t kMaxConsume = 1000000000;

HttpResponse Reply(int status, const Json& json) {
  HttpResponse response;
  response.status = status;
  response.body = DumpJson(json);
  return response;
}

HttpResponse Ok() { return Reply(200, Json{{"ok", true}}); }

HttpResponse Fail(int status, absl::string_view error) {
  Json json = Json::object();
  json["ok"] = false;
  json["error"] = std::string(error);
  return Reply(status, json);
}

bool ReadInt(const Json& json, const char* key, int64_t* out) {
  auto it = json.find(key);
  if (it == json.end() || !it->is_number_integer()) return false;
  if (it->is_number_unsigned() && it->get<uint64_t>() > INT64_MAX) return false;
  *out = it->get<int64_t>();
  return true;
}

}  // namespace

const ControlApi::Route ControlApi::kRoutes[] = {
    {"GET", "health", &ControlApi::Health},
    {"GET", "calls", &ControlApi::Calls},
    {"POST", "reset", &ControlApi::Reset},
    {"GET", "limits", &ControlApi::GetLimits},
    {"PUT", "limits", &ControlApi::PutLimits},
    {"POST", "consume", &ControlApi::Consume},
    {"POST", "faults", &ControlApi::AddFault},
    {"GET", "faults", &ControlApi::ListFaults},
    {"DELETE", "faults", &ControlApi::ClearFaults},
    {"POST", "delete_cta", &ControlApi::DeleteCta},
    {"POST", "bulk-jobs", &ControlApi::AddBulkJob},
    {"GET", "bulk-shapes", &ControlApi::GetBulkShapes},
    {"PUT", "bulk-shapes", &ControlApi::PutBulkShapes},
};

bool ControlApi::Owns(absl::string_view path) {
  return absl::StartsWith(path, kPrefix) || path == "/__sandbox";
}

HttpResponse ControlApi::Handle(const HttpRequest& request) {
  absl::string_view name = request.path;
  if (!absl::ConsumePrefix(&name, kPrefix)) name = "";
  bool path_known = false;
  for (const Route& route : kRoutes) {
    if (route.path != name) continue;
    path_known = true;
    if (route.method != request.method) continue;
    Json body = Json::object();
    if (!request.body.empty()) {
      body = ParseJson(request.body);
      if (body.is_discarded()) return Fail(400, "body is not valid JSON");
    }
    return (this->*route.handler)(body);
  }
  if (path_known) return Fail(405, "method not allowed on this path");
  return Fail(404, absl::StrCat("no control endpoint ", request.path));
}

HttpResponse ControlApi::Health(const Json&) { return Ok(); }

HttpResponse ControlApi::Calls(const Json&) {
  return Reply(200, state_.calls.ToJson());
}

HttpResponse ControlApi::Reset(const Json&) {
  state_.store.Clear();
  SeedTenant(state_.objects, state_.store);
  state_.calls.Clear();
  state_.faults.Clear();
  state_.limiter.Configure(state_.options.limits, state_.options.window_offset);
  state_.limiter.ResetCounts();
  state_.bulk.Clear();
  if (state_.options.demo) {
    SeedDemo(state_.objects, state_.store, state_.bulk);
  }
  return Ok();
}

Json ControlApi::LimitsJson() const {
  Json out = Json::object();
  out["limits"] = FormatLimitsSpec(state_.limiter.spec());
  out["window_offset_ms"] =
      absl::ToInt64Milliseconds(state_.limiter.window_offset());
  out["retry_after"] = state_.options.retry_after;
  Json windows = Json::array();
  for (const WindowStatus& window :
       state_.limiter.Status(state_.options.access_key, state_.clock.Now())) {
    Json item = Json::object();
    item["call_class"] = std::string(CallClassName(window.call_class));
    item["limit"] = window.spec.limit;
    item["length"] = FormatWindowLength(window.spec.length);
    item["length_ms"] = absl::ToInt64Milliseconds(window.spec.length);
    item["count"] = window.count;
    item["window_start_ms"] = absl::ToUnixMillis(window.start);
    item["window_end_ms"] = absl::ToUnixMillis(window.end);
    windows.push_back(std::move(item));
  }
  out["windows"] = std::move(windows);
  return out;
}

HttpResponse ControlApi::GetLimits(const Json&) {
  return Reply(200, LimitsJson());
}

HttpResponse ControlApi::PutLimits(const Json& body) {
  if (!body.is_object() ||
      (!body.contains("limits") && !body.contains("window_offset_ms"))) {
    return Fail(400,
                "body must be {\"limits\":\"sync=100/1m,...\"} and/or "
                "{\"window_offset_ms\":N}");
  }
  LimitsSpec spec = state_.limiter.spec();
  if (body.contains("limits")) {
    if (!body["limits"].is_string()) {
      return Fail(400, "\"limits\" must be a string, e.g. \"sync=20/1s\"");
    }
    absl::StatusOr<LimitsSpec> parsed =
        ParseLimitsSpec(body["limits"].get<std::string>());
    if (!parsed.ok()) return Fail(400, parsed.status().message());
    spec = *std::move(parsed);
  }
  absl::Duration offset = state_.limiter.window_offset();
  if (body.contains("window_offset_ms")) {
    int64_t ms = 0;
    if (!ReadInt(body, "window_offset_ms", &ms)) {
      return Fail(400, "\"window_offset_ms\" must be an integer");
    }
    offset = absl::Milliseconds(ms);
  }
  state_.limiter.Configure(std::move(spec), offset);
  return Reply(200, LimitsJson());
}

HttpResponse ControlApi::Consume(const Json& body) {
  auto call_class = body.find("call_class");
  CallClass parsed_class;
  if (call_class != body.end() && *call_class == "sync") {
    parsed_class = CallClass::kSync;
  } else if (call_class != body.end() && *call_class == "bulk") {
    parsed_class = CallClass::kBulk;
  } else {
    return Fail(400, "\"call_class\" must be \"sync\" or \"bulk\"");
  }
  int64_t count = 0;
  if (!ReadInt(body, "count", &count) || count < 1 || count > kMaxConsume) {
    return Fail(400, absl::StrCat("\"count\" must be an integer from 1 to ",
                                  kMaxConsume));
  }
  state_.limiter.Consume(state_.options.access_key, parsed_class, count,
                         state_.clock.Now());
  return Reply(200, LimitsJson());
}

HttpResponse ControlApi::AddFault(const Json& body) {
  absl::StatusOr<FaultSpec> spec = ParseFaultSpec(body);
  if (!spec.ok()) return Fail(400, spec.status().message());
  int id = state_.faults.Add(*std::move(spec));
  Json out = Json::object();
  out["ok"] = true;
  out["id"] = id;
  return Reply(200, out);
}

HttpResponse ControlApi::ListFaults(const Json&) {
  return Reply(200, state_.faults.List());
}

HttpResponse ControlApi::ClearFaults(const Json&) {
  state_.faults.Clear();
  return Ok();
}

HttpResponse ControlApi::DeleteCta(const Json& body) {
  auto gsid = body.find("gsid");
  if (gsid == body.end() || !gsid->is_string()) {
    return Fail(400, "body must be {\"gsid\":\"<CTA GSID>\"}");
  }
  if (!::gg::sandbox::DeleteCta(state_.store, gsid->get<std::string>(),
                                state_.clock.Now())) {
    return Fail(404, "no CTA has this gsid");
  }
  return Ok();
}

HttpResponse ControlApi::AddBulkJob(const Json& body) {
  auto job_id = body.find("jobId");
  auto object = body.find("object");
  if (job_id == body.end() || !job_id->is_string() ||
      job_id->get<std::string>().empty() || object == body.end() ||
      !object->is_string()) {
    return Fail(400, "expected {\"jobId\":\"...\",\"object\":\"...\"}");
  }
  const ObjectDef* def = state_.objects.Find(object->get<std::string>());
  if (def == nullptr) return Fail(400, "no such object");
  BulkDataJob job;
  job.job_id = job_id->get<std::string>();
  job.object = object->get<std::string>();
  auto operation = body.find("operation");
  if (operation != body.end()) {
    if (*operation == "upsert") {
      job.upsert = true;
    } else if (*operation != "insert") {
      return Fail(400, "\"operation\" must be \"insert\" or \"upsert\"");
    }
  }
  auto keys = body.find("keys");
  if (keys != body.end()) {
    if (!keys->is_array()) return Fail(400, "\"keys\" must be a list");
    for (const Json& key : *keys) {
      if (!key.is_string() || def->FieldIndex(key.get<std::string>()) < 0) {
        return Fail(400, "\"keys\" must name fields of the object");
      }
      job.keys.push_back(key.get<std::string>());
    }
  }
  if (job.upsert && job.keys.empty()) {
    return Fail(400, "an upsert data job needs \"keys\"");
  }
  state_.bulk.AddDataJob(std::move(job));
  return Ok();
}

HttpResponse ControlApi::GetBulkShapes(const Json&) {
  return Reply(200, BulkShapesJson(state_.bulk.shapes()));
}

HttpResponse ControlApi::PutBulkShapes(const Json& body) {
  if (absl::Status s = state_.bulk.SetShapes(body); !s.ok()) {
    return Fail(400, s.message());
  }
  return Reply(200, BulkShapesJson(state_.bulk.shapes()));
}

}  // namespace gg::sandbox
