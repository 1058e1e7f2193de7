// RecordOps' branches on a scripted Gainsight: chunking, isolation of
// rejected records (published per-record shape, the older indexed shape, no
// detail at all), keyed updates that match nothing, upsert lookups, GSIDs
// read back when an answer lacks them, and deletes.
#include "ops/record_ops.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_details.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "observe/metric_names.h"
#include "ops/call_coalescer.h"
#include "tests/support/client_harness.h"
#include "tests/support/error_reason.h"
#include "tests/support/gainsight_paths.h"

namespace gg {
namespace {

using testing::ErrorReason;
using testing::kCompanyQueryPath;
using testing::kCompanyWritePath;
using testing::SendsRecordsNamed;

using gainsight::v1::WRITE_ACTION_DELETED;
using gainsight::v1::WRITE_ACTION_INSERTED;
using gainsight::v1::WRITE_ACTION_UPDATED;
using testing::ClientHarness;
using testing::ErrorEnvelope;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::OkEnvelope;

constexpr char kWriteTemplate[] = "/v1/data/objects/{object}";

Json Named(const std::string& name) { return Json{{"Name", name}}; }

std::vector<Json> Companies(int n) {
  std::vector<Json> out;
  for (int i = 0; i < n; ++i) out.push_back(Named(absl::StrCat("c", i)));
  return out;
}

// A successful write answer with one GSID per name ("G-<name>").
std::string Written(const std::vector<std::string>& names) {
  Json records = Json::array();
  for (const std::string& n : names) records.push_back({{"Gsid", "G-" + n}});
  return OkEnvelope(
      {{"count", names.size()}, {"errors", nullptr}, {"records", records}});
}

// One field error in the published per-record shape. `value` is the
// record's value, which must never reach a message.
Json PublishedFieldError(const std::string& field, const Json& value) {
  return Json::array(
      {{{"success", false},
        {"parsedValue", value},
        {"errors", Json::array({{{"errorMessage", "Invalid dateTime format"},
                                 {"errorCode", "GSOBJ_1006"},
                                 {"fieldName", field},
                                 {"invalidValue", value}}})}}});
}

std::string Rejection(const Json& errors) {
  return ErrorEnvelope(
      "GSOBJ_1006", "Invalid dateTimes format",
      {{"count", 0}, {"errors", errors}, {"records", nullptr}});
}

std::string BadRequestField(const absl::Status& status, int i = 0) {
  google::rpc::BadRequest bad;
  if (!GetBadRequest(status, &bad) || bad.field_violations_size() <= i) {
    return "";
  }
  return bad.field_violations(i).field();
}

// Every branch runs twice: with the coalescer production uses (a call that
// waits for nothing goes alone, so each branch must read the same) and
// without it (--coalesce=false).
class RecordOpsTest : public ::testing::TestWithParam<bool> {
 protected:
  WriteOptions Options() {
    WriteOptions options;
    options.object = "Company";
    options.field_prefix = "companies";
    return options;
  }

  // Runs `start` and returns the outcomes it reported (the scripted client
  // answers on this thread, so they are there when it returns).
  template <typename Start>
  std::vector<RecordOutcome> Run(Start start) {
    std::optional<std::vector<RecordOutcome>> got;
    start([&](std::vector<RecordOutcome> o) { got = std::move(o); });
    EXPECT_TRUE(got.has_value()) << "the operation did not finish";
    EXPECT_EQ(h_.http().unmet(), 0) << "a scripted call was not made";
    return got.value_or(std::vector<RecordOutcome>{});
  }

  std::vector<RecordOutcome> Insert(std::vector<Json> records,
                                    WriteOptions options) {
    return Run([&](RecordOps::WriteCallback done) {
      ops_.Insert(options, std::move(records), h_.Context(), std::move(done));
    });
  }
  std::vector<RecordOutcome> Insert(std::vector<Json> records) {
    return Insert(std::move(records), Options());
  }
  std::vector<RecordOutcome> Update(std::vector<Json> records) {
    return Run([&](RecordOps::WriteCallback done) {
      ops_.Update(Options(), std::move(records), {"Name"}, h_.Context(),
                  std::move(done));
    });
  }
  std::vector<RecordOutcome> Upsert(std::vector<Json> records) {
    return Run([&](RecordOps::WriteCallback done) {
      ops_.Upsert(Options(), std::move(records), {"Name"}, h_.Context(),
                  std::move(done));
    });
  }

