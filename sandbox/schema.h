// Object definitions: which fields an object has, their types and rules.
// Every object the sandbox serves (Company now; Person, custom objects and
// CTA later) is one ObjectDef, so adding an object is adding a definition.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_SCHEMA_H_
#define GAINSIGHT_GATEWAY_SANDBOX_SCHEMA_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace gg::sandbox {

// Gainsight data types (describe's dataType) the sandbox implements.
enum class FieldType {
  kString,
  kGsid,
  kNumber,
  kCurrency,
  kBoolean,
  kDate,
  kDateTime,
  kPicklist,
};
absl::string_view FieldTypeName(FieldType type);  // "STRING", "GSID", ...

struct FieldDef {
  std::string name;  // API name, matched case-sensitively
  FieldType type = FieldType::kString;
  // An insert must give a non-null value, and no write may set null.
  bool required = false;
  // Set by the system only (Gsid, CreatedDate, ModifiedDate).
  bool read_only = false;
  // kString: most characters (Unicode code points) a value may have;
  // 0 means no limit.
  int max_length = 0;
  // kPicklist: the active items' labels, in display order, then the labels
  // of items no longer active (shown in describe, refused on writes).
  std::vector<std::string> picklist;
  std::vector<std::string> inactive_picklist;
  // kPicklist: the category the items belong to ("Object.Field", set by
  // ObjectDef); with the label it decides an item's GSID.
  std::string picklist_category;
  // kPicklist: reads answer the item's label instead of its GSID (a
  // contract variant; Gainsight's read sample answers GSIDs).
  bool picklist_reads_label = false;
  // kPicklist: the describe lists no `options` (a contract variant, as a
  // live describe did for one field); the Dropdown API has the items.
  bool describe_omits_items = false;
  // kGsid: the object whose record GSID the field holds; describe reports
  // such a field as a LOOKUP. Empty for a plain GSID.
  std::string lookup_object;
  // A lookup whose writes must name an existing record of lookup_object
  // (a relationship's company and type).
  bool reference_must_exist = false;
  // kDate: the tenant's zone; a date reads back as the epoch ms of its
  // midnight there (stored as UTC midnight).
  absl::TimeZone date_zone = absl::UTCTimeZone();
};

// Builders for definitions.
FieldDef Field(std::string name, FieldType type);
FieldDef StringField(std::string name, int max_length);
FieldDef PicklistField(std::string name, std::vector<std::string> labels,
                       std::vector<std::string> inactive_labels = {});
// The GSID of the item labelled `label` of picklist `field`.
std::string PicklistItemGsid(const FieldDef& field, absl::string_view label);
// The GSID of picklist `field`'s category (the describe's
// PICKLIST_CATEGORY_ID, the Dropdown API's path parameter).
std::string PicklistCategoryGsid(const FieldDef& field);
// The label of the item of `field` whose GSID is `gsid` (active or not), or
// nullptr.
const std::string* PicklistLabelOf(const FieldDef& field,
                                   absl::string_view gsid);
// A GSID field pointing at a record of `target` (a LOOKUP in describe).
FieldDef LookupField(std::string name, std::string target);
FieldDef Required(FieldDef field);
// A lookup whose target record must exist when a write names it.
FieldDef Referencing(FieldDef lookup);
FieldDef ReadOnly(FieldDef field);

class ObjectDef {
 public:
  // `name` is the API name ("Company"); `gsid_prefix` the first characters
  // of its GSIDs ("1P02"). `fields` must include the system fields Gsid,
  // CreatedDate and ModifiedDate (see WithSystemFields).
  ObjectDef(std::string name, std::string gsid_prefix,
            std::vector<FieldDef> fields);

  const std::string& name() const { return name_; }
  const std::string& gsid_prefix() const { return gsid_prefix_; }
  const std::vector<FieldDef>& fields() const { return fields_; }
  const FieldDef& field(int index) const { return fields_[index]; }

  // Index of the field named exactly `name`, or -1.
  int FieldIndex(absl::string_view name) const;

  int gsid_field() const { return gsid_field_; }
  int created_date_field() const { return created_date_field_; }
  int modified_date_field() const { return modified_date_field_; }

 private:
  std::string name_;
  std::string gsid_prefix_;
  std::vector<FieldDef> fields_;
  absl::flat_hash_map<std::string, int> index_;
  int gsid_field_;
  int created_date_field_;
  int modified_date_field_;
};

// The system fields every MDA object has (Gsid, CreatedDate, ModifiedDate),
// followed by `fields`.
std::vector<FieldDef> WithSystemFields(std::vector<FieldDef> fields);

// The objects a sandbox serves, found by name case-insensitively (clients
// send both "Company" and "company").
class ObjectRegistry {
 public:
  void Add(ObjectDef object);
  // The object named `name` in any letter case, or nullptr.
  const ObjectDef* Find(absl::string_view name) const;
  // Every object, in the order added.
  std::vector<const ObjectDef*> All() const;

 private:
  std::vector<std::unique_ptr<ObjectDef>> objects_;
  absl::flat_hash_map<std::string, const ObjectDef*> by_lower_name_;
};

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_SCHEMA_H_
