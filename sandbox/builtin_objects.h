// The objects every sandbox serves, and their definitions.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_BUILTIN_OBJECTS_H_
#define GAINSIGHT_GATEWAY_SANDBOX_BUILTIN_OBJECTS_H_

#include "sandbox/schema.h"

namespace gg::sandbox {

// Company: Gainsight's standard fields seen in the docs' samples plus three
// custom fields (Region__gc, HealthScore__gc, IsStrategic__gc).
ObjectDef CompanyObject();

// Person and Company_Person: the People API's objects.
ObjectDef PersonObject();
ObjectDef CompanyPersonObject();

// GsUser: Gainsight's users (CTA and task owners), found by Email.
ObjectDef GsUserObject();

// Every built-in object; lives for the whole program.
const ObjectRegistry& BuiltinObjects();

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_BUILTIN_OBJECTS_H_
