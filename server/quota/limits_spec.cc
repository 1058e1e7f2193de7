#include "quota/limits_spec.h"

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace gg {
namespace {

struct Unit {
  absl::string_view suffix;
  absl::Duration length;
};
// Longest suffix first, so that "ms" is not read as "m".
constexpr int kUnitCount = 5;
const Unit* Units() {
  static const Unit kUnits[kUnitCount] = {
      {"ms", absl::Milliseconds(1)}, {"s", absl::Seconds(1)},
      {"m", absl::Minutes(1)},       {"h", absl::Hours(1)},
      {"d", absl::Hours(24)},
  };
  return kUnits;
}

absl::StatusOr<absl::Duration> ParseLength(absl::string_view text) {
  for (int i = 0; i < kUnitCount; ++i) {
    const Unit& unit = Units()[i];
    absl::string_view number = text;
    if (!absl::ConsumeSuffix(&number, unit.suffix)) continue;
    int64_t n = 0;
    if (!absl::SimpleAtoi(number, &n) || n <= 0) break;
    return n * unit.length;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "bad window length '", text, "' (want e.g. 500ms, 10s, 1m, 1h, 1d)"));
}

absl::StatusOr<WindowSpec> ParseWindow(absl::string_view text) {
  std::pair<absl::string_view, absl::string_view> parts =
      absl::StrSplit(text, absl::MaxSplits('/', 1));
  WindowSpec window;
  if (!absl::SimpleAtoi(parts.first, &window.limit) || window.limit <= 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "bad window '", text, "' (want COUNT/LENGTH, e.g. 100/1m)"));
  }
  absl::StatusOr<absl::Duration> length = ParseLength(parts.second);
  if (!length.ok()) return length.status();
  window.length = *length;
  return window;
}

}  // namespace

absl::StatusOr<LimitsSpec> ParseLimitsSpec(absl::string_view text) {
  LimitsSpec spec;
  bool seen[kCallClassCount] = {false, false};
  for (absl::string_view group :
       absl::StrSplit(text, ';', absl::SkipWhitespace())) {
    group = absl::StripAsciiWhitespace(group);
    std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(group, absl::MaxSplits('=', 1));
    CallClass call_class;
    if (kv.first == "sync") {
      call_class = CallClass::kSync;
    } else if (kv.first == "bulk") {
      call_class = CallClass::kBulk;
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          "unknown call class '", kv.first, "' in limits (want sync or bulk)"));
    }
    if (seen[static_cast<int>(call_class)]) {
      return absl::InvalidArgumentError(
          absl::StrCat("call class '", kv.first, "' given twice in limits"));
    }
    seen[static_cast<int>(call_class)] = true;
    std::vector<WindowSpec>& windows =
        call_class == CallClass::kSync ? spec.sync : spec.bulk;
    for (absl::string_view w : absl::StrSplit(kv.second, ',')) {
      absl::StatusOr<WindowSpec> window =
          ParseWindow(absl::StripAsciiWhitespace(w));
      if (!window.ok()) return window.status();
      windows.push_back(*window);
    }
  }
  if (spec.sync.empty() && spec.bulk.empty()) {
    return absl::InvalidArgumentError(
        "limits name no window (want e.g. sync=100/1m,50000/1d;bulk=10/1h)");
  }
  return spec;
}

std::string FormatWindowLength(absl::Duration d) {
  for (int i = kUnitCount - 1; i >= 0; --i) {
    const Unit& unit = Units()[i];
    if (d >= unit.length && d % unit.length == absl::ZeroDuration()) {
      return absl::StrCat(d / unit.length, unit.suffix);
    }
  }
  return absl::StrCat(absl::ToInt64Milliseconds(d), "ms");
}

std::string FormatLimitsSpec(const LimitsSpec& spec) {
  auto format_windows = [](const std::vector<WindowSpec>& windows) {
    return absl::StrJoin(
        windows, ",", [](std::string* out, const WindowSpec& w) {
          absl::StrAppend(out, w.limit, "/", FormatWindowLength(w.length));
        });
  };
  std::vector<std::string> groups;
  if (!spec.sync.empty()) groups.push_back("sync=" + format_windows(spec.sync));
  if (!spec.bulk.empty()) groups.push_back("bulk=" + format_windows(spec.bulk));
  return absl::StrJoin(groups, ";");
}

}  // namespace gg
