// Gainsight's response envelope:
//   {"result": bool, "errorCode": str|null, "errorDesc": str|null,
//    "requestId": str, "data": ..., "message": str|null}
#ifndef GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_ENVELOPE_H_
#define GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_ENVELOPE_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"

namespace gg {

using Json = nlohmann::ordered_json;

// The string at `key` of the JSON object `object`; "" when it is absent or
// not a string.
std::string StringAt(const Json& object, const char* key);

struct Envelope {
  bool result = false;
  std::string error_code;
  std::string error_desc;
  std::string request_id;
  Json data;  // null when absent
};

// Parses a response body; nullopt when it is not a JSON object with a boolean
// `result`, or nests deeper than kMaxJsonDepth.
std::optional<Envelope> ParseEnvelope(absl::string_view body);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_ENVELOPE_H_
