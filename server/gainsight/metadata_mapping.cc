#include "gainsight/metadata_mapping.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

// Field flags are read from the field's `meta` object, where Gainsight's
// sample puts them, and else from the field entry itself.
namespace gg {
namespace {

using gainsight::v1::DataType;
using gainsight::v1::FieldMetadata;
using gainsight::v1::ObjectMetadata;

const Json* Member(const Json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string Str(const Json& object, const char* key) {
  const Json* v = Member(object, key);
  return v != nullptr && v->is_string() ? v->get<std::string>() : "";
}

bool Bool(const Json& object, const char* key) {
  const Json* v = Member(object, key);
  if (v == nullptr) return false;
  if (v->is_boolean()) return v->get<bool>();
  // The docs show some flags as strings ("true").
  return v->is_string() &&
         absl::AsciiStrToLower(v->get<std::string>()) == "true";
}

int Int(const Json& object, const char* key) {
  const Json* v = Member(object, key);
  return v != nullptr && v->is_number() ? v->get<int>() : 0;
}

// A flag of a field: meta first, then the entry.
const Json& Flags(const Json& field) {
  const Json* meta = Member(field, "meta");
  return meta != nullptr && meta->is_object() ? *meta : field;
}

bool FieldBool(const Json& field, const char* key) {
  return Member(Flags(field), key) != nullptr ? Bool(Flags(field), key)
                                              : Bool(field, key);
}

gainsight::v1::ObjectType ObjectTypeFromName(absl::string_view name) {
  std::string upper = absl::AsciiStrToUpper(name);
  if (upper == "STANDARD") return gainsight::v1::OBJECT_TYPE_STANDARD;
  if (upper == "CUSTOM") return gainsight::v1::OBJECT_TYPE_CUSTOM;
  if (upper == "SYSTEM") return gainsight::v1::OBJECT_TYPE_SYSTEM;
  return gainsight::v1::OBJECT_TYPE_UNSPECIFIED;
}

gainsight::v1::FieldGroup FieldGroupFromName(absl::string_view name) {
  std::string upper = absl::AsciiStrToUpper(name);
  if (upper == "STANDARD") return gainsight::v1::FIELD_GROUP_STANDARD;
  if (upper == "CUSTOM") return gainsight::v1::FIELD_GROUP_CUSTOM;
  if (upper == "SYSTEM") return gainsight::v1::FIELD_GROUP_SYSTEM;
  return gainsight::v1::FIELD_GROUP_UNSPECIFIED;
}

void FillLookup(const Json& detail, FieldMetadata* out) {
  gainsight::v1::LookupInfo* lookup = out->mutable_lookup();
  lookup->set_relationship_name(Str(detail, "lookupName"));
  lookup->set_target_field(Str(detail, "fieldName"));
  if (const Json* targets = Member(detail, "lookupObjects");
      targets != nullptr && targets->is_array()) {
    for (const Json& t : *targets) {
      std::string name = Str(t, "objectName");
      if (!name.empty()) lookup->add_target_objects(name);
    }
  }
}

void FillPicklist(const Json& options, FieldMetadata* out) {
  if (!options.is_array()) return;
  for (const Json& o : options) {
    gainsight::v1::PicklistItem* item = out->add_picklist_values();
    item->set_gsid(Str(o, "value"));
    item->set_label(Str(o, "label"));
    item->set_system_name(Str(o, "systemName"));
    item->set_active(Member(o, "active") == nullptr || Bool(o, "active"));
    item->set_is_default(Bool(o, "defaultValue"));
    item->set_display_order(Int(o, "displayOrder"));
    item->set_color(Str(o, "color"));
  }
}

void FieldFromJson(const Json& field, FieldMetadata* out) {
  const Json& flags = Flags(field);
  out->set_field_name(Str(field, "fieldName"));
  out->set_label(Str(field, "label"));
  std::string description = Str(flags, "description");
  out->set_description(description.empty() ? Str(field, "description")
                                           : description);
  out->set_gainsight_data_type(Str(field, "dataType"));
  out->set_data_type(DataTypeFromName(out->gainsight_data_type()));
  out->set_group(FieldGroupFromName(Str(flags, "fieldGroupType")));
  out->set_required(FieldBool(field, "required"));
  out->set_nillable(FieldBool(field, "nillable"));
  out->set_createable(FieldBool(field, "createable"));
  out->set_updateable(FieldBool(field, "updateable"));
  out->set_read_only(FieldBool(field, "readOnly"));
  out->set_filterable(FieldBool(field, "filterable"));
  out->set_sortable(FieldBool(field, "sortable"));
  out->set_name_field(FieldBool(field, "nameField"));
  out->set_length(Int(flags, "length"));
  out->set_decimal_places(Int(flags, "decimalPlaces"));
  if (const Json* props = Member(flags, "properties")) {
    out->set_picklist_category_id(Str(*props, "PICKLIST_CATEGORY_ID"));
  }
  if (const Json* options = Member(field, "options")) {
    FillPicklist(*options, out);
  }
  if (const Json* detail = Member(flags, "lookupDetail")) {
    FillLookup(*detail, out);
  }
}

}  // namespace

DataType DataTypeFromName(absl::string_view name) {
  static constexpr struct {
    const char* name;
    DataType type;
  } kTypes[] = {
      {"STRING", gainsight::v1::DATA_TYPE_STRING},
      {"RICHTEXTAREA", gainsight::v1::DATA_TYPE_RICH_TEXT},
      {"EMAIL", gainsight::v1::DATA_TYPE_EMAIL},
      {"URL", gainsight::v1::DATA_TYPE_URL},
      {"GSID", gainsight::v1::DATA_TYPE_GSID},
      {"LOOKUP", gainsight::v1::DATA_TYPE_LOOKUP},
      {"NUMBER", gainsight::v1::DATA_TYPE_NUMBER},
      {"CURRENCY", gainsight::v1::DATA_TYPE_CURRENCY},
      {"PERCENTAGE", gainsight::v1::DATA_TYPE_PERCENTAGE},
      {"BOOLEAN", gainsight::v1::DATA_TYPE_BOOLEAN},
      {"DATE", gainsight::v1::DATA_TYPE_DATE},
      {"DATETIME", gainsight::v1::DATA_TYPE_DATE_TIME},
      {"PICKLIST", gainsight::v1::DATA_TYPE_PICKLIST},
      {"MULTISELECTDROPDOWNLIST", gainsight::v1::DATA_TYPE_MULTI_PICKLIST},
      {"SFDCID", gainsight::v1::DATA_TYPE_SFDC_ID},
      {"JSON", gainsight::v1::DATA_TYPE_JSON},
  };
  std::string upper = absl::AsciiStrToUpper(name);
  for (const auto& t : kTypes) {
    if (upper == t.name) return t.type;
  }
  return gainsight::v1::DATA_TYPE_UNSPECIFIED;
}

absl::Status ObjectFromJson(const Json& entry, ObjectMetadata* out) {
  if (!entry.is_object() || Str(entry, "objectName").empty()) {
    return absl::InternalError(
        "Gainsight metadata: an object entry without objectName");
  }
  out->set_object_name(Str(entry, "objectName"));
  out->set_label(Str(entry, "label"));
  out->set_label_plural(Str(entry, "labelPlural"));
  out->set_description(Str(entry, "description"));
  out->set_object_type(ObjectTypeFromName(Str(entry, "objectType")));
  out->set_key_prefix(Str(entry, "keyPrefix"));
  out->set_transactional(Bool(entry, "transactional"));
  out->set_multi_currency(Bool(entry, "multiCurrencySupported"));
  out->set_readable(Bool(entry, "readable"));
  out->set_createable(Bool(entry, "createable"));
  out->set_schema_updateable(Bool(entry, "schemaUpdateable"));
  if (const Json* fields = Member(entry, "fields");
      fields != nullptr && fields->is_array()) {
    for (const Json& f : *fields) {
      if (!f.is_object() || Str(f, "fieldName").empty()) continue;
      FieldFromJson(f, out->add_fields());
    }
  }
  return absl::OkStatus();
}

absl::Status DropdownItemsFromJson(
    const Json& data, std::vector<gainsight::v1::PicklistItem>* out) {
  const Json* items = Member(data, "childItems");
  if (items == nullptr || !items->is_array()) {
    return absl::InternalError("the dropdown answer has no childItems list");
  }
  for (const Json& o : *items) {
    if (Str(o, "gsid").empty()) continue;  // not an item
    gainsight::v1::PicklistItem item;
    item.set_gsid(Str(o, "gsid"));
    item.set_label(Str(o, "name"));
    item.set_system_name(Str(o, "systemName"));
    item.set_active(Member(o, "active") == nullptr || Bool(o, "active"));
    item.set_is_default(Bool(o, "default"));
    item.set_display_order(Int(o, "displayOrder"));
    item.set_color(Str(o, "color"));
    out->push_back(std::move(item));
  }
  return absl::OkStatus();
}

absl::Status DescribeFromJson(const Json& data, absl::string_view object_name,
                              ObjectMetadata* out) {
  if (data.is_object()) {
    if (absl::EqualsIgnoreCase(Str(data, "objectName"), object_name)) {
      return ObjectFromJson(data, out);
    }
  } else if (data.is_array()) {
    for (const Json& entry : data) {
      if (absl::EqualsIgnoreCase(Str(entry, "objectName"), object_name)) {
        return ObjectFromJson(entry, out);
      }
    }
  }
  return absl::InternalError(
      absl::StrCat("Gainsight describe: no entry for object ", object_name));
}

absl::Status ObjectListFromJson(const Json& data,
                                gainsight::v1::ListObjectsResponse* out) {
  if (!data.is_array()) {
    return absl::InternalError("Gainsight object list: data is not an array");
  }
  for (const Json& entry : data) {
    ObjectMetadata object;
    if (absl::Status s = ObjectFromJson(entry, &object); !s.ok()) return s;
    *out->add_objects() = std::move(object);
  }
  return absl::OkStatus();
}

}  // namespace gg
