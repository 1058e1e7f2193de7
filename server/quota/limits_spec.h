// The Gainsight rate limits, as configured: which windows each call class has.
// One text format serves the gateway and the sandbox (--limits /
// GAINSIGHT_LIMITS), e.g. "sync=100/1m,50000/1d;bulk=10/1h,100/1d".
#ifndef GAINSIGHT_GATEWAY_SERVER_QUOTA_LIMITS_SPEC_H_
#define GAINSIGHT_GATEWAY_SERVER_QUOTA_LIMITS_SPEC_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/call_class.h"

namespace gg {

// At most `limit` calls in any interval of `length`.
struct WindowSpec {
  int64_t limit = 0;
  absl::Duration length;
  bool operator==(const WindowSpec& o) const {
    return limit == o.limit && length == o.length;
  }
};

struct LimitsSpec {
  std::vector<WindowSpec> sync;
  std::vector<WindowSpec> bulk;

  const std::vector<WindowSpec>& For(CallClass c) const {
    return c == CallClass::kSync ? sync : bulk;
  }
};

inline constexpr char kDefaultLimits[] =
    "sync=100/1m,50000/1d;bulk=10/1h,100/1d";

// Parses "CLASS=N/LEN[,N/LEN...][;CLASS=...]". CLASS is sync or bulk; LEN is a
// positive integer with unit ms, s, m, h or d. A class left out has no windows.
absl::StatusOr<LimitsSpec> ParseLimitsSpec(absl::string_view text);

// The inverse of ParseLimitsSpec, e.g. "sync=100/1m,50000/1d;bulk=10/1h".
std::string FormatLimitsSpec(const LimitsSpec& spec);

// "1m", "10s", "1d", "250ms": the largest unit that divides the duration.
std::string FormatWindowLength(absl::Duration d);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_QUOTA_LIMITS_SPEC_H_
