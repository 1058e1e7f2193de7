#include "sandbox/rate_limiter.h"

#include <algorithm>
#include <utility>

namespace gg::sandbox {
namespace {

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int64_t LengthMicros(const WindowSpec& window) {
  return std::max<int64_t>(1, absl::ToInt64Microseconds(window.length));
}

}  // namespace

RateLimiter::RateLimiter(LimitsSpec spec, absl::Duration window_offset)
    : spec_(std::move(spec)), window_offset_(window_offset) {}

int64_t RateLimiter::WindowIndex(const WindowSpec& window,
                                 absl::Time now) const {
  int64_t since =
      absl::ToUnixMicros(now) - absl::ToInt64Microseconds(window_offset_);
  return FloorDiv(since, LengthMicros(window));
}

absl::Time RateLimiter::WindowStart(const WindowSpec& window,
                                    int64_t index) const {
  return absl::FromUnixMicros(index * LengthMicros(window)) + window_offset_;
}

RateLimiter::Counters& RateLimiter::CountersFor(absl::string_view key) {
  Counters& counters = counters_[key];
  for (int c = 0; c < kCallClassCount; ++c) {
    counters[c].resize(spec_.For(static_cast<CallClass>(c)).size());
  }
  return counters;
}

int64_t& RateLimiter::Current(Counter& c, const WindowSpec& window,
                              absl::Time now) {
  int64_t index = WindowIndex(window, now);
  if (c.window != index) {
    c.window = index;
    c.count = 0;
  }
  return c.count;
}

Admission RateLimiter::Admit(absl::string_view key, CallClass call_class,
                             absl::Time now) {
  absl::MutexLock lock(&mu_);
  const std::vector<WindowSpec>& windows = spec_.For(call_class);
  std::vector<Counter>& counters =
      CountersFor(key)[static_cast<int>(call_class)];
  Admission admission;
  admission.admitted = true;
  for (size_t i = 0; i < windows.size(); ++i) {
    if (Current(counters[i], windows[i], now) < windows[i].limit) continue;
    admission.admitted = false;
    absl::Time end = WindowStart(windows[i], counters[i].window + 1);
    admission.retry_after = std::max(admission.retry_after, end - now);
  }
  if (admission.admitted) {
    for (Counter& counter : counters) ++counter.count;
  }
  return admission;
}

void RateLimiter::Consume(absl::string_view key, CallClass call_class,
                          int64_t count, absl::Time now) {
  absl::MutexLock lock(&mu_);
  const std::vector<WindowSpec>& windows = spec_.For(call_class);
  std::vector<Counter>& counters =
      CountersFor(key)[static_cast<int>(call_class)];
  for (size_t i = 0; i < windows.size(); ++i) {
    Current(counters[i], windows[i], now) += count;
  }
}

std::vector<WindowStatus> RateLimiter::Status(absl::string_view key,
                                              absl::Time now) const {
  absl::ReaderMutexLock lock(&mu_);
  std::vector<WindowStatus> out;
  auto found = counters_.find(key);
  for (int c = 0; c < kCallClassCount; ++c) {
    const std::vector<WindowSpec>& windows =
        spec_.For(static_cast<CallClass>(c));
    for (size_t i = 0; i < windows.size(); ++i) {
      WindowStatus status;
      status.call_class = static_cast<CallClass>(c);
      status.spec = windows[i];
      int64_t index = WindowIndex(windows[i], now);
      status.start = WindowStart(windows[i], index);
      status.end = WindowStart(windows[i], index + 1);
      if (found != counters_.end() && i < found->second[c].size() &&
          found->second[c][i].window == index) {
        status.count = found->second[c][i].count;
      }
      out.push_back(status);
    }
  }
  return out;
}

void RateLimiter::Configure(LimitsSpec spec, absl::Duration window_offset) {
  absl::MutexLock lock(&mu_);
  bool same_offset = window_offset == window_offset_;
  for (auto& [key, counters] : counters_) {
    Counters kept;
    for (int c = 0; c < kCallClassCount; ++c) {
      const std::vector<WindowSpec>& old_windows =
          spec_.For(static_cast<CallClass>(c));
      for (const WindowSpec& window : spec.For(static_cast<CallClass>(c))) {
        Counter counter;
        for (size_t i = 0; same_offset && i < old_windows.size(); ++i) {
          if (old_windows[i].length == window.length &&
              i < counters[c].size()) {
            counter = counters[c][i];
            break;
          }
        }
        kept[c].push_back(counter);
      }
    }
    counters = std::move(kept);
  }
  spec_ = std::move(spec);
  window_offset_ = window_offset;
}

void RateLimiter::ResetCounts() {
  absl::MutexLock lock(&mu_);
  counters_.clear();
}

LimitsSpec RateLimiter::spec() const {
  absl::ReaderMutexLock lock(&mu_);
  return spec_;
}

absl::Duration RateLimiter::window_offset() const {
  absl::ReaderMutexLock lock(&mu_);
  return window_offset_;
}

}  // namespace gg::sandbox
