// GainsightClient's retry, throttle and deadline branches, driven through a
// scripted HttpClient and simulated time.
#include <optional>

#include "common/cancellation.h"
#include "common/status_details.h"
#include "gainsight/client.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "observe/call_trace.h"
#include "observe/metric_names.h"
#include "observe/recent_writes.h"
#include "quota/limiter.h"
#include "tests/support/client_harness.h"
#include "tests/support/gainsight_paths.h"

namespace gg {
namespace {

using testing::kCompanyQueryPath;

using testing::ClientHarness;
using testing::ErrorEnvelope;
using testing::OkEnvelope;

constexpr char kInsertPath[] = "/v1/data/objects/Company";

GainsightCall Query() {
  GainsightCall call;
  call.endpoint = EndpointId::kObjectQuery;
  call.path_params = {{"object", "Company"}};
  call.body = Json{{"select", {"Gsid"}}};
  return call;
}

GainsightCall Insert() {
  GainsightCall call;
  call.endpoint = EndpointId::kObjectInsert;
  call.path_params = {{"object", "Company"}};
  call.body = Json{{"records", Json::array({{{"Name", "Acme"}}})}};
  call.record_count = 1;
  return call;
}

class GainsightClientTest : public ::testing::Test {
 protected:
  // Starts a call; the outcome lands in outcome_.
  void Start(GainsightCall call, CallContext context) {
    h_.client()->Call(std::move(call), std::move(context),
                      [this](UpstreamOutcome o) { outcome_ = std::move(o); });
  }

  ClientHarness h_;
  std::optional<UpstreamOutcome> outcome_;
};

TEST_F(GainsightClientTest, SendsTheAccessKeyAndJsonBodyToTheEndpointPath) {
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyQueryPath)
      .Answer(200, OkEnvelope({{"records", Json::array()}}));
  Start(Query(), h_.Context());
  ASSERT_TRUE(outcome_.has_value());
  EXPECT_TRUE(outcome_->status.ok()) << outcome_->status;
  ASSERT_EQ(h_.http().request_count(), 1);
  const HttpRequest r = h_.http().requests()[0];
  EXPECT_EQ(r.url, std::string(testing::kTenantUrl) + kCompanyQueryPath);
  EXPECT_THAT(r.headers,
              ::testing::Contains(std::make_pair(
                  std::string("accesskey"), std::string("test-access-key"))));
  EXPECT_THAT(r.headers, ::testing::Contains(
                             std::make_pair(std::string("Content-Type"),
                                            std::string("application/json"))));
  EXPECT_EQ(Json::parse(r.body), Json({{"select", {"Gsid"}}}));
}

TEST_F(GainsightClientTest, IdempotentCallRetriesA5xxAfterABackoff) {
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyQueryPath)
      .Answer(503, ErrorEnvelope("GU_1101", "Oops"));
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyQueryPath)
      .Answer(200, OkEnvelope(Json::array()));
  Start(Query(), h_.Context());
  EXPECT_FALSE(outcome_.has_value()) << "the retry waits for its backoff";
  EXPECT_EQ(h_.http().request_count(), 1);
  ASSERT_EQ(h_.scheduler().pending(), 1u);
  const absl::Duration backoff = h_.scheduler().next_due() - h_.clock().Now();
  EXPECT_GE(backoff, absl::Milliseconds(50));
  EXPECT_LE(backoff, absl::Milliseconds(100));
  h_.scheduler().RunNext();
  ASSERT_TRUE(outcome_.has_value());
  EXPECT_TRUE(outcome_->status.ok()) << outcome_->status;
  EXPECT_EQ(h_.http().request_count(), 2);
  EXPECT_EQ(h_.metrics().Value(metric::kUpstreamRetries,
                               {{"class", "sync"}, {"cause", "transient"}}),
            1);
}

