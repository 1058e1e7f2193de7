// The Cockpit write pipeline's branches, on a scripted HttpClient and
// simulated time: answers in each shape, chunking, isolation of rejected
// records, reading back what an answer did not report, existing reads, and
// requests refused before anything is written.
#include "ops/cockpit_write.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/status_details.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "observe/metric_names.h"
#include "ops/metadata_cache.h"
#include "ops/record_ops.h"
#include "tests/support/client_harness.h"

namespace gg {
namespace {

using gainsight::v1::RecordResult;
using testing::ClientHarness;
using ::testing::ElementsAre;
using testing::ErrorEnvelope;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::OkEnvelope;
using ::testing::SizeIs;

constexpr char kCtaWritePath[] = "/v2/cockpit/cta";
constexpr char kListPath[] = "/v2/cockpit/cta/list";

// A minimal object: records are sent as given; "Owner" names the owner.
class FakeObject : public CockpitObjectWriter {
 public:
  FakeObject(std::vector<Json> records, bool update) : records_(records) {
    target_.update = update;
    target_.write = update ? EndpointId::kCtaUpdate : EndpointId::kCtaCreate;
    target_.list = EndpointId::kCtaList;
    target_.records_field = "things";
    target_.noun = "thing";
    target_.proto_field = [](absl::string_view name) {
      return name == "CompanyId" ? std::string("company") : std::string(name);
    };
    target_.not_found.push_back({"Gsid", "no thing with that gsid", "GONE"});
    target_.concurrency = 2;
  }

  const CockpitWriteTarget& target() const override { return target_; }
  int size() const override { return static_cast<int>(records_.size()); }
  std::vector<std::pair<int, std::string>> ExistingToRead() const override {
    return existing_;
  }
  std::vector<std::string> ExistingSelect() const override {
    return {"Gsid", "TypeId"};
  }
  void UseExisting(int index, const Json& row) override {
    seen_existing->push_back(index);
  }
  void LoadConfigs(const std::vector<int>& pending, CallContext,
                   absl::AnyInvocable<void(absl::Status)> done) override {
    *config_pending = pending;
    done(config_error);
  }
  std::string OwnerOf(int index) const override {
    return records_[index].value("Owner", "");
  }
  absl::StatusOr<Json> Resolve(int index, const std::string& owner_id,
                               const std::string& path) override {
    if (records_[index].contains("Unresolvable")) {
      return InvalidArgument({{path + ".type", "is not an allowed value"}});
    }
    Json record = records_[index];
    record.erase("Owner");
    if (!owner_id.empty()) record["OwnerId"] = owner_id;
    return record;
  }
  ReadBackKey ReadBackKeyOf(int index) const override {
    if (target_.update) return {{"Gsid", records_[index]["Gsid"]}};
    return {{"Name", records_[index]["Name"]},
            {"CompanyId", records_[index]["CompanyId"]}};
  }

  std::vector<std::pair<int, std::string>> existing_;
  absl::Status config_error;  // what LoadConfigs reports
  std::shared_ptr<std::vector<int>> seen_existing =
      std::make_shared<std::vector<int>>();
  std::shared_ptr<std::vector<int>> config_pending =
      std::make_shared<std::vector<int>>();

