// Company <-> Gainsight `Company` record.
#ifndef GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_COMPANY_MAPPING_H_
#define GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_COMPANY_MAPPING_H_

#include <vector>

#include "gainsight/record_mapping.h"
#include "gainsight/tenant_field_names.h"

namespace gg {

inline constexpr char kCompanyObject[] = "Company";
const RecordMapping& CompanyMapping();
// Other API names Company's typed fields are known by on some tenants; the
// tenant's describe decides which one it has (TenantFieldNames).
const std::vector<FieldAlternatives>& CompanyFieldAlternatives();

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_COMPANY_MAPPING_H_