TEST_F(GainsightClientTest, BackoffDoublesAndAttemptsAreCapped) {
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyQueryPath)
      .Answer(500, ErrorEnvelope("GU_1101", "Oops"))
      .Times(4);
  Start(Query(), h_.Context());
  std::vector<absl::Duration> waits;
  while (!outcome_.has_value() && h_.scheduler().pending() > 0) {
    waits.push_back(h_.scheduler().next_due() - h_.clock().Now());
    h_.scheduler().RunNext();
  }
  ASSERT_TRUE(outcome_.has_value());
  EXPECT_EQ(outcome_->status.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(h_.http().request_count(), 4) << "max_attempts is 4";
  ASSERT_EQ(waits.size(), 3u);
  // Each cap doubles (100, 200, 400 ms); jitter keeps each in [cap/2, cap].
  for (int i = 0; i < 3; ++i) {
    const absl::Duration cap = absl::Milliseconds(100) * (1 << i);
    EXPECT_GE(waits[i], cap / 2) << i;
    EXPECT_LE(waits[i], cap) << i;
  }
}

TEST_F(GainsightClientTest, InsertIsNeverRetriedOnATransientFailure) {
  h_.http()
      .Expect(HttpMethod::kPost, kInsertPath)
      .Fail(absl::UnavailableError("connection reset"));
  Start(Insert(), h_.Context());
  ASSERT_TRUE(outcome_.has_value());
  EXPECT_EQ(outcome_->status.code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(outcome_->transient);
  EXPECT_EQ(h_.http().request_count(), 1);
  EXPECT_EQ(h_.scheduler().pending(), 0u);
}

TEST_F(GainsightClientTest, ATimeoutSaysWhoseTimeRanOut) {
  // The caller allows 2 s, less than the 30 s attempt timeout: its own
  // deadline ended the wait, so the status says so and nothing is retried.
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyQueryPath)
      .Fail(absl::DeadlineExceededError("timed out"));
  Start(Query(), h_.Context(absl::Seconds(2)));
  ASSERT_TRUE(outcome_.has_value());
  EXPECT_EQ(outcome_->status.code(), absl::StatusCode::kDeadlineExceeded);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(GetErrorInfo(outcome_->status, &info));
  EXPECT_EQ(info.reason(), "CALLER_DEADLINE_EXCEEDED");
  EXPECT_FALSE(outcome_->transient);
  EXPECT_EQ(h_.http().request_count(), 1);

  // A caller with time to spare: Gainsight's attempt timed out.
  outcome_.reset();
  h_.http()
      .Expect(HttpMethod::kPost, kInsertPath)
      .Fail(absl::DeadlineExceededError("timed out"));
  Start(Insert(), h_.Context(absl::Minutes(5)));
  ASSERT_TRUE(outcome_.has_value());
  ASSERT_TRUE(GetErrorInfo(outcome_->status, &info));
  EXPECT_EQ(info.reason(), "GAINSIGHT_TIMEOUT");
}

TEST_F(GainsightClientTest, RetryIsSkippedWhenTheBackoffPassesTheDeadline) {
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyQueryPath)
      .Answer(502, "<html>bad gateway</html>");
  Start(Query(), h_.Context(absl::Milliseconds(40)));
  ASSERT_TRUE(outcome_.has_value());
  EXPECT_EQ(outcome_->status.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(h_.http().request_count(), 1);
}

