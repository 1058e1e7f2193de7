// Writes and upsert lookups of different callers sharing upstream calls
// while they wait for quota: one call carries every compatible waiting
// caller's records in arrival order, each caller hears exactly about its own
// records (its GSIDs, its rejected records), a caller that leaves before the
// call is sent is not written for, and nothing joins when nothing waits.
#include "ops/call_coalescer.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_details.h"
#include "gtest/gtest.h"
#include "observe/metric_names.h"
#include "ops/record_ops.h"
#include "tests/support/client_harness.h"
#include "tests/support/gainsight_paths.h"

namespace gg {
namespace {

using testing::kCompanyQueryPath;
using testing::kCompanyWritePath;
using testing::RecordNamesIn;
using testing::SendsRecordsNamed;

using gainsight::v1::WRITE_ACTION_INSERTED;
using gainsight::v1::WRITE_ACTION_UPDATED;
using testing::ClientHarness;
using testing::ErrorEnvelope;
using testing::OkEnvelope;

std::vector<Json> Named(const std::vector<std::string>& names) {
  std::vector<Json> out;
  for (const std::string& n : names) out.push_back(Json{{"Name", n}});
  return out;
}

// Answers a write with one GSID per record ("G-<name>").
HttpResponse WrittenFrom(const HttpRequest& r) {
  Json records = Json::array();
  for (const std::string& n : RecordNamesIn(r))
    records.push_back({{"Gsid", "G-" + n}});
  return {
      200, {}, OkEnvelope({{"count", records.size()}, {"records", records}})};
}

// One caller's request and, once it finished, its outcomes.
struct Caller {
  std::shared_ptr<CancellationToken> cancel = CancellationToken::Create();
  std::optional<std::vector<RecordOutcome>> outcomes;
};

class CallCoalescerTest : public ::testing::Test {
 protected:
  // One sync call a minute: every call after the first waits.
  CallCoalescerTest() : h_("sync=1/1m;bulk=10/1h") {}

  WriteOptions Options() {
    WriteOptions options;
    options.object = "Company";
    options.field_prefix = "companies";
    return options;
  }

  CallContext ContextFor(Caller& caller, const std::string& id,
                         absl::Duration timeout = absl::Minutes(10)) {
    CallContext context = h_.Context(timeout);
    context.caller_id = id;
    context.request_id = "req-" + id;
    context.cancel = caller.cancel;
    return context;
  }

  void Insert(Caller& caller, const std::string& id,
              const std::vector<std::string>& names,
              absl::Duration timeout = absl::Minutes(10)) {
    ops_.Insert(Options(), Named(names), ContextFor(caller, id, timeout),
                [&caller](std::vector<RecordOutcome> o) {
                  caller.outcomes = std::move(o);
                });
  }
  void Upsert(Caller& caller, const std::string& id,
              const std::vector<std::string>& names) {
    ops_.Upsert(Options(), Named(names), {"Name"}, ContextFor(caller, id),
                [&caller](std::vector<RecordOutcome> o) {
                  caller.outcomes = std::move(o);
                });
  }

  void ExpectALookupThatFindsNothing() {
    h_.http()
        .Expect(HttpMethod::kPost, kCompanyQueryPath)
        .Answer(200, OkEnvelope({{"records", Json::array()}}));
  }

  // Two callers upsert the key "same", which one shared lookup finds
  // nowhere; both wait for the next slot.
  void UpsertOneNewKeyTwice(Caller& a, Caller& b) {
    TakeTheSlot();
    Upsert(a, "a", {"same"});
    Upsert(b, "b", {"same"});
    ExpectALookupThatFindsNothing();
  }

  // Spends the minute's only slot, so that the next calls wait.
  void TakeTheSlot() {
    h_.http()
        .Expect(HttpMethod::kPost, kCompanyWritePath)
        .When(SendsRecordsNamed({"first"}))
        .AnswerFrom(WrittenFrom);
    Caller first;
    Insert(first, "first", {"first"});
    ASSERT_TRUE(first.outcomes.has_value());
  }

