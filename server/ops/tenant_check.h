// The tenant check: runs the tenant probes (gainsight/tenant_probes.h) one
// after another through the Gainsight client, each sent once, and reports
// each verdict with the calls it spent. Read-only; at most
// kMaxTenantCheckSyncCalls sync calls, and bulk calls only when asked.
#ifndef GAINSIGHT_GATEWAY_SERVER_OPS_TENANT_CHECK_H_
#define GAINSIGHT_GATEWAY_SERVER_OPS_TENANT_CHECK_H_

#include <string>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "gainsight/client.h"
#include "gainsight/tenant_probes.h"

namespace gg {

struct ProbeReport {
  std::string name;
  std::string call;  // "METHOD /path"
  ProbeVerdict verdict;
};

struct TenantCheckReport {
  std::vector<ProbeReport> probes;
  int sync_calls = 0;  // calls sent, by budget class
  int bulk_calls = 0;
  // Every probe OK (skipped ones are not held against the tenant).
  bool ok() const;
};

// `done` runs once, on an internal thread, after the last probe.
void RunTenantCheck(GainsightClient* client, bool include_bulk,
                    CallContext context,
                    absl::AnyInvocable<void(TenantCheckReport)> done);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_OPS_TENANT_CHECK_H_
