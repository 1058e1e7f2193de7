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

struct SandboxOptions {
  // The tenant's API key: requests must carry it in the accesskey header.
  std::string access_key;
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
  // Source of time; nullptr means the system clock.
  const Clock* clock = nullptr;

  static LimitsSpec DefaultLimits();
};

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_SANDBOX_OPTIONS_H_
