// The sandbox reads time only through Clock, so tests can control it.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_CLOCK_H_
#define GAINSIGHT_GATEWAY_SANDBOX_CLOCK_H_

#include "absl/time/time.h"

namespace gg::sandbox {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;

  // The system clock; lives for the whole program.
  static const Clock& Real();
};

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_CLOCK_H_