  ClientHarness h_;
  CallCoalescer coalescer_{h_.client(), &h_.scheduler(), &h_.clock(), {}};
  RecordOps ops_{h_.client(), &coalescer_};
};

TEST_F(CallCoalescerTest, WaitingInsertsOfThreeCallersShareOneCall) {
  TakeTheSlot();
  Caller a, b, c;
  Insert(a, "a", {"a0"});
  Insert(b, "b", {"b0", "b1"});
  Insert(c, "c", {"c0"});
  EXPECT_EQ(coalescer_.waiting(), 3);
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyWritePath)
      .When(SendsRecordsNamed({"a0", "b0", "b1", "c0"}))
      .AnswerFrom(WrittenFrom);
  h_.scheduler().AdvanceAndRun(absl::Minutes(1));

  EXPECT_EQ(h_.http().unmet(), 0) << "one call in arrival order";
  EXPECT_EQ(h_.http().request_count(), 2);
  EXPECT_EQ(coalescer_.waiting(), 0);
  ASSERT_TRUE(a.outcomes && b.outcomes && c.outcomes);
  ASSERT_EQ(b.outcomes->size(), 2u);
  EXPECT_EQ((*a.outcomes)[0].gsid, "G-a0");
  EXPECT_EQ((*b.outcomes)[0].gsid, "G-b0");
  EXPECT_EQ((*b.outcomes)[1].gsid, "G-b1");
  EXPECT_EQ((*c.outcomes)[0].gsid, "G-c0");
  EXPECT_EQ((*c.outcomes)[0].action, WRITE_ACTION_INSERTED);
  // The carried callers left the limiter queue: nothing else is sent.
  h_.scheduler().AdvanceAndRun(absl::Minutes(5));
  EXPECT_EQ(h_.http().request_count(), 2);
}

TEST_F(CallCoalescerTest, NothingWaitsSoNothingJoinsWhenQuotaIsFree) {
  ClientHarness free_quota;
  CallCoalescer coalescer(free_quota.client(), &free_quota.scheduler(),
                          &free_quota.clock(), {});
  RecordOps ops(free_quota.client(), &coalescer);
  free_quota.http()
      .Expect(HttpMethod::kPost, kCompanyWritePath)
      .AnswerFrom(WrittenFrom)
      .Times(2);
  int finished = 0;
  for (const char* name : {"x", "y"}) {
    ops.Insert(Options(), Named({name}), free_quota.Context(),
               [&](std::vector<RecordOutcome> o) {
                 EXPECT_TRUE(o[0].error.ok());
                 ++finished;
               });
  }
  EXPECT_EQ(finished, 2);
  EXPECT_EQ(free_quota.http().request_count(), 2) << "each sent at once";
}

TEST_F(CallCoalescerTest, WithALingerCallsJoinWhenQuotaIsFreeToo) {
  ClientHarness free_quota;
  CallCoalescer::Options options;
  options.linger = absl::Milliseconds(5);
  CallCoalescer coalescer(free_quota.client(), &free_quota.scheduler(),
                          &free_quota.clock(), options);
  RecordOps ops(free_quota.client(), &coalescer);
  free_quota.http()
      .Expect(HttpMethod::kPost, kCompanyWritePath)
      .AnswerFrom(WrittenFrom);
  std::vector<std::string> gsids;
  for (const char* name : {"x", "y", "z"}) {
    ops.Insert(
        Options(), Named({name}), free_quota.Context(),
        [&](std::vector<RecordOutcome> o) { gsids.push_back(o[0].gsid); });
    free_quota.scheduler().AdvanceAndRun(absl::Milliseconds(1));
  }
  EXPECT_EQ(free_quota.http().request_count(), 0) << "all linger";
  free_quota.scheduler().AdvanceAndRun(absl::Milliseconds(10));
  EXPECT_EQ(free_quota.http().request_count(), 1);
  EXPECT_EQ(RecordNamesIn(free_quota.http().requests()[0]),
            (std::vector<std::string>{"x", "y", "z"}));
  EXPECT_EQ(gsids, (std::vector<std::string>{"G-x", "G-y", "G-z"}));
}

TEST_F(CallCoalescerTest, ACallCarriesAtMostFiftyRecords) {
  TakeTheSlot();
  std::vector<std::string> thirty_a, thirty_b;
  for (int i = 0; i < 30; ++i) {
    thirty_a.push_back(absl::StrCat("a", i));
    thirty_b.push_back(absl::StrCat("b", i));
  }
  Caller a, b, c;
  Insert(a, "a", thirty_a);
  Insert(b, "b", thirty_b);
  Insert(c, "c", {"c0"});
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyWritePath)
      .AnswerFrom(WrittenFrom)
      .Times(2);
  h_.scheduler().AdvanceAndRun(absl::Minutes(1));
  ASSERT_EQ(h_.http().request_count(), 2);
  std::vector<std::string> sent = RecordNamesIn(h_.http().requests()[1]);
  EXPECT_EQ(sent.size(), 31u) << "a's 30 and c's 1; b's 30 would pass 50";
  EXPECT_TRUE(a.outcomes && c.outcomes);
  EXPECT_FALSE(b.outcomes.has_value()) << "b waits for the next slot";
  h_.scheduler().AdvanceAndRun(absl::Minutes(1));
  EXPECT_EQ(h_.http().request_count(), 3);
  ASSERT_TRUE(b.outcomes.has_value());
  EXPECT_EQ((*b.outcomes)[29].gsid, "G-b29");
}

