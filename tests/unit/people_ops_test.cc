// PeopleOps' branches on a scripted Gainsight: the People API upsert with
// and without a GSID in its answer (looked up, read back, or unknown),
// rejected people, failed lookups, company names, and deletes.
#include "ops/people_ops.h"

#include <optional>
#include <string>
#include <vector>

#include "common/status_details.h"
#include "gainsight/person_mapping.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "observe/metric_names.h"
#include "tests/support/client_harness.h"
#include "tests/support/error_reason.h"
#include "tests/support/gainsight_paths.h"

namespace gg {
namespace {

using testing::ErrorReason;
using testing::kCompanyQueryPath;
using testing::RecordsAnswer;

using gainsight::v1::WRITE_ACTION_DELETED;
using gainsight::v1::WRITE_ACTION_INSERTED;
using gainsight::v1::WRITE_ACTION_UPDATED;
using testing::ClientHarness;
using testing::ErrorEnvelope;
using testing::OkEnvelope;

constexpr char kPeoplePath[] = "/v1/peoplemgmt/v1.0/people";
constexpr char kPersonQuery[] = "/v1/data/objects/query/Person";

Json PersonRecord(const std::string& email) {
  return Json{{"Email", email}, {"FirstName", "Ann"}};
}

// Matches a People API upsert of `email`.
testing::ScriptedHttpClient::Predicate Upserts(std::string email) {
  return [email](const HttpRequest& r) {
    return Json::parse(r.body)["Email"] == email;
  };
}

// Matches a query whose first condition uses `op` (IN: the upsert's lookup
// of existing people; EQ: a GSID read back by Email).
testing::ScriptedHttpClient::Predicate EmailQuery(std::string op) {
  return [op](const HttpRequest& r) {
    return Json::parse(r.body)["where"]["conditions"][0]["operator"] == op;
  };
}

class PeopleOpsTest : public ::testing::Test {
 protected:
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
  std::vector<RecordOutcome> Upsert(std::vector<Json> bodies) {
    return Run([&](PeopleOps::WriteCallback done) {
      people_.Upsert(std::move(bodies), 2, h_.Context(), std::move(done));
    });
  }
  std::vector<RecordOutcome> Delete(std::vector<PersonRef> people) {
    return Run([&](PeopleOps::WriteCallback done) {
      people_.Delete(std::move(people), 2, h_.Context(), std::move(done));
    });
  }
  double Unreadable() {
    return h_.metrics().Value(
        metric::kUnreadableAnswers,
        {{"endpoint", kPeoplePath}, {"expected", "data.Gsid"}});
  }
  // Nobody exists yet: the lookup by Email IN finds no one.
  void NobodyExists() {
    h_.http()
        .Expect(HttpMethod::kPost, kPersonQuery)
        .When(EmailQuery("IN"))
        .Answer(200, RecordsAnswer(Json::array()));
  }

