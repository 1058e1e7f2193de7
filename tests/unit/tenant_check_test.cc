// The tenant check on a scripted tenant: each kind of answer gets its
// verdict, each probe is sent once, and details never carry values.
#include "ops/tenant_check.h"

#include <map>
#include <optional>
#include <set>
#include <string>

#include "gainsight/cta_mapping.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/client_harness.h"
#include "tests/support/gainsight_paths.h"

namespace gg {
namespace {

using testing::ClientHarness;
using testing::ErrorEnvelope;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::OkEnvelope;

constexpr char kPlaybookPath[] = "/v2/cockpit/playbook";
constexpr char kCtaListPath[] = "/v2/cockpit/cta/list";
constexpr char kSuccessPlanListPath[] = "/v2/successPlan/list";
constexpr char kPersonQueryPath[] = "/v1/data/objects/query/Person";
constexpr char kUserDescribePath[] =
    "/v1/meta/services/objects/GsUser/describe";
constexpr char kStatusPath[] =
    "/v1.0/admin/connector/job/bulkimport/status/gateway-tenant-check-none";
constexpr char kExportPath[] = "/v3/exports/data/bulk/Company";

// A value no detail may ever show.
constexpr char kSecret[] = "value-7f3a-never-in-details";

Json Describe(const std::string& object,
              const std::vector<std::string>& fields) {
  Json entry = {{"objectName", object}, {"label", object}};
  entry["fields"] = Json::array();
  for (const std::string& name : fields) {
    entry["fields"].push_back({{"fieldName", name}, {"dataType", "STRING"}});
  }
  return Json::array({entry});
}

Json CtaTypeItem(const std::string& gsid, const std::string& name) {
  return {{"gsid", gsid},
          {"name", name},
          {"active", true},
          {"typeName", "ALL_CTA_TYPE"},
          {"displayOrder", 1}};
}

bool QueryStarts(const HttpRequest& request, const std::string& prefix) {
  return testing::ScriptedHttpClient::QueryOf(request.url).rfind(prefix, 0) ==
         0;
}

class TenantCheckTest : public ::testing::Test {
 protected:
  TenantCheckTest() : TenantCheckTest(WithBulkApiConnection()) {}
  explicit TenantCheckTest(GainsightClient::Options options)
      : harness_("sync=100000/1m;bulk=100000/1h", std::move(options)) {}

