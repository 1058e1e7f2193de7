// Company <-> Gainsight `Company` record.
#ifndef GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_COMPANY_MAPPING_H_
#define GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_COMPANY_MAPPING_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "gainsight/record_mapping.h"
#include "gainsight/tenant_field_names.h"

namespace gg {

inline constexpr char kCompanyObject[] = "Company";
const RecordMapping& CompanyMapping();
// Other API names Company's typed fields are known by on some tenants; the
// tenant's describe decides which one it has (TenantFieldNames).
const std::vector<FieldAlternatives>& CompanyFieldAlternatives();

// Whether the typed field `api_name` (any letter case) is a picklist on
// Gainsight's standard Company (Stage, Status, CompanyType): its values are
// checked against the tenant's describe before a write.
bool IsCompanyPicklist(absl::string_view api_name);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_COMPANY_MAPPING_H_