  ClientHarness h_;
  RecordOps records_{h_.client()};
  PeopleOps people_{h_.client(), &records_};
};

TEST_F(PeopleOpsTest, NewPersonWithGsidInTheAnswerIsInserted) {
  NobodyExists();
  h_.http()
      .Expect(HttpMethod::kPut, kPeoplePath)
      .Answer(200, OkEnvelope({{"Gsid", "P1"}, {"Email", "ann@a.co"}}));
  std::vector<RecordOutcome> out = Upsert({PersonRecord("ann@a.co")});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(out[0].error.ok()) << out[0].error;
  EXPECT_EQ(out[0].gsid, "P1");
  EXPECT_EQ(out[0].action, WRITE_ACTION_INSERTED);
  EXPECT_EQ(Unreadable(), 0);
}

TEST_F(PeopleOpsTest, ExistingPersonWithoutGsidInTheAnswerKeepsTheLookedUpOne) {
  h_.http()
      .Expect(HttpMethod::kPost, kPersonQuery)
      .Answer(200, RecordsAnswer(
                       Json::array({{{"Gsid", "P7"}, {"Email", "Ann@A.co"}}})));
  h_.http()
      .Expect(HttpMethod::kPut, kPeoplePath)
      .Answer(200, OkEnvelope(nullptr));
  std::vector<RecordOutcome> out = Upsert({PersonRecord("ann@a.co")});
  EXPECT_TRUE(out[0].error.ok()) << out[0].error;
  EXPECT_EQ(out[0].gsid, "P7");
  EXPECT_EQ(out[0].action, WRITE_ACTION_UPDATED);
  EXPECT_EQ(h_.http().request_count(), 2) << "no read back needed";
  EXPECT_EQ(Unreadable(), 1);
}

TEST_F(PeopleOpsTest, NewPersonWithoutGsidInTheAnswerIsReadBackByEmail) {
  NobodyExists();
  h_.http()
      .Expect(HttpMethod::kPut, kPeoplePath)
      .Answer(200, OkEnvelope(Json::object()));
  h_.http()
      .Expect(HttpMethod::kPost, kPersonQuery)
      .When(EmailQuery("EQ"))
      .Answer(200, RecordsAnswer(
                       Json::array({{{"Gsid", "P9"}, {"Email", "ann@a.co"}}})));
  std::vector<RecordOutcome> out = Upsert({PersonRecord("ann@a.co")});
  EXPECT_TRUE(out[0].error.ok()) << out[0].error;
  EXPECT_EQ(out[0].gsid, "P9");
  EXPECT_EQ(out[0].action, WRITE_ACTION_INSERTED);
  EXPECT_EQ(h_.http().request_count(), 3);
}

TEST_F(PeopleOpsTest, AcceptedUpsertIsASuccessEvenWhenTheReadBackFails) {
  NobodyExists();
  h_.http()
      .Expect(HttpMethod::kPut, kPeoplePath)
      .Answer(200, OkEnvelope(nullptr));
  h_.http()
      .Expect(HttpMethod::kPost, kPersonQuery)
      .When(EmailQuery("EQ"))
      .Answer(403, ErrorEnvelope("GS_APIG_2402", "Forbidden"));
  std::vector<RecordOutcome> out = Upsert({PersonRecord("ann@a.co")});
  EXPECT_TRUE(out[0].error.ok()) << out[0].error;
  EXPECT_EQ(out[0].action, WRITE_ACTION_INSERTED);
  EXPECT_EQ(out[0].gsid, "");
}

TEST_F(PeopleOpsTest, ARejectedPersonFailsAloneAndOthersAreWritten) {
  NobodyExists();
  h_.http()
      .Expect(HttpMethod::kPut, kPeoplePath)
      .When(Upserts("bad@a.co"))
      .Answer(400, ErrorEnvelope("GSOBJ_PEOPLE1001",
                                 "People entities do not exist"));
  h_.http()
      .Expect(HttpMethod::kPut, kPeoplePath)
      .When(Upserts("ok@a.co"))
      .Answer(200, OkEnvelope({{"Gsid", "P2"}}));
  std::vector<RecordOutcome> out =
      Upsert({PersonRecord("bad@a.co"), PersonRecord("ok@a.co")});
  EXPECT_EQ(out[0].error.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(out[1].gsid, "P2");
}

TEST_F(PeopleOpsTest, AFailedLookupWritesNobody) {
  h_.http()
      .Expect(HttpMethod::kPost, kPersonQuery)
      .Answer(403, ErrorEnvelope("GS_APIG_2402", "Forbidden"));
  std::vector<RecordOutcome> out =
      Upsert({PersonRecord("a@a.co"), PersonRecord("b@a.co")});
  EXPECT_EQ(h_.http().request_count(), 1);
  for (const RecordOutcome& o : out) {
    EXPECT_EQ(o.error.code(), absl::StatusCode::kPermissionDenied);
  }
}

TEST_F(PeopleOpsTest, CompanyNamesResolveToTheirOneCompany) {
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyQueryPath)
      .Answer(200, RecordsAnswer(
                       Json::array({{{"Gsid", "C1"}, {"Name", "Acme"}},
                                    {{"Gsid", "C2"}, {"Name", "Twice"}},
                                    {{"Gsid", "C3"}, {"Name", "Twice"}}})));
  NobodyExists();
  h_.http()
      .Expect(HttpMethod::kPut, kPeoplePath)
      .When([](const HttpRequest& r) {
        Json body = Json::parse(r.body);
        return body["companies"][0]["Company_ID"] == "C1" &&
               !body["companies"][0].contains(kCompanyNamePath);
      })
      .Answer(200, OkEnvelope({{"Gsid", "P1"}}));
  Json acme = PersonRecord("a@a.co");
  acme[kCompaniesKey] = Json::array({{{kCompanyNamePath, "Acme"}}});
  Json twice = PersonRecord("b@a.co");
  twice[kCompaniesKey] = Json::array({{{kCompanyNamePath, "Twice"}}});
  Json none = PersonRecord("c@a.co");
  none[kCompaniesKey] = Json::array({{{kCompanyNamePath, "Nobody"}}});
  std::vector<RecordOutcome> out = Upsert({acme, twice, none});
  EXPECT_EQ(out[0].gsid, "P1");
  EXPECT_EQ(out[1].error.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorReason(out[1].error), "COMPANY_NAME_AMBIGUOUS");
  EXPECT_THAT(std::string(out[1].error.message()),
              ::testing::HasSubstr("give company_id, one of C2, C3"));
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(GetErrorInfo(out[1].error, &info));
  EXPECT_EQ(info.metadata().at("candidate_gsids"), "C2, C3");
  EXPECT_EQ(out[2].error.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ErrorReason(out[2].error), "COMPANY_NOT_FOUND");
}

TEST_F(PeopleOpsTest, AnAmbiguousCompanyNameListsAtMostTenCandidates) {
  Json rows = Json::array();
  for (int i = 1; i <= 12; ++i) {
    rows.push_back({{"Gsid", absl::StrCat("C", i)}, {"Name", "Common"}});
  }
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyQueryPath)
      .Answer(200, RecordsAnswer(rows));
  NobodyExists();
  Json person = PersonRecord("a@a.co");
  person[kCompaniesKey] = Json::array({{{kCompanyNamePath, "Common"}}});
  std::vector<RecordOutcome> out = Upsert({person});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(ErrorReason(out[0].error), "COMPANY_NAME_AMBIGUOUS");
  EXPECT_THAT(std::string(out[0].error.message()),
              ::testing::HasSubstr("12 companies have the name"));
  EXPECT_THAT(std::string(out[0].error.message()),
              ::testing::EndsWith("one of C1, C2, C3, C4, C5, C6, C7, C8, C9, "
                                  "C10, ..."));
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(GetErrorInfo(out[0].error, &info));
  EXPECT_EQ(info.metadata().at("candidate_gsids"),
            "C1, C2, C3, C4, C5, C6, C7, C8, C9, C10");
  for (const HttpRequest& r : h_.http().requests()) {
    EXPECT_NE(r.method, HttpMethod::kPut)
        << "nothing of that person is written";
  }
}

TEST_F(PeopleOpsTest, AFailedCompanyNameLookupFailsOnlyThePeopleNamingOne) {
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyQueryPath)
      .Answer(403, ErrorEnvelope("GS_APIG_2402", "Forbidden"));
  NobodyExists();
  h_.http()
      .Expect(HttpMethod::kPut, kPeoplePath)
      .When(Upserts("b@a.co"))
      .Answer(200, OkEnvelope({{"Gsid", "P2"}}));
  Json named = PersonRecord("a@a.co");
  named[kCompaniesKey] = Json::array({{{kCompanyNamePath, "Acme"}}});
  std::vector<RecordOutcome> out = Upsert({named, PersonRecord("b@a.co")});
  EXPECT_EQ(out[0].error.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(out[1].error.ok()) << out[1].error;
  EXPECT_EQ(out[1].gsid, "P2");
}

TEST_F(PeopleOpsTest, CompanyRowsWithoutANameOrGsidMatchNoName) {
  // A row Gainsight sent without its GSID cannot be the person's company:
  // the one complete row of that name is.
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyQueryPath)
      .Answer(200,
              RecordsAnswer(Json::array({{{"Name", "Acme"}},
                                         {{"Gsid", 7}, {"Name", "Acme"}},
                                         {{"Gsid", "C1"}, {"Name", "Acme"}}})));
  NobodyExists();
  h_.http()
      .Expect(HttpMethod::kPut, kPeoplePath)
      .When([](const HttpRequest& r) {
        return Json::parse(r.body)["companies"][0]["Company_ID"] == "C1";
      })
      .Answer(200, OkEnvelope({{"Gsid", "P1"}}));
  Json named = PersonRecord("a@a.co");
  named[kCompaniesKey] = Json::array({{{kCompanyNamePath, "Acme"}}});
  std::vector<RecordOutcome> out = Upsert({named});
  EXPECT_TRUE(out[0].error.ok()) << out[0].error;
  EXPECT_EQ(out[0].gsid, "P1");
}

