// The tenant's time zone, as configured: the zone in which Gainsight stores
// DATE fields as epoch milliseconds (a day's local midnight). One text format
// serves the gateway (--tenant-time-zone) and the sandbox: "UTC", a fixed
// offset ("+09:00", "-05:30", "UTC+02:00"), or an IANA name
// ("Europe/Berlin", read from the system's zoneinfo, e.g. Debian's tzdata).
#ifndef GAINSIGHT_GATEWAY_SERVER_CONFIG_TIME_ZONE_SPEC_H_
#define GAINSIGHT_GATEWAY_SERVER_CONFIG_TIME_ZONE_SPEC_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace gg {

// INVALID_ARGUMENT naming what is wrong when `text` is none of the forms
// above (an offset beyond ±18:00, an unknown or unreadable zone name).
absl::StatusOr<absl::TimeZone> ParseTimeZoneSpec(absl::string_view text);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_CONFIG_TIME_ZONE_SPEC_H_
