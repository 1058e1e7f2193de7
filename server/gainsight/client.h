// GainsightClient: one upstream call, end to end. It builds the HTTP request
// from the endpoint table, waits for a limiter permit, sends, classifies the
// answer, and retries where that is safe:
//   - a 429 (the call was not executed): tell the limiter, queue again;
//   - a transient failure (5xx, transport): only for idempotent endpoints,
//     with exponential backoff and jitter, each retry taking quota again;
// all inside the caller's deadline.
#ifndef GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_CLIENT_H_
#define GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_CLIENT_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/time/time.h"
#include "common/cancellation.h"
#include "common/clock.h"
#include "common/scheduler.h"
#include "gainsight/auth_headers.h"
#include "gainsight/endpoints.h"
#include "gainsight/envelope.h"
#include "gainsight/error_mapping.h"
#include "http/http_client.h"
#include "quota/limiter.h"

namespace gg {

class Metrics;
struct CallContext;
class CallTrace;
class RecentWrites;

struct GainsightCall {
  EndpointId endpoint = EndpointId::kObjectQuery;
  std::vector<std::pair<absl::string_view, std::string>> path_params;
  // Query string without '?', already escaped (e.g. "keys=Name").
  std::string query;
  std::optional<Json> body;
  // When non-empty, the body is multipart/form-data of these parts instead
  // (a Bulk API upload); file parts stream from disk.
  std::vector<FormPart> form;
  // The answer is not a JSON envelope (a CSV download): on HTTP 2xx the
  // outcome is OK with `data` holding the body as a JSON string.
  bool raw_response = false;
  // When set, the call goes to this URL as Gainsight returned it (a path on
  // the tenant, or an absolute URL on the tenant's host; see tenant_url.h)
  // instead of the endpoint's path, which then only names the call in logs
  // and metrics. A URL on another host fails the call before admission.
  std::string url;
  // Longest one HTTP attempt may take; zero: the client's attempt_timeout.
  absl::Duration timeout = absl::ZeroDuration();
  // Records in the body, for logs and metrics.
  int record_count = 0;
  // Sent at most once: a transient failure is not retried and a 429 is
  // answered to the caller (RESOURCE_EXHAUSTED) instead of queued again, so
  // the caller knows exactly how many calls it spent.
  bool single_attempt = false;
  // Runs once, after admission and right before the first send, on an
  // internal thread: may replace the call (its endpoint stays) and the
  // context's deadline, cancellation and request id. A call that waited for
  // its slot uses it to take along compatible calls that waited too (see
  // ops/call_coalescer.h). A non-OK status stops the call unsent, as
  // CallContext::before_send does.
  std::function<absl::Status(GainsightCall& call, CallContext& context)>
      compose;
};

// Where a call comes from and how long it may take.
struct CallContext {
  absl::Time deadline = absl::InfiniteFuture();
  // The latest time the call may get its rate-limit slot, when earlier than
  // `deadline`. A create that outlives its caller (api/idempotent_writes.h)
  // keeps the caller's deadline here: a wait for quota longer than the
  // caller would wait still fails at once (RetryInfo), with nothing sent.
  absl::Time admission_deadline = absl::InfiniteFuture();
  std::shared_ptr<CancellationToken> cancel;
  Priority priority = Priority::kInteractive;
  std::string caller_id;
  std::string request_id;
  // The RPC's trace (its access log line counts the Gainsight calls and
  // their request ids); null for work no RPC waits on.
  std::shared_ptr<CallTrace> trace;
  // Runs right before the call leaves for Gainsight (after admission; again
  // when a 429 sent it back to the queue), on an internal thread. A non-OK
  // status stops the call unsent (its slot is given back): the outcome then
  // carries that status, with `request_sent` false.
  std::function<absl::Status()> before_send;
  // Runs when Gainsight refused the call for its rate limit (HTTP 429: it
  // was not executed), before the call queues again.
  std::function<void()> on_throttled;
};

class GainsightClient {
 public:
  struct Options {
    std::string base_url;    // e.g. https://acme.gainsightcloud.com
    std::string access_key;  // sent as the `accesskey` header, never logged
    // The GS Bulk API connection, for the Bulk API's endpoints (never
    // logged); empty when not configured.
    BulkApiCredential bulk_api;
    // Longest one HTTP attempt may take (the caller's deadline may cut it).
    absl::Duration attempt_timeout = absl::Seconds(30);
    // Attempts of an idempotent call that keeps failing transiently.
    int max_attempts = 4;
    absl::Duration initial_backoff = absl::Milliseconds(100);
    absl::Duration max_backoff = absl::Seconds(5);
    // Counts the records of each call that carries records (GetQuota's
    // recent_writes); may be null.
    RecentWrites* recent_writes = nullptr;
  };
  using Callback = absl::AnyInvocable<void(UpstreamOutcome)>;

  // Every time the client reads (deadlines, backoff, latency) comes from
  // `clock`, and every wait goes through `scheduler`, so tests can drive both.
  GainsightClient(Options options, HttpClient* http, Limiter* limiter,
                  Scheduler* scheduler, Clock* clock, Metrics* metrics);

  // `done` runs exactly once, on an internal thread.
  void Call(GainsightCall call, CallContext context, Callback done);

  // Whether calls needing the GS Bulk API connection can be sent.
  bool HasBulkApiConnection() const { return options_.bulk_api.complete(); }

  // Notes an answer of `endpoint` that Gainsight accepted but the gateway
  // cannot read as `expected` (e.g. "data.records[].Gsid"): counts it in
  // gainsight_unreadable_answers_total and logs its shape by key names,
  // never values. The caller then resolves the outcome (reads it back).
  void ReportUnreadable(EndpointId endpoint, absl::string_view expected,
                        const Json& data, const CallContext& context) const;

 private:
  struct Attempt;
  void Admit(std::shared_ptr<Attempt> attempt);
  void Send(std::shared_ptr<Attempt> attempt, std::unique_ptr<Permit> permit);
  void OnResponse(std::shared_ptr<Attempt> attempt,
                  absl::StatusOr<HttpResponse> response);
  // Counts and logs (codes and ids only) a call Gainsight refused, or that
  // timed out or reached no one.
  void ReportFailure(const Attempt& attempt, int http_status,
                     const UpstreamOutcome& outcome);
  void Finish(std::shared_ptr<Attempt> attempt, UpstreamOutcome outcome);

  const Options options_;
  HttpClient* const http_;
  Limiter* const limiter_;
  Scheduler* const scheduler_;
  Clock* const clock_;
  Metrics* const metrics_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_CLIENT_H_
