// The sandbox's Cockpit CTA endpoints and GsUser seeds over real HTTP.
#include <string>

#include "gtest/gtest.h"
#include "sandbox/json.h"
#include "sandbox/tenant_seeds.h"
#include "tests/sandbox/cockpit_fixture.h"

namespace gg::sandbox {
namespace {

class CtaHttpTest : public CockpitFixture {};

Json Where(const std::string& field, const Json& value,
           const std::string& op = "EQ") {
  return {{"conditions",
           {{{"fieldName", field},
             {"alias", "A"},
             {"operator", op},
             {"value", {value}}}}}};
}

TEST_F(CtaHttpTest, CreatedCtaIsListedWithDefaultAndLookupFields) {
  std::string company = CreateCompany("Northwind");
  std::string gsid = CreateCta(RiskCta(company, "Usage fell"));
  ASSERT_EQ(gsid.substr(0, 4), "1S01");
  Json row = CtaRow(gsid);
  EXPECT_EQ(row["Gsid"], gsid);
  EXPECT_EQ(row["Name"], "Usage fell");
  EXPECT_EQ(row["CompanyId"], company);
  EXPECT_EQ(row["CompanyId__gr.Name"], "Northwind");
  EXPECT_EQ(row["EntityType"], "COMPANY");
  EXPECT_EQ(row["TypeId__gr.Name"], "Risk");
  EXPECT_EQ(row["StatusId__gr.Name"], "New");
  EXPECT_EQ(row["PriorityId__gr.Name"], "High");
  EXPECT_EQ(row["ReasonId__gr.Name"], "Usage Drop");
  EXPECT_EQ(row["OwnerId"], kSeedUserCaseyOne);
  EXPECT_EQ(row["OwnerId__gr.Email"], "csm.one@example.com");
  EXPECT_EQ(row["OwnerId__gr.Name"], "Casey One");
  EXPECT_EQ(row["DueDate"], "2026-03-31");
  EXPECT_EQ(row["IsClosed"], false);
  EXPECT_EQ(row["IsImportant"], false);
  // Null fields are left out, selected or not.
  EXPECT_FALSE(row.contains("Comments"));
  EXPECT_FALSE(row.contains("ClosedDate"));
  Json selected = CtaRow(gsid, {"comments", "CreatedDate", "ClosedDate"});
  EXPECT_FALSE(selected.contains("Comments"));
  EXPECT_FALSE(selected.contains("ClosedDate"));
  EXPECT_EQ(selected["CreatedDate"], "2026-03-10T15:00:00.000Z");
}

TEST_F(CtaHttpTest, RecordsFailAloneInRequestOrder) {
  std::string company = CreateCompany("Contoso");
  Json ok = RiskCta(company, "Good one");
  ok["referenceId"] = "ref-ok";
  Json no_name = RiskCta(company, "x");
  no_name.erase("Name");
  no_name["referenceId"] = "ref-no-name";
  Json wrong_reason = RiskCta(company, "Upsell on a risk");
  wrong_reason["reason"] = "Upsell";  // an Expansion reason
  auto [status, body] = Post(kCtaPath, Requests({ok, no_name, wrong_reason}));
  ASSERT_EQ(status, 200) << body.dump();
  const Json& data = body["data"];
  ASSERT_EQ(data.size(), 3u);
  EXPECT_EQ(data[0]["referenceId"], "ref-ok");
  EXPECT_EQ(data[0]["success"], true);
  EXPECT_EQ(data[1]["referenceId"], "ref-no-name");
  EXPECT_EQ(data[1]["success"], false);
  EXPECT_EQ(data[1]["errorCode"], "COCKPIT_9700");
  EXPECT_EQ(data[1]["fieldName"], "Name");
  EXPECT_EQ(data[2]["referenceId"], "2");
  EXPECT_EQ(data[2]["errorCode"], "GSOBJ_1011");
  EXPECT_EQ(data[2]["fieldName"], "reason");
  auto [list_status, list] =
      Post(kCtaListPath, {{"where", Where("CompanyId", company)}});
  ASSERT_EQ(list_status, 200);
  ASSERT_EQ(list["data"].size(), 1u);
  EXPECT_EQ(list["data"][0]["Gsid"], data[0]["Gsid"]);
}

TEST_F(CtaHttpTest, ReferencesMustNameExistingAllowedRecords) {
  std::string company = CreateCompany("Fabrikam");
  std::string other = CreateCompany("Globex");
  auto [plan_status, plan] =
      Post("/v2/successPlan", {{"requests",
                                {{{"record",
                                   {{"Name", "Globex plan"},
                                    {"CompanyId", other},
                                    {"SuccessPlanType", "Onboarding"},
                                    {"DueDate", "2026-06-30"}}}}}}});
  ASSERT_EQ(plan_status, 200) << plan.dump();
  std::string other_plan = plan["data"][0]["Gsid"];
  struct Case {
    std::string field;
    Json value;
  };
  const Case cases[] = {
      {"CompanyId", "1P02NOSUCHCOMPANY0000000000000000000"},
      {"OwnerId", "1P01NOSUCHUSER0000000000000000000000"},
      {"OwnerId", kSeedUserInactive},
      {"OwnerId", "not-a-gsid"},
      {"type", "New"},             // a status, not a type
      {"status", "Closed Lost"},   // Risk only
      {"reason", "Legacy"},        // inactive
      {"CtaGroupId", other_plan},  // another company's plan
      {"PlaybookId", "1C06PLAYBOOKLEGACY000000000000000000"},  // inactive
      {"PlaybookId", "1C06PLAYBOOKEXPANSION000000000000000"},  // other type
  };
  for (const Case& c : cases) {
    Json record = RiskCta(company, "Bad reference");
    if (c.field == "status") {
      record["type"] = "Expansion";
      record["reason"] = "Upsell";
    }
    record[c.field] = c.value;
    auto [status, body] = Post(kCtaPath, Requests({record}));
    ASSERT_EQ(status, 200) << body.dump();
    EXPECT_EQ(body["data"][0]["success"], false) << c.field << c.value;
    EXPECT_EQ(body["data"][0]["errorCode"], "GSOBJ_1011") << c.field;
    EXPECT_EQ(body["data"][0]["fieldName"], c.field) << c.value;
  }
  auto [list_status, list] = Post(kCtaListPath, Json::object());
  ASSERT_EQ(list_status, 200);
  EXPECT_TRUE(list["data"].empty()) << list.dump();
}

TEST_F(CtaHttpTest, UnknownFieldOrBadWrapperFailsTheWholeCall) {
  std::string company = CreateCompany("Initech");
  Json bad = RiskCta(company, "Typo");
  bad["Nmae"] = "x";
  auto [status, body] =
      Post(kCtaPath, Requests({RiskCta(company, "Fine"), bad}));
  EXPECT_EQ(status, 400);
  EXPECT_EQ(body["errorCode"], "GSOBJ_1008");
  for (const Json& wrapper :
       {Json::object(), Json{{"requests", Json::array()}},
        Json{{"requests", {{{"rec", Json::object()}}}}}}) {
    auto [s, b] = Post(kCtaPath, wrapper);
    EXPECT_EQ(s, 400) << wrapper.dump();
    EXPECT_EQ(b["errorCode"], "GSOBJ_1008") << wrapper.dump();
  }
  auto [list_status, list] = Post(kCtaListPath, Json::object());
  EXPECT_TRUE(list["data"].empty());
}

TEST_F(CtaHttpTest, ListPagesInCreationOrderAndChecksSelect) {
  std::string company = CreateCompany("Umbrella");
  std::vector<std::string> gsids;
  for (int i = 0; i < 5; ++i) {
    Json record = RiskCta(company, "CTA " + std::to_string(i));
    record["External_Ref__gc"] = "ext-" + std::to_string(i);
    gsids.push_back(CreateCta(record));
  }
  std::vector<std::string> seen;
  for (int page = 1; page <= 4; ++page) {
    auto [status, body] =
        Post(kCtaListPath, {{"select", {"Name", "external_ref__gc"}},
                            {"where", Where("CompanyId", company)},
                            {"pageSize", 2},
                            {"pageNumber", page}});
    ASSERT_EQ(status, 200) << body.dump();
    EXPECT_EQ(body["data"].size(), page <= 2 ? 2u : page == 3 ? 1u : 0u);
    for (const Json& row : body["data"]) {
      seen.push_back(row["Gsid"]);
      EXPECT_EQ(row["External_Ref__gc"],
                "ext-" + std::to_string(seen.size() - 1));
    }
    EXPECT_FALSE(body.contains("pageSize"));
  }
  EXPECT_EQ(seen, gsids);
  auto [status, body] =
      Post(kCtaListPath, {{"select", {"Name", "NoSuchField"}}});
  EXPECT_EQ(status, 400);
  EXPECT_EQ(body["errorCode"], "COCKPIT_5101");
  EXPECT_TRUE(body["data"].is_object() && body["data"].empty());
  auto [big_status, big] = Post(kCtaListPath, {{"pageSize", 1001}});
  EXPECT_EQ(big_status, 400);
  EXPECT_EQ(big["errorCode"], "GSOBJ_1008");
}

TEST_F(CtaHttpTest, ClosedStatusClosesAndOpenStatusReopens) {
  std::string company = CreateCompany("Hooli");
  std::string gsid = CreateCta(RiskCta(company, "To close"));
  clock_.Advance(absl::Hours(1));
  auto [status, body] = Put(std::string(kCtaPath) + kNoCascade,
                            Requests({{{"Gsid", gsid},
                                       {"status", "Closed Success"},
                                       {"Comments", "Paid"}}}));
  ASSERT_EQ(status, 200) << body.dump();
  EXPECT_EQ(body["data"][0]["success"], true) << body.dump();
  EXPECT_EQ(body["data"][0]["Gsid"], gsid);
  Json row = CtaRow(gsid, {"ClosedDate", "Comments"});
  EXPECT_EQ(row["IsClosed"], true);
  EXPECT_EQ(row["StatusId__gr.Name"], "Closed Success");
  EXPECT_EQ(row["ClosedDate"], "2026-03-10T16:00:00.000Z");
  EXPECT_EQ(row["Comments"], "Paid");
  EXPECT_EQ(row["Name"], "To close");  // untouched
  Put(std::string(kCtaPath) + kNoCascade,
      Requests({{{"Gsid", gsid}, {"status", "New"}}}));
  row = CtaRow(gsid, {"ClosedDate"});
  EXPECT_EQ(row["IsClosed"], false);
  EXPECT_FALSE(row.contains("ClosedDate"));
}

TEST_F(CtaHttpTest, UpdateErrors) {
  std::string company = CreateCompany("Stark");
  std::string gsid = CreateCta(RiskCta(company, "Target"));
  auto [status, body] = Put(
      std::string(kCtaPath) + kNoCascade,
      Requests(
          {{{"Gsid", "1S01NOSUCHCTA00000000000000000000000"}, {"Name", "x"}},
           {{"Name", "no gsid"}},
           {{"Gsid", gsid}, {"CompanyId", company}},
           {{"Gsid", gsid}, {"Name", nullptr}},
           {{"Gsid", gsid}, {"Name", "Renamed"}}}));
  ASSERT_EQ(status, 200) << body.dump();
  const Json& data = body["data"];
  EXPECT_EQ(data[0]["errorCode"], "GSOBJ_1011");
  EXPECT_EQ(data[0]["fieldName"], "Gsid");
  EXPECT_EQ(data[1]["errorCode"], "COCKPIT_9700");
  EXPECT_EQ(data[2]["errorCode"], "GSOBJ_1002");
  EXPECT_EQ(data[2]["fieldName"], "CompanyId");
  EXPECT_EQ(data[3]["errorCode"], "COCKPIT_9700");
  EXPECT_EQ(data[4]["success"], true);
  EXPECT_EQ(CtaRow(gsid)["Name"], "Renamed");
  for (const std::string& query :
       {std::string(""), std::string("?dueDateCascade=NO"),
        std::string("?dueDateCascade=SOME&ownerCascade=NO")}) {
    auto [s, b] = Put(std::string(kCtaPath) + query,
                      Requests({{{"Gsid", gsid}, {"Name", "x"}}}));
    EXPECT_EQ(s, 400) << query;
    EXPECT_EQ(b["errorCode"], "GSOBJ_1008") << query;
  }
  EXPECT_EQ(CtaRow(gsid)["Name"], "Renamed");
}

TEST_F(CtaHttpTest, PlaybookOnCreateBecomesTasks) {
  std::string company = CreateCompany("Acme");
  Json record = RiskCta(company, "At risk");
  record["PlaybookId"] = kRiskPlaybook;
  std::string gsid = CreateCta(record);
  Json row = CtaRow(gsid, {"PlaybookId", "PlaybookId__gr.Name"});
  EXPECT_EQ(row["PlaybookId"], kRiskPlaybook);
  EXPECT_EQ(row["PlaybookId__gr.Name"], "Renewal risk recovery");
  Json tasks = TasksOf(gsid);
  ASSERT_EQ(tasks.size(), 3u) << tasks.dump();
  EXPECT_EQ(tasks[0]["Name"], "Review the usage drop");
  EXPECT_EQ(tasks[0]["TypeId__gr.Name"], "Call");
  EXPECT_EQ(tasks[0]["PriorityId__gr.Name"], "High");
  EXPECT_EQ(tasks[0]["StatusId__gr.Name"], "Open");
  EXPECT_EQ(tasks[0]["DueDate"], "2026-03-12");  // today + 2 days
  EXPECT_EQ(tasks[0]["OwnerId"], kSeedUserCaseyOne);
  EXPECT_EQ(tasks[0]["CompanyId"], company);
  EXPECT_EQ(tasks[0]["PlaybookId"], kRiskPlaybook);
  EXPECT_EQ(tasks[1]["Name"], "Email the sponsor");
  EXPECT_EQ(tasks[1]["OwnerId__gr.Email"], "csm.two@example.com");
  EXPECT_EQ(tasks[1]["DueDate"], "2026-03-15");
  EXPECT_EQ(tasks[2]["Name"], "Run the recovery meeting");
  EXPECT_EQ(tasks[2]["DueDate"], "2026-03-24");
  // A playbook is applied once: another one on update is ignored.
  auto [status, body] =
      Put(std::string(kCtaPath) + kNoCascade,
          Requests({{{"Gsid", gsid},
                     {"PlaybookId", "1C06PLAYBOOKCHECKIN00000000000000000"}}}));
  EXPECT_EQ(body["data"][0]["success"], true) << body.dump();
  EXPECT_EQ(TasksOf(gsid).size(), 3u);
  EXPECT_EQ(CtaRow(gsid, {"PlaybookId"})["PlaybookId"], kRiskPlaybook);
}

TEST_F(CtaHttpTest, PlaybookOnUpdateAppliesToACtaWithout) {
  std::string company = CreateCompany("Initrode");
  std::string gsid = CreateCta(RiskCta(company, "Later playbook"));
  EXPECT_TRUE(TasksOf(gsid).empty());
  auto [status, body] =
      Put(std::string(kCtaPath) + kNoCascade,
          Requests({{{"Gsid", gsid},
                     {"PlaybookId", "1C06PLAYBOOKCHECKIN00000000000000000"}}}));
  EXPECT_EQ(body["data"][0]["success"], true) << body.dump();
  Json tasks = TasksOf(gsid);
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_EQ(tasks[0]["Name"], "Check in with the customer");
}

// Sets up a CTA with the Risk playbook's three tasks (Casey, Jordan, Casey),
// one manual task of Casey's and one closed playbook task; returns tasks by
// name after an update with the given cascades.
class CascadeTest : public CtaHttpTest {
 protected:
  void SetUp() override {
    CtaHttpTest::SetUp();
    Json record = RiskCta(CreateCompany("Cascade Co"), "Cascading");
    record["PlaybookId"] = kRiskPlaybook;
    cta_ = CreateCta(record);
    auto [status, body] =
        Post(kTaskPath, Requests({{{"CtaId", cta_},
                                   {"Name", "Manual"},
                                   {"DueDate", "2026-03-20"}}}));
    ASSERT_EQ(body["data"][0]["success"], true) << body.dump();
    Json tasks = TasksOf(cta_);
    ASSERT_EQ(tasks.size(), 4u);
    // Close "Run the recovery meeting".
    auto [s, b] =
        Put(kTaskPath,
            Requests({{{"Gsid", tasks[2]["Gsid"]}, {"status", "Closed"}}}));
    ASSERT_EQ(b["data"][0]["success"], true) << b.dump();
  }