TEST_F(CallCoalescerTest, ARejectedRecordFailsOnlyItsCaller) {
  TakeTheSlot();
  Caller a, b;
  Insert(a, "a", {"a0"});
  Insert(b, "b", {"b0", "b1"});
  // Gainsight refuses the shared call and names b's second record.
  Json errors = Json::array(
      {Json::array(), Json::array(),
       Json::array(
           {{{"success", false},
             {"errors", Json::array({{{"errorMessage", "Invalid"},
                                      {"errorCode", "GSOBJ_1006"},
                                      {"fieldName", "RenewalDate"}}})}}})});
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyWritePath)
      .When([](const HttpRequest& r) { return RecordNamesIn(r).size() == 3; })
      .Answer(400, ErrorEnvelope("GSOBJ_1006", "Invalid",
                                 {{"count", 0}, {"errors", errors}}));
  // The valid records of both callers go again, together.
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyWritePath)
      .When(SendsRecordsNamed({"a0", "b0"}))
      .AnswerFrom(WrittenFrom);
  h_.scheduler().AdvanceAndRun(absl::Minutes(2));
  EXPECT_EQ(h_.http().unmet(), 0);
  ASSERT_TRUE(a.outcomes && b.outcomes);
  EXPECT_TRUE((*a.outcomes)[0].error.ok()) << (*a.outcomes)[0].error;
  EXPECT_EQ((*a.outcomes)[0].gsid, "G-a0");
  EXPECT_EQ((*b.outcomes)[0].gsid, "G-b0");
  const absl::Status& rejected = (*b.outcomes)[1].error;
  EXPECT_EQ(rejected.code(), absl::StatusCode::kInvalidArgument);
  google::rpc::BadRequest bad;
  ASSERT_TRUE(GetBadRequest(rejected, &bad));
  EXPECT_EQ(bad.field_violations(0).field(), "companies[1].RenewalDate")
      << "the path is in b's own request";
}