  // A tenant that answers every probe as the gateway reads it, except the
  // (method, path) pairs in `except`, which the test scripts itself.
  void ScriptGoodTenant(std::set<std::string> except = {}) {
    auto& http = harness_.http();
    auto want = [&](const std::string& key) { return except.count(key) == 0; };
    if (want("company_describe")) {
      http.Expect(HttpMethod::kGet,
                  "/v1/meta/services/objects/Company/describe")
          .Answer(200, OkEnvelope(Describe("Company", {"Gsid", "Name"})));
    }
    if (want("user_describe")) {
      http.Expect(HttpMethod::kGet, kUserDescribePath)
          .Answer(200, OkEnvelope(Describe("GsUser",
                                           {"Gsid", "Email", "IsActiveUser"})));
    }
    for (const char* object : {"call_to_action", "cta_group"}) {
      http.Expect(HttpMethod::kGet, absl::StrCat("/v1/meta/services/objects/",
                                                 object, "/describe"))
          .Answer(200, OkEnvelope(Describe(object, {"Gsid", "Name"})));
    }
    http.Expect(HttpMethod::kPost, "/v1/data/objects/query/Company")
        .Answer(
            200,
            OkEnvelope({{"records", {{{"Gsid", "1P01"}, {"Name", kSecret}}}}}));
    if (want("person_query")) {
      http.Expect(HttpMethod::kPost, kPersonQueryPath)
          .Answer(200, OkEnvelope(Json::array(
                           {{{"Gsid", "1C01"}, {"Email", "a@b.example"}}})));
    }
    http.Expect(HttpMethod::kPost, "/v1/data/objects/query/Company_Person")
        .Answer(200, ErrorEnvelope("GSOBJ_1011",
                                   "No data found for given criteria"));
    http.Expect(HttpMethod::kPost, "/v1/data/objects/query/relationship")
        .Answer(200, OkEnvelope({{"records", {{{"Gsid", "1P05"}}}}}));
    http.Expect(HttpMethod::kPost, "/v1/data/objects/query/relationship_person")
        .Answer(200, ErrorEnvelope("GSOBJ_1011",
                                   "No data found for given criteria"));
    http.Expect(HttpMethod::kGet, testing::kCockpitPicklistPath)
        .When(
            [](const HttpRequest& r) { return QueryStarts(r, "category=CTA"); })
        .Answer(200, OkEnvelope({{"CTA_TYPE", {CtaTypeItem("T1", "Risk")}},
                                 {"CTA_STATUS", {CtaTypeItem("S1", "Open")}},
                                 {"CTA_PRIORITY", {CtaTypeItem("P1", "High")}},
                                 {"CTA_REASON", Json::array()}}));
    http.Expect(HttpMethod::kGet, "/v2/successPlan/admin/picklist/lite")
        .Answer(200,
                OkEnvelope(
                    {{"SUCCESS_PLAN_TYPE", {CtaTypeItem("T1", "Onb")}},
                     {"SUCCESS_PLAN_STATUS", {CtaTypeItem("S1", "Draft")}}}));
    http.Expect(HttpMethod::kGet, testing::kCockpitPicklistPath)
        .When([](const HttpRequest& r) {
          return QueryStarts(r, "category=TASK");
        })
        .Answer(200,
                OkEnvelope({{"TASK_TYPE", {CtaTypeItem("T1", "Call")}},
                            {"TASK_STATUS", {CtaTypeItem("S1", "Open")}},
                            {"TASK_PRIORITY", {CtaTypeItem("P1", "Low")}}}));
    if (want("cta_list")) {
      http.Expect(HttpMethod::kPost, kCtaListPath)
          .Answer(
              200,
              OkEnvelope(Json::array({{{"Gsid", "1S01"}, {"Name", kSecret}}})));
    }
    http.Expect(HttpMethod::kPost, "/v2/cockpit/task/list")
        .Answer(200, OkEnvelope(Json::array()));
    if (want("plan_list")) {
      http.Expect(HttpMethod::kPost, kSuccessPlanListPath)
          .Answer(
              200,
              OkEnvelope(Json::array({{{"Gsid", "1I01"}, {"Name", "Plan"}}})));
    }
    if (want("playbooks")) {
      http.Expect(HttpMethod::kGet, kPlaybookPath)
          .Answer(200, OkEnvelope(Json::array(
                           {{{"gsid", "PB1"}, {"name", "Onboarding"}}})));
    }
    if (want("status")) {
      http.Expect(HttpMethod::kGet, kStatusPath)
          .Answer(404, ErrorEnvelope("GS_7575", "No upload with this id"));
    }
  }

  TenantCheckReport Run(bool include_bulk = false) {
    std::optional<TenantCheckReport> report;
    RunTenantCheck(harness_.client(), include_bulk, harness_.Context(),
                   [&](TenantCheckReport r) { report = std::move(r); });
    while (!report.has_value() && harness_.scheduler().pending() > 0) {
      harness_.scheduler().RunNext();
    }
    EXPECT_TRUE(report.has_value());
    return report.value_or(TenantCheckReport());
  }

  static ProbeVerdict Verdict(const TenantCheckReport& report,
                              const std::string& name) {
    for (const ProbeReport& probe : report.probes) {
      if (probe.name == name) return probe.verdict;
    }
    ADD_FAILURE() << "no probe " << name;
    return {};
  }

