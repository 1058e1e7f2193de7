// The date and date-time text formats the sandbox accepts, as epoch
// milliseconds (UTC). Gainsight documents no format list; these are the
// forms its docs' samples and live clients send.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_DATETIME_H_
#define GAINSIGHT_GATEWAY_SANDBOX_DATETIME_H_

#include <cstdint>
#include <optional>

#include "absl/strings/string_view.h"

namespace gg::sandbox {

// A calendar date, "YYYY-MM-DD" or "MM-dd-yyyy", as the epoch ms of its UTC
// midnight. Nothing else: no time of day, no impossible dates (02-30).
std::optional<int64_t> ParseDate(absl::string_view text);

// A date and time of day: "YYYY-MM-DDTHH:MM:SS" (RFC 3339 / ISO 8601; 'T' may
// also be a space, as in "yyyy-MM-dd HH:mm:ss"), optionally with a fraction
// of a second (truncated to ms) and a zone ("Z", "+HH:MM" or "+HHMM").
// Without a zone the time is UTC.
std::optional<int64_t> ParseDateTime(absl::string_view text);

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_DATETIME_H_