TEST_F(CallCoalescerTest, ACancelledCallerIsNotWrittenFor) {
  TakeTheSlot();
  Caller a, b, c;
  Insert(a, "a", {"a0"});
  Insert(b, "b", {"b0"});
  Insert(c, "c", {"c0"});
  b.cancel->Cancel();
  ASSERT_TRUE(b.outcomes.has_value()) << "b hears at once";
  EXPECT_EQ((*b.outcomes)[0].error.code(), absl::StatusCode::kCancelled);
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyWritePath)
      .When(SendsRecordsNamed({"a0", "c0"}))
      .AnswerFrom(WrittenFrom);
  h_.scheduler().AdvanceAndRun(absl::Minutes(1));
  EXPECT_EQ(h_.http().unmet(), 0);
  EXPECT_EQ(h_.http().request_count(), 2);
}

TEST_F(CallCoalescerTest, ASharedCallStopsOnlyWhenEveryCallerLeft) {
  TakeTheSlot();
  // Two callers' inserts go as one call, which Gainsight holds.
  auto send_held = [&](Caller& first, Caller& second) {
    Insert(first, "first", {"r1"});
    Insert(second, "second", {"r2"});
    h_.http()
        .Expect(HttpMethod::kPost, kCompanyWritePath)
        .AnswerFrom(WrittenFrom)
        .Hold();
    h_.scheduler().AdvanceAndRun(absl::Minutes(1));
  };
  Caller a, b;
  send_held(a, b);
  ASSERT_EQ(h_.http().request_count(), 2) << "sent, held upstream";
  a.cancel->Cancel();  // b still waits: the call goes on
  EXPECT_EQ(h_.http().Release(), 1);
  ASSERT_TRUE(b.outcomes.has_value());
  EXPECT_EQ((*b.outcomes)[0].gsid, "G-r2");

  Caller c, d;
  send_held(c, d);
  ASSERT_EQ(h_.http().request_count(), 3);
  c.cancel->Cancel();
  d.cancel->Cancel();  // everyone left (as in a drain): the call stops
  EXPECT_EQ(h_.http().Release(), 1);
  ASSERT_TRUE(d.outcomes.has_value());
  EXPECT_EQ((*d.outcomes)[0].error.code(), absl::StatusCode::kCancelled);
}

TEST_F(CallCoalescerTest, ACallerOutOfTimeIsNotWrittenFor) {
  TakeTheSlot();
  Caller a, b;
  Insert(a, "a", {"a0"});
  // b cannot wait a minute: the limiter refuses it at once.
  Insert(b, "b", {"b0"}, absl::Seconds(5));
  ASSERT_TRUE(b.outcomes.has_value());
  EXPECT_EQ((*b.outcomes)[0].error.code(),
            absl::StatusCode::kResourceExhausted);
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyWritePath)
      .When(SendsRecordsNamed({"a0"}))
      .AnswerFrom(WrittenFrom);
  h_.scheduler().AdvanceAndRun(absl::Minutes(1));
  EXPECT_EQ(h_.http().unmet(), 0);
}

TEST_F(CallCoalescerTest, UpsertsShareOneLookupAndTheirWrites) {
  TakeTheSlot();
  Caller a, b, c;
  Upsert(a, "a", {"known"});
  Upsert(b, "b", {"new-b"});
  Upsert(c, "c", {"new-c"});
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyQueryPath)
      .When([](const HttpRequest& r) {
        const Json values =
            Json::parse(r.body)["where"]["conditions"][0]["value"];
        return values == Json::array({"known", "new-b", "new-c"});
      })
      .Answer(200,
              OkEnvelope({{"records", Json::array({{{"Gsid", "G-known"},
                                                    {"Name", "known"}}})}}));
  h_.http()
      .Expect(HttpMethod::kPut, kCompanyWritePath)
      .When(SendsRecordsNamed({"known"}))
      .AnswerFrom(WrittenFrom);
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyWritePath)
      .When(SendsRecordsNamed({"new-b", "new-c"}))
      .AnswerFrom(WrittenFrom);
  h_.scheduler().AdvanceAndRun(absl::Minutes(3));
  EXPECT_EQ(h_.http().unmet(), 0) << "one lookup, one update, one insert";
  EXPECT_EQ(h_.http().request_count(), 4);
  ASSERT_TRUE(a.outcomes && b.outcomes && c.outcomes);
  EXPECT_EQ((*a.outcomes)[0].action, WRITE_ACTION_UPDATED);
  EXPECT_EQ((*a.outcomes)[0].gsid, "G-known");
  EXPECT_EQ((*b.outcomes)[0].action, WRITE_ACTION_INSERTED);
  EXPECT_EQ((*c.outcomes)[0].gsid, "G-new-c");
}

