#include "sandbox/schema.h"

#include <cstdlib>
#include <memory>
#include <utility>

#include "absl/strings/ascii.h"

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

FieldDef PicklistField(std::string name, std::vector<std::string> labels) {
  FieldDef field = Field(std::move(name), FieldType::kPicklist);
  field.picklist = std::move(labels);
  return field;
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
