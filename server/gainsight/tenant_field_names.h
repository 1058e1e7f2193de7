// The tenant's own API names for the fields of a typed mapping. Where the
// public evidence disagrees on a standard field's API name (Company's
// annual recurring revenue is `Arr` in RudderStack's mapping and a doc
// sample, `ARR` in Pipedream's action), a wrong guess must not fail every
// call: the names the tenant's describe lists win over the mapping's.
#ifndef GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_TENANT_FIELD_NAMES_H_
#define GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_TENANT_FIELD_NAMES_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "gainsight/envelope.h"
#include "gainsight/query_body.h"
#include "gainsight/record_mapping.h"
#include "gainsight/v1/metadata.pb.h"

namespace gg {

// Other API names a mapping field is known by on some tenants.
struct FieldAlternatives {
  const char* api_name;  // the mapping's name (its best guess)
  std::vector<const char*> others;
};

class TenantFieldNames {
 public:
  // The mapping's own names (no describe): every field present.
  TenantFieldNames(const RecordMapping& mapping,
                   const std::vector<FieldAlternatives>& alternatives);

  // Each field of `mapping` resolved against `described` (the object's
  // describe): the mapping's name when the describe has it exactly, else
  // the first of its alternatives it has, else a described name equal to
  // one of those ignoring letter case. A field found under none of them is
  // absent on this tenant.
  static TenantFieldNames Resolve(
      const RecordMapping& mapping,
      const std::vector<FieldAlternatives>& alternatives,
      const gainsight::v1::ObjectMetadata& described);

  // The tenant's name for `name` when it names a mapping field (by its
  // name or an alternative, any letter case) and the describe did not list
  // `name` itself; otherwise `name` unchanged (custom fields, lookup paths).
  std::string ToTenant(absl::string_view name) const;
  // The mapping's name of the field `name` stands for (its name or an
  // alternative, any letter case); "" when it names no mapping field.
  std::string MappingName(absl::string_view name) const;
  // The tenant's name of the mapping field `api_name` (itself when absent).
  std::string TenantName(absl::string_view api_name) const;
  // Whether the tenant's describe lacks the mapping field `api_name`.
  bool Absent(absl::string_view api_name) const;
  // Whether `name` stands for a mapping field whose API name differs
  // between tenants (one with alternatives): only such names need the
  // tenant's describe.
  bool Varies(absl::string_view name) const;

  // `record` (built with the mapping's names) with the tenant's names.
  Json RecordToTenant(const Json& record) const;
  // `row` (the tenant's names) with the mapping's names, for FromRow.
  Json RowFromTenant(const Json& row) const;
  // Gsid and every field the tenant has, in the tenant's names: the default
  // select, which must not name a field the tenant lacks.
  std::vector<std::string> DefaultSelect() const;
  // The select, filter and ordering fields of `spec` through ToTenant.
  void RenameQuery(QuerySpec* spec) const;
  // The select, filter and ordering fields of `spec`, as named.
  static std::vector<std::string> QueryFields(const QuerySpec& spec);

  // The describe the names were resolved from (kept with KeepDescribe);
  // null for the mapping's guesses.
  const gainsight::v1::ObjectMetadata* describe() const {
    return describe_.get();
  }
  void KeepDescribe(
      std::shared_ptr<const gainsight::v1::ObjectMetadata> describe) {
    describe_ = std::move(describe);
  }

 private:
  TenantFieldNames() = default;
  // Lower-cased mapping names and alternatives -> mapping name.
  absl::flat_hash_map<std::string, std::string> known_;
  // Mapping name -> tenant name (resolved fields only).
  absl::flat_hash_map<std::string, std::string> tenant_;
  // Tenant name -> mapping name, where they differ.
  absl::flat_hash_map<std::string, std::string> mapping_;
  absl::flat_hash_set<std::string> absent_;
  // Mapping names that have alternatives.
  absl::flat_hash_set<std::string> varying_;
  // Names the describe listed (empty without one).
  absl::flat_hash_set<std::string> described_;
  std::vector<std::string> order_;  // mapping names, in mapping order
  std::shared_ptr<const gainsight::v1::ObjectMetadata> describe_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_TENANT_FIELD_NAMES_H_
