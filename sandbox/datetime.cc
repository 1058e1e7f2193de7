#include "sandbox/datetime.h"

#include "absl/strings/ascii.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace gg::sandbox {
namespace {

// Reads exactly `n` decimal digits.
bool ConsumeDigits(absl::string_view* text, int n, int* out) {
  if (text->size() < static_cast<size_t>(n)) return false;
  int value = 0;
  for (int i = 0; i < n; ++i) {
    char c = (*text)[i];
    if (!absl::ascii_isdigit(c)) return false;
    value = value * 10 + (c - '0');
  }
  text->remove_prefix(n);
  *out = value;
  return true;
}

bool ConsumeChar(absl::string_view* text, char c) {
  if (text->empty() || text->front() != c) return false;
  text->remove_prefix(1);
  return true;
}

// A real calendar day (absl would normalise 02-30 into March).
std::optional<absl::CivilDay> MakeDay(int year, int month, int day) {
  if (month < 1 || month > 12 || day < 1) return std::nullopt;
  absl::CivilDay civil(year, month, day);
  if (civil.month() != month || civil.day() != day) return std::nullopt;
  return civil;
}

// "YYYY-MM-DD" at the front of `text`.
std::optional<absl::CivilDay> ConsumeIsoDay(absl::string_view* text) {
  int year, month, day;
  if (!ConsumeDigits(text, 4, &year) || !ConsumeChar(text, '-') ||
      !ConsumeDigits(text, 2, &month) || !ConsumeChar(text, '-') ||
      !ConsumeDigits(text, 2, &day)) {
    return std::nullopt;
  }
  return MakeDay(year, month, day);
}

// "MM-dd-yyyy", the whole of `text`.
std::optional<absl::CivilDay> ParseUsDay(absl::string_view text) {
  int year, month, day;
  if (!ConsumeDigits(&text, 2, &month) || !ConsumeChar(&text, '-') ||
      !ConsumeDigits(&text, 2, &day) || !ConsumeChar(&text, '-') ||
      !ConsumeDigits(&text, 4, &year) || !text.empty()) {
    return std::nullopt;
  }
  return MakeDay(year, month, day);
}

int64_t EpochMillis(absl::CivilSecond civil) {
  return absl::ToUnixMillis(absl::FromCivil(civil, absl::UTCTimeZone()));
}

// ".fff..." at the front of `text` as milliseconds (0 when absent).
bool ConsumeFraction(absl::string_view* text, int* millis) {
  *millis = 0;
  if (!ConsumeChar(text, '.')) return true;
  int digits = 0;
  while (!text->empty() && absl::ascii_isdigit(text->front())) {
    if (digits < 3) *millis = *millis * 10 + (text->front() - '0');
    ++digits;
    text->remove_prefix(1);
  }
  if (digits == 0 || digits > 9) return false;
  for (int i = digits; i < 3; ++i) *millis *= 10;
  return true;
}

// The zone suffix, the whole rest of `text`, as an offset east of UTC.
bool ParseZone(absl::string_view text, int* offset_minutes) {
  *offset_minutes = 0;
  if (text.empty() || text == "Z" || text == "z") return true;
  int sign = 0;
  if (ConsumeChar(&text, '+')) {
    sign = 1;
  } else if (ConsumeChar(&text, '-')) {
    sign = -1;
  } else {
    return false;
  }
  int hours, minutes;
  if (!ConsumeDigits(&text, 2, &hours)) return false;
  ConsumeChar(&text, ':');
  if (!ConsumeDigits(&text, 2, &minutes) || !text.empty()) return false;
  if (hours > 23 || minutes > 59) return false;
  *offset_minutes = sign * (hours * 60 + minutes);
  return true;
}

}  // namespace

std::optional<int64_t> ParseDate(absl::string_view text) {
  absl::string_view iso = text;
  std::optional<absl::CivilDay> day = ConsumeIsoDay(&iso);
  if (!day.has_value() || !iso.empty()) day = ParseUsDay(text);
  if (!day.has_value()) return std::nullopt;
  return EpochMillis(absl::CivilSecond(*day));
}

std::optional<int64_t> ParseDateTime(absl::string_view text) {
  std::optional<absl::CivilDay> day = ConsumeIsoDay(&text);
  if (!day.has_value()) return std::nullopt;
  if (!ConsumeChar(&text, 'T') && !ConsumeChar(&text, 't') &&
      !ConsumeChar(&text, ' ')) {
    return std::nullopt;
  }
  int hour, minute, second, millis, offset_minutes;
  if (!ConsumeDigits(&text, 2, &hour) || !ConsumeChar(&text, ':') ||
      !ConsumeDigits(&text, 2, &minute) || !ConsumeChar(&text, ':') ||
      !ConsumeDigits(&text, 2, &second) || !ConsumeFraction(&text, &millis) ||
      !ParseZone(text, &offset_minutes)) {
    return std::nullopt;
  }
  if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
  absl::CivilSecond civil(day->year(), day->month(), day->day(), hour, minute,
                          second);
  return EpochMillis(civil) + millis -
         static_cast<int64_t>(offset_minutes) * 60 * 1000;
}

}  // namespace gg::sandbox
