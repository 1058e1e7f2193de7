// --policy-file: YAML or JSON, checked whole at start (and at each reload;
// a bad reload keeps the policy in force). Errors name the file and line.
//
//   callers:
//     - id: spiffe://acme.example/ns/crm/sa/sync   # or a token caller, a DNS
//                                                  # name, a CN; "*": anyone
//                                                  else
//       allow: [read, write]        # groups read/write/delete/bulk/export,
//                                   # services (gainsight.v1.CtaService),
//                                   # methods
//                                   (gainsight.v1.BulkService/Export), "*"
//       objects: [Company, Renewal__c]   # default: every object ("*")
//       tenants: [default]               # default: every tenant ("*")
//       interactive: false               # default: true
//       quota: {share: 0.25, max_in_flight: 4}   # default: no caller limit
//       all_jobs: false                  # sees others' bulk jobs; default
//       false
#ifndef GAINSIGHT_GATEWAY_SERVER_SECURITY_POLICY_FILE_H_
#define GAINSIGHT_GATEWAY_SERVER_SECURITY_POLICY_FILE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/yaml_reader.h"
#include "security/policy.h"

namespace gg {

// `tenants`: the configured tenant names (a grant may name only those).
absl::StatusOr<Policy> ParsePolicy(const YamlReader& file,
                                   const std::vector<std::string>& tenants);
absl::StatusOr<Policy> ReadPolicyFile(const std::string& path,
                                      const std::vector<std::string>& tenants);

// A caller identity: printable ASCII without spaces, 1-256 characters.
bool IsCallerId(const std::string& id);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_SECURITY_POLICY_FILE_H_
