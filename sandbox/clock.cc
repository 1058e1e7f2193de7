#include "sandbox/clock.h"

#include "absl/time/clock.h"

namespace gg::sandbox {
namespace {

class RealClock : public Clock {
 public:
  absl::Time Now() const override { return absl::Now(); }
};

}  // namespace

const Clock& Clock::Real() {
  static const RealClock* const kClock = new RealClock();
  return *kClock;
}

}  // namespace gg::sandbox
