// The sandbox's own JSON type and its two entry points. The sandbox never
// shares the gateway's JSON mapping, so a gateway encoding bug fails a test
// instead of being mirrored.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_JSON_H_
#define GAINSIGHT_GATEWAY_SANDBOX_JSON_H_

#include <string>

#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"

namespace gg::sandbox {

// Objects keep their key order: orderBy keys are a priority list, and
// responses list keys in Gainsight's order.
using Json = nlohmann::ordered_json;

// Parses `text`; a value that is_discarded() when it is not valid JSON or
// nests deeper than kMaxJsonDepth.
Json ParseJson(absl::string_view text);

// Compact serialisation; invalid UTF-8 is replaced instead of throwing.
std::string DumpJson(const Json& json);

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_JSON_H_
