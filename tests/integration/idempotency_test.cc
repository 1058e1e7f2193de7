// Creates that carry a request_id (AIP-155), through real gRPC against the
// sandbox, whose call log and records judge what was written: a retry
// answers the first result and writes nothing, a reused id with another
// request is refused, a retry waits for a first attempt whose caller left,
// a failed attempt is not kept, and (with Redis) another replica or a
// restarted gateway answers the same way. The Redis store itself is tested
// against a real redis-server.
#include <memory>
#include <string>
#include <vector>

#include "common/status_details.h"
#include "gainsight/v1/company.grpc.pb.h"
#include "gainsight/v1/cta.grpc.pb.h"
#include "gainsight/v1/custom_object.grpc.pb.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "ops/redis_idempotency_store.h"
#include "tests/integration/cockpit_fixture.h"
#include "tests/support/error_reason.h"
#include "tests/support/test_env.h"

namespace gg {
namespace {

using testing::ErrorReason;

using gainsight::v1::CompanyService;
using gainsight::v1::InsertCompaniesRequest;
using gainsight::v1::InsertCompaniesResponse;
using testing::Gateway;
using testing::Redis;
using testing::Sandbox;

constexpr char kCompanyPath[] = "/v1/data/objects/Company";
constexpr char kTrackerObject[] = "Renewal_Tracker__gc";

InsertCompaniesRequest InsertRequest(const std::string& name,
                                     const std::string& request_id) {
  InsertCompaniesRequest request;
  request.add_companies()->set_name(name);
  request.set_request_id(request_id);
  return request;
}

grpc::Status Insert(CompanyService::Stub& stub,
                    const InsertCompaniesRequest& request,
                    InsertCompaniesResponse* response,
                    absl::Duration timeout = absl::Seconds(20),
                    const std::string& caller = "") {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  if (!caller.empty()) context.AddMetadata("x-caller-id", caller);
  return stub.InsertCompanies(&context, request, response);
}

// Gainsight writes the next Company insert at once but answers `delay`
// later.
absl::Status AnswerNextInsertLate(Sandbox& sandbox, absl::Duration delay) {
  return sandbox.AddFault({{"delay_ms", absl::ToInt64Milliseconds(delay)},
                           {"count", 1},
                           {"method", "POST"},
                           {"path_prefix", kCompanyPath}});
}

// Company inserts the sandbox received.
size_t CompanyInserts(Sandbox& sandbox) {
  auto calls = sandbox.CallsTo("POST", kCompanyPath);
  EXPECT_TRUE(calls.ok()) << calls.status();
  return calls.ok() ? calls->size() : 0;
}

class IdempotencyTest : public testing::CockpitTest {};

TEST_F(IdempotencyTest, RetryOfTheSameRequestAnswersTheFirstResult) {
  InsertCompaniesResponse first;
  ASSERT_TRUE(
      Insert(*companies_, InsertRequest("Once Inc", "create-1"), &first).ok());
  ASSERT_EQ(first.results_size(), 1);
  ASSERT_FALSE(first.results(0).gsid().empty());

  InsertCompaniesResponse retry;
  grpc::Status status =
      Insert(*companies_, InsertRequest("Once Inc", "create-1"), &retry);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(retry.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(CompanyInserts(*sandbox_), 1u);
}

TEST_F(IdempotencyTest, WithoutRequestIdEveryCallWrites) {
  InsertCompaniesRequest request = InsertRequest("Twice Inc", "");
  InsertCompaniesResponse one, two;
  ASSERT_TRUE(Insert(*companies_, request, &one).ok());
  ASSERT_TRUE(Insert(*companies_, request, &two).ok());
  EXPECT_NE(one.results(0).gsid(), two.results(0).gsid());
  EXPECT_EQ(CompanyInserts(*sandbox_), 2u);
}

TEST_F(IdempotencyTest, SameRequestIdForAnotherRequestIsInvalidArgument) {
  InsertCompaniesResponse first;
  ASSERT_TRUE(
      Insert(*companies_, InsertRequest("First Co", "create-2"), &first).ok());
  InsertCompaniesResponse other;
  grpc::Status status =
      Insert(*companies_, InsertRequest("Second Co", "create-2"), &other);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::BadRequest bad;
  ASSERT_TRUE(GetBadRequest(FromGrpcStatus(status), &bad));
  ASSERT_EQ(bad.field_violations_size(), 1);
  EXPECT_EQ(bad.field_violations(0).field(), "request_id");
  EXPECT_EQ(ErrorReason(status), "REQUEST_ID_REUSED");
  EXPECT_EQ(CompanyInserts(*sandbox_), 1u);
}

TEST_F(IdempotencyTest, EachCallerHasItsOwnRequestIds) {
  InsertCompaniesResponse a, b;
  const InsertCompaniesRequest request = InsertRequest("Shared Id", "same");
  ASSERT_TRUE(
      Insert(*companies_, request, &a, absl::Seconds(20), "caller-a").ok());
  ASSERT_TRUE(
      Insert(*companies_, request, &b, absl::Seconds(20), "caller-b").ok());
  EXPECT_NE(a.results(0).gsid(), b.results(0).gsid());
  EXPECT_EQ(CompanyInserts(*sandbox_), 2u);
}

TEST_F(IdempotencyTest, RetryAfterTheCallerLeftWaitsForTheFirstAttempt) {
  // Gainsight writes at once but answers 1.5 s later: the first caller's
  // deadline passes while its insert is in flight.
  ASSERT_TRUE(AnswerNextInsertLate(*sandbox_, absl::Milliseconds(1500)).ok());
  const InsertCompaniesRequest request = InsertRequest("Slow Co", "slow-1");
  InsertCompaniesResponse first;
  grpc::Status status =
      Insert(*companies_, request, &first, absl::Milliseconds(300));
  ASSERT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);

  InsertCompaniesResponse retry;
  status = Insert(*companies_, request, &retry, absl::Seconds(20));
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(retry.results_size(), 1);
  EXPECT_FALSE(retry.results(0).has_error());
  EXPECT_FALSE(retry.results(0).gsid().empty());
  EXPECT_EQ(CompanyInserts(*sandbox_), 1u);
}

TEST_F(IdempotencyTest, RetryWhoseDeadlineComesFirstIsAbortedWithRetryInfo) {
  // The retry's 2 s end while the first attempt still waits for its answer;
  // the gateway keeps a quarter of them for its own answer to arrive.
  ASSERT_TRUE(AnswerNextInsertLate(*sandbox_, absl::Milliseconds(4000)).ok());
  const InsertCompaniesRequest request = InsertRequest("Slower Co", "slow-2");
  InsertCompaniesResponse response;
  ASSERT_EQ(Insert(*companies_, request, &response, absl::Milliseconds(300))
                .error_code(),
            grpc::StatusCode::DEADLINE_EXCEEDED);
  grpc::Status status =
      Insert(*companies_, request, &response, absl::Seconds(2));
  ASSERT_EQ(status.error_code(), grpc::StatusCode::ABORTED)
      << status.error_message();
  EXPECT_EQ(ErrorReason(status), "REQUEST_IN_PROGRESS");
  google::rpc::RetryInfo retry_info;
  EXPECT_TRUE(GetRetryInfo(FromGrpcStatus(status), &retry_info));

  InsertCompaniesResponse last;
  status = Insert(*companies_, request, &last, absl::Seconds(20));
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_FALSE(last.results(0).gsid().empty());
  EXPECT_EQ(CompanyInserts(*sandbox_), 1u);
}

TEST_F(IdempotencyTest, AttemptThatWroteNothingIsNotKept) {
  // The object's describe fails: the insert stops before writing.
  ASSERT_TRUE(sandbox_
                  ->AddFault({{"status", 503},
                              {"count", 100},
                              {"path_prefix", "/v1/meta/services/objects/"}})
                  .ok());
  auto records =
      gainsight::v1::CustomObjectService::NewStub(gateway_->NewChannel());
  gainsight::v1::InsertRecordsRequest request;
  request.set_object_name(kTrackerObject);
  (*request.add_records()->mutable_fields())["Name__gc"].set_string_value(
      "Later");
  request.set_request_id("later-1");
  gainsight::v1::InsertRecordsResponse response;
  auto context = Context();
  grpc::Status status =
      records->InsertRecords(context.get(), request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE)
      << status.error_message();

  ASSERT_TRUE(sandbox_->ClearFaults().ok());
  context = Context();
  status = records->InsertRecords(context.get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.results_size(), 1);
  EXPECT_FALSE(response.results(0).gsid().empty())
      << response.results(0).error().message();
  auto writes = sandbox_->CallsTo(
      "POST", std::string("/v1/data/objects/") + kTrackerObject);
  ASSERT_TRUE(writes.ok());
  EXPECT_EQ(writes->size(), 1u);
}

TEST_F(IdempotencyTest, CtaCreateRetriedWithItsRequestIdCreatesOneCta) {
  const std::string company = InsertCompany("Cta Holder");
  gainsight::v1::CreateCtasRequest request;
  *request.add_ctas() = RiskCta("Renewal at risk", company);
  request.set_request_id("cta-1");
  gainsight::v1::CreateCtasResponse first, retry;
  auto context = Context();
  ASSERT_TRUE(ctas_->CreateCtas(context.get(), request, &first).ok());
  context = Context();
  ASSERT_TRUE(ctas_->CreateCtas(context.get(), request, &retry).ok());
  ASSERT_EQ(retry.results_size(), 1);
  EXPECT_EQ(retry.results(0).gsid(), first.results(0).gsid());
  EXPECT_EQ(CallsOn("POST", "/v2/cockpit/cta"), 1u);
}

// Two gateways (replicas) in front of one sandbox tenant, sharing a Redis.
class SharedIdempotencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto redis = Redis::Start();
    ASSERT_TRUE(redis.ok()) << redis.status();
    redis_ = *std::move(redis);
    auto sandbox = Sandbox::Start();
    ASSERT_TRUE(sandbox.ok()) << sandbox.status();
    sandbox_ = *std::move(sandbox);
  }

