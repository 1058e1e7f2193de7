#include "config/time_zone_spec.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace gg {
namespace {

// "+HH:MM" / "-HH:MM" (or "+HHMM", "+HH") as seconds east of UTC.
bool ParseOffset(absl::string_view text, int* seconds) {
  if (text.empty() || (text[0] != '+' && text[0] != '-')) return false;
  const int sign = text[0] == '-' ? -1 : 1;
  text.remove_prefix(1);
  std::string digits;
  for (char c : text) {
    if (c == ':' && digits.size() == 2) continue;
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
    digits.push_back(c);
  }
  if (digits.size() != 2 && digits.size() != 4) return false;
  int hours = 0, minutes = 0;
  if (!absl::SimpleAtoi(digits.substr(0, 2), &hours)) return false;
  if (digits.size() == 4 && !absl::SimpleAtoi(digits.substr(2), &minutes)) {
    return false;
  }
  if (hours > 18 || minutes > 59 || (hours == 18 && minutes > 0)) return false;
  *seconds = sign * (hours * 3600 + minutes * 60);
  return true;
}

}  // namespace

absl::StatusOr<absl::TimeZone> ParseTimeZoneSpec(absl::string_view text) {
  text = absl::StripAsciiWhitespace(text);
  if (text.empty()) {
    return absl::InvalidArgumentError(
        "a time zone is \"UTC\", an offset such as \"+09:00\", or an IANA "
        "name such as \"Europe/Berlin\"");
  }
  absl::string_view offset = text;
  if (absl::ConsumePrefix(&offset, "UTC") && offset.empty()) {
    return absl::UTCTimeZone();
  }
  int seconds = 0;
  if (ParseOffset(offset, &seconds)) return absl::FixedTimeZone(seconds);
  absl::TimeZone zone;
  if (absl::LoadTimeZone(std::string(text), &zone)) return zone;
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown time zone '", text,
      "': give \"UTC\", an offset such as \"+09:00\", or an IANA name found "
      "in the system's zoneinfo (Debian: package tzdata)"));
}

}  // namespace gg
