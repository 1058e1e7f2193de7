// The Cockpit's record objects: CTAs (`call_to_action`), deleted CTAs, and
// tasks (`cs_task`). Like Success Plans they live in the tenant store but are
// not served by the MDA endpoints. Writes to them take CockpitWriteMutex, so
// each check-then-write is atomic.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_COCKPIT_OBJECTS_H_
#define GAINSIGHT_GATEWAY_SANDBOX_COCKPIT_OBJECTS_H_

#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "sandbox/schema.h"

namespace gg::sandbox {

// GSID prefix 1S01 (seen in the docs' samples).
const ObjectDef& CtaObject();
// The same fields; a CTA deleted through the control API moves here.
const ObjectDef& DeletedCtaObject();
// GSID prefix 1C05 (invented: no sample shows one).
const ObjectDef& TaskObject();

// The Cockpit object `name` names (any letter case): call_to_action, cs_task
// or cta_group; null for any other. Their describes are served ([CODE] a
// public connector describes and queries them on live tenants).
const ObjectDef* FindCockpitObject(absl::string_view name);

absl::Mutex& CockpitWriteMutex();

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_COCKPIT_OBJECTS_H_