  double Unreadable(const std::string& expected) {
    return h_.metrics().Value(
        metric::kUnreadableAnswers,
        {{"endpoint", kWriteTemplate}, {"expected", expected}});
  }

  ClientHarness h_;
  CallCoalescer coalescer_{h_.client(), &h_.scheduler(), &h_.clock(), {}};
  RecordOps ops_{h_.client(), GetParam() ? &coalescer_ : nullptr};
};

INSTANTIATE_TEST_SUITE_P(Coalescing, RecordOpsTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "Coalescer" : "Alone";
                         });

TEST_P(RecordOpsTest, InsertSendsChunksOfFiftyAndAnswersInInputOrder) {
  std::vector<std::string> first, second, third;
  for (int i = 0; i < 120; ++i) {
    (i < 50 ? first : i < 100 ? second : third).push_back(absl::StrCat("c", i));
  }
  for (const auto* chunk : {&first, &second, &third}) {
    h_.http()
        .Expect(HttpMethod::kPost, kCompanyWritePath)
        .When(SendsRecordsNamed(*chunk))
        .Answer(200, Written(*chunk));
  }
  std::vector<RecordOutcome> out = Insert(Companies(120));
  ASSERT_EQ(out.size(), 120u);
  for (int i = 0; i < 120; ++i) {
    EXPECT_TRUE(out[i].error.ok()) << i << " " << out[i].error;
    EXPECT_EQ(out[i].gsid, absl::StrCat("G-c", i));
    EXPECT_EQ(out[i].action, WRITE_ACTION_INSERTED);
  }
  EXPECT_EQ(h_.http().request_count(), 3);
}

TEST_P(RecordOpsTest, PublishedShapeIsolatesNamedRecordsWithOneMoreCall) {
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyWritePath)
      .When(SendsRecordsNamed({"c0", "c1", "c2", "c3", "c4"}))
      .Answer(400, Rejection(Json::array(
                       {Json::array(),
                        PublishedFieldError("OriginalContractDate", 210318),
                        Json::array(),
                        PublishedFieldError("RenewalDate", "SECRET-VALUE"),
                        Json::array()})));
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyWritePath)
      .When(SendsRecordsNamed({"c0", "c2", "c4"}))
      .Answer(200, Written({"c0", "c2", "c4"}));
  std::vector<RecordOutcome> out = Insert(Companies(5));
  ASSERT_EQ(out.size(), 5u);
  EXPECT_EQ(h_.http().request_count(), 2) << "no bisecting";
  for (int i : {0, 2, 4}) {
    EXPECT_TRUE(out[i].error.ok()) << i << " " << out[i].error;
    EXPECT_EQ(out[i].gsid, absl::StrCat("G-c", i));
  }
  EXPECT_EQ(out[1].error.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(BadRequestField(out[1].error), "companies[1].OriginalContractDate");
  EXPECT_EQ(ErrorReason(out[1].error), "GAINSIGHT_INVALID_RECORD");
  EXPECT_THAT(std::string(out[1].error.message()),
              HasSubstr("Invalid dateTime format"));
  EXPECT_THAT(std::string(out[1].error.message()), Not(HasSubstr("210318")));
  EXPECT_EQ(BadRequestField(out[3].error), "companies[3].RenewalDate");
  EXPECT_THAT(out[3].error.ToString(), Not(HasSubstr("SECRET-VALUE")));
}

TEST_P(RecordOpsTest, RecordWithSeveralFieldErrorsNamesEachField) {
  Json record_errors = Json::array(
      {{{"success", false},
        {"errors", Json::array({{{"errorMessage", "Invalid date format"},
                                 {"errorCode", "GSOBJ_1006"},
                                 {"fieldName", "RenewalDate"}},
                                {{"errorMessage", "Invalid number"},
                                 {"errorCode", "GSOBJ_1002"},
                                 {"fieldName", "Employees"}}})}}});
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyWritePath)
      .Answer(400, Rejection(Json::array({record_errors})));
  std::vector<RecordOutcome> out = Insert(Companies(1));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(BadRequestField(out[0].error, 0), "companies[0].RenewalDate");
  EXPECT_EQ(BadRequestField(out[0].error, 1), "companies[0].Employees");
}

