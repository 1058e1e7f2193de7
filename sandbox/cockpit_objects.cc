#include "sandbox/cockpit_objects.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gainsight/endpoints.h"
#include "sandbox/success_plan_handlers.h"

namespace gg::sandbox {
namespace {

// Record keys of the endpoint table's kCtaCreate row; the two custom fields
// stand for a tenant's own (*__gc).
std::vector<FieldDef> CtaFields() {
  return WithSystemFields({
      Required(StringField("Name", 255)),
      Required(LookupField("CompanyId", "Company")),
      Field("RelationshipId", FieldType::kGsid),
      Field("RelationshipTypeId", FieldType::kGsid),
      StringField("EntityType", 20),
      Required(Field("TypeId", FieldType::kGsid)),
      Required(Field("StatusId", FieldType::kGsid)),
      Required(Field("PriorityId", FieldType::kGsid)),
      Required(Field("ReasonId", FieldType::kGsid)),
      Required(LookupField("OwnerId", kUserObject)),
      Field("DueDate", FieldType::kDate),
      StringField("Comments", 0),
      Field("IsImportant", FieldType::kBoolean),
      Field("PlaybookId", FieldType::kGsid),
      Field("CtaGroupId", FieldType::kGsid),
      ReadOnly(Field("IsClosed", FieldType::kBoolean)),
      ReadOnly(Field("ClosedDate", FieldType::kDateTime)),
      Field("Escalation_Level__gc", FieldType::kNumber),
      StringField("External_Ref__gc", 255),
  });
}

}  // namespace

const ObjectDef& CtaObject() {
  static const ObjectDef* const kCta =
      new ObjectDef("call_to_action", "1S01", CtaFields());
  return *kCta;
}

const ObjectDef& DeletedCtaObject() {
  static const ObjectDef* const kDeleted =
      new ObjectDef("call_to_action__deleted", "1S01", CtaFields());
  return *kDeleted;
}

// Record keys of the kTaskCreate row.
const ObjectDef& TaskObject() {
  static const ObjectDef* const kTask =
      new ObjectDef("cs_task", "1C05",
                    WithSystemFields({
                        Required(LookupField("CtaId", "call_to_action")),
                        ReadOnly(LookupField("CompanyId", "Company")),
                        Required(StringField("Name", 255)),
                        StringField("Description", 5000),
                        Field("TypeId", FieldType::kGsid),
                        Field("StatusId", FieldType::kGsid),
                        Field("PriorityId", FieldType::kGsid),
                        LookupField("OwnerId", kUserObject),
                        Required(Field("DueDate", FieldType::kDate)),
                        ReadOnly(Field("PlaybookId", FieldType::kGsid)),
                        ReadOnly(Field("IsClosed", FieldType::kBoolean)),
                        ReadOnly(Field("ClosedDate", FieldType::kDateTime)),
                        StringField("Outcome__gc", 255),
                    }));
  return *kTask;
}

const ObjectDef* FindCockpitObject(absl::string_view name) {
  for (const ObjectDef* object :
       {&CtaObject(), &TaskObject(), &SuccessPlanObject()}) {
    if (absl::EqualsIgnoreCase(object->name(), name)) return object;
  }
  return nullptr;
}

absl::Mutex& CockpitWriteMutex() {
  static absl::Mutex* const kMu = new absl::Mutex();
  return *kMu;
}

}  // namespace gg::sandbox
