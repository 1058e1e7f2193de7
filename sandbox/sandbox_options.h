// How one sandbox instance behaves: what the command-line flags set.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_SANDBOX_OPTIONS_H_
#define GAINSIGHT_GATEWAY_SANDBOX_SANDBOX_OPTIONS_H_

#include <string>

#include "absl/time/time.h"
#include "quota/limits_spec.h"
#include "sandbox/clock.h"
#include "sandbox/contract_variants.h"

namespace gg::sandbox {

// Where query rows go: {"data":{"records":[...]}} (what live clients read)
// or {"data":[...]} (the docs' samples).
enum class QueryShape { kRecords, kArray };

// How a Cockpit write (CTA, task, Success Plan) answers. Gainsight publishes
// no sample; the only public hint is the first. The others let a client's
// tolerance be tested:
//   kSuccessFailure  data: {"success": [{"<ref>": "<Gsid>"}],
//                           "failure": [{"<ref>": "<CODE>: <text>"}]}
//   kArray           data: [{"referenceId", "success", "Gsid" | "fieldName",
//                            "errorCode", "errorDesc"}]
//   kOpaque          data: {} (the records are written; the answer says
//                    nothing about them)
enum class CockpitAnswerShape { kSuccessFailure, kArray, kOpaque };
// The tenant's GS Bulk API connection: Bulk API uploads must carry its
// access key (not the API key) in `accessKey`, and the `appOrgId` and
// `loginName` headers (equal to these when set, present either way). No
// access key: the tenant has no connection, and every upload is refused.
struct BulkConnection {
  std::string access_key;
  std::string app_org_id;
  std::string login_name;
};

struct SandboxOptions {
  // The tenant's API key: requests must carry it in the accesskey header.
  std::string access_key;
  BulkConnection bulk;
  // Rate limits per call class (default: Gainsight's, kDefaultLimits).
  LimitsSpec limits = DefaultLimits();
  // Rate windows start at the Unix epoch plus this offset.
  absl::Duration window_offset = absl::ZeroDuration();
  // Whether a 429 carries Retry-After (Gainsight documents none).
  bool retry_after = false;
  QueryShape query_shape = QueryShape::kRecords;
  // Which alternative of each open contract question this tenant serves.
  ContractVariants contract;
  CockpitAnswerShape cockpit_answer = CockpitAnswerShape::kSuccessFailure;
  // Demo data (tenant_seeds.h, SeedDemo) besides the seeded users.
  bool demo = false;
  // Source of time; nullptr means the system clock.
  const Clock* clock = nullptr;

  static LimitsSpec DefaultLimits();
};

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_SANDBOX_OPTIONS_H_
