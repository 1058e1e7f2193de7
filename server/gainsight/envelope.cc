#include "gainsight/envelope.h"

#include "common/json_depth.h"

namespace gg {
std::string StringAt(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

std::optional<Envelope> ParseEnvelope(absl::string_view body) {
  // Every reader of `data` walks it level by level.
  if (JsonNestingDepth(body, kMaxJsonDepth + 1) > kMaxJsonDepth) {
    return std::nullopt;
  }
  Json json = Json::parse(body.begin(), body.end(), nullptr,
                          /*allow_exceptions=*/false);
  if (!json.is_object()) return std::nullopt;
  auto result = json.find("result");
  if (result == json.end() || !result->is_boolean()) return std::nullopt;
  Envelope envelope;
  envelope.result = result->get<bool>();
  envelope.error_code = StringAt(json, "errorCode");
  envelope.error_desc = StringAt(json, "errorDesc");
  envelope.request_id = StringAt(json, "requestId");
  auto data = json.find("data");
  if (data != json.end()) envelope.data = std::move(*data);
  return envelope;
}

}  // namespace gg
