#include "sandbox/relationship_entity.h"

#include "sandbox/cockpit_wire.h"

namespace gg::sandbox {

std::optional<EntityProblem> CheckRelationshipEntity(const TenantData& data,
                                                     const ObjectDef& object,
                                                     const Row& row) {
  const std::string* relationship =
      StringAt(row, object.FieldIndex("RelationshipId"));
  const std::string* type =
      StringAt(row, object.FieldIndex("RelationshipTypeId"));
  const std::string* entity = StringAt(row, object.FieldIndex("EntityType"));
  if (relationship == nullptr) {
    if (type != nullptr) {
      return EntityProblem{"RelationshipTypeId",
                           "RelationshipTypeId needs a RelationshipId"};
    }
    if (entity != nullptr && *entity != "COMPANY") {
      return EntityProblem{"EntityType",
                           "EntityType RELATIONSHIP needs a RelationshipId"};
    }
    return std::nullopt;
  }
  if (entity != nullptr && *entity != "RELATIONSHIP") {
    return EntityProblem{"EntityType",
                         "a record with a RelationshipId has EntityType "
                         "RELATIONSHIP"};
  }
  const ObjectDef* relationships = data.objects.Find("relationship");
  std::optional<Row> found =
      relationships == nullptr
          ? std::nullopt
          : FindByGsid(data.store, *relationships, *relationship);
  const std::string* company = StringAt(row, object.FieldIndex("CompanyId"));
  if (!found || company == nullptr ||
      *StringAt(*found, relationships->FieldIndex("CompanyId")) != *company) {
    return EntityProblem{"RelationshipId",
                         "No relationship of the record's company has this "
                         "RelationshipId"};
  }
  if (type == nullptr) {
    return EntityProblem{"RelationshipTypeId",
                         "RelationshipTypeId is required for a relationship "
                         "record"};
  }
  if (*StringAt(*found, relationships->FieldIndex("TypeId")) != *type) {
    return EntityProblem{"RelationshipTypeId",
                         "RelationshipTypeId is not the relationship's type"};
  }
  return std::nullopt;
}

}  // namespace gg::sandbox
