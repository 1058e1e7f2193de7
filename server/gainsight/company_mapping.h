// Company <-> Gainsight `Company` record.
#ifndef GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_COMPANY_MAPPING_H_
#define GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_COMPANY_MAPPING_H_

#include "gainsight/record_mapping.h"

namespace gg {

inline constexpr char kCompanyObject[] = "Company";
const RecordMapping& CompanyMapping();

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_COMPANY_MAPPING_H_