TEST_P(RecordOpsTest, IndexedShapeIsStillRead) {
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyWritePath)
      .When(SendsRecordsNamed({"c0", "c1", "c2"}))
      .Answer(400,
              ErrorEnvelope(
                  "GSOBJ_1002", "Invalid value",
                  {{"count", 0},
                   {"errors", Json::array({{{"index", 2},
                                            {"fieldName", "Arr"},
                                            {"errorCode", "GSOBJ_1002"},
                                            {"errorDesc", "wrong type"}}})},
                   {"records", nullptr}}));
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyWritePath)
      .When(SendsRecordsNamed({"c0", "c1"}))
      .Answer(200, Written({"c0", "c1"}));
  std::vector<RecordOutcome> out = Insert(Companies(3));
  EXPECT_EQ(h_.http().request_count(), 2);
  EXPECT_TRUE(out[0].error.ok());
  EXPECT_TRUE(out[1].error.ok());
  EXPECT_EQ(BadRequestField(out[2].error), "companies[2].Arr");
}

TEST_P(RecordOpsTest, WithoutPerRecordDetailTheChunkIsHalvedUntilItIsFound) {
  const std::string no_detail = ErrorEnvelope("GSOBJ_1006", "Invalid date");
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyWritePath)
      .When(SendsRecordsNamed({"c0", "c1", "c2", "c3"}))
      .Answer(400, no_detail);
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyWritePath)
      .When(SendsRecordsNamed({"c0", "c1"}))
      .Answer(200, Written({"c0", "c1"}));
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyWritePath)
      .When(SendsRecordsNamed({"c2", "c3"}))
      .Answer(400, no_detail);
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyWritePath)
      .When(SendsRecordsNamed({"c2"}))
      .Answer(400, no_detail);
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyWritePath)
      .When(SendsRecordsNamed({"c3"}))
      .Answer(200, Written({"c3"}));
  std::vector<RecordOutcome> out = Insert(Companies(4));
  EXPECT_EQ(h_.http().request_count(), 5);
  EXPECT_TRUE(out[0].error.ok());
  EXPECT_TRUE(out[1].error.ok());
  EXPECT_EQ(out[2].error.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReason(out[2].error), "GAINSIGHT_INVALID_RECORD");
  EXPECT_TRUE(out[3].error.ok());
}

TEST_P(RecordOpsTest, PerRecordEntriesThatDoNotLineUpAreCountedAndBisected) {
  // Three records, one entry: whose it is cannot be told.
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyWritePath)
      .When(SendsRecordsNamed({"c0", "c1", "c2"}))
      .Answer(400, Rejection(
                       Json::array({PublishedFieldError("RenewalDate", "x")})));
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyWritePath)
      .When(SendsRecordsNamed({"c0"}))
      .Answer(200, Written({"c0"}));
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyWritePath)
      .When(SendsRecordsNamed({"c1", "c2"}))
      .Answer(400,
              Rejection(Json::array(
                  {Json::array(), PublishedFieldError("RenewalDate", "x")})));
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyWritePath)
      .When(SendsRecordsNamed({"c1"}))
      .Answer(200, Written({"c1"}));
  std::vector<RecordOutcome> out = Insert(Companies(3));
  EXPECT_EQ(h_.http().request_count(), 4);
  EXPECT_TRUE(out[0].error.ok());
  EXPECT_TRUE(out[1].error.ok());
  EXPECT_EQ(BadRequestField(out[2].error), "companies[2].RenewalDate");
  EXPECT_EQ(Unreadable("data.errors[] per record"), 1);
}

TEST_P(RecordOpsTest, WithoutIsolationTheOthersFailAborted) {
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyWritePath)
      .Answer(400,
              Rejection(Json::array(
                  {Json::array(), PublishedFieldError("RenewalDate", 1)})));
  WriteOptions options = Options();
  options.isolate_rejected = false;
  std::vector<RecordOutcome> out = Insert(Companies(2), options);
  EXPECT_EQ(h_.http().request_count(), 1);
  EXPECT_EQ(out[0].error.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(ErrorReason(out[0].error), "REJECTED_WITH_OTHER_RECORDS");
  EXPECT_THAT(std::string(out[0].error.message()), HasSubstr("companies[1]"));
  EXPECT_EQ(out[1].error.code(), absl::StatusCode::kInvalidArgument);
}

TEST_P(RecordOpsTest, ACallLevelRefusalFailsTheChunkWithoutResending) {
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyWritePath)
      .Answer(403, ErrorEnvelope("GS_APIG_2402", "Forbidden"));
  std::vector<RecordOutcome> out = Insert(Companies(3));
  EXPECT_EQ(h_.http().request_count(), 1);
  for (const RecordOutcome& o : out) {
    EXPECT_EQ(o.error.code(), absl::StatusCode::kPermissionDenied);
  }
}

