// How deep arrays and objects nest in a JSON text, measured by one scan
// without parsing (strings and escapes are skipped). Readers of JSON from
// outside check it first: parsers and the code that walks parsed values
// recurse once per level.
#ifndef GAINSIGHT_GATEWAY_SERVER_COMMON_JSON_DEPTH_H_
#define GAINSIGHT_GATEWAY_SERVER_COMMON_JSON_DEPTH_H_

#include "absl/strings/string_view.h"

namespace gg {

// The deepest nesting in `text` ("1" is 0, "[1]" 1, "[{}]" 2), counting no
// further than `stop_at` (a text past it returns `stop_at`).
int JsonNestingDepth(absl::string_view text, int stop_at);

// Deeper JSON from Gainsight or the gateway is refused as malformed.
inline constexpr int kMaxJsonDepth = 64;

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_COMMON_JSON_DEPTH_H_
