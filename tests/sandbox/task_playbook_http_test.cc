// The sandbox's Cockpit task, task configuration and playbook endpoints over
// real HTTP.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "sandbox/json.h"
#include "sandbox/tenant_seeds.h"
#include "tests/sandbox/cockpit_fixture.h"

namespace gg::sandbox {
namespace {

class TaskHttpTest : public CockpitFixture {
 protected:
  void SetUp() override {
    CockpitFixture::SetUp();
    cta_ = CreateCta(RiskCta(CreateCompany("Tasked"), "With tasks"));
  }
  std::string cta_;
};

TEST_F(TaskHttpTest, CreatedTasksAreListedByCta) {
  std::string other = CreateCta(RiskCta(CreateCompany("Other"), "Other"));
  auto [status, body] =
      Post(kTaskPath, Requests({{{"CtaId", cta_},
                                 {"Name", "Call finance"},
                                 {"DueDate", "2026-03-20"},
                                 {"Description", "Ask about the invoice"},
                                 {"type", "Call"},
                                 {"referenceId", "t1"}},
                                {{"CtaId", cta_},
                                 {"Name", "Email the champion"},
                                 {"DueDate", "2026-03-21"},
                                 {"OwnerId", kSeedUserJordanTwo},
                                 {"priority", "Low"}},
                                {{"CtaId", other},
                                 {"Name", "Elsewhere"},
                                 {"DueDate", "2026-03-22"}}}));
  ASSERT_EQ(status, 200) << body.dump();
  for (const Json& r : body["data"]) EXPECT_EQ(r["success"], true) << r;
  EXPECT_EQ(body["data"][0]["referenceId"], "t1");
  Json tasks = TasksOf(cta_);
  ASSERT_EQ(tasks.size(), 2u);
  EXPECT_EQ(tasks[0]["Gsid"], body["data"][0]["Gsid"]);
  EXPECT_EQ(tasks[0]["Name"], "Call finance");
  EXPECT_EQ(tasks[0]["CtaId"], cta_);
  EXPECT_EQ(tasks[0]["Description"], "Ask about the invoice");
  EXPECT_EQ(tasks[0]["TypeId__gr.Name"], "Call");
  // Defaults: the CTA's owner, status Open, priority Medium.
  EXPECT_EQ(tasks[0]["OwnerId"], kSeedUserCaseyOne);
  EXPECT_EQ(tasks[0]["OwnerId__gr.Name"], "Casey One");
  EXPECT_EQ(tasks[0]["StatusId__gr.Name"], "Open");
  EXPECT_EQ(tasks[0]["PriorityId__gr.Name"], "Medium");
  EXPECT_EQ(tasks[0]["IsClosed"], false);
  EXPECT_EQ(tasks[0]["DueDate"], "2026-03-20");
  EXPECT_EQ(tasks[0]["CreatedDate"], "2026-03-10T15:00:00.000Z");
  EXPECT_FALSE(tasks[0].contains("PlaybookId"));
  EXPECT_EQ(tasks[1]["OwnerId__gr.Email"], "csm.two@example.com");
  EXPECT_EQ(tasks[1]["PriorityId__gr.Name"], "Low");
  EXPECT_FALSE(tasks[1].contains("TypeId"));
  // Paging over the CTA's tasks.
  auto [p_status, page] = Post(kTaskListPath, {{"where",
                                                {{"conditions",
                                                  {{{"fieldName", "CtaId"},
                                                    {"alias", "A"},
                                                    {"operator", "EQ"},
                                                    {"value", {cta_}}}}}}},
                                               {"pageSize", 1},
                                               {"pageNumber", 2}});
  ASSERT_EQ(p_status, 200);
  ASSERT_EQ(page["data"].size(), 1u);
  EXPECT_EQ(page["data"][0]["Name"], "Email the champion");
}

TEST_F(TaskHttpTest, CreateErrors) {
  auto [status, body] = Post(
      kTaskPath,
      Requests({{{"CtaId", "1S01NOSUCHCTA00000000000000000000000"},
                 {"Name", "Lost"},
                 {"DueDate", "2026-03-20"}},
                {{"CtaId", cta_}, {"Name", "No due date"}},
                {{"CtaId", cta_},
                 {"Name", "CTA status"},
                 {"DueDate", "2026-03-20"},
                 {"status", "New"}},  // a CTA status
                {{"CtaId", cta_},
                 {"Name", "Gone owner"},
                 {"DueDate", "2026-03-20"},
                 {"OwnerId", kSeedUserInactive}},
                {{"CtaId", cta_}, {"Name", "Bad date"}, {"DueDate", "soon"}}}));
  ASSERT_EQ(status, 200) << body.dump();
  const Json& data = body["data"];
  EXPECT_EQ(data[0]["errorCode"], "GSOBJ_1011");
  EXPECT_EQ(data[0]["fieldName"], "CtaId");
  EXPECT_EQ(data[1]["errorCode"], "COCKPIT_9700");
  EXPECT_EQ(data[1]["fieldName"], "DueDate");
  EXPECT_EQ(data[2]["errorCode"], "GSOBJ_1011");
  EXPECT_EQ(data[2]["fieldName"], "status");
  EXPECT_EQ(data[3]["fieldName"], "OwnerId");
  EXPECT_EQ(data[4]["errorCode"], "GSOBJ_1006");
  EXPECT_TRUE(TasksOf(cta_).empty());
  auto [u_status, unknown] =
      Post(kTaskPath, Requests({{{"CtaId", cta_}, {"Subject", "x"}}}));
  EXPECT_EQ(u_status, 400);
  EXPECT_EQ(unknown["errorCode"], "GSOBJ_1008");
}

TEST_F(TaskHttpTest, UpdateClosesAndKeepsTheCta) {
  auto [status, body] =
      Post(kTaskPath, Requests({{{"CtaId", cta_},
                                 {"Name", "To finish"},
                                 {"DueDate", "2026-03-20"}}}));
  std::string task = body["data"][0]["Gsid"];
  clock_.Advance(absl::Minutes(30));
  std::string other = CreateCta(RiskCta(CreateCompany("Else"), "Else"));
  auto [u_status, updated] = Put(
      kTaskPath,
      Requests(
          {{{"Gsid", task}, {"status", "Closed"}, {"Outcome__gc", "Done"}},
           {{"Gsid", task}, {"CtaId", other}},
           {{"Gsid", "1C05NOSUCHTASK0000000000000000000000"}, {"Name", "x"}}}));
  ASSERT_EQ(u_status, 200) << updated.dump();
  EXPECT_EQ(updated["data"][0]["success"], true);
  EXPECT_EQ(updated["data"][1]["errorCode"], "GSOBJ_1002");
  EXPECT_EQ(updated["data"][1]["fieldName"], "CtaId");
  EXPECT_EQ(updated["data"][2]["errorCode"], "GSOBJ_1011");
  EXPECT_EQ(updated["data"][2]["fieldName"], "Gsid");
  Json tasks = TasksOf(cta_);
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_EQ(tasks[0]["IsClosed"], true);
  EXPECT_EQ(tasks[0]["StatusId__gr.Name"], "Closed");
  EXPECT_EQ(tasks[0]["ClosedDate"], "2026-03-10T15:30:00.000Z");
  EXPECT_EQ(tasks[0]["ModifiedDate"], "2026-03-10T15:30:00.000Z");
  EXPECT_EQ(tasks[0]["Name"], "To finish");
  auto [s, selected] = Post(kTaskListPath, {{"select", {"Outcome__gc"}},
                                            {"where",
                                             {{"conditions",
                                               {{{"fieldName", "Gsid"},
                                                 {"alias", "A"},
                                                 {"operator", "EQ"},
                                                 {"value", {task}}}}}}}});
  EXPECT_EQ(selected["data"][0]["Outcome__gc"], "Done");
}

TEST_F(TaskHttpTest, TaskConfigurationShareTheCtaConfigurationCall) {
  auto [status, body] = Get(std::string(gg::testing::kCockpitPicklistPath) +
                            "?category=TASK_TYPE,TASK_STATUS,TASK_PRIORITY"
                            "&et=COMPANY");
  ASSERT_EQ(status, 200) << body.dump();
  const Json& data = body["data"];
  std::vector<std::string> types, closed;
  for (const Json& item : data["TASK_TYPE"]) {
    types.push_back(item["name"]);
    EXPECT_FALSE(item.contains("closed"));
    EXPECT_EQ(item["typeName"], "ALL_CTA_TYPE");
  }
  EXPECT_EQ(types, (std::vector<std::string>{"Call", "Email", "Meeting"}));
  for (const Json& item : data["TASK_STATUS"]) {
    if (item["closed"].get<bool>()) closed.push_back(item["name"]);
  }
  EXPECT_EQ(closed, (std::vector<std::string>{"Closed", "Cancelled"}));
  EXPECT_EQ(data["TASK_PRIORITY"].size(), 3u);
  EXPECT_EQ(data["TASK_STATUS"][0]["picklistCategory"], "TASK_STATUS");
}

class PlaybookHttpTest : public CockpitFixture {
 protected:
  std::vector<std::string> Names(const std::string& query) {
    auto [status, body] = Get(std::string(kPlaybookPath) + query);
    EXPECT_EQ(status, 200) << query << body.dump();
    std::vector<std::string> names;
    for (const Json& p : body["data"]) names.push_back(p["name"]);
    return names;
  }
};

TEST_F(PlaybookHttpTest, ListIsByNameWithFiltersAndPages) {
  EXPECT_EQ(Names(""), (std::vector<std::string>{"All-purpose check-in",
                                                 "Expansion kickoff",
                                                 "Renewal risk recovery"}));
  EXPECT_EQ(Names("?includeInactive=true").size(), 4u);
  EXPECT_EQ(Names("?ctaTypeId=" + Item("CTA_TYPE", "Risk")),
            (std::vector<std::string>{"All-purpose check-in",
                                      "Renewal risk recovery"}));
  EXPECT_EQ(Names("?pageSize=2&pageNumber=2"),
            (std::vector<std::string>{"Renewal risk recovery"}));
  EXPECT_TRUE(Names("?pageSize=2&pageNumber=3").empty());
  EXPECT_TRUE(Names("?entityType=RELATIONSHIP").empty());
  auto [status, body] = Get(std::string(kPlaybookPath));
  const Json& risk = body["data"][2];
  EXPECT_EQ(risk["gsid"], kRiskPlaybook);
  EXPECT_EQ(risk["ctaTypeName"], "Risk");
  EXPECT_EQ(risk["ctaTypeId"], Item("CTA_TYPE", "Risk"));
  EXPECT_EQ(risk["taskCount"], 3);
  EXPECT_EQ(risk["active"], true);
  EXPECT_EQ(risk["entityType"], "COMPANY");
  EXPECT_FALSE(risk.contains("tasks"));
  EXPECT_FALSE(body["data"][0].contains("ctaTypeId"));
  for (const char* bad : {"?pageSize=0", "?pageSize=1001", "?pageNumber=x",
                          "?entityType=USER", "?includeInactive=yes"}) {
    auto [s, b] = Get(std::string(kPlaybookPath) + bad);
    EXPECT_EQ(s, 400) << bad;
    EXPECT_EQ(b["errorCode"], "GSOBJ_1008") << bad;
  }
  auto [s, b] = Get(std::string(kPlaybookPath) +
                    "?ctaTypeId=1I00NOSUCHTYPE0000000000000000000000");
  EXPECT_EQ(s, 400);
  EXPECT_EQ(b["errorCode"], "GSOBJ_1011");
}

TEST_F(PlaybookHttpTest, GetGivesTemplatesInOrder) {
  auto [status, body] = Get(std::string(kPlaybookPath) + "/" + kRiskPlaybook);
  ASSERT_EQ(status, 200) << body.dump();
  const Json& p = body["data"];
  EXPECT_EQ(p["name"], "Renewal risk recovery");
  ASSERT_EQ(p["tasks"].size(), 3u);
  EXPECT_EQ(p["tasks"][0]["name"], "Review the usage drop");
  EXPECT_EQ(p["tasks"][0]["typeName"], "Call");
  EXPECT_EQ(p["tasks"][0]["priorityName"], "High");
  EXPECT_EQ(p["tasks"][0]["dueDays"], 2);
  EXPECT_EQ(p["tasks"][0]["position"], 1);
  EXPECT_FALSE(p["tasks"][0].contains("ownerEmail"));
  EXPECT_EQ(p["tasks"][1]["ownerEmail"], "csm.two@example.com");
  EXPECT_EQ(p["tasks"][2]["position"], 3);
  auto [s, b] =
      Get(std::string(kPlaybookPath) + "/1C06NOSUCHPLAYBOOK000000000000000000");
  EXPECT_EQ(s, 400);
  EXPECT_EQ(b["errorCode"], "GSOBJ_1011");
}

}  // namespace
}  // namespace gg::sandbox
