// Faults proved end to end: one gateway (on Redis) in front of the sandbox,
// which injects, in turn, storms of 5xx answers, timeouts, dropped
// connections, truncated and non-JSON bodies, HTML error pages, 429s with an
// absurd Retry-After and answers too large; then Redis stalls. For each: the
// gateway stays up, its memory stays bounded, every call gets its documented
// status (README, "Error model"), and no write reaches Gainsight twice
// unless retried by design (inserts never are).
#include <signal.h>

#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/status_details.h"
#include "gainsight/v1/company.grpc.pb.h"
#include "gainsight/v1/quota.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/error_reason.h"
#include "tests/support/gainsight_paths.h"
#include "tests/support/sanitizer.h"
#include "tests/support/test_env.h"

namespace gg {
namespace {

using testing::ErrorReason;
using testing::kCompanyQueryPath;

using gainsight::v1::CompanyService;
using testing::Gateway;
using testing::json;
using testing::Redis;
using testing::Sandbox;

constexpr char kInsertPath[] = "/v1/data/objects/Company";
constexpr int kCallers = 10;
constexpr int kCallsEach = 3;

// The pod's memory limit; ASan's shadow and quarantine need far more.
constexpr int64_t kMaxRssKb =
    testing::kUnderAddressSanitizer ? 1500 * 1024 : 256 * 1024;

struct Outcome {
  grpc::StatusCode code;
  std::string reason;
  bool operator<(const Outcome& o) const {
    return std::tie(code, reason) < std::tie(o.code, o.reason);
  }
  bool operator==(const Outcome& o) const {
    return code == o.code && reason == o.reason;
  }
};

std::ostream& operator<<(std::ostream& out, const Outcome& o) {
  return out << "{" << o.code << ", " << o.reason << "}";
}

class FaultStormTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto sandbox = Sandbox::Start();
    ASSERT_TRUE(sandbox.ok()) << sandbox.status();
    sandbox_ = *std::move(sandbox);
    auto redis = Redis::Start();
    ASSERT_TRUE(redis.ok()) << redis.status();
    redis_ = *std::move(redis);
    auto gateway = Gateway::Start(
        sandbox_->url(),
        {"--limits", "sync=1000/1s;bulk=100/1s", "--redis", redis_->url(),
         "--upstream-timeout", "1s", "--max-attempts", "3",
         "--max-upstream-response-bytes", "1048576", "--max-retry-after", "5m",
         "--drain-timeout", "1s"});
    ASSERT_TRUE(gateway.ok()) << gateway.status();
    gateway_ = *std::move(gateway);
    channel_ = gateway_->NewChannel();
    stub_ = CompanyService::NewStub(channel_);
  }

  // kCallers threads, kCallsEach queries each; the outcomes seen.
  std::set<Outcome> QueryStorm(absl::Duration deadline = absl::Seconds(15)) {
    std::set<Outcome> seen;
    absl::Mutex mu;
    std::vector<std::thread> threads;
    for (int t = 0; t < kCallers; ++t) {
      threads.emplace_back([&] {
        for (int i = 0; i < kCallsEach; ++i) {
          grpc::ClientContext context;
          context.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
          gainsight::v1::QueryCompaniesRequest request;
          request.set_page_size(1);
          gainsight::v1::QueryCompaniesResponse response;
          absl::Status s = FromGrpcStatus(
              stub_->QueryCompanies(&context, request, &response));
          absl::MutexLock lock(&mu);
          seen.insert(
              {static_cast<grpc::StatusCode>(s.code()), ErrorReason(s)});
        }
      });
    }
    for (std::thread& t : threads) t.join();
    return seen;
  }

