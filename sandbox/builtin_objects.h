// The objects every sandbox serves, and their definitions.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_BUILTIN_OBJECTS_H_
#define GAINSIGHT_GATEWAY_SANDBOX_BUILTIN_OBJECTS_H_

#include "sandbox/contract_variants.h"
#include "sandbox/schema.h"

namespace gg::sandbox {

// Company: Gainsight's standard fields seen in the docs' samples and in
// RudderStack's mapping (revenue fields named per `variants`) plus three
// custom fields (Region__gc, HealthScore__gc, IsStrategic__gc).
ObjectDef CompanyObject(const ContractVariants& variants = {});

// Relationship types and relationships (each of a type, of one company).
inline constexpr char kRelationshipTypeObject[] = "relationship_type";
ObjectDef RelationshipTypeObject();
ObjectDef RelationshipObject();

// Renewal_Tracker__gc: a custom object with a field of each common type.
ObjectDef RenewalTrackerObject();

// Person, Company_Person and relationship_person: the People API's
// objects.
ObjectDef PersonObject();
ObjectDef CompanyPersonObject();
ObjectDef RelationshipPersonObject();

// GsUser: Gainsight's users (CTA and task owners), found by Email; the
// active flag named per `variants`.
ObjectDef GsUserObject(const ContractVariants& variants = {});

// Every built-in object, as the contract variants shape them (DATE fields
// in `variants.date_zone`).
ObjectRegistry BuiltinObjects(const ContractVariants& variants);

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_BUILTIN_OBJECTS_H_
