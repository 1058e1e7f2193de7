// The drain a Kubernetes rollout relies on, against the real gateway
// process: under load, SIGTERM turns readiness NOT_SERVING at once, every
// call the gateway accepted completes (or, past the grace period, ends with
// a clean status), calls it did not accept fail UNAVAILABLE without side
// effects (safe to retry on another replica), and the process exits 0 within
// the grace period.
#include <signal.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "gainsight/v1/company.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "tests/support/test_env.h"

namespace gg {
namespace {

using grpc::health::v1::Health;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;
using testing::Gateway;
using testing::json;
using testing::Sandbox;

constexpr char kReadiness[] = "gainsight-gateway.readiness";
constexpr char kLiveness[] = "gainsight-gateway.liveness";
constexpr char kInsertPath[] = "/v1/data/objects/Company";

// Polls `done` every few milliseconds until it holds or `timeout` passes.
template <typename F>
bool PollUntil(F done, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (!done()) {
    if (absl::Now() > deadline) return false;
    absl::SleepFor(absl::Milliseconds(5));
  }
  return true;
}

// One unary call made by the load generator.
struct CallRecord {
  std::string name;  // the company it inserts; unique
  absl::Time start;
  absl::Time end;
  grpc::Status status;
  std::string gsid;
};

// Clients that insert one uniquely named company per call, each on a channel
// of its own, until a call fails or Stop().
class Load {
 public:
  Load(const std::string& target, int clients, absl::Duration call_deadline)
      : call_deadline_(call_deadline) {
    for (int c = 0; c < clients; ++c) {
      threads_.emplace_back([this, target, c] { Run(target, c); });
    }
  }
  ~Load() { Join(); }

  void Stop() { stop_ = true; }
  void Join() {
    for (auto& t : threads_) {
      if (t.joinable()) t.join();
    }
  }
  std::vector<CallRecord> Calls() {
    absl::MutexLock lock(&mu_);
    return calls_;
  }

 private:
  void Run(const std::string& target, int client) {
    auto stub = gainsight::v1::CompanyService::NewStub(
        grpc::CreateChannel(target, grpc::InsecureChannelCredentials()));
    // Bounded: a stuck gateway ends the loop through the call deadline.
    for (int i = 0; i < 1000 && !stop_; ++i) {
      CallRecord call;
      call.name = absl::StrCat("drain-", client, "-", i);
      gainsight::v1::InsertCompaniesRequest request;
      request.add_companies()->set_name(call.name);
      gainsight::v1::InsertCompaniesResponse response;
      grpc::ClientContext context;
      context.set_deadline(absl::ToChronoTime(absl::Now() + call_deadline_));
      call.start = absl::Now();
      call.status = stub->InsertCompanies(&context, request, &response);
      call.end = absl::Now();
      if (call.status.ok() && response.results_size() == 1) {
        call.gsid = response.results(0).gsid();
      }
      bool failed = !call.status.ok();
      {
        absl::MutexLock lock(&mu_);
        calls_.push_back(std::move(call));
      }
      if (failed) return;
    }
  }

  const absl::Duration call_deadline_;
  std::atomic<bool> stop_{false};
  absl::Mutex mu_;
  std::vector<CallRecord> calls_ ABSL_GUARDED_BY(mu_);
  std::vector<std::thread> threads_;
};

// A grpc.health.v1 Watch stream on one health name, recording each status
// with the time it arrived.
class HealthWatch {
 public:
  HealthWatch(const std::string& target, const std::string& service)
      : stub_(Health::NewStub(
            grpc::CreateChannel(target, grpc::InsecureChannelCredentials()))) {
    HealthCheckRequest request;
    request.set_service(service);
    context_.set_deadline(absl::ToChronoTime(absl::Now() + absl::Minutes(2)));
    reader_ = stub_->Watch(&context_, request);
    thread_ = std::thread([this] {
      HealthCheckResponse response;
      while (reader_->Read(&response)) {
        absl::MutexLock lock(&mu_);
        updates_.emplace_back(absl::Now(), response.status());
      }
      grpc::Status status = reader_->Finish();
      {
        absl::MutexLock lock(&mu_);
        finished_ = absl::Now();
        final_status_ = status;
      }
    });
  }
  ~HealthWatch() {
    context_.TryCancel();
    thread_.join();
  }

