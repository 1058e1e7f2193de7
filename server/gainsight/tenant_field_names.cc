#include "gainsight/tenant_field_names.h"

#include "absl/strings/ascii.h"

namespace gg {
namespace {

std::string Lower(absl::string_view s) { return absl::AsciiStrToLower(s); }

const FieldAlternatives* AlternativesOf(
    const std::vector<FieldAlternatives>& alternatives,
    absl::string_view api_name) {
  for (const FieldAlternatives& a : alternatives) {
    if (api_name == a.api_name) return &a;
  }
  return nullptr;
}

}  // namespace

TenantFieldNames::TenantFieldNames(
    const RecordMapping& mapping,
    const std::vector<FieldAlternatives>& alternatives) {
  for (const FieldMapping& f : mapping.fields()) {
    order_.push_back(f.api_name);
    tenant_[f.api_name] = f.api_name;
    known_[Lower(f.api_name)] = f.api_name;
    if (const FieldAlternatives* a = AlternativesOf(alternatives, f.api_name)) {
      varying_.insert(f.api_name);
      for (const char* other : a->others) known_[Lower(other)] = f.api_name;
    }
  }
}

bool TenantFieldNames::Varies(absl::string_view name) const {
  return varying_.contains(MappingName(name));
}

TenantFieldNames TenantFieldNames::Resolve(
    const RecordMapping& mapping,
    const std::vector<FieldAlternatives>& alternatives,
    const gainsight::v1::ObjectMetadata& described) {
  TenantFieldNames names(mapping, alternatives);
  absl::flat_hash_map<std::string, std::string> by_lower;
  for (const auto& field : described.fields()) {
    names.described_.insert(field.field_name());
    by_lower.emplace(Lower(field.field_name()), field.field_name());
  }
  for (const std::string& api_name : names.order_) {
    std::vector<std::string> candidates = {api_name};
    if (const FieldAlternatives* a = AlternativesOf(alternatives, api_name)) {
      candidates.insert(candidates.end(), a->others.begin(), a->others.end());
    }
    std::string found;
    for (const std::string& c : candidates) {
      if (names.described_.contains(c)) {
        found = c;
        break;
      }
    }
    for (size_t i = 0; found.empty() && i < candidates.size(); ++i) {
      auto it = by_lower.find(Lower(candidates[i]));
      if (it != by_lower.end()) found = it->second;
    }
    if (found.empty()) {
      names.absent_.insert(api_name);
      continue;
    }
    names.tenant_[api_name] = found;
    if (found != api_name) names.mapping_[found] = api_name;
  }
  return names;
}

std::string TenantFieldNames::ToTenant(absl::string_view name) const {
  if (described_.contains(name)) return std::string(name);
  auto known = known_.find(Lower(name));
  if (known == known_.end()) return std::string(name);
  auto tenant = tenant_.find(known->second);
  return tenant == tenant_.end() ? std::string(name) : tenant->second;
}

std::string TenantFieldNames::MappingName(absl::string_view name) const {
  auto known = known_.find(Lower(name));
  return known == known_.end() ? "" : known->second;
}

std::string TenantFieldNames::TenantName(absl::string_view api_name) const {
  auto tenant = tenant_.find(api_name);
  return tenant == tenant_.end() ? std::string(api_name) : tenant->second;
}

bool TenantFieldNames::Absent(absl::string_view api_name) const {
  return absent_.contains(api_name);
}

Json TenantFieldNames::RecordToTenant(const Json& record) const {
  if (!record.is_object()) return record;
  Json out = Json::object();
  for (auto it = record.begin(); it != record.end(); ++it) {
    auto tenant = tenant_.find(it.key());
    out[tenant == tenant_.end() ? it.key() : tenant->second] = it.value();
  }
  return out;
}

Json TenantFieldNames::RowFromTenant(const Json& row) const {
  if (!row.is_object() || mapping_.empty()) return row;
  Json out = Json::object();
  for (auto it = row.begin(); it != row.end(); ++it) {
    auto mapped = mapping_.find(it.key());
    out[mapped == mapping_.end() ? it.key() : mapped->second] = it.value();
  }
  return out;
}

std::vector<std::string> TenantFieldNames::DefaultSelect() const {
  std::vector<std::string> select = {"Gsid"};
  for (const std::string& api_name : order_) {
    if (absent_.contains(api_name)) continue;
    select.push_back(tenant_.at(api_name));
  }
  return select;
}

std::vector<std::string> TenantFieldNames::QueryFields(const QuerySpec& spec) {
  std::vector<std::string> fields = spec.select;
  for (const auto& condition : spec.filter.conditions()) {
    fields.push_back(condition.field());
  }
  for (const auto& order : spec.order_by) fields.push_back(order.field());
  return fields;
}

void TenantFieldNames::RenameQuery(QuerySpec* spec) const {
  for (std::string& name : spec->select) name = ToTenant(name);
  for (auto& condition : *spec->filter.mutable_conditions()) {
    condition.set_field(ToTenant(condition.field()));
  }
  for (auto& order : spec->order_by) order.set_field(ToTenant(order.field()));
}

}  // namespace gg
