// How Gainsight counts a call, and how urgently a caller wants it: shared by
// the endpoint table, the limiter and everything that asks it for a slot.
#ifndef GAINSIGHT_GATEWAY_SERVER_COMMON_CALL_CLASS_H_
#define GAINSIGHT_GATEWAY_SERVER_COMMON_CALL_CLASS_H_

#include "absl/strings/string_view.h"

namespace gg {

// Gainsight counts synchronous REST calls and asynchronous bulk calls apart.
enum class CallClass { kSync = 0, kBulk = 1 };
inline constexpr int kCallClassCount = 2;
inline absl::string_view CallClassName(CallClass c) {  // "sync" or "bulk"
  return c == CallClass::kSync ? "sync" : "bulk";
}

// Interactive calls go first and may use every slot; batch calls wait behind
// them and leave the interactive reserve alone.
enum class Priority { kInteractive = 0, kBatch = 1 };

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_COMMON_CALL_CLASS_H_