  // When the stream first reported `status`, if it did.
  std::optional<absl::Time> FirstSeen(HealthCheckResponse::ServingStatus s) {
    absl::MutexLock lock(&mu_);
    for (const auto& [time, status] : updates_) {
      if (status == s) return time;
    }
    return std::nullopt;
  }
  std::optional<absl::Time> finished() {
    absl::MutexLock lock(&mu_);
    return finished_;
  }

 private:
  std::unique_ptr<Health::Stub> stub_;
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReader<HealthCheckResponse>> reader_;
  std::thread thread_;
  absl::Mutex mu_;
  std::vector<std::pair<absl::Time, HealthCheckResponse::ServingStatus>>
      updates_ ABSL_GUARDED_BY(mu_);
  std::optional<absl::Time> finished_ ABSL_GUARDED_BY(mu_);
  grpc::Status final_status_ ABSL_GUARDED_BY(mu_);
};

grpc::Status Check(Health::Stub* stub, const std::string& service,
                   HealthCheckResponse* response) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(2)));
  HealthCheckRequest request;
  request.set_service(service);
  return stub->Check(&context, request, response);
}

// Time the gateway may take to stop after the drain: its metrics endpoint
// waits up to 1 s for the request of a connection that has sent none (it
// closes a scraper's connection after one answer); 5 s leaves room. The
// manifests' grace period allows for it (see manifests.test.mjs). (Within the
// drain, the server also waits for idle clients to close their connections
// after its GOAWAY; an idle C++ client does so at its next poll, up to 5 s
// later. The drain timeout bounds that.)
constexpr absl::Duration kStopAfterDrain = absl::Seconds(5);

class DrainTest : public ::testing::Test {
 protected:
  void StartGateway(absl::Duration drain) {
    auto sandbox = Sandbox::Start("sync=100000/1s;bulk=1000/1s");
    ASSERT_TRUE(sandbox.ok()) << sandbox.status();
    sandbox_ = *std::move(sandbox);
    drain_ = drain;
    auto gateway = Gateway::Start(
        sandbox_->url(), {"--drain-timeout", absl::FormatDuration(drain),
                          "--limits", "sync=100000/1s;bulk=1000/1s",
                          "--upstream-timeout", "30s", "--log-level", "debug"});
    ASSERT_TRUE(gateway.ok()) << gateway.status();
    gateway_ = *std::move(gateway);
  }

  // Makes every company insert take `delay` at the sandbox (which stores the
  // record first, then holds the answer).
  void DelayInserts(absl::Duration delay) {
    ASSERT_TRUE(sandbox_
                    ->AddFault({{"delay_ms", absl::ToInt64Milliseconds(delay)},
                                {"method", "POST"},
                                {"path_prefix", kInsertPath}})
                    .ok());
  }

  // Companies the sandbox received in insert calls (calls of waiting
  // clients may carry several: coalescing).
  int InsertsReceived() {
    auto calls = sandbox_->CallsTo("POST", kInsertPath);
    if (!calls.ok()) return -1;
    int records = 0;
    for (const json& call : *calls) records += call["records"].get<int>();
    return records;
  }

  // Companies stored in the sandbox, by name (count of each), read through
  // a fresh gateway.
  std::map<std::string, int> StoredCompanies() {
    std::map<std::string, int> names;
    auto verifier = Gateway::Start(sandbox_->url());
    EXPECT_TRUE(verifier.ok()) << verifier.status();
    if (!verifier.ok()) return names;
    auto stub =
        gainsight::v1::CompanyService::NewStub((*verifier)->NewChannel());
    std::string page_token;
    for (int page = 0; page < 1000; ++page) {
      gainsight::v1::QueryCompaniesRequest request;
      request.set_page_size(500);
      request.set_page_token(page_token);
      gainsight::v1::QueryCompaniesResponse response;
      grpc::ClientContext context;
      context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(20)));
      grpc::Status status = stub->QueryCompanies(&context, request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      for (const auto& c : response.companies()) ++names[c.name()];
      page_token = response.next_page_token();
      if (page_token.empty()) break;
    }
    return names;
  }

  std::unique_ptr<Sandbox> sandbox_;
  std::unique_ptr<Gateway> gateway_;
  absl::Duration drain_;
};

