#include "sandbox/sandbox_state.h"

#include "sandbox/builtin_objects.h"
#include "sandbox/tenant_seeds.h"

namespace gg::sandbox {

SandboxState::SandboxState(const SandboxOptions& options)
    : options(options),
      clock(options.clock != nullptr ? *options.clock : Clock::Real()),
      objects(BuiltinObjects(options.contract)),
      limiter(options.limits, options.window_offset),
      calls(clock) {
  SeedTenant(objects, store);
  if (options.demo) SeedDemo(objects, store, bulk);
}

}  // namespace gg::sandbox