TEST_F(GainsightClientTest, A429ClosesTheClassAndTheCallIsSentAgainAfterIt) {
  h_.http()
      .Expect(HttpMethod::kPost, kInsertPath)
      .Answer(429, ErrorEnvelope("GU_2400", "Too many request"),
              {{"retry-after", "7"}});
  h_.http()
      .Expect(HttpMethod::kPost, kInsertPath)
      .Answer(200, OkEnvelope({{"records", {{{"Gsid", "1P02A"}}}}}));
  Start(Insert(), h_.Context(absl::Minutes(5)));
  EXPECT_FALSE(outcome_.has_value());
  EXPECT_EQ(h_.http().request_count(), 1);
  QuotaStatus status = h_.limiter().Status();
  ASSERT_TRUE(status.classes[0].closed_until.has_value());
  EXPECT_EQ(*status.classes[0].closed_until,
            h_.clock().Now() + absl::Seconds(7));
  h_.scheduler().AdvanceAndRun(absl::Seconds(6));
  EXPECT_EQ(h_.http().request_count(), 1) << "the class is still closed";
  h_.scheduler().AdvanceAndRun(absl::Seconds(2));
  ASSERT_TRUE(outcome_.has_value());
  EXPECT_TRUE(outcome_->status.ok()) << outcome_->status;
  EXPECT_EQ(h_.http().request_count(), 2)
      << "a throttled insert was not executed, so it is sent again";
  EXPECT_EQ(h_.metrics().Value(metric::kUpstreamThrottled, {{"class", "sync"}}),
            1);
}

TEST_F(GainsightClientTest, ThrottledCallFailsWhenTheClosurePassesItsDeadline) {
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyQueryPath)
      .Answer(429, ErrorEnvelope("GU_2400", "Too many request"),
              {{"retry-after", "600"}});
  Start(Query(), h_.Context(absl::Seconds(30)));
  h_.scheduler().AdvanceAndRun(absl::Seconds(1));
  ASSERT_TRUE(outcome_.has_value());
  EXPECT_EQ(outcome_->status.code(), absl::StatusCode::kResourceExhausted);
  google::rpc::RetryInfo retry;
  EXPECT_TRUE(GetRetryInfo(outcome_->status, &retry));
  EXPECT_EQ(h_.http().request_count(), 1);
}

// A create detached from its caller may run for an hour once sent, but
// waits for quota only as long as its caller would have.
TEST_F(GainsightClientTest, AdmissionDeadlineBoundsTheWaitForQuota) {
  h_.http()
      .Expect(HttpMethod::kPost, kInsertPath)
      .Answer(429, ErrorEnvelope("GU_2400", "Too many request"),
              {{"retry-after", "600"}});
  CallContext context = h_.Context(absl::Hours(1));
  context.admission_deadline = h_.clock().Now() + absl::Seconds(30);
  Start(Insert(), std::move(context));
  h_.scheduler().AdvanceAndRun(absl::Seconds(1));
  ASSERT_TRUE(outcome_.has_value()) << "the reopening is past 30 s";
  EXPECT_EQ(outcome_->status.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(h_.http().request_count(), 1);
}

TEST_F(GainsightClientTest, CancellingAHeldCallAnswersCancelled) {
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyQueryPath)
      .Answer(200, OkEnvelope(Json::array()))
      .Hold();
  CallContext context = h_.Context();
  context.cancel = std::make_shared<CancellationToken>();
  Start(Query(), context);
  EXPECT_FALSE(outcome_.has_value());
  context.cancel->Cancel();
  EXPECT_EQ(h_.http().Release(), 1);
  ASSERT_TRUE(outcome_.has_value());
  EXPECT_EQ(outcome_->status.code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(h_.scheduler().pending(), 0u) << "no retry after a cancel";
}

}  // namespace
}  // namespace gg

