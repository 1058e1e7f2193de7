// Playbook <-> the playbook endpoints' JSON (the decision in
// gainsight/endpoints.cc: camelCase configuration objects, ISO times).
#ifndef GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_PLAYBOOK_MAPPING_H_
#define GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_PLAYBOOK_MAPPING_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "gainsight/envelope.h"
#include "gainsight/v1/playbook.pb.h"

namespace gg {

// Fills `out` from one playbook object; its `tasks` (task templates) when
// the object has them.
absl::Status PlaybookFromJson(const Json& json, gainsight::v1::Playbook* out);

// The query string of a playbook list page: pageSize, pageNumber, and when
// given the CTA type GSID, the entity type ("COMPANY"/"RELATIONSHIP") and
// includeInactive.
std::string PlaybookListQuery(int page_size, int64_t page_number,
                              const std::string& cta_type_id,
                              const std::string& entity_type,
                              bool include_inactive);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_PLAYBOOK_MAPPING_H_
