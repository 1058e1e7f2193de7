// Playbook <-> the playbook endpoints' JSON (the decision in
// gainsight/endpoints.cc: camelCase configuration objects, ISO times).
#ifndef GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_PLAYBOOK_MAPPING_H_
#define GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_PLAYBOOK_MAPPING_H_

#include "absl/status/status.h"
#include "gainsight/envelope.h"
#include "gainsight/v1/playbook.pb.h"

namespace gg {

// Fills `out` from one playbook object; its `tasks` (task templates) when
// the object has them.
absl::Status PlaybookFromJson(const Json& json, gainsight::v1::Playbook* out);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_PLAYBOOK_MAPPING_H_