TEST_F(PeopleOpsTest, ADeleteByEmailWhoseLookupFailsFailsThatPersonOnly) {
  h_.http()
      .Expect(HttpMethod::kPost, kPersonQuery)
      .Answer(403, ErrorEnvelope("GS_APIG_2402", "Forbidden"));
  h_.http()
      .Expect(HttpMethod::kDelete, "/v1/peoplemgmt/v1.0/people/P6")
      .Answer(200, OkEnvelope(nullptr));
  std::vector<RecordOutcome> out = Delete({{"", "ann@a.co"}, {"P6", ""}});
  EXPECT_EQ(out[0].error.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(out[1].action, WRITE_ACTION_DELETED);
  EXPECT_EQ(h_.http().request_count(), 2) << "nobody deleted by a guess";
}

TEST_F(PeopleOpsTest, DeletesByGsidOrEmail) {
  h_.http()
      .Expect(HttpMethod::kPost, kPersonQuery)
      .When([](const HttpRequest& r) {
        return Json::parse(r.body)["where"]["conditions"][0]["value"][0] ==
               "ann@a.co";
      })
      .Answer(200, RecordsAnswer(Json::array({{{"Gsid", "P5"}}})));
  h_.http()
      .Expect(HttpMethod::kPost, kPersonQuery)
      .Answer(200, RecordsAnswer(Json::array()));
  h_.http()
      .Expect(HttpMethod::kDelete, "/v1/peoplemgmt/v1.0/people/P5")
      .Answer(200, OkEnvelope(nullptr));
  h_.http()
      .Expect(HttpMethod::kDelete, "/v1/peoplemgmt/v1.0/people/P6")
      .Answer(200, OkEnvelope({{"statusId", "async-1"}}));
  std::vector<RecordOutcome> out =
      Delete({{"", "ann@a.co"}, {"", "nobody@a.co"}, {"P6", ""}});
  EXPECT_EQ(out[0].gsid, "P5");
  EXPECT_EQ(out[0].action, WRITE_ACTION_DELETED);
  EXPECT_EQ(out[1].error.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ErrorReason(out[1].error), "PERSON_NOT_FOUND");
  EXPECT_EQ(out[2].gsid, "P6");
}

TEST_F(PeopleOpsTest, ADeleteRouteTheTenantLacksIsUnimplemented) {
  h_.http()
      .Expect(HttpMethod::kDelete, "/v1/peoplemgmt/v1.0/people/P6")
      .Answer(404, ErrorEnvelope("GS_APIG_1000", "Not Found"));
  std::vector<RecordOutcome> out = Delete({{"P6", ""}});
  EXPECT_EQ(out[0].error.code(), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(ErrorReason(out[0].error), "GAINSIGHT_ROUTE_NOT_FOUND");
}

}  // namespace
}  // namespace gg
