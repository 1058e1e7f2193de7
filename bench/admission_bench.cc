// Cost of one admission decision: in-process (LocalBudget, and the whole
// QueuedLimiter path) and through Redis (one Lua script per admission),
// with a Redis PING on the same connection as the baseline.
//   gg_admission_bench [redis://127.0.0.1:6379]
#include <cstdio>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "common/clock.h"
#include "common/scheduler.h"
#include "observe/metric_names.h"
#include "observe/metrics.h"
#include "quota/local_budget.h"
#include "quota/queued_limiter.h"
#include "quota/redis_budget.h"

namespace gg {
namespace {

BudgetConfig Unbounded() {
  BudgetConfig config;
  // Gainsight's shape, with limits high enough never to refuse.
  config.limits = *ParseLimitsSpec("sync=1000000000/1m,1000000000/1d");
  return config;
}

void Report(const char* what, int n, absl::Duration total) {
  std::printf("| %s | %d | %.2f µs |\n", what, n,
              absl::ToDoubleMicroseconds(total) / n);
}

void BenchLocalBudget(int n) {
  LocalBudget budget(Unbounded(), RealClock::Get());
  absl::Time start = absl::Now();
  for (int i = 0; i < n; ++i) {
    std::string slot = absl::StrCat("s", i);
    budget.TryAdmit(CallClass::kSync, slot, 1.0, 0, true);
    budget.MarkDone(CallClass::kSync, slot);
  }
  Report("LocalBudget admit + done (2 windows)", n, absl::Now() - start);
}

void BenchLimiter(int n) {
  Metrics metrics;
  metric::DeclareAll(metrics);
  ThreadScheduler scheduler;
  BudgetConfig config = Unbounded();
  LocalBudget budget(config, RealClock::Get());
  QueuedLimiter limiter({}, config.limits, &budget, &scheduler,
                        RealClock::Get(), &metrics);
  absl::Time start = absl::Now();
  for (int i = 0; i < n; ++i) {
    AdmissionRequest request;
    request.caller_id = "bench";
    request.deadline = absl::Now() + absl::Seconds(10);
    limiter.Acquire(std::move(request),
                    [](absl::StatusOr<std::unique_ptr<Permit>> permit) {
                      (*permit)->MarkSent();
                      (*permit)->MarkDone();
                    });
  }
  Report("QueuedLimiter Acquire -> permit -> done (in-process)", n,
         absl::Now() - start);
}

void BenchRedis(const std::string& url, int n) {
  RedisBudget::Options options;
  options.address = *ParseRedisUrl(url);
  options.key_prefix = absl::StrCat("bench-", absl::ToUnixMicros(absl::Now()));
  RedisBudget budget(options, Unbounded());
  if (!budget.Ping().ok()) {
    std::printf("| Redis at %s | unreachable | |\n", url.c_str());
    return;
  }
  absl::Time start = absl::Now();
  for (int i = 0; i < n; ++i) (void)budget.Ping();
  Report("Redis PING, same connection (baseline)", n, absl::Now() - start);
  start = absl::Now();
  for (int i = 0; i < n; ++i) {
    (void)budget.TryAdmit(CallClass::kSync, absl::StrCat("s", i), 1.0, 0, true);
  }
  Report("RedisBudget admit (Lua script, 2 windows)", n, absl::Now() - start);
  start = absl::Now();
  for (int i = 0; i < n; ++i) {
    (void)budget.MarkDone(CallClass::kSync, absl::StrCat("s", i));
  }
  Report("RedisBudget done (Lua script, 2 windows)", n, absl::Now() - start);
}

}  // namespace
}  // namespace gg

int main(int argc, char** argv) {
  std::printf("| operation | calls | mean per call |\n|---|---|---|\n");
  gg::BenchLocalBudget(200000);
  gg::BenchLimiter(200000);
  if (argc > 1) gg::BenchRedis(argv[1], 20000);
  return 0;
}
