// The Gainsight client with fakes at its seams, for fast unit tests of
// everything above HTTP: a scripted HttpClient, a FakeClock and a
// ManualScheduler (no wall time passes), and the real limiter over a local
// budget. Calls complete on the test's thread unless an expectation holds
// its answer or a timer is pending (then AdvanceAndRun).
#ifndef GAINSIGHT_GATEWAY_TESTS_SUPPORT_CLIENT_HARNESS_H_
#define GAINSIGHT_GATEWAY_TESTS_SUPPORT_CLIENT_HARNESS_H_

#include <memory>
#include <string>

#include "gainsight/client.h"
#include "observe/metric_names.h"
#include "observe/metrics.h"
#include "quota/limits_spec.h"
#include "quota/local_budget.h"
#include "quota/queued_limiter.h"
#include "tests/support/manual_scheduler.h"
#include "tests/support/scripted_http_client.h"

namespace gg::testing {

inline constexpr char kTenantUrl[] = "https://tenant.example.com";

class ClientHarness {
 public:
  explicit ClientHarness(const char* limits = "sync=100000/1m;bulk=100000/1h",
                         GainsightClient::Options options = DefaultOptions())
      : scheduler_(&clock_) {
    metric::DeclareAll(metrics_);
    BudgetConfig config;
    config.limits = *ParseLimitsSpec(limits);
    budget_ = std::make_unique<LocalBudget>(config, &clock_);
    QueuedLimiter::Options limiter_options;
    limiter_options.call_margin = absl::ZeroDuration();
    limiter_ = std::make_unique<QueuedLimiter>(limiter_options, config.limits,
                                               budget_.get(), &scheduler_,
                                               &clock_, &metrics_);
    client_ = std::make_unique<GainsightClient>(std::move(options), &http_,
                                                limiter_.get(), &scheduler_,
                                                &clock_, &metrics_);
  }

  static GainsightClient::Options DefaultOptions() {
    GainsightClient::Options options;
    options.base_url = kTenantUrl;
    options.access_key = "test-access-key";
    return options;
  }

  // A context whose deadline is `timeout` from the fake now.
  CallContext Context(absl::Duration timeout = absl::Minutes(1)) {
    CallContext context;
    context.deadline = clock_.Now() + timeout;
    context.caller_id = "test";
    return context;
  }

  ScriptedHttpClient& http() { return http_; }
  FakeClock& clock() { return clock_; }
  ManualScheduler& scheduler() { return scheduler_; }
  Metrics& metrics() { return metrics_; }
  QueuedLimiter& limiter() { return *limiter_; }
  GainsightClient* client() { return client_.get(); }

 private:
  FakeClock clock_;
  ManualScheduler scheduler_;
  Metrics metrics_;
  ScriptedHttpClient http_;
  std::unique_ptr<LocalBudget> budget_;
  std::unique_ptr<QueuedLimiter> limiter_;
  std::unique_ptr<GainsightClient> client_;
};

}  // namespace gg::testing

#endif  // GAINSIGHT_GATEWAY_TESTS_SUPPORT_CLIENT_HARNESS_H_
