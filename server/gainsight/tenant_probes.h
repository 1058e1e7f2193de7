// The tenant check: one read-only call per endpoint family the gateway
// relies on, and how each answer is judged against the contract the gateway
// expects (docs/gainsight-contract.md). Details name keys, field names and
// error codes only, never a value or Gainsight's own message text.
#ifndef GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_TENANT_PROBES_H_
#define GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_TENANT_PROBES_H_

#include <functional>
#include <string>
#include <vector>

#include "gainsight/client.h"
#include "gainsight/envelope.h"
#include "gainsight/error_mapping.h"

namespace gg {

enum class ProbeResult {
  kOk,               // the answer is what the gateway reads
  kRouteMissing,     // the tenant has no such route (GS_APIG_1000)
  kFieldUnknown,     // the tenant does not know a field the gateway names
  kUnexpectedShape,  // Gainsight accepted, the readers cannot read it
  kFailed,           // any other failure (access, rate limit, transport)
  kSkipped,          // not run (bulk not asked for, budget spent)
};

struct ProbeVerdict {
  ProbeResult result = ProbeResult::kOk;
  // What differed: key names, field names, error codes; empty when OK.
  std::string detail;
};

struct TenantProbe {
  // Stable name, e.g. "describe_company".
  std::string name;
  GainsightCall call;
  // The select names the call sends (to name one the tenant refuses).
  std::vector<std::string> select;
  // Gainsight's "nothing matched" (no rows) is a good answer.
  bool no_data_is_ok = false;
  // Any NOT_FOUND is the expected answer (a status of an unknown id).
  bool not_found_is_expected = false;
  // Judges the `data` of an accepted call.
  std::function<ProbeVerdict(const Json& data)> read;
};

// The probes in the order they run: every sync probe, then the bulk ones
// (IsBulkProbe). Each call is read-only and sent once.
std::vector<TenantProbe> TenantProbes();

// "METHOD /path" of the probe's call, placeholders filled.
std::string ProbeCallName(const TenantProbe& probe);

// Whether the probe's call counts against the bulk (async) budget.
bool IsBulkProbe(const TenantProbe& probe);

// The verdict on the probe's answer.
ProbeVerdict JudgeProbe(const TenantProbe& probe,
                        const UpstreamOutcome& outcome);

// Most sync calls one check may make, and the id the bulk status probe
// asks for (no job has it).
inline constexpr int kMaxTenantCheckSyncCalls = 20;
inline constexpr char kUnknownBulkStatusId[] = "gateway-tenant-check-none";

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_TENANT_PROBES_H_