TEST_F(DrainTest, UnderLoadSigtermCompletesEveryAcceptedCallAndExitsZero) {
  ASSERT_NO_FATAL_FAILURE(StartGateway(absl::Seconds(5)));
  // Every insert takes 300 ms upstream, so that many are in flight at once.
  ASSERT_NO_FATAL_FAILURE(DelayInserts(absl::Milliseconds(300)));
  constexpr int kClients = 24;
  auto readiness =
      std::make_unique<HealthWatch>(gateway_->target(), kReadiness);
  ASSERT_TRUE(PollUntil(
      [&] {
        return readiness->FirstSeen(HealthCheckResponse::SERVING).has_value();
      },
      absl::Seconds(5)));

  Load load(gateway_->target(), kClients, absl::Seconds(30));
  // Wait until calls have completed and every client has one in progress
  // upstream (received by the sandbox, not yet answered).
  ASSERT_TRUE(PollUntil(
      [&] {
        int answered = static_cast<int>(load.Calls().size());
        return answered >= kClients && InsertsReceived() - answered >= kClients;
      },
      absl::Seconds(20)))
      << "received " << InsertsReceived() << ", answered "
      << load.Calls().size();

  const absl::Time sigterm = absl::Now();
  gateway_->process().Signal(SIGTERM);

  // Readiness turns NOT_SERVING at once.
  ASSERT_TRUE(PollUntil(
      [&] {
        return readiness->FirstSeen(HealthCheckResponse::NOT_SERVING)
            .has_value();
      },
      absl::Seconds(2)))
      << "readiness never turned NOT_SERVING";
  const absl::Duration to_not_serving =
      *readiness->FirstSeen(HealthCheckResponse::NOT_SERVING) - sigterm;
  EXPECT_LT(to_not_serving, absl::Milliseconds(500));
  // This client has seen what it needed.
  readiness.reset();

  absl::StatusOr<int> exit_code = gateway_->process().Wait(drain_ * 2);
  const absl::Duration to_exit = absl::Now() - sigterm;
  ASSERT_TRUE(exit_code.ok()) << "no exit within twice the drain timeout";
  EXPECT_EQ(*exit_code, 0) << gateway_->process().Stderr();
  // The calls in flight take 300 ms: the gateway exits when they are done,
  // well within the drain timeout.
  EXPECT_LT(to_exit, drain_);
  load.Stop();
  load.Join();

  std::map<std::string, int> stored = StoredCompanies();
  std::vector<CallRecord> calls = load.Calls();
  int completed_in_drain = 0, refused = 0;
  std::set<std::string> answered_ok;
  for (const CallRecord& call : calls) {
    auto it = stored.find(call.name);
    int copies = it == stored.end() ? 0 : it->second;
    if (call.status.ok()) {
      answered_ok.insert(call.name);
      if (call.end > sigterm) ++completed_in_drain;
      EXPECT_EQ(copies, 1) << call.name << " answered OK but stored " << copies;
      EXPECT_FALSE(call.gsid.empty()) << call.name;
    } else {
      ++refused;
      // Not accepted: UNAVAILABLE (a client retries it on another replica)
      // and nothing was done.
      EXPECT_EQ(call.status.error_code(), grpc::StatusCode::UNAVAILABLE)
          << call.name << ": " << call.status.error_message();
      EXPECT_EQ(copies, 0) << call.name << " failed ("
                           << call.status.error_message() << ") but was stored";
    }
  }
  // Every call that reached Gainsight was answered OK: none was dropped.
  for (const auto& [name, copies] : stored) {
    EXPECT_TRUE(answered_ok.count(name)) << name << " stored, caller not told";
  }
  // Every client had a call in flight at SIGTERM, and each completed.
  EXPECT_GE(completed_in_drain, kClients);
  std::printf(
      "drain under load: %zu calls, %d completed during the drain, %d "
      "refused after SIGTERM; NOT_SERVING after %s; exit 0 after %s\n",
      calls.size(), completed_in_drain, refused,
      absl::FormatDuration(to_not_serving).c_str(),
      absl::FormatDuration(to_exit).c_str());
}

