#include "gainsight/client.h"

#include <algorithm>
#include <random>

#include "absl/strings/str_cat.h"
#include "gainsight/answer_shape.h"
#include "gainsight/tenant_url.h"
#include "observe/call_trace.h"
#include "observe/log.h"
#include "observe/metric_names.h"
#include "observe/metrics.h"
#include "observe/recent_writes.h"

namespace gg {

struct GainsightClient::Attempt {
  GainsightCall call;
  CallContext context;
  Callback done;
  const Endpoint* endpoint = nullptr;
  std::string url;      // resolved call.url; empty: the endpoint's path
  HttpHeaders headers;  // credential and Accept
  int attempts = 0;     // HTTP calls sent
  int throttled = 0;    // 429 answers
  absl::Time sent_at;
  // The caller's deadline, not the attempt timeout, bounded the last send.
  bool caller_deadline_bounds = false;
};

GainsightClient::GainsightClient(Options options, HttpClient* http,
                                 Limiter* limiter, Scheduler* scheduler,
                                 Clock* clock, Metrics* metrics)
    : options_(std::move(options)),
      http_(http),
      limiter_(limiter),
      scheduler_(scheduler),
      clock_(clock),
      metrics_(metrics) {}

void GainsightClient::Call(GainsightCall call, CallContext context,
                           Callback done) {
  auto attempt = std::make_shared<Attempt>();
  attempt->endpoint = &GetEndpoint(call.endpoint);
  attempt->call = std::move(call);
  attempt->context = std::move(context);
  attempt->done = std::move(done);
  // Refused before any quota is spent: a URL off the tenant, a missing
  // credential.
  absl::Status refused;
  if (!attempt->call.url.empty()) {
    absl::StatusOr<std::string> url =
        ResolveTenantUrl(options_.base_url, attempt->call.url);
    if (url.ok()) {
      attempt->url = *std::move(url);
    } else {
      refused = url.status();
    }
  }
  if (refused.ok()) {
    Credentials keys{options_.access_key, options_.bulk_api};
    absl::StatusOr<HttpHeaders> headers =
        AuthHeaders(attempt->endpoint->auth, keys);
    if (headers.ok()) {
      attempt->headers = *std::move(headers);
    } else {
      refused = headers.status();
    }
  }
  if (!refused.ok()) {
    UpstreamOutcome outcome;
    outcome.status = refused;
    outcome.request_sent = false;
    Finish(std::move(attempt), std::move(outcome));
    return;
  }
  Admit(std::move(attempt));
}

void GainsightClient::ReportUnreadable(EndpointId endpoint,
                                       absl::string_view expected,
                                       const Json& data,
                                       const CallContext& context) const {
  const Endpoint& e = GetEndpoint(endpoint);
  if (metrics_ != nullptr) {
    metrics_->Add(metric::kUnreadableAnswers,
                  {{"endpoint", std::string(e.path_template)},
                   {"expected", std::string(expected)}});
  }
  Log(LogLevel::kWarning, "unreadable_answer",
      {{"method", std::string(HttpMethodName(e.method))},
       {"endpoint", std::string(e.path_template)},
       {"expected", std::string(expected)},
       {"shape", AnswerShape(data)},
       {"request_id", context.request_id}});
}

void GainsightClient::Admit(std::shared_ptr<Attempt> attempt) {
  AdmissionRequest request;
  request.call_class = attempt->endpoint->call_class;
  request.priority = attempt->context.priority;
  request.caller_id = attempt->context.caller_id;
  request.deadline =
      std::min(attempt->context.deadline, attempt->context.admission_deadline);
  request.cancel = attempt->context.cancel;
  limiter_->Acquire(
      std::move(request),
      [this, attempt](absl::StatusOr<std::unique_ptr<Permit>> permit) mutable {
        if (!permit.ok()) {
          UpstreamOutcome outcome;
          outcome.status = permit.status();
          outcome.request_sent = false;
          Finish(std::move(attempt), std::move(outcome));
          return;
        }
        Send(std::move(attempt), *std::move(permit));
      });
}

void GainsightClient::Send(std::shared_ptr<Attempt> attempt,
                           std::unique_ptr<Permit> permit) {
  if (attempt->context.cancel != nullptr &&
      attempt->context.cancel->cancelled()) {
    UpstreamOutcome outcome;
    outcome.status = absl::CancelledError("call cancelled");
    outcome.request_sent = false;
    Finish(std::move(attempt), std::move(outcome));
    return;  // the unsent permit gives its slot back
  }
  if (attempt->context.before_send) {
    if (absl::Status veto = attempt->context.before_send(); !veto.ok()) {
      UpstreamOutcome outcome;
      outcome.status = std::move(veto);
      outcome.request_sent = false;
      Finish(std::move(attempt), std::move(outcome));
      return;  // as above: the slot is given back
    }
  }
  if (attempt->call.compose) {
    auto compose = std::move(attempt->call.compose);
    attempt->call.compose = nullptr;
    if (absl::Status veto = compose(attempt->call, attempt->context);
        !veto.ok()) {
      UpstreamOutcome outcome;
      outcome.status = std::move(veto);
      outcome.request_sent = false;
      Finish(std::move(attempt), std::move(outcome));
      return;  // as above: the slot is given back
    }
  }
  const GainsightCall& call = attempt->call;
  if (call.record_count > 0) {
    const auto object =
        std::find_if(call.path_params.begin(), call.path_params.end(),
                     [](const auto& param) { return param.first == "object"; });
    metrics_->Observe(
        metric::kRecordsPerCall,
        {{"endpoint", std::string(attempt->endpoint->path_template)},
         {"method", std::string(HttpMethodName(attempt->endpoint->method))},
         {"object",
          object == call.path_params.end() ? std::string() : object->second}},
        call.record_count);
    if (options_.recent_writes != nullptr) {
      options_.recent_writes->Add(call.record_count, clock_->Now());
    }
  }
  HttpRequest request;
  request.method = attempt->endpoint->method;
  request.url =
      !attempt->url.empty()
          ? attempt->url
          : absl::StrCat(options_.base_url,
                         ExpandPath(*attempt->endpoint, call.path_params));
  if (!call.query.empty()) absl::StrAppend(&request.url, "?", call.query);
  request.headers = attempt->headers;
  if (call.body.has_value()) {
    request.headers.emplace_back("Content-Type", "application/json");
    request.body = call.body->dump(-1, ' ', false,
                                   nlohmann::json::error_handler_t::replace);
  }
  request.form = call.form;
  const absl::Duration timeout = call.timeout > absl::ZeroDuration()
                                     ? call.timeout
                                     : options_.attempt_timeout;
  request.deadline =
      std::min(attempt->context.deadline, clock_->Now() + timeout);
  attempt->caller_deadline_bounds =
      attempt->context.deadline < clock_->Now() + timeout;
  attempt->attempts++;
  attempt->sent_at = clock_->Now();
  permit->MarkSent();
  // The permit rides along so that its slot is released (MarkDone) when the
  // answer arrives.
  std::shared_ptr<Permit> held(std::move(permit));
  http_->Send(std::move(request), attempt->context.cancel,
              [this, attempt, held](absl::StatusOr<HttpResponse> response) {
                held->MarkDone();
                OnResponse(attempt, std::move(response));
              });
}

void GainsightClient::ReportFailure(const Attempt& attempt, int http_status,
                                    const UpstreamOutcome& outcome) {
  const Endpoint& endpoint = *attempt.endpoint;
  // The kind of failure: Gainsight answered with an error, or no answer
  // came in time, or none came at all.
  const char* kind =
      http_status != 0 ? "rejected"
      : outcome.status.code() == absl::StatusCode::kDeadlineExceeded
          ? "timeout"
          : "unreachable";
  metrics_->Add(
      metric::kUpstreamFailures,
      {{"endpoint", std::string(endpoint.path_template)}, {"kind", kind}});
  // Nothing found is an answer, not a fault.
  const LogLevel level = outcome.status.code() == absl::StatusCode::kNotFound
                             ? LogLevel::kInfo
                             : LogLevel::kWarning;
  // Codes and ids only: Gainsight's error text may quote record values.
  Log(level, absl::StrCat("upstream_", kind),
      {{"method", std::string(HttpMethodName(endpoint.method))},
       {"endpoint", std::string(endpoint.path_template)},
       {"http_status", int64_t{http_status}},
       {"code", std::string(absl::StatusCodeToString(outcome.status.code()))},
       {"gainsight_error_code", outcome.gainsight_error_code},
       {"gainsight_request_id", outcome.gainsight_request_id},
       {"attempt", int64_t{attempt.attempts}},
       {"transient", outcome.transient},
       {"request_id", attempt.context.request_id}});
}

void GainsightClient::OnResponse(std::shared_ptr<Attempt> attempt,
                                 absl::StatusOr<HttpResponse> response) {
  const Endpoint& endpoint = *attempt->endpoint;
  const std::string call_class(CallClassName(endpoint.call_class));
  const int http_status = response.ok() ? response->status : 0;
  const absl::Duration latency = clock_->Now() - attempt->sent_at;
  metrics_->Add(metric::kUpstreamCalls,
                {{"endpoint", std::string(endpoint.path_template)},
                 {"method", std::string(HttpMethodName(endpoint.method))},
                 {"status", absl::StrCat(http_status)}});
  metrics_->Observe(metric::kUpstreamLatency, {{"class", call_class}},
                    absl::ToDoubleSeconds(latency));
  Log(LogLevel::kDebug, "upstream_call",
      {{"method", std::string(HttpMethodName(endpoint.method))},
       {"endpoint", std::string(endpoint.path_template)},
       {"http_status", int64_t{http_status}},
       {"records", int64_t{attempt->call.record_count}},
       {"attempt", int64_t{attempt->attempts}},
       {"ms", absl::ToDoubleMilliseconds(latency)},
       {"request_id", attempt->context.request_id}});

  UpstreamOutcome outcome;
  if (attempt->call.raw_response && response.ok() && response->status >= 200 &&
      response->status < 300) {
    outcome.data = std::move(response->body);
  } else {
    outcome = ClassifyResponse(response);
  }
  if (!response.ok() && RequestIncomplete(response.status())) {
    outcome.request_sent = false;
  }
  if (!response.ok() &&
      response.status().code() == absl::StatusCode::kDeadlineExceeded &&
      attempt->caller_deadline_bounds) {
    // The caller's deadline ran out, not Gainsight's time to answer.
    outcome.status = CallerDeadlineStatus(latency, outcome.request_sent);
    outcome.transient = false;
  }
  if (outcome.status.code() == absl::StatusCode::kCancelled) {
    Finish(std::move(attempt), std::move(outcome));
    return;
  }
  if (attempt->context.trace != nullptr) {
    attempt->context.trace->RecordUpstreamCall(outcome.gainsight_request_id);
  }
  if (!outcome.status.ok() && !outcome.throttled) {
    ReportFailure(*attempt, http_status, outcome);
  }
  if (outcome.throttled) {
    // Gainsight did not execute the call: close the class for everyone and
    // queue this call again, whatever the method (unless it may be sent
    // only once).
    attempt->throttled++;
    metrics_->Add(metric::kUpstreamThrottled, {{"class", call_class}});
    Log(LogLevel::kWarning, "upstream_throttled",
        {{"class", call_class},
         {"retry_after_s", outcome.retry_after.has_value()
                               ? absl::ToDoubleSeconds(*outcome.retry_after)
                               : -1.0},
         {"request_id", attempt->context.request_id}});
    limiter_->ReportThrottled(endpoint.call_class, outcome.retry_after);
    if (attempt->context.on_throttled) attempt->context.on_throttled();
    if (!attempt->call.single_attempt) {
      metrics_->Add(metric::kUpstreamRetries,
                    {{"class", call_class}, {"cause", "429"}});
      Admit(std::move(attempt));
      return;
    }
  }
  bool may_retry = outcome.transient && endpoint.idempotent &&
                   !attempt->call.single_attempt &&
                   attempt->attempts < options_.max_attempts;
  if (may_retry) {
    absl::Duration cap = std::min(
        options_.max_backoff,
        options_.initial_backoff * (int64_t{1} << (attempt->attempts - 1)));
    thread_local std::mt19937_64 rng{std::random_device{}()};
    std::uniform_real_distribution<double> jitter(0.5, 1.0);
    absl::Duration delay = cap * jitter(rng);
    if (clock_->Now() + delay < attempt->context.deadline) {
      metrics_->Add(metric::kUpstreamRetries,
                    {{"class", call_class}, {"cause", "transient"}});
      scheduler_->RunAt(clock_->Now() + delay, [this, attempt]() mutable {
        Admit(std::move(attempt));
      });
      return;
    }
  }
  Finish(std::move(attempt), std::move(outcome));
}

void GainsightClient::Finish(std::shared_ptr<Attempt> attempt,
                             UpstreamOutcome outcome) {
  Callback done = std::move(attempt->done);
  done(std::move(outcome));
}

}  // namespace gg