 private:
  std::vector<Json> records_;
  CockpitWriteTarget target_;
};

Json Thing(int i) {
  return {{"Name", absl::StrCat("thing-", i)}, {"CompanyId", "1P02C"}};
}

// The referenceIds a write request carries.
std::vector<std::string> RefsOf(const HttpRequest& r) {
  std::vector<std::string> refs;
  const Json body = Json::parse(r.body);
  for (const Json& request : body["requests"]) {
    refs.push_back(request["record"]["referenceId"].get<std::string>());
  }
  return refs;
}

// The names of the records a write request carries, in order.
std::vector<std::string> NamesOf(const HttpRequest& r) {
  std::vector<std::string> names;
  const Json body = Json::parse(r.body);
  for (const Json& request : body["requests"]) {
    names.push_back(request["record"].value("Name", ""));
  }
  return names;
}

// Whether the request carries Thing(i).
bool CarriesThing(const HttpRequest& r, int i) {
  for (const std::string& name : NamesOf(r)) {
    if (name == absl::StrCat("thing-", i)) return true;
  }
  return false;
}

// {"success": [{ref: G-n}]} for every record of the request: Thing(n) gets
// "G-n" whatever its referenceId (its position in the call); a record
// without a thing's name gets "G-" and its referenceId.
std::string AllSucceed(const HttpRequest& r) {
  Json success = Json::array();
  const std::vector<std::string> refs = RefsOf(r);
  const std::vector<std::string> names = NamesOf(r);
  for (size_t k = 0; k < refs.size(); ++k) {
    Json entry = Json::object();
    entry[refs[k]] = absl::StartsWith(names[k], "thing-")
                         ? "G-" + names[k].substr(6)
                         : "G-" + refs[k];
    success.push_back(std::move(entry));
  }
  return OkEnvelope({{"success", success}, {"failure", Json::array()}});
}

// Gainsight refuses every write call that carries Thing(thing) (GSOBJ_1008
// with `text`) and accepts the others, up to `times` calls.
void RefuseCallsCarrying(testing::ScriptedHttpClient& http, int thing,
                         const std::string& text, int times = 100) {
  http.Expect(HttpMethod::kPost, kCtaWritePath)
      .Times(times)
      .AnswerFrom([thing, text](const HttpRequest& r) {
        if (CarriesThing(r, thing)) {
          return HttpResponse{400, {}, ErrorEnvelope("GSOBJ_1008", text)};
        }
        return HttpResponse{200, {}, AllSucceed(r)};
      });
}

class CockpitWriteTest : public ::testing::Test {
 protected:
  CockpitWriteTest()
      : ops_(h_.client()),
        metadata_(DescribeGsUser, &h_.clock(), absl::Minutes(10)),
        users_(&ops_, &metadata_, &h_.clock(), absl::Minutes(10)) {}

  // GsUser as the tenant describes it: its active flag is IsActive.
  static void DescribeGsUser(std::string, CallContext,
                             MetadataCache::FetchCallback done) {
    gainsight::v1::ObjectMetadata described;
    described.set_object_name("GsUser");
    for (const char* name : {"Gsid", "Email", "IsActive"}) {
      described.add_fields()->set_field_name(name);
    }
    done(std::move(described));
  }

  // Runs the write; the outcome lands in results_ or failure_.
  void Run(std::unique_ptr<FakeObject> object) {
    CockpitWriteDeps deps{h_.client(), &users_, &h_.metrics(), &h_.clock()};
    RunCockpitWrite(deps, std::move(object), h_.Context(),
                    [this](absl::StatusOr<std::vector<RecordResult>> results) {
                      done_ = true;
                      if (results.ok()) {
                        results_ = *std::move(results);
                      } else {
                        failure_ = results.status();
                      }
                    });
  }

  // Answers each write call by `answer`, as many calls as come.
  void AnswerWrites(std::function<std::string(const HttpRequest&)> answer,
                    int times = 100) {
    h_.http()
        .Expect(HttpMethod::kPost, kCtaWritePath)
        .Times(times)
        .AnswerFrom([answer](const HttpRequest& r) {
          return HttpResponse{200, {}, answer(r)};
        });
  }