  std::unique_ptr<Gateway> StartReplica(const std::string& id) {
    auto gateway = Gateway::Start(
        sandbox_->url(), {"--redis", redis_->url(), "--replica-id", id});
    EXPECT_TRUE(gateway.ok()) << gateway.status();
    return gateway.ok() ? *std::move(gateway) : nullptr;
  }

  std::unique_ptr<Redis> redis_;
  std::unique_ptr<Sandbox> sandbox_;
};

TEST_F(SharedIdempotencyTest, AnotherReplicaAnswersTheRetry) {
  auto one = StartReplica("one");
  auto two = StartReplica("two");
  ASSERT_TRUE(one && two);
  const InsertCompaniesRequest request = InsertRequest("Replicated", "rep-1");
  InsertCompaniesResponse first, retry;
  ASSERT_TRUE(
      Insert(*CompanyService::NewStub(one->NewChannel()), request, &first)
          .ok());
  ASSERT_TRUE(
      Insert(*CompanyService::NewStub(two->NewChannel()), request, &retry)
          .ok());
  EXPECT_EQ(retry.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(CompanyInserts(*sandbox_), 1u);
}

TEST_F(SharedIdempotencyTest, RetryOnAnotherReplicaWaitsForTheFirstAttempt) {
  auto one = StartReplica("one");
  auto two = StartReplica("two");
  ASSERT_TRUE(one && two);
  ASSERT_TRUE(AnswerNextInsertLate(*sandbox_, absl::Milliseconds(1500)).ok());
  const InsertCompaniesRequest request = InsertRequest("Slow Replica", "rep-2");
  InsertCompaniesResponse first, retry;
  ASSERT_EQ(Insert(*CompanyService::NewStub(one->NewChannel()), request, &first,
                   absl::Milliseconds(300))
                .error_code(),
            grpc::StatusCode::DEADLINE_EXCEEDED);
  grpc::Status status =
      Insert(*CompanyService::NewStub(two->NewChannel()), request, &retry);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_FALSE(retry.results(0).gsid().empty());
  EXPECT_EQ(CompanyInserts(*sandbox_), 1u);
}

TEST_F(SharedIdempotencyTest, RestartedGatewayAnswersTheRetry) {
  const InsertCompaniesRequest request = InsertRequest("Restarted", "rs-1");
  InsertCompaniesResponse first, retry;
  {
    auto before = StartReplica("one");
    ASSERT_TRUE(before);
    ASSERT_TRUE(
        Insert(*CompanyService::NewStub(before->NewChannel()), request, &first)
            .ok());
  }
  auto after = StartReplica("one");
  ASSERT_TRUE(after);
  ASSERT_TRUE(
      Insert(*CompanyService::NewStub(after->NewChannel()), request, &retry)
          .ok());
  EXPECT_EQ(retry.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(CompanyInserts(*sandbox_), 1u);
}

// Without its store a create with a request_id is not run unguarded.
TEST_F(SharedIdempotencyTest,
       UnreachableRedisRefusesTheCreateAndWritesNothing) {
  auto gateway = StartReplica("one");
  ASSERT_TRUE(gateway);
  redis_->Kill();
  InsertCompaniesResponse response;
  grpc::Status status = Insert(*CompanyService::NewStub(gateway->NewChannel()),
                               InsertRequest("Unguarded", "down-1"), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE)
      << status.error_message();
  google::rpc::RetryInfo retry_info;
  EXPECT_TRUE(GetRetryInfo(FromGrpcStatus(status), &retry_info));
  EXPECT_EQ(CompanyInserts(*sandbox_), 0u);
}

// RedisIdempotencyStore on its own.
class RedisIdempotencyStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto redis = Redis::Start();
    ASSERT_TRUE(redis.ok()) << redis.status();
    redis_ = *std::move(redis);
    RedisIdempotencyStore::Options options;
    options.address = *ParseRedisUrl(redis_->url());
    options.key_prefix = "test";
    store_ = std::make_unique<RedisIdempotencyStore>(options);
  }
  std::unique_ptr<Redis> redis_;
  std::unique_ptr<RedisIdempotencyStore> store_;
};