  // Every probe but `name` is OK or SKIPPED.
  static void ExpectOnlyDiffers(const TenantCheckReport& report,
                                const std::string& name) {
    for (const ProbeReport& probe : report.probes) {
      if (probe.name == name) continue;
      EXPECT_TRUE(probe.verdict.result == ProbeResult::kOk ||
                  probe.verdict.result == ProbeResult::kSkipped)
          << probe.name << ": " << probe.verdict.detail;
    }
    EXPECT_FALSE(report.ok());
  }

  // The playbook list answers `http_status` with `code` to every send (the
  // client would retry a 503 and queue a 429 again for other calls): the
  // probe is FAILED with `detail` after one send, the others are OK.
  void ExpectPlaybooksFailedAfterOneSend(int http_status, const char* code,
                                         const std::string& detail) {
    ScriptGoodTenant({"playbooks"});
    harness_.http()
        .Expect(HttpMethod::kGet, kPlaybookPath)
        .Answer(http_status, ErrorEnvelope(code, "refused"))
        .Times(4);
    TenantCheckReport report = Run();
    ProbeVerdict verdict = Verdict(report, "list_playbooks");
    EXPECT_EQ(verdict.result, ProbeResult::kFailed);
    EXPECT_EQ(verdict.detail, detail);
    EXPECT_EQ(RequestsTo(kPlaybookPath), 1);
    EXPECT_EQ(report.sync_calls, 17);
    ExpectOnlyDiffers(report, "list_playbooks");
  }

  int RequestsTo(const std::string& path) {
    int n = 0;
    for (const HttpRequest& r : harness_.http().requests()) {
      if (testing::ScriptedHttpClient::PathOf(r.url) == path) ++n;
    }
    return n;
  }

  static GainsightClient::Options WithBulkApiConnection() {
    GainsightClient::Options options = ClientHarness::DefaultOptions();
    options.bulk_api = {"bulk-access-key", "org-1", "loader@example.com"};
    return options;
  }

