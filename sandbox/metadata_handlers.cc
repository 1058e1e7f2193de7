#include "sandbox/metadata_handlers.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "sandbox/cockpit_objects.h"
#include "sandbox/envelope.h"
#include "sandbox/error_codes.h"
#include "sandbox/ids.h"

// The describe JSON follows the digest (company-custom-datamgmt.md §7.3).
// DECISIONS where it leaves room:
//  - per-field flags live in `meta` (createable, updateable, readOnly,
//    required, nillable, filterable, sortable, nameField, length,
//    decimalPlaces, fieldGroupType, hasLookup, lookupDetail), as in Gainsight's
//    sample; `length` is present only for STRING and GSID fields;
//  - a lookup field has dataType "LOOKUP", meta.properties.sourceType "GSID"
//    and lookupDetail {lookupName "<Name>__gr", fieldName "Gsid",
//    lookupObjects [{objectName}]};
//  - picklist items are in `options` [{label, value, displayOrder, active,
//    defaultValue}]; `value` is the item's GSID (sandbox/schema.h
//    PicklistItemGsid), which is also what reads return (the Company read
//    sample's picklists are GSIDs; --picklist-reads label answers labels);
//  - labels are the API names without "__gc" and with '_' as spaces;
//  - objects whose names end in "__gc" are CUSTOM and transactional, others
//    STANDARD.
namespace gg::sandbox {
namespace {

bool IsCustomName(absl::string_view name) {
  return absl::EndsWith(name, "__gc");
}

std::string LabelOf(absl::string_view api_name) {
  absl::string_view base = api_name;
  absl::ConsumeSuffix(&base, "__gc");
  return absl::StrReplaceAll(base, {{"_", " "}});
}

bool IsSystemField(const ObjectDef& object, int index) {
  return index == object.gsid_field() || index == object.created_date_field() ||
         index == object.modified_date_field();
}

std::string LookupName(absl::string_view field_name) {
  absl::string_view base = field_name;
  absl::ConsumeSuffix(&base, "__gc");
  return absl::StrCat(base, "__gr");
}

Json PicklistOptions(const FieldDef& field) {
  Json options = Json::array();
  for (bool active : {true, false}) {
    for (const std::string& label :
         active ? field.picklist : field.inactive_picklist) {
      Json item = Json::object();
      item["label"] = label;
      item["value"] = PicklistItemGsid(field, label);
      item["displayOrder"] = options.size() + 1;
      item["active"] = active;
      item["defaultValue"] = false;
      options.push_back(std::move(item));
    }
  }
  return options;
}

Json FieldEntry(const ObjectDef& object, int index) {
  const FieldDef& field = object.field(index);
  const bool lookup = !field.lookup_object.empty();
  const bool system = IsSystemField(object, index);
  Json meta = Json::object();
  Json properties = Json::object();
  properties["sourceType"] = std::string(FieldTypeName(field.type));
  if (field.type == FieldType::kPicklist) {
    properties["PICKLIST_CATEGORY"] = field.name;
    properties["PICKLIST_CATEGORY_ID"] = PicklistCategoryGsid(field);
  }
  meta["properties"] = std::move(properties);
  meta["filterable"] = true;
  meta["sortable"] = true;
  meta["createable"] = !field.read_only;
  meta["updateable"] = !field.read_only;
  meta["readOnly"] = field.read_only;
  meta["required"] = field.required;
  meta["nillable"] = !field.required && !system;
  meta["hasLookup"] = lookup;
  meta["fieldGroupType"] =
      system ? "SYSTEM" : (IsCustomName(field.name) ? "CUSTOM" : "STANDARD");
  meta["nameField"] = field.name == "Name" || field.name == "Name__gc";
  meta["decimalPlaces"] = 0;
  if (field.type == FieldType::kString) {
    meta["length"] = field.max_length;
  } else if (field.type == FieldType::kGsid) {
    meta["length"] = 220;
  }
  meta["description"] = "";
  if (lookup) {
    Json target = Json::object();
    target["objectName"] = field.lookup_object;
    target["label"] = LabelOf(field.lookup_object);
    Json detail = Json::object();
    detail["lookupName"] = LookupName(field.name);
    detail["fieldName"] = "Gsid";
    detail["lookupObjects"] = Json::array({std::move(target)});
    meta["lookupDetail"] = std::move(detail);
    meta["onDeleteOperation"] = "None";
  }
  Json entry = Json::object();
  entry["fieldName"] = field.name;
  entry["label"] = system ? (index == object.gsid_field()
                                 ? "GSID"
                                 : absl::StrCat("GS ", LabelOf(field.name)))
                          : LabelOf(field.name);
  entry["dataType"] =
      lookup ? "LOOKUP" : std::string(FieldTypeName(field.type));
  entry["objectName"] = object.name();
  entry["meta"] = std::move(meta);
  if (field.type == FieldType::kPicklist) {
    entry["options"] =
        field.describe_omits_items ? Json::array() : PicklistOptions(field);
  }
  return entry;
}

// The list entry of an object: everything but fields.
Json ObjectEntry(const ObjectDef& object) {
  const bool custom = IsCustomName(object.name());
  Json entry = Json::object();
  entry["objectName"] = object.name();
  entry["label"] = LabelOf(object.name());
  entry["objectType"] = custom ? "CUSTOM" : "STANDARD";
  entry["keyPrefix"] = object.gsid_prefix();
  entry["transactional"] = custom;
  entry["multiCurrencySupported"] = false;
  entry["readable"] = true;
  entry["createable"] = true;
  entry["schemaUpdateable"] = custom;
  return entry;
}

// Gainsight's OBJECT_NOT_FOUND failure (§7.3): no errorCode, the reason in
// `title`. DECISION: HTTP 400.
HttpResponse ObjectNotFound() {
  Json body = Json::object();
  body["requestId"] = NewRequestId();
  body["result"] = false;
  body["instance"] = absl::FormatTime("%Y-%m-%d %H:%M:%S UTC", absl::Now(),
                                      absl::UTCTimeZone());
  body["title"] = codes::kObjectNotFound;
  body["detail"] = "Requested object not found.";
  body["errorDesc"] = "Requested object not found.";
  HttpResponse response;
  response.status = 400;
  response.body = DumpJson(body);
  return response;
}

// One describe entry: the list entry plus labelPlural, description and
// every field.
Json DescribeEntry(const ObjectDef& object) {
  Json entry = ObjectEntry(object);
  entry["labelPlural"] = absl::StrCat(entry["label"].get<std::string>(), "s");
  entry["description"] = "";
  Json fields = Json::array();
  for (size_t i = 0; i < object.fields().size(); ++i) {
    fields.push_back(FieldEntry(object, static_cast<int>(i)));
  }
  entry["fields"] = std::move(fields);
  return entry;
}

// The objects `object`'s lookup fields point to, once each, in field order.
std::vector<const ObjectDef*> RelatedObjects(const ObjectDef& object,
                                             const ObjectRegistry& objects) {
  std::vector<const ObjectDef*> related;
  for (const FieldDef& field : object.fields()) {
    const ObjectDef* target = field.lookup_object.empty()
                                  ? nullptr
                                  : objects.Find(field.lookup_object);
    if (target == nullptr || target == &object ||
        std::find(related.begin(), related.end(), target) != related.end()) {
      continue;
    }
    related.push_back(target);
  }
  return related;
}

}  // namespace

HttpResponse HandleObjectList(const GainsightCall& call, TenantData& data) {
  (void)call;
  Json objects = Json::array();
  for (const ObjectDef* object : data.objects.All()) {
    objects.push_back(ObjectEntry(*object));
  }
  return SuccessResponse(std::move(objects));
}

HttpResponse HandleObjectDescribe(const GainsightCall& call, TenantData& data) {
  const std::string& name = call.route.Param("object");
  const ObjectDef* object = data.objects.Find(name);
  if (object == nullptr) object = FindCockpitObject(name);
  if (object == nullptr) return ObjectNotFound();
  // DECISION ([CODE] ESTUARY: with ic=false&cl=0 "we should only see one
  // object"): without ic=false the answer also lists the objects the
  // object's lookups point to, after it; with --describe-related-first
  // they come first, whatever the flags.
  const std::string* include_children = call.request.Param("ic");
  const bool related_first =
      data.contract != nullptr && data.contract->describe_related_first;
  const bool with_related = related_first || include_children == nullptr ||
                            *include_children != "false";
  Json answer = Json::array();
  if (with_related) {
    for (const ObjectDef* target : RelatedObjects(*object, data.objects)) {
      answer.push_back(DescribeEntry(*target));
    }
  }
  Json entry = DescribeEntry(*object);
  if (related_first) {
    answer.push_back(std::move(entry));
  } else {
    answer.insert(answer.begin(), std::move(entry));
  }
  return SuccessResponse(std::move(answer));
}

HttpResponse HandleDropdownItems(const GainsightCall& call, TenantData& data) {
  const std::string& category = call.route.Param("category");
  for (const ObjectDef* object : data.objects.All()) {
    for (const FieldDef& field : object->fields()) {
      if (field.type != FieldType::kPicklist ||
          PicklistCategoryGsid(field) != category) {
        continue;
      }
      // [DOC-copy] the "Get API - categoryID" answer: categoryDetails and
      // childItems.
      Json details = Json::object();
      details["gsid"] = category;
      details["name"] = field.name;
      details["systemName"] = field.name;
      details["variant"] = "SINGLE_SELECT";
      details["deleted"] = false;
      Json items = Json::array();
      for (bool active : {true, false}) {
        for (const std::string& label :
             active ? field.picklist : field.inactive_picklist) {
          Json item = Json::object();
          item["gsid"] = PicklistItemGsid(field, label);
          item["name"] = label;
          item["systemName"] = label;
          item["displayOrder"] = items.size() + 1;
          item["active"] = active;
          item["default"] = false;
          item["deleted"] = false;
          item["color"] = nullptr;
          item["categoryId"] = category;
          items.push_back(std::move(item));
        }
      }
      details["count"] = items.size();
      Json answer = Json::object();
      answer["categoryDetails"] = std::move(details);
      answer["childItems"] = std::move(items);
      return SuccessResponse(std::move(answer));
    }
  }
  // DECISION: an unknown category is "nothing matches" (HTTP 400).
  return ErrorResponse(
      BadRequest(codes::kNoMatch,
                 absl::StrCat("No picklist category with id ", category)));
}

}  // namespace gg::sandbox
