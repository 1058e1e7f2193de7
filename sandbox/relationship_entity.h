// A Cockpit record (CTA, Success Plan) for a relationship ([SEC] Gainsight's
// own CTA tool creates one with RelationshipId, RelationshipTypeId and
// EntityType RELATIONSHIP): the relationship must exist and belong to the
// record's company, RelationshipTypeId must be its type, and EntityType,
// when given, must say which entity the record is for.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_RELATIONSHIP_ENTITY_H_
#define GAINSIGHT_GATEWAY_SANDBOX_RELATIONSHIP_ENTITY_H_

#include <optional>
#include <string>

#include "sandbox/gainsight_call.h"
#include "sandbox/schema.h"
#include "sandbox/value.h"

namespace gg::sandbox {

struct EntityProblem {
  std::string field;  // the field at fault
  std::string desc;   // errorDesc (names fields, never values)
};

// The problem of a created `row` of `object` (which has CompanyId,
// RelationshipId, RelationshipTypeId and EntityType), or nullopt.
std::optional<EntityProblem> CheckRelationshipEntity(const TenantData& data,
                                                     const ObjectDef& object,
                                                     const Row& row);

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_RELATIONSHIP_ENTITY_H_