  ClientHarness harness_;
};

class TenantCheckWithoutBulkConnectionTest : public TenantCheckTest {
 protected:
  TenantCheckWithoutBulkConnectionTest()
      : TenantCheckTest(ClientHarness::DefaultOptions()) {}
};

TEST_F(TenantCheckTest, EveryProbeOkWithinTheSyncBudgetAndNoBulkCall) {
  ScriptGoodTenant();
  TenantCheckReport report = Run();
  for (const ProbeReport& probe : report.probes) {
    if (probe.name == "bulk_export_submit") {
      EXPECT_EQ(probe.verdict.result, ProbeResult::kSkipped);
    } else {
      EXPECT_EQ(probe.verdict.result, ProbeResult::kOk)
          << probe.name << ": " << probe.verdict.detail;
    }
  }
  EXPECT_TRUE(report.ok());
  EXPECT_EQ(report.probes.size(), 18u);
  EXPECT_EQ(report.sync_calls, harness_.http().request_count());
  EXPECT_EQ(report.sync_calls, 17);
  EXPECT_LE(report.sync_calls, kMaxTenantCheckSyncCalls);
  EXPECT_EQ(report.bulk_calls, 0);
  EXPECT_EQ(RequestsTo(kExportPath), 0);
  EXPECT_EQ(harness_.http().unmet(), 0);
}

TEST_F(TenantCheckTest, ProbesNameTheirCallAndSendTheDefaultSelects) {
  ScriptGoodTenant();
  TenantCheckReport report = Run();
  std::map<std::string, std::string> calls;
  for (const ProbeReport& probe : report.probes) calls[probe.name] = probe.call;
  EXPECT_EQ(calls["describe_gsuser"], std::string("GET ") + kUserDescribePath);
  EXPECT_EQ(calls["list_ctas"], std::string("POST ") + kCtaListPath);
  for (const HttpRequest& r : harness_.http().requests()) {
    if (testing::ScriptedHttpClient::PathOf(r.url) != kCtaListPath) continue;
    Json body = Json::parse(r.body);
    EXPECT_EQ(body["select"].size(), CtaDefaultSelect().size());
    EXPECT_EQ(body["pageSize"], 1);
  }
}

TEST_F(TenantCheckTest, MissingRouteIsRouteMissing) {
  ScriptGoodTenant({"playbooks"});
  harness_.http()
      .Expect(HttpMethod::kGet, kPlaybookPath)
      .Answer(404, ErrorEnvelope("GS_APIG_1000", "Route not found"));
  TenantCheckReport report = Run();
  ProbeVerdict verdict = Verdict(report, "list_playbooks");
  EXPECT_EQ(verdict.result, ProbeResult::kRouteMissing);
  EXPECT_EQ(verdict.detail, "GS_APIG_1000");
  ExpectOnlyDiffers(report, "list_playbooks");
}

TEST_F(TenantCheckTest, RefusedDefaultSelectFieldIsFieldUnknownAndNotRetried) {
  ScriptGoodTenant({"cta_list"});
  harness_.http()
      .Expect(HttpMethod::kPost, kCtaListPath)
      .Answer(400,
              ErrorEnvelope("COCKPIT_5101",
                            "Invalid fields in select clause - IsImportant"));
  TenantCheckReport report = Run();
  ProbeVerdict verdict = Verdict(report, "list_ctas");
  EXPECT_EQ(verdict.result, ProbeResult::kFieldUnknown);
  EXPECT_EQ(verdict.detail, "COCKPIT_5101: IsImportant");
  EXPECT_EQ(RequestsTo(kCtaListPath), 1);
  ExpectOnlyDiffers(report, "list_ctas");
}

TEST_F(TenantCheckTest, UnknownQueryFieldIsFieldUnknownNamingIt) {
  ScriptGoodTenant({"person_query"});
  harness_.http()
      .Expect(HttpMethod::kPost, kPersonQueryPath)
      .Answer(400, ErrorEnvelope("GSOBJ_1002",
                                 "Invalid field, please re-check data mapping "
                                 "(Email: no such field on Person)"));
  TenantCheckReport report = Run();
  ProbeVerdict verdict = Verdict(report, "query_person");
  EXPECT_EQ(verdict.result, ProbeResult::kFieldUnknown);
  EXPECT_EQ(verdict.detail, "GSOBJ_1002: Email");
  ExpectOnlyDiffers(report, "query_person");
}

TEST_F(TenantCheckTest, ValidationErrorNamingNoSelectFieldIsFailed) {
  ScriptGoodTenant({"person_query"});
  harness_.http()
      .Expect(HttpMethod::kPost, kPersonQueryPath)
      .Answer(400, ErrorEnvelope("GSOBJ_1008", "Invalid limit"));
  TenantCheckReport report = Run();
  ProbeVerdict verdict = Verdict(report, "query_person");
  EXPECT_EQ(verdict.result, ProbeResult::kFailed);
  EXPECT_EQ(verdict.detail,
            "INVALID_ARGUMENT GAINSIGHT_INVALID_RECORD GSOBJ_1008 (HTTP 400)");
  ExpectOnlyDiffers(report, "query_person");
}

TEST_F(TenantCheckTest, UserWithoutActiveFlagIsFieldUnknown) {
  ScriptGoodTenant({"user_describe"});
  harness_.http()
      .Expect(HttpMethod::kGet, kUserDescribePath)
      .Answer(200, OkEnvelope(Describe("GsUser", {"Gsid", "Email", "Active"})));
  TenantCheckReport report = Run();
  ProbeVerdict verdict = Verdict(report, "describe_gsuser");
  EXPECT_EQ(verdict.result, ProbeResult::kFieldUnknown);
  EXPECT_THAT(verdict.detail, HasSubstr("IsActive or IsActiveUser"));
  ExpectOnlyDiffers(report, "describe_gsuser");
}

TEST_F(TenantCheckTest, UnreadableAnswerIsUnexpectedShapeByKeyNamesOnly) {
  ScriptGoodTenant({"plan_list"});
  harness_.http()
      .Expect(HttpMethod::kPost, kSuccessPlanListPath)
      .Answer(200,
              OkEnvelope({{"items", {{{"Gsid", "1I01"}, {"Name", kSecret}}}},
                          {"total", 1}}));
  TenantCheckReport report = Run();
  ProbeVerdict verdict = Verdict(report, "list_success_plans");
  EXPECT_EQ(verdict.result, ProbeResult::kUnexpectedShape);
  EXPECT_THAT(verdict.detail, HasSubstr("items"));
  EXPECT_THAT(verdict.detail, HasSubstr("total"));
  EXPECT_THAT(verdict.detail, Not(HasSubstr(kSecret)));
  ExpectOnlyDiffers(report, "list_success_plans");
}

TEST_F(TenantCheckTest, DescribeWithoutTheObjectIsUnexpectedShape) {
  ScriptGoodTenant({"company_describe"});
  harness_.http()
      .Expect(HttpMethod::kGet, "/v1/meta/services/objects/Company/describe")
      .Answer(200, OkEnvelope({{"object", {{"name", kSecret}}}}));
  TenantCheckReport report = Run();
  ProbeVerdict verdict = Verdict(report, "describe_company");
  EXPECT_EQ(verdict.result, ProbeResult::kUnexpectedShape);
  EXPECT_THAT(verdict.detail, HasSubstr("{object}"));
  EXPECT_THAT(verdict.detail, Not(HasSubstr(kSecret)));
  ExpectOnlyDiffers(report, "describe_company");
}

TEST_F(TenantCheckTest, StatusOfAnUnknownIdAnsweredWithDataIsUnexpectedShape) {
  ScriptGoodTenant({"status"});
  harness_.http()
      .Expect(HttpMethod::kGet, kStatusPath)
      .Answer(200, OkEnvelope({{"jobStatus", "INIT"}}));
  TenantCheckReport report = Run();
  ProbeVerdict verdict = Verdict(report, "bulk_import_status");
  EXPECT_EQ(verdict.result, ProbeResult::kUnexpectedShape);
  EXPECT_THAT(verdict.detail, HasSubstr("jobStatus"));
  ExpectOnlyDiffers(report, "bulk_import_status");
}

TEST_F(TenantCheckTest, TransientFailureIsFailedAfterOneSend) {
  ExpectPlaybooksFailedAfterOneSend(
      503, "GU_1101", "UNAVAILABLE GAINSIGHT_UNAVAILABLE GU_1101 (HTTP 503)");
}

TEST_F(TenantCheckTest, RateLimitedProbeIsFailedNotQueuedAgain) {
  ExpectPlaybooksFailedAfterOneSend(
      429, "GU_2400",
      "RESOURCE_EXHAUSTED GAINSIGHT_RATE_LIMITED GU_2400 (HTTP 429)");
}

TEST_F(TenantCheckTest, IncludeBulkSubmitsOneExport) {
  ScriptGoodTenant();
  harness_.http()
      .Expect(HttpMethod::kPost, kExportPath)
      .Answer(200, OkEnvelope({{"jobId", "EXP1"}, {"statusURL", "/x"}}));
  TenantCheckReport report = Run(/*include_bulk=*/true);
  EXPECT_EQ(Verdict(report, "bulk_export_submit").result, ProbeResult::kOk);
  EXPECT_TRUE(report.ok());
  EXPECT_EQ(report.sync_calls, 17);
  EXPECT_EQ(report.bulk_calls, 1);
}

TEST_F(TenantCheckWithoutBulkConnectionTest, ImportStatusIsSkippedUnsent) {
  ScriptGoodTenant({"status"});
  TenantCheckReport report = Run();
  ProbeVerdict verdict = Verdict(report, "bulk_import_status");
  EXPECT_EQ(verdict.result, ProbeResult::kSkipped);
  EXPECT_THAT(verdict.detail, HasSubstr("GS Bulk API connection"));
  EXPECT_EQ(RequestsTo(kStatusPath), 0);
  EXPECT_TRUE(report.ok());
  EXPECT_EQ(report.sync_calls, 16);
}

}  // namespace
}  // namespace gg