  Json UpdateWith(const std::string& due, const std::string& owner) {
    auto [status, body] = Put(std::string(kCtaPath) + "?dueDateCascade=" + due +
                                  "&ownerCascade=" + owner,
                              Requests({{{"Gsid", cta_},
                                         {"DueDate", "2026-04-30"},
                                         {"OwnerId", kSeedUserSharedSam}}}));
    EXPECT_EQ(body["data"][0]["success"], true) << body.dump();
    Json by_name = Json::object();
    for (const Json& t : TasksOf(cta_))
      by_name[t["Name"].get<std::string>()] = t;
    return by_name;
  }

  std::string cta_;
};

TEST_F(CascadeTest, PlaybookTasksAndPreviousOwnersTasks) {
  Json t = UpdateWith("PLAYBOOK_TASKS", "OWNER");
  EXPECT_EQ(t["Review the usage drop"]["DueDate"], "2026-04-30");
  EXPECT_EQ(t["Email the sponsor"]["DueDate"], "2026-04-30");
  EXPECT_EQ(t["Manual"]["DueDate"], "2026-03-20");
  EXPECT_EQ(t["Run the recovery meeting"]["DueDate"], "2026-03-24");
  EXPECT_EQ(t["Review the usage drop"]["OwnerId"], kSeedUserSharedSam);
  EXPECT_EQ(t["Manual"]["OwnerId"], kSeedUserSharedSam);
  EXPECT_EQ(t["Email the sponsor"]["OwnerId"], kSeedUserJordanTwo);
  EXPECT_EQ(t["Run the recovery meeting"]["OwnerId"], kSeedUserCaseyOne);
}

TEST_F(CascadeTest, AllOpenTasks) {
  Json t = UpdateWith("ALL_OPEN_TASKS", "ALL_OPEN_TASKS");
  EXPECT_EQ(t["Manual"]["DueDate"], "2026-04-30");
  EXPECT_EQ(t["Email the sponsor"]["OwnerId"], kSeedUserSharedSam);
  EXPECT_EQ(t["Run the recovery meeting"]["DueDate"], "2026-03-24");
  EXPECT_EQ(t["Run the recovery meeting"]["OwnerId"], kSeedUserCaseyOne);
}

TEST_F(CascadeTest, NoCascadeLeavesTasks) {
  Json t = UpdateWith("NO", "NO");
  EXPECT_EQ(t["Review the usage drop"]["DueDate"], "2026-03-12");
  EXPECT_EQ(t["Review the usage drop"]["OwnerId"], kSeedUserCaseyOne);
  EXPECT_EQ(CtaRow(cta_)["OwnerId__gr.Name"], "Sam Shared");
}

TEST_F(CtaHttpTest, DeletedCtasMoveToTheDeletedList) {
  std::string company = CreateCompany("Wayne");
  std::string kept = CreateCta(RiskCta(company, "Kept"));
  Json record = RiskCta(company, "Deleted");
  record["PlaybookId"] = kRiskPlaybook;
  std::string gone = CreateCta(record);
  clock_.Advance(absl::Minutes(5));
  httplib::Result res = client_->Post(
      "/__sandbox/delete_cta", DumpJson({{"gsid", gone}}), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  res = client_->Post("/__sandbox/delete_cta", DumpJson({{"gsid", gone}}),
                      "application/json");
  EXPECT_EQ(res->status, 404);
  auto [status, live] = Post(kCtaListPath, Json::object());
  ASSERT_EQ(live["data"].size(), 1u);
  EXPECT_EQ(live["data"][0]["Gsid"], kept);
  EXPECT_TRUE(TasksOf(gone).empty());
  auto [d_status, deleted] =
      Post(kCtaDeletedListPath, {{"pageSize", 10}, {"pageNumber", 1}});
  ASSERT_EQ(d_status, 200) << deleted.dump();
  ASSERT_EQ(deleted["data"].size(), 1u);
  EXPECT_EQ(deleted["data"][0]["Gsid"], gone);
  EXPECT_EQ(deleted["data"][0]["Name"], "Deleted");
  EXPECT_EQ(deleted["data"][0]["ModifiedDate"], "2026-03-10T15:05:00.000Z");
  EXPECT_EQ(deleted["pageSize"], 10);
  EXPECT_EQ(deleted["currentPageNum"], 1);
  auto [f_status, flagged] =
      Post(kCtaListPath, {{"includeonlyDeletedRecords", true}});
  ASSERT_EQ(f_status, 200) << flagged.dump();
  ASSERT_EQ(flagged["data"].size(), 1u);
  EXPECT_EQ(flagged["data"][0]["Gsid"], gone);
  EXPECT_FALSE(flagged.contains("pageSize"));
}

TEST_F(CtaHttpTest, SuccessPlanOwnerLookupsReadGsUser) {
  std::string company = CreateCompany("Planned");
  auto [status, body] =
      Post("/v2/successPlan", Requests({{{"Name", "Owned plan"},
                                         {"CompanyId", company},
                                         {"SuccessPlanType", "Onboarding"},
                                         {"OwnerId", kSeedUserJordanTwo},
                                         {"DueDate", "2026-06-30"}}}));
  ASSERT_EQ(body["data"][0]["success"], true) << body.dump();
  auto [l_status, list] =
      Post("/v2/successPlan/list",
           {{"select", {"Name", "OwnerId__gr.Email", "OwnerId__gr.Name"}}});
  ASSERT_EQ(l_status, 200) << list.dump();
  ASSERT_EQ(list["data"].size(), 1u);
  EXPECT_EQ(list["data"][0]["OwnerId__gr.Email"], "csm.two@example.com");
  EXPECT_EQ(list["data"][0]["OwnerId__gr.Name"], "Jordan Two");
}

TEST_F(CtaHttpTest, InjectedFaultWritesNothing) {
  std::string company = CreateCompany("Faulty");
  Json record = RiskCta(company, "Never");
  httplib::Result res = client_->Post(
      "/__sandbox/faults",
      R"({"status":503,"count":1,"path_prefix":"/v2/cockpit/cta"})",
      "application/json");
  ASSERT_TRUE(res && res->status == 200);
  auto [status, body] = Post(kCtaPath, Requests({record}));
  EXPECT_EQ(status, 503);
  EXPECT_EQ(body["errorCode"], "SANDBOX_FAULT");
  auto [l_status, list] = Post(kCtaListPath, Json::object());
  ASSERT_EQ(l_status, 200);
  EXPECT_TRUE(list["data"].empty());
}

TEST_F(CtaHttpTest, CockpitCallsAreRateLimitedAndLogged) {
  httplib::Result res = client_->Put(
      "/__sandbox/limits", R"({"limits":"sync=2/1m"})", "application/json");
  ASSERT_TRUE(res && res->status == 200);
  EXPECT_EQ(Post(kCtaListPath, Json::object()).first, 200);
  EXPECT_EQ(Get(std::string(kPlaybookPath)).first, 200);
  auto [status, body] = Post(kTaskListPath, Json::object());
  EXPECT_EQ(status, 429);
  EXPECT_EQ(body["errorCode"], "GU_2400");
  res = client_->Get("/__sandbox/calls");
  ASSERT_TRUE(res);
  Json calls = ParseJson(res->body);
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[0]["path"], kCtaListPath);
  EXPECT_EQ(calls[2]["status"], 429);
}

TEST_F(CtaHttpTest, CallLogCountsTheRequestsOfAWrite) {
  std::string company = CreateCompany("Counted");
  Post(kCtaPath, Requests({RiskCta(company, "One"), RiskCta(company, "Two")}));
  httplib::Result res = client_->Get("/__sandbox/calls");
  ASSERT_TRUE(res);
  Json calls = ParseJson(res->body);
  ASSERT_FALSE(calls.empty());
  const Json& last = calls.back();
  EXPECT_EQ(last["path"], kCtaPath);
  EXPECT_EQ(last["records"], 2);
  EXPECT_EQ(calls.front()["records"], 1);  // the Company insert
}

TEST_F(CtaHttpTest, GsUsersAreSeededQueryableAndInsertable) {
  Json query = {
      {"select", {"Gsid", "Name", "FirstName", "LastName", "IsActive"}},
      {"where",
       {{"conditions",
         {{{"name", "Email"},
           {"alias", "A"},
           {"operator", "EQ"},
           {"value", {"shared@example.com"}}}}}}}};
  auto [status, body] = Post("/v1/data/objects/query/GsUser", query);
  ASSERT_EQ(status, 200) << body.dump();
  const Json& rows = body["data"]["records"];
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0]["Gsid"], kSeedUserSharedSam);
  EXPECT_EQ(rows[1]["Name"], "Alex Shared");
  auto [i_status, inserted] =
      Post("/v1/data/objects/GsUser", {{"records",
                                        {{{"Email", "new.csm@example.com"},
                                          {"Name", "New Csm"},
                                          {"IsActive", true}}}}});
  ASSERT_EQ(i_status, 200) << inserted.dump();
  std::string user = inserted["data"]["records"][0]["Gsid"];
  Json record = RiskCta(CreateCompany("Owned"), "New owner");
  record["OwnerId"] = user;
  EXPECT_EQ(CtaRow(CreateCta(record))["OwnerId__gr.Email"],
            "new.csm@example.com");
  // Reset brings back the seeds alone.
  httplib::Result res = client_->Post("/__sandbox/reset", "", "text/plain");
  ASSERT_TRUE(res && res->status == 200);
  query["where"]["conditions"][0]["operator"] = "IS_NOT_NULL";
  auto [r_status, all] = Post("/v1/data/objects/query/GsUser", query);
  EXPECT_EQ(all["data"]["records"].size(), 5u) << all.dump();
}

}  // namespace
}  // namespace gg::sandbox