TEST_F(DrainTest, CallsThatOutliveTheGraceGetACleanStatus) {
  ASSERT_NO_FATAL_FAILURE(StartGateway(absl::Seconds(2)));
  ASSERT_NO_FATAL_FAILURE(DelayInserts(absl::Seconds(20)));
  constexpr int kClients = 8;
  Load load(gateway_->target(), kClients, absl::Seconds(60));
  ASSERT_TRUE(PollUntil([&] { return InsertsReceived() >= kClients; },
                        absl::Seconds(20)));
  const absl::Time sigterm = absl::Now();
  gateway_->process().Signal(SIGTERM);
  absl::StatusOr<int> exit_code =
      gateway_->process().Wait(drain_ + kStopAfterDrain + absl::Seconds(1));
  const absl::Duration to_exit = absl::Now() - sigterm;
  ASSERT_TRUE(exit_code.ok()) << "no exit within the grace period";
  EXPECT_EQ(*exit_code, 0) << gateway_->process().Stderr();
  EXPECT_GE(to_exit, drain_) << "in-flight calls were not given the drain";
  load.Join();
  std::vector<CallRecord> calls = load.Calls();
  ASSERT_EQ(calls.size(), static_cast<size_t>(kClients));
  for (const CallRecord& call : calls) {
    // Cut at the end of the drain with UNAVAILABLE and a message, not left
    // to run into the caller's deadline (60 s) or a broken connection.
    EXPECT_EQ(call.status.error_code(), grpc::StatusCode::UNAVAILABLE)
        << call.name << ": " << call.status.error_message();
    EXPECT_FALSE(call.status.error_message().empty());
    EXPECT_GE(call.end - sigterm, drain_ - absl::Milliseconds(50));
    EXPECT_LT(call.end - sigterm, drain_ + absl::Seconds(1));
  }
  std::printf("calls past the drain: %s (%s) after %s; exit 0 after %s\n",
              calls[0].status.error_message().c_str(), "UNAVAILABLE",
              absl::FormatDuration(calls[0].end - sigterm).c_str(),
              absl::FormatDuration(to_exit).c_str());
}

TEST_F(DrainTest, HealthWatchersSeeNotServingAtOnceAndExitStaysWithinTheGrace) {
  ASSERT_NO_FATAL_FAILURE(StartGateway(absl::Seconds(2)));
  // What a cluster keeps open: clients watching readiness (gRPC client-side
  // health checking), idle client connections, and Prometheus' keep-alive
  // connection to /metrics.
  HealthWatch readiness(gateway_->target(), kReadiness);
  HealthWatch liveness(gateway_->target(), kLiveness);
  httplib::Client scraper("127.0.0.1", gateway_->metrics_port());
  scraper.set_keep_alive(true);
  auto page = scraper.Get("/metrics");
  ASSERT_TRUE(page && page->status == 200);
  ASSERT_TRUE(PollUntil(
      [&] {
        return readiness.FirstSeen(HealthCheckResponse::SERVING).has_value() &&
               liveness.FirstSeen(HealthCheckResponse::SERVING).has_value();
      },
      absl::Seconds(5)));
  auto health = Health::NewStub(gateway_->NewChannel());

  const absl::Time sigterm = absl::Now();
  gateway_->process().Signal(SIGTERM);
  ASSERT_TRUE(PollUntil(
      [&] {
        return readiness.FirstSeen(HealthCheckResponse::NOT_SERVING)
            .has_value();
      },
      absl::Seconds(2)));
  EXPECT_LT(*readiness.FirstSeen(HealthCheckResponse::NOT_SERVING) - sigterm,
            absl::Milliseconds(500));
  // A probe that connects after SIGTERM fails too (the listener is closed):
  // Kubernetes sees the pod unready either way.
  HealthCheckResponse response;
  grpc::Status probe = Check(health.get(), kReadiness, &response);
  EXPECT_TRUE(!probe.ok() || response.status() != HealthCheckResponse::SERVING);

  absl::StatusOr<int> exit_code =
      gateway_->process().Wait(drain_ + kStopAfterDrain + absl::Seconds(1));
  const absl::Duration to_exit = absl::Now() - sigterm;
  ASSERT_TRUE(exit_code.ok()) << "no exit within the grace period";
  EXPECT_EQ(*exit_code, 0) << gateway_->process().Stderr();
  EXPECT_TRUE(PollUntil([&] { return readiness.finished().has_value(); },
                        absl::Seconds(2)))
      << "watch stream left open";
  std::printf(
      "with a health watch, an idle client and a scraper connection open: "
      "exit 0 after %s\n",
      absl::FormatDuration(to_exit).c_str());
}