TEST_F(CallCoalescerTest, TheWritesAfterASharedLookupShareTooWhenSlotsAreFree) {
  ClientHarness three_a_minute("sync=3/1m;bulk=10/1h");
  CallCoalescer coalescer(three_a_minute.client(), &three_a_minute.scheduler(),
                          &three_a_minute.clock(), {});
  RecordOps ops(three_a_minute.client(), &coalescer);
  auto& http = three_a_minute.http();
  http.Expect(HttpMethod::kPost, kCompanyWritePath)
      .AnswerFrom(WrittenFrom)
      .Times(3);
  for (const char* name : {"s0", "s1", "s2"}) {
    ops.Insert(Options(), Named({name}), three_a_minute.Context(),
               [](std::vector<RecordOutcome>) {});
  }
  ASSERT_EQ(http.request_count(), 3) << "the minute's slots are spent";
  std::vector<RecordOutcome> got;
  for (const char* name : {"u0", "u1", "u2"}) {
    ops.Upsert(Options(), Named({name}), {"Name"},
               three_a_minute.Context(absl::Minutes(10)),
               [&](std::vector<RecordOutcome> o) { got.push_back(o[0]); });
  }
  http.Expect(HttpMethod::kPost, kCompanyQueryPath)
      .Answer(200, OkEnvelope({{"records", Json::array()}}));
  http.Expect(HttpMethod::kPost, kCompanyWritePath)
      .When(SendsRecordsNamed({"u0", "u1", "u2"}))
      .AnswerFrom(WrittenFrom);
  // Three slots free at once: one carries the lookups; the inserts that
  // follow it go together although two slots are still free.
  three_a_minute.scheduler().AdvanceAndRun(absl::Minutes(1));
  EXPECT_EQ(http.unmet(), 0);
  EXPECT_EQ(http.request_count(), 5);
  ASSERT_EQ(got.size(), 3u);
  for (const RecordOutcome& o : got) {
    EXPECT_EQ(o.action, WRITE_ACTION_INSERTED);
  }
}

TEST_F(CallCoalescerTest, TwoCallersUpsertingOneNewKeyInsertItOnce) {
  Caller a, b;
  UpsertOneNewKeyTwice(a, b);
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyWritePath)
      .When(SendsRecordsNamed({"same"}))
      .AnswerFrom(WrittenFrom);
  h_.http()
      .Expect(HttpMethod::kPut, kCompanyWritePath)
      .When(SendsRecordsNamed({"same"}))
      .AnswerFrom(WrittenFrom);
  h_.scheduler().AdvanceAndRun(absl::Minutes(5));
  EXPECT_EQ(h_.http().unmet(), 0) << "one lookup, one insert, one update";
  EXPECT_EQ(h_.http().request_count(), 4);
  ASSERT_TRUE(a.outcomes && b.outcomes);
  EXPECT_EQ((*a.outcomes)[0].action, WRITE_ACTION_INSERTED);
  EXPECT_EQ((*b.outcomes)[0].action, WRITE_ACTION_UPDATED);
  EXPECT_EQ((*b.outcomes)[0].gsid, "G-same");
}