  ClientHarness h_;
  RecordOps ops_;
  MetadataCache metadata_;
  UserDirectory users_;
  bool done_ = false;
  std::vector<RecordResult> results_;
  absl::Status failure_;
};

TEST_F(CockpitWriteTest, SuccessFailureAnswerGivesEachRecordItsOwnResult) {
  h_.http()
      .Expect(HttpMethod::kPost, kCtaWritePath)
      .Answer(200, OkEnvelope(Json::parse(R"js({
        "success": [{"0": "1S01A"}, {"2": "1S01C"}],
        "failure": [{"1": "GSOBJ_1011: No entity matches (CompanyId)"}]})js")));
  Run(std::make_unique<FakeObject>(
      std::vector<Json>{Thing(0), Thing(1), Thing(2)}, false));
  ASSERT_TRUE(done_);
  ASSERT_THAT(results_, SizeIs(3));
  EXPECT_EQ(results_[0].gsid(), "1S01A");
  EXPECT_EQ(results_[0].action(), gainsight::v1::WRITE_ACTION_INSERTED);
  EXPECT_EQ(results_[2].gsid(), "1S01C");
  EXPECT_EQ(results_[1].error().code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::BadRequest bad;
  ASSERT_TRUE(GetBadRequest(FromRpcStatus(results_[1].error()), &bad));
  EXPECT_EQ(bad.field_violations(0).field(), "things[1].company")
      << "the field the message names, as the request spells it";
  for (int i = 0; i < 3; ++i) EXPECT_EQ(results_[i].index(), i);
}

TEST_F(CockpitWriteTest, ArrayAnswerIsReadToo) {
  h_.http()
      .Expect(HttpMethod::kPost, kCtaWritePath)
      .Answer(200, OkEnvelope(Json::parse(R"js([
        {"referenceId": "0", "success": true, "Gsid": "1S01A"},
        {"referenceId": "1", "success": false, "fieldName": "CompanyId",
         "errorCode": "GSOBJ_1011", "errorDesc": "No entity matches"}])js")));
  Run(std::make_unique<FakeObject>(std::vector<Json>{Thing(0), Thing(1)},
                                   false));
  ASSERT_THAT(results_, SizeIs(2));
  EXPECT_EQ(results_[0].gsid(), "1S01A");
  google::rpc::BadRequest bad;
  ASSERT_TRUE(GetBadRequest(FromRpcStatus(results_[1].error()), &bad));
  EXPECT_EQ(bad.field_violations(0).field(), "things[1].company");
}

TEST_F(CockpitWriteTest, SendsAtMostFiftyRecordsACall) {
  AnswerWrites(AllSucceed);
  std::vector<Json> records;
  for (int i = 0; i < 120; ++i) records.push_back(Thing(i));
  Run(std::make_unique<FakeObject>(records, false));
  ASSERT_THAT(results_, SizeIs(120));
  std::vector<size_t> sizes;
  for (const HttpRequest& r : h_.http().requests()) {
    sizes.push_back(RefsOf(r).size());
  }
  EXPECT_THAT(sizes, ElementsAre(50, 50, 20));
  for (int i = 0; i < 120; ++i) {
    EXPECT_EQ(results_[i].gsid(), absl::StrCat("G-", i)) << i;
  }
}

TEST_F(CockpitWriteTest, AWholeCallRejectionIsolatesTheBadRecord) {
  RefuseCallsCarrying(h_.http(), 2, "Unknown field in record: Bad__gc");
  std::vector<Json> records = {Thing(0), Thing(1), Thing(2), Thing(3)};
  records[2]["Bad__gc"] = 1;
  Run(std::make_unique<FakeObject>(records, false));
  ASSERT_THAT(results_, SizeIs(4));
  for (int i : {0, 1, 3}) {
    EXPECT_EQ(results_[i].gsid(), absl::StrCat("G-", i)) << i;
  }
  EXPECT_EQ(results_[2].error().code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::BadRequest bad;
  ASSERT_TRUE(GetBadRequest(FromRpcStatus(results_[2].error()), &bad));
  EXPECT_EQ(bad.field_violations(0).field(), "things[2].Bad__gc");
  // [0..3] -> [0,1] ok, [2,3] refused -> [2] refused, [3] ok.
  EXPECT_EQ(h_.http().request_count(), 5);
}

TEST_F(CockpitWriteTest, ARejectionNamesAFieldOnlyWhereItsTextNamesItWhole) {
  // Gainsight's text names a field the record does not have; one the record
  // has is only the start of that name.
  RefuseCallsCarrying(h_.http(), 1, "Unknown field: Renewal__gc_Date");
  std::vector<Json> records = {Thing(0), Thing(1)};
  records[1]["Renewal__gc"] = "2027-01-01";
  Run(std::make_unique<FakeObject>(records, false));
  ASSERT_THAT(results_, SizeIs(2));
  EXPECT_EQ(results_[0].gsid(), "G-0");
  EXPECT_EQ(results_[1].error().code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::BadRequest bad;
  ASSERT_TRUE(GetBadRequest(FromRpcStatus(results_[1].error()), &bad));
  ASSERT_EQ(bad.field_violations_size(), 1);
  EXPECT_EQ(bad.field_violations(0).field(), "things[1]");
}

TEST_F(CockpitWriteTest, CallLevelFailuresFailTheirRecordsWithoutSplitting) {
  h_.http()
      .Expect(HttpMethod::kPost, kCtaWritePath)
      .Answer(403, ErrorEnvelope("GS_APIG_2402", "Forbidden"));
  Run(std::make_unique<FakeObject>(std::vector<Json>{Thing(0), Thing(1)},
                                   false));
  ASSERT_THAT(results_, SizeIs(2));
  for (const RecordResult& r : results_) {
    EXPECT_EQ(r.error().code(), grpc::StatusCode::PERMISSION_DENIED);
  }
  EXPECT_EQ(h_.http().request_count(), 1);
}

// A read-back answer with `rows` (Gsid, Name, CompanyId, ModifiedDate).
std::string CockpitRows(const Json& rows) { return OkEnvelope(rows); }

std::string IsoTime(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", t, absl::UTCTimeZone());
}

TEST_F(CockpitWriteTest, AnUnreadableAnswerIsResolvedByReadingBack) {
  h_.http()
      .Expect(HttpMethod::kPost, kCtaWritePath)
      .Answer(200, OkEnvelope(Json::parse(R"js({"created": 2})js")));
  const std::string now = IsoTime(h_.clock().Now());
  h_.http()
      .Expect(HttpMethod::kPost, kListPath)
      .When([](const HttpRequest& r) {
        Json body = Json::parse(r.body);
        return body["where"]["conditions"][0]["fieldName"] == "Name";
      })
      .Answer(200,
              CockpitRows({{{"Gsid", "1S01NEW0"},
                            {"Name", "thing-0"},
                            {"CompanyId", "1P02C"},
                            {"ModifiedDate", now}},
                           {{"Gsid", "1S01OLD1"},
                            {"Name", "thing-1"},
                            {"CompanyId", "1P02C"},
                            {"ModifiedDate", "2020-01-01T00:00:00.000Z"}}}));
  Run(std::make_unique<FakeObject>(std::vector<Json>{Thing(0), Thing(1)},
                                   false));
  ASSERT_THAT(results_, SizeIs(2));
  EXPECT_EQ(results_[0].gsid(), "1S01NEW0") << "found by reading back";
  EXPECT_EQ(results_[0].action(), gainsight::v1::WRITE_ACTION_INSERTED);
  EXPECT_EQ(results_[1].error().code(), grpc::StatusCode::INTERNAL)
      << "an old record of the same name is not this write's";
  EXPECT_THAT(results_[1].error().message(),
              ::testing::HasSubstr("no such record was written"));
  EXPECT_EQ(h_.metrics().Value(
                metric::kUnreadableAnswers,
                {{"endpoint", kCtaWritePath},
                 {"expected", "data.success[]/data.failure[] by referenceId"}}),
            1);
}

TEST_F(CockpitWriteTest, SeveralCandidatesMakeTheOutcomeUnknownNotFailed) {
  h_.http()
      .Expect(HttpMethod::kPost, kCtaWritePath)
      .Answer(200, OkEnvelope(Json::object()));
  const std::string now = IsoTime(h_.clock().Now());
  h_.http()
      .Expect(HttpMethod::kPost, kListPath)
      .Answer(200, CockpitRows({{{"Gsid", "1S01X"},
                                 {"Name", "thing-0"},
                                 {"CompanyId", "1P02C"},
                                 {"ModifiedDate", now}},
                                {{"Gsid", "1S01Y"},
                                 {"Name", "thing-0"},
                                 {"CompanyId", "1P02C"},
                                 {"ModifiedDate", now}}}));
  Run(std::make_unique<FakeObject>(std::vector<Json>{Thing(0)}, false));
  ASSERT_THAT(results_, SizeIs(1));
  EXPECT_EQ(results_[0].error().code(), grpc::StatusCode::UNKNOWN);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(GetErrorInfo(FromRpcStatus(results_[0].error()), &info));
  EXPECT_EQ(info.reason(), "WRITE_OUTCOME_UNKNOWN");
  EXPECT_EQ(info.metadata().at("candidate_gsids"), "1S01X,1S01Y");
}

TEST_F(CockpitWriteTest, ACreateThatTimedOutIsReadBackAndNeverSentAgain) {
  h_.http()
      .Expect(HttpMethod::kPost, kCtaWritePath)
      .Fail(absl::DeadlineExceededError("timed out"));
  const std::string now = IsoTime(h_.clock().Now());
  h_.http()
      .Expect(HttpMethod::kPost, kListPath)
      .Answer(200, CockpitRows({{{"Gsid", "1S01Z"},
                                 {"Name", "thing-0"},
                                 {"CompanyId", "1P02C"},
                                 {"ModifiedDate", now}}}));
  Run(std::make_unique<FakeObject>(std::vector<Json>{Thing(0), Thing(1)},
                                   false));
  ASSERT_THAT(results_, SizeIs(2));
  EXPECT_EQ(results_[0].gsid(), "1S01Z");
  EXPECT_EQ(results_[1].error().code(), grpc::StatusCode::DEADLINE_EXCEEDED)
      << "not written: the caller may retry it";
  int writes = 0;
  for (const HttpRequest& r : h_.http().requests()) {
    if (testing::ScriptedHttpClient::PathOf(r.url) == kCtaWritePath) ++writes;
  }
  EXPECT_EQ(writes, 1);
}

TEST_F(CockpitWriteTest, AnUpdateOfAnUnknownGsidIsNotFound) {
  h_.http()
      .Expect(HttpMethod::kPut, kCtaWritePath)
      .Answer(
          200,
          OkEnvelope(Json::parse(
              R"js({"success": [], "failure": [{"0": "COCKPIT_6007: Invalid GSID of CTA"}]})js")));
  Run(std::make_unique<FakeObject>(
      std::vector<Json>{{{"Gsid", "1S01NONE"}, {"Name", "x"}}}, true));
  ASSERT_THAT(results_, SizeIs(1));
  EXPECT_EQ(results_[0].error().code(), grpc::StatusCode::NOT_FOUND);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(GetErrorInfo(FromRpcStatus(results_[0].error()), &info));
  EXPECT_EQ(info.reason(), "GONE");
}

TEST_F(CockpitWriteTest, ExistingReadsHandRowsOverAndMissingOnesAreNotFound) {
  h_.http()
      .Expect(HttpMethod::kPost, kListPath)
      .Answer(200, CockpitRows({{{"Gsid", "1S01A"}, {"TypeId", "T1"}}}));
  h_.http()
      .Expect(HttpMethod::kPut, kCtaWritePath)
      .AnswerFrom([](const HttpRequest& r) {
        return HttpResponse{200, {}, AllSucceed(r)};
      });
  auto object = std::make_unique<FakeObject>(
      std::vector<Json>{{{"Gsid", "1S01A"}}, {{"Gsid", "1S01B"}}}, true);
  object->existing_ = {{0, "1S01A"}, {1, "1S01B"}};
  auto seen = object->seen_existing;
  auto pending = object->config_pending;
  Run(std::move(object));
  ASSERT_THAT(results_, SizeIs(2));
  EXPECT_THAT(*seen, ElementsAre(0));
  EXPECT_THAT(*pending, ElementsAre(0)) << "a record answered is not resolved";
  EXPECT_EQ(results_[0].action(), gainsight::v1::WRITE_ACTION_UPDATED);
  EXPECT_EQ(results_[1].error().code(), grpc::StatusCode::NOT_FOUND);
  const std::vector<HttpRequest> requests = h_.http().requests();
  ASSERT_THAT(requests, SizeIs(2));
  EXPECT_THAT(RefsOf(requests[1]), ElementsAre("0"));
}

TEST_F(CockpitWriteTest,
       ARecordThatDoesNotResolveStopsTheRequestBeforeAnyWrite) {
  std::vector<Json> records = {Thing(0), Thing(1)};
  records[1]["Unresolvable"] = true;
  Run(std::make_unique<FakeObject>(records, false));
  ASSERT_TRUE(done_);
  EXPECT_EQ(failure_.code(), absl::StatusCode::kInvalidArgument);
  google::rpc::BadRequest bad;
  ASSERT_TRUE(GetBadRequest(failure_, &bad));
  EXPECT_EQ(bad.field_violations(0).field(), "things[1].type");
  EXPECT_EQ(h_.http().request_count(), 0);
}

TEST_F(CockpitWriteTest, AFailedExistingReadFailsTheRequestBeforeAnyWrite) {
  h_.http()
      .Expect(HttpMethod::kPost, kListPath)
      .Answer(400, ErrorEnvelope("COCKPIT_5000", "bad list"));
  auto object = std::make_unique<FakeObject>(
      std::vector<Json>{{{"Gsid", "1S01A"}}}, true);
  object->existing_ = {{0, "1S01A"}};
  Run(std::move(object));
  ASSERT_TRUE(done_);
  EXPECT_FALSE(failure_.ok());
  EXPECT_EQ(h_.http().request_count(), 1) << "nothing written";
}

TEST_F(CockpitWriteTest, AnUnreadableExistingReadIsCountedAndWritesNothing) {
  h_.http()
      .Expect(HttpMethod::kPost, kListPath)
      .Answer(200, OkEnvelope({{"rows", "SECRET-VALUE"}}));
  auto object = std::make_unique<FakeObject>(
      std::vector<Json>{{{"Gsid", "1S01A"}}}, true);
  object->existing_ = {{0, "1S01A"}};
  Run(std::move(object));
  ASSERT_TRUE(done_);
  EXPECT_EQ(failure_.code(), absl::StatusCode::kInternal);
  EXPECT_THAT(failure_.ToString(), Not(HasSubstr("SECRET-VALUE")));
  EXPECT_EQ(h_.http().request_count(), 1) << "nothing written";
  EXPECT_EQ(h_.metrics().Value(
                metric::kUnreadableAnswers,
                {{"endpoint", kListPath}, {"expected", "data.records[]"}}),
            1);
}

TEST_F(CockpitWriteTest, WhenNoRecordIsLeftToWriteNothingIsSent) {
  h_.http()
      .Expect(HttpMethod::kPost, kListPath)
      .Answer(200, CockpitRows(Json::array()));
  auto object = std::make_unique<FakeObject>(
      std::vector<Json>{{{"Gsid", "1S01GONE"}}}, true);
  object->existing_ = {{0, "1S01GONE"}};
  Run(std::move(object));
  ASSERT_THAT(results_, SizeIs(1));
  EXPECT_EQ(results_[0].error().code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(h_.http().request_count(), 1) << "only the existing read";
}

TEST_F(CockpitWriteTest, AFailedOwnerLookupFailsTheRequestBeforeAnyWrite) {
  h_.http()
      .Expect(HttpMethod::kPost, "/v1/data/objects/query/GsUser")
      .Answer(403, ErrorEnvelope("GS_APIG_2402", "Forbidden"));
  std::vector<Json> records = {Thing(0)};
  records[0]["Owner"] = "csm@example.com";
  Run(std::make_unique<FakeObject>(records, false));
  ASSERT_TRUE(done_);
  EXPECT_EQ(failure_.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(h_.http().request_count(), 1) << "nothing written";
}

TEST_F(CockpitWriteTest, AnOwnerEmailNoUserHasStopsTheRequestNamingIt) {
  h_.http()
      .Expect(HttpMethod::kPost, "/v1/data/objects/query/GsUser")
      .Answer(200, OkEnvelope({{"records", Json::array()}}));
  std::vector<Json> records = {Thing(0), Thing(1)};
  records[1]["Owner"] = "nobody@example.com";
  Run(std::make_unique<FakeObject>(records, false));
  ASSERT_TRUE(done_);
  EXPECT_EQ(failure_.code(), absl::StatusCode::kInvalidArgument);
  google::rpc::BadRequest bad;
  ASSERT_TRUE(GetBadRequest(failure_, &bad));
  EXPECT_EQ(bad.field_violations(0).field(), "things[1].owner");
  EXPECT_EQ(h_.http().request_count(), 1) << "nothing written";
}

TEST_F(CockpitWriteTest, AConfigurationThatCannotBeReadFailsTheRequest) {
  auto object =
      std::make_unique<FakeObject>(std::vector<Json>{Thing(0)}, false);
  object->config_error = absl::UnavailableError("configuration down");
  Run(std::move(object));
  ASSERT_TRUE(done_);
  EXPECT_EQ(failure_.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(h_.http().request_count(), 0);
}

TEST_F(CockpitWriteTest, AReadBackThatFailsLeavesTheOutcomeUnknown) {
  h_.http()
      .Expect(HttpMethod::kPost, kCtaWritePath)
      .Answer(200, OkEnvelope(Json::object()));
  h_.http()
      .Expect(HttpMethod::kPost, kListPath)
      .Answer(400, ErrorEnvelope("COCKPIT_5000", "list refused"));
  Run(std::make_unique<FakeObject>(std::vector<Json>{Thing(0)}, false));
  ASSERT_THAT(results_, SizeIs(1));
  EXPECT_EQ(results_[0].error().code(), grpc::StatusCode::UNKNOWN)
      << "accepted by Gainsight: never reported as failed";
  EXPECT_THAT(results_[0].error().message(),
              ::testing::HasSubstr("reading it back failed"));
}

TEST_F(CockpitWriteTest, AnUpdateWhoseReadBackFindsNothingIsNotFound) {
  h_.http()
      .Expect(HttpMethod::kPut, kCtaWritePath)
      .Answer(200, OkEnvelope(Json::object()));
  h_.http()
      .Expect(HttpMethod::kPost, kListPath)
      .Answer(200, CockpitRows(Json::array()));
  Run(std::make_unique<FakeObject>(
      std::vector<Json>{{{"Gsid", "1S01GONE"}, {"Name", "x"}}}, true));
  ASSERT_THAT(results_, SizeIs(1));
  EXPECT_EQ(results_[0].error().code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(CockpitWriteTest, OwnerEmailsResolveThroughOneUserQuery) {
  h_.http()
      .Expect(HttpMethod::kPost, "/v1/data/objects/query/GsUser")
      .Answer(
          200,
          OkEnvelope({{"records",
                       {{{"Gsid", "1P01U"}, {"Email", "csm@example.com"}}}}}));
  h_.http()
      .Expect(HttpMethod::kPost, kCtaWritePath)
      .AnswerFrom([](const HttpRequest& r) {
        return HttpResponse{200, {}, AllSucceed(r)};
      });
  std::vector<Json> records = {Thing(0), Thing(1)};
  records[0]["Owner"] = "csm@example.com";
  records[1]["Owner"] = "1P01OTHER";
  Run(std::make_unique<FakeObject>(records, false));
  ASSERT_THAT(results_, SizeIs(2));
  const std::vector<HttpRequest> requests = h_.http().requests();
  ASSERT_THAT(requests, SizeIs(2));
  Json sent = Json::parse(requests[1].body)["requests"];
  EXPECT_EQ(sent[0]["record"]["OwnerId"], "1P01U");
  EXPECT_EQ(sent[1]["record"]["OwnerId"], "1P01OTHER");
}

// Creates of different requests that wait for the same slot share one
// write call (referenceIds are positions in it); each request gets its own
// results, numbered in its own order.
class CoalescedCockpitWriteTest : public ::testing::Test {
 protected:
  using Results = std::optional<absl::StatusOr<std::vector<RecordResult>>>;

  void Run(std::vector<Json> records, Results* out) {
    CockpitWriteDeps deps{h_.client(), &users_, &h_.metrics(), &h_.clock(),
                          &coalescer_};
    RunCockpitWrite(
        deps, std::make_unique<FakeObject>(std::move(records), false),
        h_.Context(absl::Minutes(10)),
        [out](absl::StatusOr<std::vector<RecordResult>> r) { *out = r; });
  }

  static void DescribeGsUser(std::string, CallContext,
                             MetadataCache::FetchCallback done) {
    gainsight::v1::ObjectMetadata described;
    described.set_object_name("GsUser");
    done(std::move(described));
  }

  ClientHarness h_{"sync=1/1m;bulk=10/1h"};
  CallCoalescer coalescer_{h_.client(), &h_.scheduler(), &h_.clock(), {}};
  RecordOps ops_{h_.client()};
  MetadataCache metadata_{DescribeGsUser, &h_.clock(), absl::Minutes(10)};
  UserDirectory users_{&ops_, &metadata_, &h_.clock(), absl::Minutes(10)};
};

TEST_F(CoalescedCockpitWriteTest, WaitingCreatesOfTwoRequestsShareOneCall) {
  h_.http()
      .Expect(HttpMethod::kPost, kCtaWritePath)
      .Times(2)
      .AnswerFrom([](const HttpRequest& r) {
        return HttpResponse{200, {}, AllSucceed(r)};
      });
  Results first, second, third;
  Run({Thing(0)}, &first);  // the minute's only slot
  ASSERT_TRUE(first.has_value());
  Run({Thing(1), Thing(2)}, &second);
  Run({Thing(3)}, &third);
  h_.scheduler().AdvanceAndRun(absl::Minutes(1));

  ASSERT_TRUE(second.has_value() && third.has_value());
  ASSERT_TRUE(second->ok() && third->ok());
  const std::vector<HttpRequest> requests = h_.http().requests();
  ASSERT_THAT(requests, SizeIs(2));
  EXPECT_THAT(NamesOf(requests[1]),
              ElementsAre("thing-1", "thing-2", "thing-3"));
  EXPECT_THAT(RefsOf(requests[1]), ElementsAre("0", "1", "2"));
  ASSERT_THAT(**second, SizeIs(2));
  EXPECT_EQ((**second)[0].gsid(), "G-1");
  EXPECT_EQ((**second)[1].gsid(), "G-2");
  EXPECT_EQ((**second)[1].index(), 1);
  ASSERT_THAT(**third, SizeIs(1));
  EXPECT_EQ((**third)[0].gsid(), "G-3");
  EXPECT_EQ((**third)[0].index(), 0);
}

TEST_F(CoalescedCockpitWriteTest, ASharedCallRefusedForOneRecordFailsOnlyIt) {
  RefuseCallsCarrying(h_.http(), 1, "Unknown field in record: Bad__gc",
                      /*times=*/4);
  Results first, bad, good;
  Run({Thing(0)}, &first);
  Json broken = Thing(1);
  broken["Bad__gc"] = 1;
  Run({broken}, &bad);
  Run({Thing(2)}, &good);
  h_.scheduler().AdvanceAndRun(absl::Minutes(5));

  ASSERT_TRUE(bad.has_value() && good.has_value());
  ASSERT_TRUE(bad->ok() && good->ok());
  EXPECT_EQ((**bad)[0].error().code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ((**good)[0].gsid(), "G-2");
  // The slot's call, the shared call refused, then each request alone.
  const std::vector<HttpRequest> requests = h_.http().requests();
  ASSERT_THAT(requests, SizeIs(4));
  EXPECT_THAT(NamesOf(requests[1]), ElementsAre("thing-1", "thing-2"));
}

}  // namespace
}  // namespace gg
