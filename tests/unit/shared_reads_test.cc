// Identical reads at once share one upstream call: who joins (same call,
// deadline no later than the one under way), and cancellation (the shared
// call stops only when every caller has left).
#include "ops/shared_reads.h"

#include <optional>
#include <string>

#include "gtest/gtest.h"
#include "tests/support/client_harness.h"
#include "tests/support/gainsight_paths.h"

namespace gg {
namespace {

using testing::kCompanyQueryPath;

using testing::ClientHarness;
using testing::OkEnvelope;

GainsightCall Query(const std::string& name) {
  GainsightCall call;
  call.endpoint = EndpointId::kObjectQuery;
  call.path_params = {{"object", "Company"}};
  call.body = Json{{"select", {"Name"}}, {"where", name}};
  return call;
}

class SharedReadsTest : public ::testing::Test {
 protected:
  // Starts a read and returns where its outcome lands.
  std::shared_ptr<std::optional<UpstreamOutcome>> Read(const std::string& name,
                                                       CallContext context) {
    auto got = std::make_shared<std::optional<UpstreamOutcome>>();
    reads_.Call(Query(name), std::move(context),
                [got](const UpstreamOutcome& o) { *got = o; });
    return got;
  }
  CallContext WithCancel(absl::Duration timeout,
                         std::shared_ptr<CancellationToken> cancel) {
    CallContext context = h_.Context(timeout);
    context.cancel = std::move(cancel);
    return context;
  }

  ClientHarness h_;
  SharedReads reads_{h_.client()};
};

TEST_F(SharedReadsTest, IdenticalReadsUnderWayShareOneCall) {
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyQueryPath)
      .Answer(200, OkEnvelope({{"records", Json::array({{{"Name", "a"}}})}}))
      .Hold();
  auto first = Read("a", h_.Context(absl::Minutes(2)));
  auto second = Read("a", h_.Context(absl::Minutes(1)));
  EXPECT_EQ(h_.http().request_count(), 1);
  EXPECT_EQ(h_.http().Release(), 1);
  ASSERT_TRUE(first->has_value() && second->has_value());
  EXPECT_TRUE((*second)->status.ok());
  EXPECT_EQ((*second)->data, (*first)->data);
  EXPECT_EQ(reads_.in_flight(), 0);
  // Landed: the next read asks again (no cache).
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyQueryPath)
      .Answer(200, OkEnvelope({}));
  auto third = Read("a", h_.Context());
  EXPECT_EQ(h_.http().request_count(), 2);
  EXPECT_TRUE(third->has_value());
}

TEST_F(SharedReadsTest, DifferentReadsOrLaterDeadlinesGoTheirOwnWay) {
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyQueryPath)
      .Answer(200, OkEnvelope({}))
      .Hold()
      .Times(3);
  auto a = Read("a", h_.Context(absl::Minutes(1)));
  auto b = Read("b", h_.Context(absl::Minutes(1)));
  // Joining a call that may end first would cut this caller's time.
  auto later = Read("a", h_.Context(absl::Minutes(5)));
  // This one may join the later call.
  auto joins = Read("a", h_.Context(absl::Minutes(4)));
  EXPECT_EQ(h_.http().request_count(), 3);
  EXPECT_EQ(h_.http().Release(), 3);
  EXPECT_TRUE(a->has_value() && b->has_value() && later->has_value() &&
              joins->has_value());
}

TEST_F(SharedReadsTest, TheCallStopsOnlyWhenEveryCallerLeft) {
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyQueryPath)
      .Answer(200, OkEnvelope({{"records", Json::array()}}))
      .Hold();
  auto leader_cancel = CancellationToken::Create();
  auto rider_cancel = CancellationToken::Create();
  auto leader = Read("a", WithCancel(absl::Minutes(2), leader_cancel));
  auto rider = Read("a", WithCancel(absl::Minutes(1), rider_cancel));
  leader_cancel->Cancel();
  EXPECT_EQ(h_.http().Release(), 1);
  ASSERT_TRUE(rider->has_value());
  EXPECT_TRUE((*rider)->status.ok()) << "the rider still gets the answer";

  h_.http()
      .Expect(HttpMethod::kPost, kCompanyQueryPath)
      .Answer(200, OkEnvelope({}))
      .Hold();
  auto c1 = CancellationToken::Create();
  auto c2 = CancellationToken::Create();
  auto one = Read("b", WithCancel(absl::Minutes(2), c1));
  auto two = Read("b", WithCancel(absl::Minutes(1), c2));
  c1->Cancel();
  c2->Cancel();
  EXPECT_EQ(h_.http().Release(), 1);
  ASSERT_TRUE(one->has_value() && two->has_value());
  EXPECT_EQ((*two)->status.code(), absl::StatusCode::kCancelled);
}

}  // namespace
}  // namespace gg
