// Every metric the gateway exports, declared in one place.
#ifndef GAINSIGHT_GATEWAY_SERVER_OBSERVE_METRIC_NAMES_H_
#define GAINSIGHT_GATEWAY_SERVER_OBSERVE_METRIC_NAMES_H_

#include "observe/metrics.h"

namespace gg::metric {

inline constexpr char kUpstreamCalls[] = "gainsight_upstream_calls_total";
inline constexpr char kUpstreamThrottled[] = "gainsight_upstream_429_total";
inline constexpr char kUpstreamRetries[] = "gainsight_upstream_retries_total";
inline constexpr char kUpstreamLatency[] = "gainsight_upstream_seconds";
inline constexpr char kAdmissions[] = "gainsight_quota_admissions_total";
inline constexpr char kWait[] = "gainsight_quota_wait_seconds";
inline constexpr char kRemaining[] = "gainsight_quota_remaining";
inline constexpr char kQueueDepth[] = "gainsight_quota_queue_depth";
inline constexpr char kDegraded[] = "gainsight_quota_degraded";
inline constexpr char kClosedSeconds[] = "gainsight_quota_closed_seconds";
inline constexpr char kClosures[] = "gainsight_quota_closures_total";
inline constexpr char kRecordsPerCall[] = "gainsight_records_per_call";
inline constexpr char kUnreadableAnswers[] =
    "gainsight_unreadable_answers_total";
inline constexpr char kIdempotentRequests[] =
    "gainsight_idempotent_requests_total";
inline constexpr char kRpcRequests[] = "gainsight_rpc_requests_total";
inline constexpr char kRpcLatency[] = "gainsight_rpc_seconds";
inline constexpr char kCallerAdmissions[] = "gainsight_caller_admissions_total";
inline constexpr char kCallerWait[] = "gainsight_caller_wait_seconds";
inline constexpr char kUpstreamFailures[] = "gainsight_upstream_failures_total";
inline constexpr char kBulkJobTransitions[] =
    "gainsight_bulk_job_transitions_total";
inline constexpr char kBulkJobs[] = "gainsight_bulk_jobs";

inline void DeclareAll(Metrics& m) {
  m.DeclareCounter(kRpcRequests,
                   "RPCs of the gainsight.v1 services answered, by method "
                   "and gRPC code.");
  m.DeclareHistogram(
      kRpcLatency, "Time from an RPC's arrival to its status, by method.",
      {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300});
  m.DeclareCounter(kCallerAdmissions,
                   "Limiter decisions by caller (the first 200 callers by "
                   "id, later ones as \"other\"), call class and outcome.");
  m.DeclareHistogram(
      kCallerWait, "Time calls waited in the limiter queue, by caller.",
      {0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600});
  m.DeclareCounter(kUpstreamFailures,
                   "Gainsight calls that failed, by endpoint and kind "
                   "(rejected: Gainsight answered an error; timeout; "
                   "unreachable).");
  m.DeclareCounter(kBulkJobTransitions,
                   "Bulk jobs run by this replica entering a state, by "
                   "state.");
  m.DeclareGauge(kBulkJobs,
                 "Bulk jobs this replica runs, by state (queued, uploading, "
                 "init, in_progress).");
  m.DeclareCounter(kUpstreamCalls,
                   "Gainsight HTTP calls by endpoint and HTTP status (0: no "
                   "answer).");
  m.DeclareCounter(kUpstreamThrottled, "Gainsight 429 answers by call class.");
  m.DeclareCounter(kUpstreamRetries,
                   "Upstream calls sent again after a 429 or a transient "
                   "failure, by call class and cause.");
  m.DeclareHistogram(kUpstreamLatency, "Gainsight HTTP call latency.",
                     {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10});
  m.DeclareCounter(kAdmissions,
                   "Limiter decisions by call class, priority and outcome "
                   "(admitted, queued, rejected, cancelled, expired).");
  m.DeclareHistogram(
      kWait, "Time calls waited in the limiter queue.",
      {0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600});
  m.DeclareGauge(kRemaining,
                 "Calls left in each rate window (class, window length).");
  m.DeclareGauge(kQueueDepth,
                 "Calls waiting for a slot, by class and priority.");
  m.DeclareGauge(kClosedSeconds,
                 "Seconds until a call class closed by Gainsight (429, "
                 "Retry-After) reopens; 0 while open.");
  m.DeclareCounter(kClosures,
                   "Times a call class was closed after a Gainsight 429, by "
                   "class and whether Retry-After was cut to "
                   "--max-retry-after (clamped true/false).");
  m.DeclareGauge(kDegraded,
                 "1 while Redis is unreachable and the replica runs on its "
                 "local share of the budget.");
  m.DeclareCounter(kIdempotentRequests,
                   "Creates carrying a request_id, by method and outcome "
                   "(completed, failed: ran here; replayed: answered from "
                   "the stored result; conflict: the id named another "
                   "request; aborted: the first attempt still ran at the "
                   "caller's deadline; unavailable: the store could not be "
                   "reached).");
  m.DeclareHistogram(kRecordsPerCall,
                     "Records carried by each upstream call that writes "
                     "records, by endpoint, method and object.",
                     {1, 2, 5, 10, 20, 30, 40, 45, 49, 50});
  m.DeclareCounter(kUnreadableAnswers,
                   "Answers Gainsight accepted that the gateway could not "
                   "read (an unknown shape, or records not reported on), "
                   "resolved by reading the records back, by endpoint and "
                   "what the gateway expected.");
}

}  // namespace gg::metric

#endif  // GAINSIGHT_GATEWAY_SERVER_OBSERVE_METRIC_NAMES_H_