TEST_F(CallCoalescerTest, WhenTheFirstInsertFailsTheNextUpsertInserts) {
  Caller a, b;
  UpsertOneNewKeyTwice(a, b);
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyWritePath)
      .Answer(403, ErrorEnvelope("GS_APIG_2402", "Forbidden"));
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyWritePath)
      .AnswerFrom(WrittenFrom);
  h_.scheduler().AdvanceAndRun(absl::Minutes(5));
  EXPECT_EQ(h_.http().unmet(), 0);
  ASSERT_TRUE(a.outcomes && b.outcomes);
  EXPECT_EQ((*a.outcomes)[0].error.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ((*b.outcomes)[0].action, WRITE_ACTION_INSERTED);
}

TEST_F(CallCoalescerTest, LookupsByOneFieldShareAQuery) {
  TakeTheSlot();
  std::optional<absl::StatusOr<std::vector<Json>>> a, b;
  Caller ca, cb;
  ops_.QueryIn("Person", {"Gsid", "Email"}, "Email", {"a@x.com"},
               ContextFor(ca, "a"),
               [&](absl::StatusOr<std::vector<Json>> rows) { a = rows; });
  ops_.QueryIn("Person", {"Gsid", "Email"}, "Email", {"b@x.com", "a@x.com"},
               ContextFor(cb, "b"),
               [&](absl::StatusOr<std::vector<Json>> rows) { b = rows; });
  h_.http()
      .Expect(HttpMethod::kPost, "/v1/data/objects/query/Person")
      .When([](const HttpRequest& r) {
        const Json values =
            Json::parse(r.body)["where"]["conditions"][0]["value"];
        return values == Json::array({"a@x.com", "b@x.com"});
      })
      .Answer(200,
              OkEnvelope({{"records", Json::array({{{"Gsid", "P1"},
                                                    {"Email", "a@x.com"}}})}}));
  h_.scheduler().AdvanceAndRun(absl::Minutes(1));
  EXPECT_EQ(h_.http().unmet(), 0) << "one query, each value once";
  ASSERT_TRUE(a.has_value() && b.has_value());
  ASSERT_TRUE(a->ok() && b->ok());
  EXPECT_EQ((*a)->size(), 1u);
  EXPECT_EQ((**b)[0]["Gsid"], "P1");
}

TEST_F(CallCoalescerTest, DifferentOperationsAndPrioritiesDoNotMix) {
  TakeTheSlot();
  Caller a, b, c;
  Insert(a, "a", {"a0"});
  CallContext batch = ContextFor(b, "b");
  batch.priority = Priority::kBatch;
  ops_.Insert(
      Options(), Named({"b0"}), batch,
      [&b](std::vector<RecordOutcome> o) { b.outcomes = std::move(o); });
  ops_.Update(
      Options(), Named({"c0"}), {"Name"}, ContextFor(c, "c"),
      [&c](std::vector<RecordOutcome> o) { c.outcomes = std::move(o); });
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyWritePath)
      .AnswerFrom(WrittenFrom)
      .Times(2);
  h_.http().Expect(HttpMethod::kPut, kCompanyWritePath).AnswerFrom(WrittenFrom);
  h_.scheduler().AdvanceAndRun(absl::Minutes(3));
  EXPECT_EQ(h_.http().unmet(), 0);
  for (const HttpRequest& r : h_.http().requests()) {
    EXPECT_EQ(RecordNamesIn(r).size(), 1u);
  }
}

TEST_F(CallCoalescerTest, RecordsPerCallAreMeasured) {
  TakeTheSlot();
  Caller a, b;
  Insert(a, "a", {"a0"});
  Insert(b, "b", {"b0"});
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyWritePath)
      .AnswerFrom(WrittenFrom);
  h_.scheduler().AdvanceAndRun(absl::Minutes(1));
  const std::string rendered = h_.metrics().RenderPrometheus();
  EXPECT_NE(rendered.find("gainsight_records_per_call_sum{endpoint=\"/v1/data/"
                          "objects/{object}\",method=\"POST\",object="
                          "\"Company\"} 3"),
            std::string::npos)
      << rendered.substr(0, 2000);
}

}  // namespace
}  // namespace gg