TEST_P(RecordOpsTest, InsertAcceptedWithoutGsidsIsASuccessAndCounted) {
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyWritePath)
      .Answer(200, OkEnvelope({{"count", 2}, {"errors", nullptr}}));
  std::vector<RecordOutcome> out = Insert(Companies(2));
  for (const RecordOutcome& o : out) {
    EXPECT_TRUE(o.error.ok()) << o.error;
    EXPECT_EQ(o.action, WRITE_ACTION_INSERTED);
    EXPECT_EQ(o.gsid, "");
  }
  EXPECT_EQ(Unreadable("data.records[].Gsid"), 1);
}

TEST_P(RecordOpsTest, GsidKeyInAnyCaseAndBareArrayAnswersAreRead) {
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyWritePath)
      .Answer(200,
              OkEnvelope(Json::array({{{"gsid", "g0"}}, {{"GSID", "g1"}}})));
  std::vector<RecordOutcome> out = Insert(Companies(2));
  EXPECT_EQ(out[0].gsid, "g0");
  EXPECT_EQ(out[1].gsid, "g1");
  EXPECT_EQ(Unreadable("data.records[].Gsid"), 0);
}

TEST_P(RecordOpsTest, UpdateThatMatchesNothingSplitsWithOneLookup) {
  h_.http()
      .Expect(HttpMethod::kPut, kCompanyWritePath)
      .When(SendsRecordsNamed({"c0", "c1", "c2"}))
      .Answer(400, ErrorEnvelope("GSOBJ_1011", "No entity matches"));
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyQueryPath)
      .Answer(200, OkEnvelope(
                       {{"records",
                         Json::array({{{"Gsid", "G-c0"}, {"Name", "c0"}},
                                      {{"Gsid", "G-c2"}, {"Name", "c2"}}})}}));
  h_.http()
      .Expect(HttpMethod::kPut, kCompanyWritePath)
      .When(SendsRecordsNamed({"c0", "c2"}))
      .Answer(200, Written({"c0", "c2"}));
  std::vector<RecordOutcome> out = Update(Companies(3));
  EXPECT_EQ(h_.http().request_count(), 3);
  EXPECT_EQ(out[0].gsid, "G-c0");
  EXPECT_EQ(out[0].action, WRITE_ACTION_UPDATED);
  EXPECT_EQ(out[1].error.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ErrorReason(out[1].error), "GAINSIGHT_NO_MATCH");
  EXPECT_EQ(out[2].gsid, "G-c2");
  const HttpRequest lookup = h_.http().requests()[1];
  Json where = Json::parse(lookup.body)["where"];
  EXPECT_EQ(where["conditions"][0]["name"], "Name");
  EXPECT_EQ(where["conditions"][0]["operator"], "IN");
  EXPECT_EQ(where["conditions"][0]["value"], Json::array({"c0", "c1", "c2"}));
  EXPECT_EQ(testing::ScriptedHttpClient::QueryOf(h_.http().requests()[0].url),
            "keys=Name");
}

TEST_P(RecordOpsTest, UpdateAnswerWithoutGsidsIsReadBackByKeys) {
  h_.http()
      .Expect(HttpMethod::kPut, kCompanyWritePath)
      .Answer(200, OkEnvelope({{"count", 2}, {"records", nullptr}}));
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyQueryPath)
      .Answer(200, OkEnvelope(
                       {{"records",
                         Json::array({{{"Gsid", "G-c1"}, {"Name", "c1"}},
                                      {{"Gsid", "G-c0"}, {"Name", "c0"}}})}}));
  std::vector<RecordOutcome> out = Update(Companies(2));
  EXPECT_TRUE(out[0].error.ok());
  EXPECT_EQ(out[0].gsid, "G-c0");
  EXPECT_EQ(out[1].gsid, "G-c1");
  EXPECT_EQ(out[1].action, WRITE_ACTION_UPDATED);
  EXPECT_EQ(Unreadable("data.records[].Gsid"), 1);
}

