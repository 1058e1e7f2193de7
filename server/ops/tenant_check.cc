#include "ops/tenant_check.h"

#include <atomic>
#include <memory>
#include <utility>

#include "observe/log.h"

namespace gg {
namespace {

// One check in progress: the probes left, the report so far, and the calls
// sent (counted as they leave, so a refused call counts too).
struct Run : std::enable_shared_from_this<Run> {
  GainsightClient* client;
  CallContext context;
  std::vector<TenantProbe> probes;
  bool include_bulk = false;
  size_t next = 0;
  TenantCheckReport report;
  std::atomic<int> sync_sent{0};
  std::atomic<int> bulk_sent{0};
  absl::AnyInvocable<void(TenantCheckReport)> done;

  void Step() {
    while (next < probes.size()) {
      TenantProbe& probe = probes[next++];
      ProbeReport entry{probe.name, ProbeCallName(probe), {}};
      const bool bulk = IsBulkProbe(probe);
      if (bulk && !include_bulk) {
        entry.verdict = {ProbeResult::kSkipped, "bulk calls not asked for"};
        report.probes.push_back(std::move(entry));
        continue;
      }
      if (GetEndpoint(probe.call.endpoint).auth == Auth::kBulkApiConnection &&
          !client->HasBulkApiConnection()) {
        entry.verdict = {ProbeResult::kSkipped,
                         "no GS Bulk API connection is configured"};
        report.probes.push_back(std::move(entry));
        continue;
      }
      if (!bulk && sync_sent.load() >= kMaxTenantCheckSyncCalls) {
        entry.verdict = {ProbeResult::kSkipped, "sync call budget spent"};
        report.probes.push_back(std::move(entry));
        continue;
      }
      CallContext call_context = context;
      std::atomic<int>* counter = bulk ? &bulk_sent : &sync_sent;
      call_context.before_send = [counter] {
        counter->fetch_add(1);
        return absl::OkStatus();
      };
      auto self = shared_from_this();
      const size_t index = next - 1;
      client->Call(probe.call, std::move(call_context),
                   [self, index,
                    entry = std::move(entry)](UpstreamOutcome outcome) mutable {
                     entry.verdict = JudgeProbe(self->probes[index], outcome);
                     self->report.probes.push_back(std::move(entry));
                     self->Step();
                   });
      return;
    }
    report.sync_calls = sync_sent.load();
    report.bulk_calls = bulk_sent.load();
    int failed = 0;
    for (const ProbeReport& probe : report.probes) {
      if (probe.verdict.result != ProbeResult::kOk &&
          probe.verdict.result != ProbeResult::kSkipped) {
        ++failed;
      }
    }
    Log(LogLevel::kInfo, "tenant_check",
        {{"probes", int64_t(report.probes.size())},
         {"mismatches", int64_t{failed}},
         {"sync_calls", int64_t{report.sync_calls}},
         {"bulk_calls", int64_t{report.bulk_calls}},
         {"request_id", context.request_id}});
    auto finish = std::move(done);
    finish(std::move(report));
  }
};

}  // namespace

bool TenantCheckReport::ok() const {
  for (const ProbeReport& probe : probes) {
    if (probe.verdict.result != ProbeResult::kOk &&
        probe.verdict.result != ProbeResult::kSkipped) {
      return false;
    }
  }
  return true;
}

void RunTenantCheck(GainsightClient* client, bool include_bulk,
                    CallContext context,
                    absl::AnyInvocable<void(TenantCheckReport)> done) {
  auto run = std::make_shared<Run>();
  run->client = client;
  run->context = std::move(context);
  run->probes = TenantProbes();
  run->include_bulk = include_bulk;
  run->done = std::move(done);
  run->Step();
}

}  // namespace gg
