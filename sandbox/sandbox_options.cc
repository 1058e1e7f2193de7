#include "sandbox/sandbox_options.h"

#include <cstdlib>

namespace gg::sandbox {

LimitsSpec SandboxOptions::DefaultLimits() {
  absl::StatusOr<LimitsSpec> spec = ParseLimitsSpec(kDefaultLimits);
  if (!spec.ok()) std::abort();  // the built-in default always parses
  return *std::move(spec);
}

}  // namespace gg::sandbox