namespace gg::sandbox {
namespace {

// The answer shapes a Cockpit write may take (SandboxOptions::cockpit_answer).
class CockpitAnswerTest
    : public CockpitFixture,
      public ::testing::WithParamInterface<CockpitAnswerShape> {
 protected:
  void Configure(SandboxOptions& options) override {
    options.cockpit_answer = GetParam();
  }
};

TEST_P(CockpitAnswerTest, WritesAnswerInTheConfiguredShape) {
  std::string company = CreateCompany("Shapes");
  Json ok = RiskCta(company, "Fine");
  ok["referenceId"] = "r-ok";
  Json bad = RiskCta(company, "Bad reason");
  bad["reason"] = "No such reason";
  bad["referenceId"] = "r-bad";
  auto [status, body] = Post(kCtaPath, Requests({ok, bad}));
  ASSERT_EQ(status, 200) << body.dump();
  EXPECT_EQ(body["result"], true);
  const Json& data = body["data"];
  switch (GetParam()) {
    case CockpitAnswerShape::kSuccessFailure: {
      ASSERT_EQ(data["success"].size(), 1u) << data.dump();
      EXPECT_TRUE(data["success"][0]["r-ok"].is_string());
      ASSERT_EQ(data["failure"].size(), 1u) << data.dump();
      const std::string failure = data["failure"][0]["r-bad"];
      EXPECT_EQ(failure.rfind("GSOBJ_1011: ", 0), 0u) << failure;
      EXPECT_NE(failure.find("(reason)"), std::string::npos) << failure;
      break;
    }
    case CockpitAnswerShape::kArray:
      ASSERT_EQ(data.size(), 2u);
      EXPECT_EQ(data[0]["referenceId"], "r-ok");
      EXPECT_EQ(data[1]["fieldName"], "reason");
      break;
    case CockpitAnswerShape::kOpaque:
      EXPECT_EQ(data, Json::object());
      break;
  }
  // Whatever the answer says, the good record is written and the bad one
  // is not.
  auto [list_status, list] =
      Post(kCtaListPath, {{"where",
                           {{"conditions",
                             {{{"fieldName", "CompanyId"},
                               {"alias", "A"},
                               {"operator", "EQ"},
                               {"value", {company}}}}}}}});
  ASSERT_EQ(list_status, 200);
  ASSERT_EQ(list["data"].size(), 1u);
  EXPECT_EQ(list["data"][0]["Name"], "Fine");
}

TEST_P(CockpitAnswerTest, PicklistGsidKeysAreRefusedForTheWholeCall) {
  std::string company = CreateCompany("Keys");
  for (const char* key : {"TypeId", "StatusId", "PriorityId", "ReasonId"}) {
    Json record = RiskCta(company, "By id");
    record[key] = Item("CTA_TYPE", "Risk");
    auto [status, body] = Post(kCtaPath, Requests({record}));
    EXPECT_EQ(status, 400) << key;
    EXPECT_EQ(body["errorCode"], "GSOBJ_1008") << key;
  }
  Json plan = {{"Name", "Plan by id"},
               {"CompanyId", company},
               {"SuccessPlanTypeId", "1I01SPTYPE000000000000000000ONBOARD1"},
               {"DueDate", "2026-06-30"}};
  auto [status, body] = Post("/v2/successPlan", Requests({plan}));
  EXPECT_EQ(status, 400) << body.dump();
  auto [list_status, list] = Post(kCtaListPath, Json::object());
  EXPECT_TRUE(list["data"].empty()) << list.dump();
}

INSTANTIATE_TEST_SUITE_P(Shapes, CockpitAnswerTest,
                         ::testing::Values(CockpitAnswerShape::kSuccessFailure,
                                           CockpitAnswerShape::kArray,
                                           CockpitAnswerShape::kOpaque));

}  // namespace
}  // namespace gg::sandbox
