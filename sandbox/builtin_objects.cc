#include "sandbox/builtin_objects.h"

#include "gainsight/endpoints.h"

namespace gg::sandbox {

ObjectDef CompanyObject(const ContractVariants& variants) {
  return ObjectDef(
      "Company", "1P02",
      WithSystemFields({
          Required(StringField("Name", 255)),
          StringField("Industry", 255),
          Field(variants.company_revenue, FieldType::kCurrency),
          Field(variants.CompanyMonthlyRevenue(), FieldType::kCurrency),
          Field("Employees", FieldType::kNumber),
          Field("LifecycleInWeeks", FieldType::kNumber),
          Field("OriginalContractDate", FieldType::kDate),
          Field("RenewalDate", FieldType::kDate),
          PicklistField("Stage",
                        {"New Customer", "Kick Off", "Launched", "Adopting",
                         "Will Expand", "Will Churn", "Churn"}),
          PicklistField("Status", {"Active", "Inactive", "Churn"}),
          PicklistField("CompanyType", {"Customer", "Prospect", "Partner"}),
          // Two items whose labels differ only in letter case, and one no
          // longer active.
          PicklistField("Tier__gc", {"Gold", "Silver", "GOLD"}, {"Platinum"}),
          Field("Csm", FieldType::kGsid),
          Field("ParentCompany", FieldType::kGsid),
          // Custom fields; 500 is Gainsight's default custom string length.
          StringField("Region__gc", 500),
          Field("HealthScore__gc", FieldType::kNumber),
          Field("IsStrategic__gc", FieldType::kBoolean),
      }));
}

// A low-volume custom object with one field of each common type and a
// lookup to Company.
ObjectDef RenewalTrackerObject() {
  return ObjectDef(
      "Renewal_Tracker__gc", "1CO1",
      WithSystemFields({
          Required(StringField("Name__gc", 255)),
          StringField("External_Id__gc", 100),
          Field("Amount__gc", FieldType::kNumber),
          Field("Renewal_Date__gc", FieldType::kDate),
          Field("Auto_Renew__gc", FieldType::kBoolean),
          PicklistField("Stage__gc", {"Open", "Committed", "Won", "Lost"}),
          LookupField("Company_ID__gc", "Company"),
      }));
}

// A second custom object: date-times and currency, nothing required.
ObjectDef UsageSnapshotObject() {
  return ObjectDef("Usage_Snapshot__gc", "1CO2",
                   WithSystemFields({
                       StringField("Feature__gc", 100),
                       Field("Active_Users__gc", FieldType::kNumber),
                       Field("Spend__gc", FieldType::kCurrency),
                       Field("Captured_At__gc", FieldType::kDateTime),
                       LookupField("Company_ID__gc", "Company"),
                   }));
}

// Relationship type: what kind of connection a relationship is (a
// product, a business unit); types are set up by admins, read here as
// records (GSID prefix invented).
ObjectDef RelationshipTypeObject() {
  return ObjectDef(kRelationshipTypeObject, "1P06",
                   WithSystemFields({Required(StringField("Name", 255))}));
}

// Relationship: Gainsight's `relationship` object. Name, CompanyId and
// TypeId (the GSID of a relationship type) are in public code that writes
// relationships; both references must name existing records. Arr, Mrr and
// Status are unconfirmed (named as on Company). GSID prefix: the
// digests' write sample ("1P05...").
ObjectDef RelationshipObject() {
  return ObjectDef(
      "relationship", "1P05",
      WithSystemFields({
          Required(StringField("Name", 255)),
          Required(Referencing(LookupField("CompanyId", "Company"))),
          Required(Referencing(LookupField("TypeId", kRelationshipTypeObject))),
          Field("Arr", FieldType::kCurrency),
          Field("Mrr", FieldType::kCurrency),
          PicklistField("Status", {"Active", "Inactive", "Churn"}),
          StringField("Product__gc", 255),
          Field("Renewal_Date__gc", FieldType::kDate),
      }));
}

// Person: one record per real person, written through the People API
// (GSID prefix invented). Fields: person-relationship.md §2.2.
ObjectDef PersonObject() {
  return ObjectDef("Person", "1C01",
                   WithSystemFields({
                       Required(StringField("Email", 255)),
                       StringField("FirstName", 255),
                       StringField("MiddleName", 255),
                       StringField("LastName", 255),
                       StringField("Name", 255),
                       StringField("MobilePhone", 255),
                       StringField("Location", 255),
                       StringField("Timezone", 255),
                       StringField("LinkedinUrl", 255),
                       Field("EmailOptOut", FieldType::kBoolean),
                       StringField("Comments", 5000),
                   }));
}

// Company_Person: a person's association with one company, written nested
// in a People API upsert (GSID prefix invented). Fields: §2.3.
ObjectDef CompanyPersonObject() {
  return ObjectDef("Company_Person", "1C02",
                   WithSystemFields({
                       Required(LookupField("Company_ID", "Company")),
                       Required(LookupField("Person_ID", "Person")),
                       StringField("Title", 255),
                       StringField("Role", 255),
                       Field("IsPrimaryCompany", FieldType::kBoolean),
                       Field("Active", FieldType::kBoolean),
                   }));
}

// relationship_person: a person's association with one relationship,
// written nested in a People API upsert (GSID prefix invented). The name
// and fields are UNCONFIRMED, by analogy with Company_Person (§2.4).
ObjectDef RelationshipPersonObject() {
  return ObjectDef("relationship_person", "1C03",
                   WithSystemFields({
                       Required(LookupField("Relationship_ID", "relationship")),
                       Required(LookupField("Person_ID", "Person")),
                       StringField("Role", 255),
                       Field("Active", FieldType::kBoolean),
                   }));
}

// GsUser: the tenant's users (GSID prefix 1P01, as in the docs' samples).
// Fields: the ones owner lookups read (cta-task-playbook.md §3.3).
ObjectDef GsUserObject(const ContractVariants& variants) {
  return ObjectDef(kUserObject, "1P01",
                   WithSystemFields({
                       Required(StringField("Email", 255)),
                       StringField("Name", 255),
                       StringField("FirstName", 255),
                       StringField("LastName", 255),
                       StringField("Title", 255),
                       Field(variants.user_active_field, FieldType::kBoolean),
                   }));
}

namespace {

// `object` with its DATE fields in the variants' zone and its picklists
// read as they say.
ObjectDef Shaped(ObjectDef object, const ContractVariants& variants) {
  std::vector<FieldDef> fields = object.fields();
  for (FieldDef& f : fields) {
    if (f.type == FieldType::kDate) f.date_zone = variants.date_zone;
    if (f.type == FieldType::kPicklist) {
      f.picklist_reads_label = variants.picklist_reads_label;
      f.describe_omits_items = variants.describe_omits_items;
    }
  }
  return ObjectDef(object.name(), object.gsid_prefix(), std::move(fields));
}

}  // namespace

ObjectRegistry BuiltinObjects(const ContractVariants& variants) {
  ObjectRegistry objects;
  for (ObjectDef object :
       {CompanyObject(variants), PersonObject(), CompanyPersonObject(),
        RenewalTrackerObject(), UsageSnapshotObject(), GsUserObject(variants),
        RelationshipTypeObject(), RelationshipObject(),
        RelationshipPersonObject()}) {
    objects.Add(Shaped(std::move(object), variants));
  }
  return objects;
}

}  // namespace gg::sandbox