  // One insert of `names` (one record each); the per-record outcomes.
  std::set<Outcome> Insert(const std::vector<std::string>& names) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(15)));
    gainsight::v1::InsertCompaniesRequest request;
    for (const std::string& name : names) {
      request.add_companies()->set_name(name);
    }
    gainsight::v1::InsertCompaniesResponse response;
    grpc::Status status = stub_->InsertCompanies(&context, request, &response);
    std::set<Outcome> seen;
    if (!status.ok()) {
      seen.insert({status.error_code(), ErrorReason(FromGrpcStatus(status))});
      return seen;
    }
    for (const auto& result : response.results()) {
      absl::Status s(static_cast<absl::StatusCode>(result.error().code()),
                     result.error().message());
      for (const auto& detail : result.error().details()) {
        google::rpc::ErrorInfo info;
        if (detail.UnpackTo(&info)) {
          seen.insert({static_cast<grpc::StatusCode>(result.error().code()),
                       info.reason()});
        }
      }
      if (result.error().details().empty()) {
        seen.insert({static_cast<grpc::StatusCode>(result.error().code()), ""});
      }
    }
    return seen;
  }

  size_t CallsTo(const std::string& method, const std::string& path) {
    auto calls = sandbox_->CallsTo(method, path);
    EXPECT_TRUE(calls.ok()) << calls.status();
    return calls.ok() ? calls->size() : 0;
  }

  // Names of the companies the sandbox holds, each as often as stored.
  std::multiset<std::string> StoredNames() {
    std::multiset<std::string> names;
    grpc::ClientContext context;
    gainsight::v1::QueryCompaniesRequest request;
    request.add_select("Name");
    request.set_page_size(1000);
    gainsight::v1::QueryCompaniesResponse response;
    grpc::Status s = stub_->QueryCompanies(&context, request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    for (const auto& c : response.companies()) names.insert(c.name());
    return names;
  }

  int64_t GatewayRssKb() {
    std::ifstream in(
        absl::StrCat("/proc/", gateway_->process().pid(), "/status"));
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("VmRSS:", 0) != 0) continue;
      std::vector<std::string> parts =
          absl::StrSplit(line, ' ', absl::SkipEmpty());
      int64_t kb = 0;
      if (parts.size() >= 2 && absl::SimpleAtoi(parts[1], &kb)) return kb;
    }
    return -1;
  }

  // After each fault: up, bounded, and serving normally again.
  void ExpectHealthyAfter(const std::string& fault) {
    ASSERT_TRUE(sandbox_->ClearFaults().ok());
    EXPECT_TRUE(gateway_->process().running()) << "died during " << fault;
    const int64_t rss = GatewayRssKb();
    EXPECT_GT(rss, 0);
    EXPECT_LT(rss, kMaxRssKb) << "after " << fault;
    // The sandbox may still be serving late calls of the fault.
    ASSERT_TRUE(testing::WaitUntil(
        [&] {
          grpc::ClientContext context;
          gainsight::v1::QueryCompaniesResponse response;
          return stub_->QueryCompanies(&context, {}, &response).ok();
        },
        absl::Seconds(20)))
        << "no answer after " << fault;
    std::set<Outcome> after = QueryStorm();
    EXPECT_EQ(after, (std::set<Outcome>{{grpc::StatusCode::OK, ""}}))
        << "after " << fault;
  }

  std::unique_ptr<Sandbox> sandbox_;
  std::unique_ptr<Redis> redis_;
  std::unique_ptr<Gateway> gateway_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<CompanyService::Stub> stub_;
};

TEST_F(FaultStormTest, EveryFaultGetsItsDocumentedStatus) {
  struct Case {
    const char* name;
    json fault;
    Outcome expected;
  };
  const std::vector<Case> cases = {
      {"5xx storm",
       {{"status", 503}},
       {grpc::StatusCode::UNAVAILABLE, "GAINSIGHT_UNAVAILABLE"}},
      {"timeouts",
       {{"delay_ms", 1500}},
       {grpc::StatusCode::DEADLINE_EXCEEDED, "GAINSIGHT_TIMEOUT"}},
      {"dropped connections",
       {{"drop_connection", true}},
       {grpc::StatusCode::UNAVAILABLE, "GAINSIGHT_UNREACHABLE"}},
      {"truncated bodies",
       {{"body", "truncated"}},
       {grpc::StatusCode::INTERNAL, "GAINSIGHT_MALFORMED_RESPONSE"}},
      {"non-JSON bodies",
       {{"body", "text"}},
       {grpc::StatusCode::INTERNAL, "GAINSIGHT_MALFORMED_RESPONSE"}},
      {"HTML error pages",
       {{"body", "html"}, {"status", 502}},
       {grpc::StatusCode::UNAVAILABLE, "GAINSIGHT_UNAVAILABLE"}},
      {"answers too large",
       {{"body_bytes", 4 << 20}},
       {grpc::StatusCode::INTERNAL, "GAINSIGHT_RESPONSE_TOO_LARGE"}},
  };
  for (const Case& c : cases) {
    json fault = c.fault;
    fault["path_prefix"] = kCompanyQueryPath;
    ASSERT_TRUE(sandbox_->AddFault(fault).ok()) << c.name;
    EXPECT_EQ(QueryStorm(), (std::set<Outcome>{c.expected})) << c.name;
    ASSERT_NO_FATAL_FAILURE(ExpectHealthyAfter(c.name));
  }
}