TEST_P(RecordOpsTest, UpdateStaysASuccessWhenTheReadBackFails) {
  h_.http()
      .Expect(HttpMethod::kPut, kCompanyWritePath)
      .Answer(200, OkEnvelope(nullptr));
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyQueryPath)
      .Answer(403, ErrorEnvelope("GS_APIG_2402", "Forbidden"));
  std::vector<RecordOutcome> out = Update(Companies(1));
  EXPECT_TRUE(out[0].error.ok()) << out[0].error;
  EXPECT_EQ(out[0].action, WRITE_ACTION_UPDATED);
  EXPECT_EQ(out[0].gsid, "");
}

TEST_P(RecordOpsTest, UpsertLookupPagesThroughFullPages) {
  // The first lookup page is full (5000 rows), so a second one is asked.
  Json full = Json::array();
  full.push_back({{"Gsid", "G-c0"}, {"Name", "c0"}});
  for (int i = 1; i < kMaxQueryLimit; ++i) {
    full.push_back({{"Gsid", absl::StrCat("G-other", i)}, {"Name", "other"}});
  }
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyQueryPath)
      .When([](const HttpRequest& r) {
        return Json::parse(r.body)["offset"] == 0;
      })
      .Answer(200, OkEnvelope({{"records", full}}));
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyQueryPath)
      .When([](const HttpRequest& r) {
        return Json::parse(r.body)["offset"] == kMaxQueryLimit;
      })
      .Answer(200, OkEnvelope({{"records", Json::array({{{"Gsid", "G-c1"},
                                                         {"Name", "c1"}}})}}));
  h_.http()
      .Expect(HttpMethod::kPut, kCompanyWritePath)
      .When(SendsRecordsNamed({"c0", "c1"}))
      .Answer(200, Written({"c0", "c1"}));
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyWritePath)
      .When(SendsRecordsNamed({"c2"}))
      .Answer(200, Written({"c2"}));
  std::vector<RecordOutcome> out = Upsert(Companies(3));
  EXPECT_EQ(h_.http().request_count(), 4);
  EXPECT_EQ(out[0].action, WRITE_ACTION_UPDATED);
  EXPECT_EQ(out[1].action, WRITE_ACTION_UPDATED);
  EXPECT_EQ(out[2].action, WRITE_ACTION_INSERTED);
  EXPECT_EQ(out[2].gsid, "G-c2");
}

TEST_P(RecordOpsTest, UpsertUpdateWithoutGsidsTakesThemFromItsLookup) {
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyQueryPath)
      .Answer(200, OkEnvelope({{"records", Json::array({{{"Gsid", "G-c0"},
                                                         {"Name", "c0"}}})}}));
  h_.http()
      .Expect(HttpMethod::kPut, kCompanyWritePath)
      .Answer(200, OkEnvelope({{"count", 1}}));
  std::vector<RecordOutcome> out = Upsert(Companies(1));
  EXPECT_EQ(h_.http().request_count(), 2) << "no read back needed";
  EXPECT_TRUE(out[0].error.ok());
  EXPECT_EQ(out[0].gsid, "G-c0");
  EXPECT_EQ(out[0].action, WRITE_ACTION_UPDATED);
}

TEST_P(RecordOpsTest, AKeyTwiceInOneUpsertIsInsertedOnceThenUpdated) {
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyQueryPath)
      .Answer(200, OkEnvelope({{"records", Json::array()}}));
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyWritePath)
      .When(SendsRecordsNamed({"c0", "dup"}))
      .Answer(200, Written({"c0", "dup"}));
  h_.http()
      .Expect(HttpMethod::kPut, kCompanyWritePath)
      .When(SendsRecordsNamed({"dup"}))
      .Answer(200, Written({"dup"}));
  std::vector<RecordOutcome> out =
      Upsert({Named("c0"), Named("dup"), Named("dup")});
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[1].action, WRITE_ACTION_INSERTED);
  EXPECT_EQ(out[2].action, WRITE_ACTION_UPDATED);
  EXPECT_EQ(out[2].gsid, "G-dup");
}

TEST_P(RecordOpsTest, AFailedUpsertLookupNeverInserts) {
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyQueryPath)
      .Answer(403, ErrorEnvelope("GS_APIG_2402", "Forbidden"));
  std::vector<RecordOutcome> out = Upsert(Companies(2));
  EXPECT_EQ(h_.http().request_count(), 1) << "nothing written";
  for (const RecordOutcome& o : out) {
    EXPECT_EQ(o.error.code(), absl::StatusCode::kPermissionDenied);
  }
}