namespace gg {
namespace {

std::string RequestIdEnvelope(bool result, const std::string& error_code,
                              const std::string& request_id) {
  Json body = {{"result", result},
               {"errorCode", result ? Json() : Json(error_code)},
               {"errorDesc", result ? Json() : Json("refused")},
               {"requestId", request_id},
               {"data", Json::array()}};
  return body.dump();
}

TEST_F(GainsightClientTest, TheTraceCountsEveryAttemptWithItsRequestId) {
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyQueryPath)
      .Answer(503, RequestIdEnvelope(false, "GU_1101", "gs-req-1"));
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyQueryPath)
      .Answer(200, RequestIdEnvelope(true, "", "gs-req-2"));
  CallContext context = h_.Context();
  context.trace = std::make_shared<CallTrace>();
  std::shared_ptr<CallTrace> trace = context.trace;
  Start(Query(), std::move(context));
  h_.scheduler().AdvanceAndRun(absl::Seconds(10));
  ASSERT_TRUE(outcome_.has_value());
  EXPECT_TRUE(outcome_->status.ok()) << outcome_->status;
  EXPECT_EQ(trace->upstream_calls(), 2);
  EXPECT_THAT(trace->gainsight_request_ids(),
              ::testing::ElementsAre("gs-req-1", "gs-req-2"));
  EXPECT_EQ(outcome_->gainsight_request_id, "gs-req-2");
}

TEST_F(GainsightClientTest, FailuresAreCountedByKind) {
  auto failures = [&](const char* endpoint, const char* kind) {
    return h_.metrics().Value(metric::kUpstreamFailures,
                              {{"endpoint", endpoint}, {"kind", kind}});
  };
  constexpr char kQuery[] = "/v1/data/objects/query/{object}";
  constexpr char kInsert[] = "/v1/data/objects/{object}";
  // Gainsight answers with an error: rejected.
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyQueryPath)
      .Answer(400, RequestIdEnvelope(false, "GS_1008", "gs-req-3"));
  Start(Query(), h_.Context());
  ASSERT_TRUE(outcome_.has_value());
  EXPECT_FALSE(outcome_->status.ok());
  EXPECT_EQ(outcome_->gainsight_error_code, "GS_1008");
  EXPECT_EQ(failures(kQuery, "rejected"), 1);

  // An insert whose transport fails (inserts are not retried).
  auto insert_fails = [&](absl::Status error) {
    outcome_.reset();
    h_.http().Expect(HttpMethod::kPost, kInsertPath).Fail(std::move(error));
    Start(Insert(), h_.Context(absl::Minutes(5)));
    return outcome_.has_value();
  };
  // No answer in the attempt's time: timeout.
  ASSERT_TRUE(insert_fails(absl::DeadlineExceededError("timed out")));
  EXPECT_EQ(failures(kInsert, "timeout"), 1);
  // No connection: unreachable.
  ASSERT_TRUE(insert_fails(absl::UnavailableError("connection refused")));
  EXPECT_EQ(failures(kInsert, "unreachable"), 1);
  EXPECT_EQ(failures(kInsert, "timeout"), 1);
  EXPECT_EQ(failures(kQuery, "timeout"), 0);
}

TEST_F(GainsightClientTest, AComposeThatRefusesStopsTheCallUnsent) {
  GainsightCall call = Query();
  int composed = 0;
  call.compose = [&](GainsightCall&, CallContext&) {
    ++composed;
    return absl::FailedPreconditionError("nothing left to send");
  };
  Start(std::move(call), h_.Context());
  ASSERT_TRUE(outcome_.has_value());
  EXPECT_EQ(outcome_->status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_FALSE(outcome_->request_sent);
  EXPECT_EQ(composed, 1);
  EXPECT_EQ(h_.http().request_count(), 0);
}

TEST_F(GainsightClientTest, AComposeMayReplaceTheCallBeforeItLeaves) {
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyQueryPath)
      .Answer(200, OkEnvelope({{"records", Json::array()}}));
  GainsightCall call = Query();
  call.compose = [](GainsightCall& c, CallContext&) {
    c.body = Json{{"select", {"Gsid", "Name"}}};
    return absl::OkStatus();
  };
  Start(std::move(call), h_.Context());
  ASSERT_TRUE(outcome_.has_value());
  EXPECT_TRUE(outcome_->status.ok()) << outcome_->status;
  ASSERT_EQ(h_.http().request_count(), 1);
  EXPECT_EQ(Json::parse(h_.http().requests()[0].body),
            Json({{"select", {"Gsid", "Name"}}}));
}