// A client watching health does not hold the drain: the gateway serves
// grpc.health.v1 itself and ends every Watch stream (after NOT_SERVING) when
// the drain starts. (gRPC's default service kept them open, and a server's
// Shutdown waits for open streams: every drain took its full timeout.)
TEST_F(DrainTest, ExitDoesNotWaitForHealthWatchStreams) {
  ASSERT_NO_FATAL_FAILURE(StartGateway(absl::Seconds(5)));
  HealthWatch readiness(gateway_->target(), kReadiness);
  ASSERT_TRUE(PollUntil(
      [&] {
        return readiness.FirstSeen(HealthCheckResponse::SERVING).has_value();
      },
      absl::Seconds(5)));
  const absl::Time sigterm = absl::Now();
  gateway_->process().Signal(SIGTERM);
  ASSERT_TRUE(gateway_->process().Wait(drain_ * 2).ok());
  EXPECT_LT(absl::Now() - sigterm, absl::Seconds(1))
      << "stream ended after "
      << (readiness.finished().has_value()
              ? absl::FormatDuration(*readiness.finished() - sigterm)
              : std::string("never"))
      << "\n"
      << gateway_->process().Stderr();
}

// Nor does a client whose connection stays open and idle after its call
// (a C++ channel nobody polls answers the server's closing GOAWAY only from
// its 5 s backup poller): once every call is answered, the drain closes the
// connections left.
TEST_F(DrainTest, ExitDoesNotWaitForAnIdleClientConnection) {
  ASSERT_NO_FATAL_FAILURE(StartGateway(absl::Seconds(5)));
  auto stub = Health::NewStub(gateway_->NewChannel());
  HealthCheckResponse response;
  ASSERT_TRUE(Check(stub.get(), kReadiness, &response).ok());
  ASSERT_EQ(response.status(), HealthCheckResponse::SERVING);
  const absl::Time sigterm = absl::Now();
  gateway_->process().Signal(SIGTERM);
  ASSERT_TRUE(gateway_->process().Wait(drain_ * 2).ok());
  EXPECT_LT(absl::Now() - sigterm, absl::Seconds(1))
      << gateway_->process().Stderr();
}

// A scraper's keep-alive connection does not hold the exit: the metrics
// endpoint answers one request per connection and closes it.
TEST_F(DrainTest, ExitDoesNotWaitForAnIdleMetricsConnection) {
  ASSERT_NO_FATAL_FAILURE(StartGateway(absl::Seconds(5)));
  httplib::Client scraper("127.0.0.1", gateway_->metrics_port());
  scraper.set_keep_alive(true);
  auto page = scraper.Get("/metrics");
  ASSERT_TRUE(page && page->status == 200);
  const absl::Time sigterm = absl::Now();
  gateway_->process().Signal(SIGTERM);
  ASSERT_TRUE(gateway_->process().Wait(drain_ * 2).ok());
  EXPECT_LT(absl::Now() - sigterm, absl::Seconds(1));
}

}  // namespace
}  // namespace gg
