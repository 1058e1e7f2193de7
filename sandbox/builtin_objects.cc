#include "sandbox/builtin_objects.h"

namespace gg::sandbox {

ObjectDef CompanyObject() {
  return ObjectDef(
      "Company", "1P02",
      WithSystemFields({
          Required(StringField("Name", 255)),
          StringField("Industry", 255),
          Field("ARR", FieldType::kCurrency),
          Field("Employees", FieldType::kNumber),
          Field("LifecycleInWeeks", FieldType::kNumber),
          Field("OriginalContractDate", FieldType::kDate),
          Field("RenewalDate", FieldType::kDate),
          PicklistField("Stage",
                        {"New Customer", "Kick Off", "Launched", "Adopting",
                         "Will Expand", "Will Churn", "Churn"}),
          PicklistField("Status", {"Active", "Inactive", "Churn"}),
          PicklistField("CompanyType", {"Customer", "Prospect", "Partner"}),
          Field("Csm", FieldType::kGsid),
          Field("ParentCompany", FieldType::kGsid),
          // Custom fields; 500 is Gainsight's default custom string length.
          StringField("Region__gc", 500),
          Field("HealthScore__gc", FieldType::kNumber),
          Field("IsStrategic__gc", FieldType::kBoolean),
      }));
}

const ObjectRegistry& BuiltinObjects() {
  static const ObjectRegistry* const kObjects = [] {
    auto* objects = new ObjectRegistry();
    objects->Add(CompanyObject());
    return objects;
  }();
  return *kObjects;
}

}  // namespace gg::sandbox