// A permit that records what the client did with it.
struct PermitLog {
  bool sent = false;
  bool released = false;  // destroyed: its slot is given back unless sent
};
class LoggedPermit : public Permit {
 public:
  explicit LoggedPermit(PermitLog* log) : log_(log) {}
  ~LoggedPermit() override { log_->released = true; }
  void MarkSent() override { log_->sent = true; }
  void MarkDone() override {}

 private:
  PermitLog* const log_;
};

// A limiter that holds each grant until the test delivers it: a real
// limiter's grant comes from its own thread and can cross a cancel that
// lands after the grant was decided.
class HeldGrantLimiter : public Limiter {
 public:
  void Acquire(AdmissionRequest, Callback done) override {
    held_ = std::move(done);
  }
  bool holding() const { return held_ != nullptr; }
  void Grant() {
    Callback done = std::move(held_);
    held_ = nullptr;
    done(std::make_unique<LoggedPermit>(&permit_));
  }
  const PermitLog& permit() const { return permit_; }

  void ReportThrottled(CallClass, std::optional<absl::Duration>) override {}
  void Reopen() override {}
  QuotaStatus Status() override { return {}; }

 private:
  Callback held_;
  PermitLog permit_;
};

TEST(GainsightClientGrantTest, ACallCancelledAsItsPermitIsGrantedIsNotSent) {
  FakeClock clock;
  testing::ManualScheduler scheduler(&clock);
  Metrics metrics;
  metric::DeclareAll(metrics);
  testing::ScriptedHttpClient http;  // no request expected
  HeldGrantLimiter limiter;
  GainsightClient client(ClientHarness::DefaultOptions(), &http, &limiter,
                         &scheduler, &clock, &metrics);
  CallContext context;
  context.deadline = clock.Now() + absl::Minutes(1);
  context.caller_id = "test";
  context.cancel = std::make_shared<CancellationToken>();
  std::optional<UpstreamOutcome> outcome;
  client.Call(Query(), context,
              [&](UpstreamOutcome o) { outcome = std::move(o); });
  ASSERT_TRUE(limiter.holding());

  context.cancel->Cancel();
  limiter.Grant();

  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->status.code(), absl::StatusCode::kCancelled);
  EXPECT_FALSE(outcome->request_sent);
  EXPECT_EQ(http.request_count(), 0);
  EXPECT_FALSE(limiter.permit().sent);
  EXPECT_TRUE(limiter.permit().released) << "the unsent slot is given back";
  EXPECT_EQ(scheduler.pending(), 0u) << "no retry after a cancel";
}

TEST(GainsightClientRecentWritesTest, EveryWriteCallAddsItsRecords) {
  GainsightClient::Options options = ClientHarness::DefaultOptions();
  RecentWrites recent(absl::UnixEpoch());
  options.recent_writes = &recent;
  ClientHarness h("sync=100000/1m;bulk=100000/1h", options);
  h.http()
      .Expect(HttpMethod::kPost, kInsertPath)
      .Times(2)
      .Answer(200, OkEnvelope({{"records", Json::array()}}));
  h.http()
      .Expect(HttpMethod::kPost, kCompanyQueryPath)
      .Answer(200, OkEnvelope({{"records", Json::array()}}));
  GainsightCall two = Insert();
  two.record_count = 2;
  int done = 0;
  h.client()->Call(Insert(), h.Context(), [&](UpstreamOutcome) { ++done; });
  h.client()->Call(std::move(two), h.Context(),
                   [&](UpstreamOutcome) { ++done; });
  h.client()->Call(Query(), h.Context(), [&](UpstreamOutcome) { ++done; });
  EXPECT_EQ(done, 3);
  const RecentWrites::Totals totals = recent.Get(h.clock().Now());
  EXPECT_EQ(totals.calls, 2) << "a read carries no records and is not counted";
  EXPECT_EQ(totals.records, 3);
}

}  // namespace
}  // namespace gg