TEST_F(RedisIdempotencyStoreTest, ClaimCompleteReplayAndRelease) {
  constexpr absl::Duration kRun = absl::Seconds(30);
  ASSERT_FALSE(store_->Claim("k", "fp", "a", kRun)->has_value());
  auto running = store_->Claim("k", "fp", "b", kRun);
  ASSERT_TRUE(running.ok() && running->has_value());
  EXPECT_TRUE((*running)->running);
  // Not the owner: nothing changes.
  ASSERT_TRUE(store_->Complete("k", "fp", "b", "x", absl::Hours(1)).ok());
  ASSERT_TRUE(store_->Release("k", "fp", "b").ok());
  EXPECT_TRUE((*store_->Claim("k", "fp", "c", kRun))->running);

  const std::string bytes("a|b\0c", 5);  // binary, with the separator
  ASSERT_TRUE(store_->Complete("k", "fp", "a", bytes, absl::Hours(1)).ok());
  auto done = store_->Claim("k", "fp", "d", kRun);
  ASSERT_TRUE(done.ok() && done->has_value());
  EXPECT_FALSE((*done)->running);
  EXPECT_EQ((*done)->fingerprint, "fp");
  EXPECT_EQ((*done)->response, bytes);

  ASSERT_FALSE(store_->Claim("other", "fp", "a", kRun)->has_value());
  ASSERT_TRUE(store_->Release("other", "fp", "a").ok());
  EXPECT_FALSE(store_->Claim("other", "fp", "b", kRun)->has_value());
}

TEST_F(RedisIdempotencyStoreTest, UnreachableRedisIsUnavailable) {
  redis_->Kill();
  auto claim = store_->Claim("k", "fp", "a", absl::Seconds(1));
  EXPECT_EQ(claim.status().code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace gg
