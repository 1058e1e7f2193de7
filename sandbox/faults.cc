#include "sandbox/faults.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace gg::sandbox {
namespace {

constexpr int64_t kMaxDelayMs = 600000;  // 10 minutes

absl::Status InvalidFault(absl::string_view message) {
  return absl::InvalidArgumentError(message);
}

// Reads `key` as an integer in [min, max] when present.
absl::Status ReadInt(const Json& json, const char* key, int64_t min,
                     int64_t max, std::optional<int64_t>* out) {
  auto it = json.find(key);
  if (it == json.end() || it->is_null()) return absl::OkStatus();
  if (!it->is_number_integer() ||
      (it->is_number_unsigned() && it->get<uint64_t>() > INT64_MAX) ||
      it->get<int64_t>() < min || it->get<int64_t>() > max) {
    return InvalidFault(absl::StrCat("\"", key, "\" must be an integer from ",
                                     min, " to ", max));
  }
  *out = it->get<int64_t>();
  return absl::OkStatus();
}

absl::Status ReadBool(const Json& json, const char* key, bool* out) {
  auto it = json.find(key);
  if (it == json.end() || it->is_null()) return absl::OkStatus();
  if (!it->is_boolean()) {
    return InvalidFault(absl::StrCat("\"", key, "\" must be true or false"));
  }
  *out = it->get<bool>();
  return absl::OkStatus();
}

absl::Status ReadString(const Json& json, const char* key, std::string* out) {
  auto it = json.find(key);
  if (it == json.end() || it->is_null()) return absl::OkStatus();
  if (!it->is_string()) {
    return InvalidFault(absl::StrCat("\"", key, "\" must be a string"));
  }
  *out = it->get<std::string>();
  return absl::OkStatus();
}

absl::Status CheckKeys(const Json& json) {
  static constexpr absl::string_view kKeys[] = {"status",
                                                "count",
                                                "rate",
                                                "seed",
                                                "method",
                                                "path_prefix",
                                                "delay_ms",
                                                "drop_connection",
                                                "malformed_body",
                                                "retry_after_s",
                                                "body",
                                                "body_bytes",
                                                "data"};
  for (const auto& [key, value] : json.items()) {
    bool known = false;
    for (absl::string_view k : kKeys) known = known || k == key;
    if (!known) return InvalidFault(absl::StrCat("unknown key \"", key, "\""));
  }
  return absl::OkStatus();
}

absl::Status ReadNumbers(const Json& json, FaultSpec* spec) {
  std::optional<int64_t> status, count, delay_ms, retry_after_s, body_bytes;
  absl::Status s = ReadInt(json, "status", 200, 599, &status);
  if (s.ok()) s = ReadInt(json, "count", 1, INT64_MAX, &count);
  if (s.ok()) s = ReadInt(json, "delay_ms", 0, kMaxDelayMs, &delay_ms);
  // Up to ~317 years: absurd values are what clients must survive.
  if (s.ok()) {
    s = ReadInt(json, "retry_after_s", 0, 10000000000, &retry_after_s);
  }
  if (s.ok())
    s = ReadInt(json, "body_bytes", 64, int64_t{1} << 30, &body_bytes);
  if (!s.ok()) return s;
  spec->body_bytes = body_bytes;
  if (status) spec->status = static_cast<int>(*status);
  spec->count = count;
  if (delay_ms) spec->delay = absl::Milliseconds(*delay_ms);
  spec->retry_after_s = retry_after_s;
  auto rate = json.find("rate");
  if (rate != json.end() && !rate->is_null()) {
    if (!rate->is_number() || rate->get<double>() <= 0 ||
        rate->get<double>() > 1) {
      return InvalidFault("\"rate\" must be a number above 0 and at most 1");
    }
    spec->rate = rate->get<double>();
  }
  auto seed = json.find("seed");
  if (seed != json.end() && !seed->is_null()) {
    if (!seed->is_number_integer() ||
        (!seed->is_number_unsigned() && seed->get<int64_t>() < 0)) {
      return InvalidFault("\"seed\" must be a non-negative integer");
    }
    spec->seed = seed->get<uint64_t>();
  }
  return absl::OkStatus();
}

absl::Status CheckCombination(const FaultSpec& spec) {
  const bool other_body =
      spec.malformed_body || !spec.body.empty() || spec.body_bytes || spec.data;
  if (!spec.status && !spec.drop_connection && !other_body &&
      spec.delay == absl::ZeroDuration()) {
    return InvalidFault(
        "a fault needs \"status\", \"delay_ms\", \"drop_connection\", "
        "\"malformed_body\", \"body\", \"body_bytes\" or \"data\"");
  }
  if (spec.drop_connection && (spec.status || other_body)) {
    return InvalidFault(
        "\"drop_connection\" cannot be combined with \"status\" or a "
        "body");
  }
  if (!spec.body.empty() && spec.body != "truncated" && spec.body != "text" &&
      spec.body != "html") {
    return InvalidFault("\"body\" must be \"truncated\", \"text\" or \"html\"");
  }
  if ((spec.malformed_body || !spec.body.empty()) && spec.body_bytes) {
    return InvalidFault("\"body_bytes\" cannot be combined with another body");
  }
  if (spec.data &&
      (spec.malformed_body || !spec.body.empty() || spec.body_bytes)) {
    return InvalidFault("\"data\" cannot be combined with another body");
  }
  if (spec.status && *spec.status < 400 && !other_body) {
    return InvalidFault(
        "\"status\" must be from 400 to 599 (or use it with a body: "
        "\"malformed_body\", \"body\", \"body_bytes\")");
  }
  if (spec.retry_after_s && spec.status != 429) {
    return InvalidFault("\"retry_after_s\" needs \"status\": 429");
  }
  if (!spec.method.empty() && spec.method != "GET" && spec.method != "POST" &&
      spec.method != "PUT" && spec.method != "DELETE" &&
      spec.method != "PATCH") {
    return InvalidFault("\"method\" must be GET, POST, PUT, DELETE or PATCH");
  }
  if (!spec.path_prefix.empty() && spec.path_prefix.front() != '/') {
    return InvalidFault("\"path_prefix\" must start with '/'");
  }
  return absl::OkStatus();
}

// A draw in [0, 1) from the generator, identical on every platform.
double Uniform(std::mt19937_64& rng) {
  return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

}  // namespace

absl::StatusOr<FaultSpec> ParseFaultSpec(const Json& json) {
  if (!json.is_object()) return InvalidFault("body must be a JSON object");
  FaultSpec spec;
  absl::Status s = CheckKeys(json);
  if (s.ok()) s = ReadNumbers(json, &spec);
  if (s.ok()) s = ReadString(json, "method", &spec.method);
  if (s.ok()) s = ReadString(json, "path_prefix", &spec.path_prefix);
  if (s.ok()) s = ReadBool(json, "drop_connection", &spec.drop_connection);
  if (s.ok()) s = ReadBool(json, "malformed_body", &spec.malformed_body);
  if (s.ok()) s = ReadString(json, "body", &spec.body);
  if (!s.ok()) return s;
  if (auto data = json.find("data"); data != json.end() && !data->is_null()) {
    spec.data = *data;
  }
  absl::AsciiStrToUpper(&spec.method);
  if ((spec.malformed_body || !spec.body.empty() || spec.body_bytes ||
       spec.data) &&
      !spec.status) {
    spec.status = 200;
  }
  s = CheckCombination(spec);
  if (!s.ok()) return s;
  return spec;
}

int FaultInjector::Add(FaultSpec spec) {
  absl::MutexLock lock(&mu_);
  int id = next_id_++;
  // Without a seed, the rule's id seeds it: runs stay reproducible.
  uint64_t seed = spec.seed.value_or(static_cast<uint64_t>(id));
  rules_.push_back(Rule{id, std::move(spec), std::mt19937_64(seed), 0});
  return id;
}

std::optional<FaultAction> FaultInjector::Next(absl::string_view method,
                                               absl::string_view path) {
  absl::MutexLock lock(&mu_);
  for (auto it = rules_.begin(); it != rules_.end(); ++it) {
    const FaultSpec& spec = it->spec;
    if (!spec.method.empty() && spec.method != method) continue;
    if (!absl::StartsWith(path, spec.path_prefix)) continue;
    if (spec.rate && Uniform(it->rng) >= *spec.rate) continue;
    FaultAction action{spec.status,          spec.delay,
                       spec.drop_connection, spec.malformed_body,
                       spec.retry_after_s,   spec.body,
                       spec.body_bytes,      spec.data};
    ++it->fired;
    if (spec.count && it->fired >= *spec.count) rules_.erase(it);
    return action;
  }
  return std::nullopt;
}

Json FaultInjector::List() const {
  absl::MutexLock lock(&mu_);
  Json out = Json::array();
  for (const Rule& rule : rules_) {
    const FaultSpec& spec = rule.spec;
    Json item = Json::object();
    item["id"] = rule.id;
    item["status"] = spec.status ? Json(*spec.status) : Json(nullptr);
    item["remaining"] =
        spec.count ? Json(*spec.count - rule.fired) : Json(nullptr);
    item["rate"] = spec.rate ? Json(*spec.rate) : Json(nullptr);
    item["method"] = spec.method.empty() ? Json(nullptr) : Json(spec.method);
    item["path_prefix"] =
        spec.path_prefix.empty() ? Json(nullptr) : Json(spec.path_prefix);
    item["delay_ms"] = absl::ToInt64Milliseconds(spec.delay);
    item["drop_connection"] = spec.drop_connection;
    item["malformed_body"] = spec.malformed_body;
    item["retry_after_s"] =
        spec.retry_after_s ? Json(*spec.retry_after_s) : Json(nullptr);
    item["body"] = spec.body.empty() ? Json(nullptr) : Json(spec.body);
    item["body_bytes"] =
        spec.body_bytes ? Json(*spec.body_bytes) : Json(nullptr);
    item["data"] = spec.data.value_or(Json(nullptr));
    item["fired"] = rule.fired;
    out.push_back(std::move(item));
  }
  return out;
}

void FaultInjector::Clear() {
  absl::MutexLock lock(&mu_);
  rules_.clear();
  next_id_ = 1;
}

}  // namespace gg::sandbox
