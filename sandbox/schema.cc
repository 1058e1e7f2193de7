#include "sandbox/schema.h"

#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <memory>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace gg::sandbox {
namespace {

int RequireField(const ObjectDef& object, absl::string_view name) {
  int index = object.FieldIndex(name);
  // A definition without its system fields is a programming error.
  if (index < 0) std::abort();
  return index;
}

}  // namespace

absl::string_view FieldTypeName(FieldType type) {
  switch (type) {
    case FieldType::kString:
      return "STRING";
    case FieldType::kGsid:
      return "GSID";
    case FieldType::kNumber:
      return "NUMBER";
    case FieldType::kCurrency:
      return "CURRENCY";
    case FieldType::kBoolean:
      return "BOOLEAN";
    case FieldType::kDate:
      return "DATE";
    case FieldType::kDateTime:
      return "DATETIME";
    case FieldType::kPicklist:
      return "PICKLIST";
  }
  return "STRING";
}

ObjectDef::ObjectDef(std::string name, std::string gsid_prefix,
                     std::vector<FieldDef> fields)
    : name_(std::move(name)),
      gsid_prefix_(std::move(gsid_prefix)),
      fields_(std::move(fields)) {
  for (size_t i = 0; i < fields_.size(); ++i) {
    index_.emplace(fields_[i].name, static_cast<int>(i));
    if (fields_[i].type == FieldType::kPicklist) {
      fields_[i].picklist_category = absl::StrCat(name_, ".", fields_[i].name);
    }
  }
  gsid_field_ = RequireField(*this, "Gsid");
  created_date_field_ = RequireField(*this, "CreatedDate");
  modified_date_field_ = RequireField(*this, "ModifiedDate");
}

int ObjectDef::FieldIndex(absl::string_view name) const {
  auto it = index_.find(name);
  return it == index_.end() ? -1 : it->second;
}

FieldDef Field(std::string name, FieldType type) {
  FieldDef field;
  field.name = std::move(name);
  field.type = type;
  return field;
}

FieldDef StringField(std::string name, int max_length) {
  FieldDef field = Field(std::move(name), FieldType::kString);
  field.max_length = max_length;
  return field;
}

FieldDef PicklistField(std::string name, std::vector<std::string> labels,
                       std::vector<std::string> inactive_labels) {
  FieldDef field = Field(std::move(name), FieldType::kPicklist);
  field.picklist = std::move(labels);
  field.inactive_picklist = std::move(inactive_labels);
  return field;
}

namespace {

// "1I00" (the prefix of Gainsight's picklist GSIDs) and 32 hex digits: FNV-1a
// over `parts`, twice with different seeds.
std::string PicklistGsid(std::initializer_list<absl::string_view> parts) {
  auto fnv = [&](uint64_t hash) {
    for (absl::string_view part : parts) {
      for (unsigned char c : part) {
        hash ^= c;
        hash *= 1099511628211ull;
      }
    }
    return hash;
  };
  return absl::AsciiStrToUpper(absl::StrFormat("1I00%016x%016x",
                                               fnv(14695981039346656037ull),
                                               fnv(0x9e3779b97f4a7c15ull)));
}

}  // namespace

std::string PicklistItemGsid(const FieldDef& field, absl::string_view label) {
  return PicklistGsid({field.picklist_category, "\x1f", label});
}

std::string PicklistCategoryGsid(const FieldDef& field) {
  return PicklistGsid({field.picklist_category, "\x1e"});
}

const std::string* PicklistLabelOf(const FieldDef& field,
                                   absl::string_view gsid) {
  for (const auto* labels : {&field.picklist, &field.inactive_picklist}) {
    for (const std::string& label : *labels) {
      if (PicklistItemGsid(field, label) == gsid) return &label;
    }
  }
  return nullptr;
}

FieldDef LookupField(std::string name, std::string target) {
  FieldDef field = Field(std::move(name), FieldType::kGsid);
  field.lookup_object = std::move(target);
  return field;
}

FieldDef Required(FieldDef field) {
  field.required = true;
  return field;
}

FieldDef Referencing(FieldDef lookup) {
  lookup.reference_must_exist = true;
  return lookup;
}

FieldDef ReadOnly(FieldDef field) {
  field.read_only = true;
  return field;
}

std::vector<FieldDef> WithSystemFields(std::vector<FieldDef> fields) {
  std::vector<FieldDef> out;
  out.reserve(fields.size() + 3);
  out.push_back(ReadOnly(Field("Gsid", FieldType::kGsid)));
  out.push_back(ReadOnly(Field("CreatedDate", FieldType::kDateTime)));
  out.push_back(ReadOnly(Field("ModifiedDate", FieldType::kDateTime)));
  for (FieldDef& field : fields) out.push_back(std::move(field));
  return out;
}

void ObjectRegistry::Add(ObjectDef object) {
  objects_.push_back(std::make_unique<ObjectDef>(std::move(object)));
  const ObjectDef* added = objects_.back().get();
  by_lower_name_[absl::AsciiStrToLower(added->name())] = added;
}

const ObjectDef* ObjectRegistry::Find(absl::string_view name) const {
  auto it = by_lower_name_.find(absl::AsciiStrToLower(name));
  return it == by_lower_name_.end() ? nullptr : it->second;
}

std::vector<const ObjectDef*> ObjectRegistry::All() const {
  std::vector<const ObjectDef*> all;
  all.reserve(objects_.size());
  for (const auto& object : objects_) all.push_back(object.get());
  return all;
}

}  // namespace gg::sandbox