TEST_P(RecordOpsTest, AnUpdateRejectingOneRecordUpdatesTheOthers) {
  h_.http()
      .Expect(HttpMethod::kPut, kCompanyWritePath)
      .When(SendsRecordsNamed({"c0", "c1", "c2"}))
      .Answer(400, Rejection(Json::array(
                       {Json::array(), PublishedFieldError("RenewalDate", "x"),
                        Json::array()})));
  h_.http()
      .Expect(HttpMethod::kPut, kCompanyWritePath)
      .When(SendsRecordsNamed({"c0", "c2"}))
      .Answer(200, Written({"c0", "c2"}));
  std::vector<RecordOutcome> out = Update(Companies(3));
  EXPECT_EQ(h_.http().request_count(), 2);
  EXPECT_EQ(out[0].action, WRITE_ACTION_UPDATED);
  EXPECT_EQ(out[0].gsid, "G-c0");
  EXPECT_EQ(BadRequestField(out[1].error), "companies[1].RenewalDate");
  EXPECT_EQ(out[2].action, WRITE_ACTION_UPDATED);
  EXPECT_EQ(out[2].gsid, "G-c2");
}

TEST_P(RecordOpsTest,
       AnUpdateWhoseMatchLookupFailsFailsEachRecordWithItsCause) {
  h_.http()
      .Expect(HttpMethod::kPut, kCompanyWritePath)
      .Answer(400, ErrorEnvelope("GSOBJ_1011", "No entity matches"));
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyQueryPath)
      .Answer(403, ErrorEnvelope("GS_APIG_2402", "Forbidden"));
  std::vector<RecordOutcome> out = Update(Companies(2));
  EXPECT_EQ(h_.http().request_count(), 2) << "no second update";
  for (const RecordOutcome& o : out) {
    EXPECT_EQ(o.error.code(), absl::StatusCode::kPermissionDenied);
  }
}

TEST_P(RecordOpsTest, AnUnreadableUpsertLookupWritesNothingAndIsCounted) {
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyQueryPath)
      .Answer(200, OkEnvelope({{"rows", "SECRET-VALUE"}}));
  std::vector<RecordOutcome> out = Upsert(Companies(2));
  EXPECT_EQ(h_.http().request_count(), 1) << "neither inserted nor updated";
  for (const RecordOutcome& o : out) {
    EXPECT_EQ(o.error.code(), absl::StatusCode::kInternal);
    EXPECT_THAT(o.error.ToString(), Not(HasSubstr("SECRET-VALUE")));
  }
  EXPECT_EQ(h_.metrics().Value(metric::kUnreadableAnswers,
                               {{"endpoint", "/v1/data/objects/query/{object}"},
                                {"expected", "data.records[]"}}),
            1);
}

TEST_P(RecordOpsTest, AnUpsertLookupThatMatchesNothingInsertsEveryRecord) {
  // "No data found" is an answer too: no existing record.
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyQueryPath)
      .Answer(400, ErrorEnvelope("GSOBJ_1011", "No data found"));
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyWritePath)
      .When(SendsRecordsNamed({"c0", "c1"}))
      .Answer(200, Written({"c0", "c1"}));
  std::vector<RecordOutcome> out = Upsert(Companies(2));
  EXPECT_EQ(out[0].action, WRITE_ACTION_INSERTED);
  EXPECT_EQ(out[1].action, WRITE_ACTION_INSERTED);
  EXPECT_EQ(out[1].gsid, "G-c1");
}

TEST_P(RecordOpsTest, DeletesOneGsidPerCallEachWithItsOwnOutcome) {
  h_.http()
      .Expect(HttpMethod::kDelete, "/v1/data/objects/Company/G1")
      .Answer(200, OkEnvelope({{"count", 1}}));
  h_.http()
      .Expect(HttpMethod::kDelete, "/v1/data/objects/Company/G2")
      .Answer(400, ErrorEnvelope("GSOBJ_1011", "No entity matches"));
  h_.http()
      .Expect(HttpMethod::kDelete, "/v1/data/objects/Company/G3")
      .Answer(200, OkEnvelope(nullptr));
  std::vector<RecordOutcome> out = Run([&](RecordOps::WriteCallback done) {
    ops_.Delete(Options(), {"G1", "G2", "G3"}, h_.Context(), std::move(done));
  });
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].gsid, "G1");
  EXPECT_EQ(out[0].action, WRITE_ACTION_DELETED);
  EXPECT_EQ(out[1].error.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(out[2].gsid, "G3");
}

}  // namespace
}  // namespace gg