TEST_F(FaultStormTest, FailedInsertsReachGainsightOnceAndAreWrittenAtMostOnce) {
  // 5xx: answered without writing; one call each, never retried.
  ASSERT_TRUE(sandbox_
                  ->AddFault({{"status", 500},
                              {"method", "POST"},
                              {"path_prefix", kInsertPath}})
                  .ok());
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(Insert({absl::StrCat("storm-", i)}),
              (std::set<Outcome>{
                  {grpc::StatusCode::UNAVAILABLE, "GAINSIGHT_UNAVAILABLE"}}));
  }
  EXPECT_EQ(CallsTo("POST", kInsertPath), 5u);
  ASSERT_TRUE(sandbox_->ClearFaults().ok());
  // A late answer: the gateway gives up after --upstream-timeout, the
  // sandbox writes the record after its delay. Written once, never twice.
  ASSERT_TRUE(sandbox_
                  ->AddFault({{"delay_ms", 1500},
                              {"method", "POST"},
                              {"path_prefix", kInsertPath}})
                  .ok());
  EXPECT_EQ(Insert({"late-1", "late-2"}),
            (std::set<Outcome>{
                {grpc::StatusCode::DEADLINE_EXCEEDED, "GAINSIGHT_TIMEOUT"}}));
  EXPECT_EQ(CallsTo("POST", kInsertPath), 6u);
  ASSERT_TRUE(sandbox_->ClearFaults().ok());
  ASSERT_TRUE(testing::WaitUntil(
      [&] { return StoredNames().count("late-1") == 1; }, absl::Seconds(10)));
  std::multiset<std::string> names = StoredNames();
  EXPECT_EQ(names.count("late-1"), 1u);
  EXPECT_EQ(names.count("late-2"), 1u);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(names.count(absl::StrCat("storm-", i)), 0u);
  }
}

TEST_F(FaultStormTest, AbsurdRetryAfterClosesTheClassForTheMaximumOnly) {
  ASSERT_TRUE(sandbox_
                  ->AddFault({{"status", 429},
                              {"retry_after_s", 10000000000},
                              {"path_prefix", kCompanyQueryPath}})
                  .ok());
  // Deadlines far shorter than the clamped closure (5 min), long enough
  // for a loaded machine: every call is refused at once, none waits.
  for (const Outcome& o : QueryStorm(absl::Seconds(30))) {
    EXPECT_EQ(o.code, grpc::StatusCode::RESOURCE_EXHAUSTED) << o;
  }
  auto quota_stub = gainsight::v1::QuotaService::NewStub(channel_);
  grpc::ClientContext context;
  gainsight::v1::GetQuotaResponse quota;
  ASSERT_TRUE(quota_stub->GetQuota(&context, {}, &quota).ok());
  ASSERT_TRUE(quota.classes(0).has_closed_until());
  EXPECT_LE(quota.classes(0).closed_until().seconds(),
            absl::ToUnixSeconds(absl::Now() + absl::Minutes(5)) + 2);
  // Shared through Redis: one operator signal reopens it.
  gateway_->process().Signal(SIGUSR1);
  ASSERT_TRUE(testing::WaitUntil(
      [&] {
        return gateway_->process().Stderr().find("quota_reopened") !=
               std::string::npos;
      },
      absl::Seconds(10)));
  ASSERT_NO_FATAL_FAILURE(ExpectHealthyAfter("absurd Retry-After"));
}

TEST_F(FaultStormTest, StalledRedisNeitherStopsCallsNorHoldsTheDrain) {
  redis_->Pause();
  // Calls go on from the fallback share (after its first pause of the
  // shortest window and the heartbeat timeout).
  EXPECT_EQ(QueryStorm(absl::Seconds(20)),
            (std::set<Outcome>{{grpc::StatusCode::OK, ""}}));
  EXPECT_TRUE(gateway_->process().running());
  EXPECT_LT(GatewayRssKb(), kMaxRssKb);
  // With a --drain-timeout of 1 s, a drain past 2 s is one a stalled Redis
  // held.
  const absl::Time sigterm = absl::Now();
  gateway_->process().Signal(SIGTERM);
  absl::StatusOr<int> code = gateway_->process().Wait(absl::Seconds(10));
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(*code, 0) << gateway_->process().Stderr();
  EXPECT_LT(absl::Now() - sigterm, absl::Seconds(2))
      << gateway_->process().Stderr();
  redis_->Resume();
}

}  // namespace
}  // namespace gg
