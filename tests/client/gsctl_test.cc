// gsctl end to end: the real binary as a subprocess against a real gateway
// and sandbox tenant; checks stdout, stderr and exit codes.
#include <regex>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "command.h"
#include "exit_codes.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/client/run_binary.h"
#include "tests/support/gateway_test.h"
#include "tests/support/test_env.h"

namespace gg {
namespace {

using testing::BinaryRun;
using ::testing::ContainsRegex;
using testing::Gateway;
using testing::GsctlBinary;
using ::testing::HasSubstr;
using testing::json;
using ::testing::Not;
using testing::RunBinary;
using testing::Sandbox;
using testing::WriteTempFile;

std::vector<std::string> Lines(const std::string& text) {
  return absl::StrSplit(text, '\n', absl::SkipEmpty());
}

class GsctlTest : public testing::GatewayTest {
 protected:
  BinaryRun Gsctl(std::vector<std::string> args) {
    return RunBinary(GsctlBinary(), args,
                     {{"GSCTL_TARGET", gateway_->target()}});
  }
  // Upserts companies "<prefix> 1".."<prefix> n" (by Name); returns GSIDs.
  std::vector<std::string> UpsertCompanies(const std::string& prefix, int n) {
    json records = json::array();
    for (int i = 1; i <= n; ++i) {
      records.push_back(
          {{"Name", prefix + " " + std::to_string(i)}, {"ARR", 1000 * i}});
    }
    BinaryRun run =
        Gsctl({"company", "upsert", "--keys", "Name", "--file",
               WriteTempFile("c.json", records.dump()), "-o", "json"});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    std::vector<std::string> gsids;
    json response = json::parse(run.out);
    for (const json& r : response["results"]) {
      gsids.push_back(r["gsid"]);
    }
    return gsids;
  }
};

TEST_F(GsctlTest, UpsertFromJsonFileThenGet) {
  std::string file = WriteTempFile("companies.json", R"([
    {"Name": "Acme", "Industry": "Retail", "ARR": 250000,
     "RenewalDate": "2027-03-01"},
    {"name": "Globex", "arr": 12000}])");
  BinaryRun run =
      Gsctl({"company", "upsert", "--keys", "Name", "--file", file});
  ASSERT_EQ(run.exit_code, gsctl::kExitOk) << run.err;
  std::vector<std::string> lines = Lines(run.out);
  ASSERT_EQ(lines.size(), 3u) << run.out;
  EXPECT_THAT(lines[0], ContainsRegex("^index +gsid +action +error"));
  EXPECT_THAT(lines[1], ContainsRegex("^0 +1P02[A-Z0-9]+ +INSERTED"));
  EXPECT_THAT(lines[2], ContainsRegex("^1 +1P02[A-Z0-9]+ +INSERTED"));
  EXPECT_THAT(run.err, HasSubstr("2 records: 2 inserted, 0 updated"));

  // Again: both are found by Name and updated.
  run = Gsctl({"company", "upsert", "--keys", "Name", "--file", file});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.err, HasSubstr("2 records: 0 inserted, 2 updated"));

  std::string gsid = Lines(run.out)[1].substr(7, 36);
  run = Gsctl({"company", "get", gsid});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, ContainsRegex("name: +Acme\n"));
  EXPECT_THAT(run.out, ContainsRegex("renewal_date: +2027-03-01\n"));
  run = Gsctl({"company", "get", gsid, "-o", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  json company = json::parse(run.out)["company"];
  EXPECT_EQ(company["gsid"], gsid);
  EXPECT_EQ(company["industry"], "Retail");
  EXPECT_EQ(company["arr"], 250000);
}

TEST_F(GsctlTest, UpsertFromCsvFileKeepsQuotedCommasQuotesAndLineBreaks) {
  std::string file =
      WriteTempFile("companies.csv",
                    "Name,ARR,Industry\r\n"
                    "\"Initech, Inc.\",5000,\"Soft \"\"ware\"\"\"\r\n"
                    "Umbrella,7000,\"Bio\nTech\"\r\n");
  BinaryRun run =
      Gsctl({"company", "upsert", "--keys", "Name", "--file", file});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.err, HasSubstr("2 records: 2 inserted"));

  run = Gsctl({"company", "query", "--where", "ARR:LTE:7000", "--order-by",
               "Name", "-o", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  json companies = json::parse(run.out)["companies"];
  ASSERT_EQ(companies.size(), 2u) << run.out;
  EXPECT_EQ(companies[0]["name"], "Initech, Inc.");
  EXPECT_EQ(companies[0]["industry"], "Soft \"ware\"");
  EXPECT_EQ(companies[0]["arr"], 5000);
  EXPECT_EQ(companies[1]["name"], "Umbrella");
  EXPECT_EQ(companies[1]["industry"], "Bio\nTech");
}

// The gateway takes 5,000 records per request: a bigger file goes in several
// requests, and the results keep the file's numbering.
TEST_F(GsctlTest, LargeFilesAreSentInRequestsOf5000) {
  std::string csv = "Name,ARR\n";
  for (int i = 0; i < 5003; ++i) {
    csv += "Bulk " + std::to_string(i) + "," + std::to_string(i) + "\n";
  }
  BinaryRun run = Gsctl({"company", "insert", "--file",
                         WriteTempFile("many.csv", csv), "-o", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  json results = json::parse(run.out)["results"];
  ASSERT_EQ(results.size(), 5003u);
  EXPECT_EQ(results[4999]["index"], 4999);
  EXPECT_EQ(results[5002]["index"], 5002);
  EXPECT_EQ(results[5002]["action"], "WRITE_ACTION_INSERTED");
  EXPECT_THAT(run.err, HasSubstr("5003 records: 5003 inserted"));
  run = Gsctl({"company", "query", "--where", "Name:EQ:Bulk 5002", "--select",
               "Name,ARR"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "Name       ARR\nBulk 5002  5002\n");
}

TEST_F(GsctlTest, QueryPagesInTableAndJson) {
  UpsertCompanies("Paged", 5);
  std::vector<std::string> query = {
      "company",     "query",    "--where",    "Name:STARTS_WITH:Paged",
      "--select",    "Name,ARR", "--order-by", "Name",
      "--page-size", "2"};
  BinaryRun run = Gsctl(query);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "Name     ARR\nPaged 1  1000\nPaged 2  2000\n");
  std::smatch token;
  std::regex token_re("--page-token (\\S+)");
  ASSERT_TRUE(std::regex_search(run.err, token, token_re)) << run.err;

  std::vector<std::string> next = query;
  next.insert(next.end(), {"--page-token", token[1].str()});
  run = Gsctl(next);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "Name     ARR\nPaged 3  3000\nPaged 4  4000\n");

  std::vector<std::string> all = query;
  all.push_back("--all");
  run = Gsctl(all);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(Lines(run.out).size(), 6u) << run.out;
  EXPECT_THAT(run.out, HasSubstr("Paged 5  5000\n"));
  EXPECT_THAT(run.err, HasSubstr("5 records"));
  EXPECT_THAT(run.err, Not(HasSubstr("--page-token")));

  all.insert(all.end(), {"-o", "json"});
  run = Gsctl(all);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  json page = json::parse(run.out);
  ASSERT_EQ(page["companies"].size(), 5u);
  EXPECT_EQ(page["companies"][4]["name"], "Paged 5");
  EXPECT_FALSE(page.contains("nextPageToken"));

  std::vector<std::string> one_json = query;
  one_json.insert(one_json.end(), {"-o", "json"});
  run = Gsctl(one_json);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  page = json::parse(run.out);
  EXPECT_EQ(page["companies"].size(), 2u);
  EXPECT_FALSE(page["nextPageToken"].get<std::string>().empty());
}

TEST_F(GsctlTest, DeleteThenGetIsNotFound) {
  std::vector<std::string> gsids = UpsertCompanies("Doomed", 2);
  ASSERT_EQ(gsids.size(), 2u);
  BinaryRun run = Gsctl({"company", "delete", gsids[0], gsids[1]});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, ContainsRegex("0 +" + gsids[0] + " +DELETED"));
  EXPECT_THAT(run.err, HasSubstr("2 deleted, 0 failed"));

  run = Gsctl({"company", "get", gsids[0]});
  EXPECT_EQ(run.exit_code, gsctl::ExitCodeForRpc(5));
  EXPECT_EQ(run.exit_code, 15);
  EXPECT_THAT(run.err, HasSubstr("error: NOT_FOUND"));
  EXPECT_EQ(run.out, "");
}

TEST_F(GsctlTest, DeletingAMissingRecordExitsTwoWithItsError) {
  std::vector<std::string> gsids = UpsertCompanies("Once", 1);
  ASSERT_EQ(Gsctl({"company", "delete", gsids[0]}).exit_code, 0);
  BinaryRun run = Gsctl({"company", "delete", gsids[0]});
  EXPECT_EQ(run.exit_code, gsctl::kExitSomeRecordsFailed) << run.err;
  EXPECT_THAT(run.err, HasSubstr("record 0: NOT_FOUND"));
  EXPECT_THAT(run.out, HasSubstr("NOT_FOUND"));
}

TEST_F(GsctlTest, QuotaInTableAndJson) {
  BinaryRun run = Gsctl({"quota"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("mode: LOCAL\n"));
  EXPECT_THAT(run.out, ContainsRegex("\nSYNC +1s +1000 +1000 +[0-9]+ +[0-9]+"));
  EXPECT_THAT(run.out, ContainsRegex("\nBULK +1s +100 +100 "));
  // --target wins over GSCTL_TARGET.
  run = RunBinary(GsctlBinary(), {"quota", "--target", gateway_->target()},
                  {{"GSCTL_TARGET", "127.0.0.1:1"}});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  run = Gsctl({"quota", "--target", "127.0.0.1:1", "--timeout", "5s"});
  EXPECT_EQ(run.exit_code, 24) << run.err;  // UNAVAILABLE
  EXPECT_THAT(run.err, HasSubstr("error: UNAVAILABLE"));
  // With a retry service config (from a file, as client/service_config.json).
  std::string config = WriteTempFile(
      "service_config.json",
      R"({"methodConfig": [{"name": [{"service": "gainsight.v1.QuotaService"}],
          "timeout": "5s", "retryPolicy": {"maxAttempts": 3,
            "initialBackoff": "0.1s", "maxBackoff": "1s",
            "backoffMultiplier": 2, "retryableStatusCodes": ["UNAVAILABLE"]}}]})");
  EXPECT_EQ(Gsctl({"quota", "--service-config", config}).exit_code, 0);
  EXPECT_EQ(Gsctl({"quota", "--service-config", "/nonexistent.json"}).exit_code,
            gsctl::kExitUsage);
  run = Gsctl({"quota", "-o", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  json quota = json::parse(run.out);
  EXPECT_EQ(quota["mode"], "BUDGET_MODE_LOCAL");
  EXPECT_EQ(quota["classes"][0]["callClass"], "CALL_CLASS_SYNC");
  EXPECT_EQ(quota["classes"][0]["windows"][0]["limit"], "1000");
}

TEST_F(GsctlTest, BadInputExitsWithFieldViolations) {
  std::string file =
      WriteTempFile("bad.json", R"([{"Name":"Fine"},{"Industry":"No name"}])");
  BinaryRun run = Gsctl({"company", "insert", "--file", file});
  EXPECT_EQ(run.exit_code, 13) << run.err;
  EXPECT_THAT(run.err, HasSubstr("error: INVALID_ARGUMENT"));
  EXPECT_THAT(run.err, HasSubstr("  field companies[1].name: "));
  EXPECT_THAT(run.err, HasSubstr("reason INVALID_REQUEST (gainsight-gateway)"));
  EXPECT_EQ(run.out, "");
  // Nothing was written: the refusal came before any Gainsight call.
  EXPECT_TRUE(GainsightCalls().empty());
}

TEST_F(GsctlTest, UsageErrorsExitOne) {
  EXPECT_EQ(Gsctl({"company", "upsert", "--keys", "Name"}).exit_code,
            gsctl::kExitUsage);  // no --file
  EXPECT_EQ(
      Gsctl({"company", "upsert", "--file", "/nonexistent.json"}).exit_code,
      gsctl::kExitUsage);
  EXPECT_EQ(Gsctl({"company", "list", "--frobnicate"}).exit_code,
            gsctl::kExitUsage);
  EXPECT_EQ(Gsctl({"company", "list", "--where", "A:EQ:1"}).exit_code,
            gsctl::kExitUsage);  // list takes no filter
  EXPECT_EQ(Gsctl({"company", "query", "--where", "ARR:ROUGHLY:1"}).exit_code,
            gsctl::kExitUsage);
  EXPECT_EQ(Gsctl({"teleport"}).exit_code, gsctl::kExitUsage);
  BinaryRun run = Gsctl({"company", "upsert", "--file",
                         WriteTempFile("x.csv", "Name,ARR\nAcme,lots\n")});
  EXPECT_EQ(run.exit_code, gsctl::kExitUsage);
  EXPECT_THAT(run.err, HasSubstr("record 0"));
  EXPECT_TRUE(GainsightCalls().empty());
}

TEST_F(GsctlTest, HelpOnEveryCommand) {
  BinaryRun run = Gsctl({"--help"});
  ASSERT_EQ(run.exit_code, 0);
  EXPECT_THAT(run.out, HasSubstr("Exit codes:"));
  for (const gsctl::Command& command : gsctl::AllCommands()) {
    std::vector<std::string> args;
    if (!command.group.empty()) args.push_back(command.group);
    args.push_back(command.name);
    args.push_back("--help");
    run = Gsctl(args);
    std::string title = command.group.empty()
                            ? command.name
                            : command.group + " " + command.name;
    EXPECT_EQ(run.exit_code, 0) << title;
    EXPECT_THAT(run.out, HasSubstr("Usage: gsctl " + title)) << title;
    EXPECT_THAT(run.out, HasSubstr("--target")) << title;
    if (!command.group.empty()) {
      run = Gsctl({command.group, "--help"});
      EXPECT_EQ(run.exit_code, 0);
      EXPECT_THAT(run.out, HasSubstr(command.name));
    }
  }
}

TEST_F(GsctlTest, CustomObjectRecordsFromCsvAreTypedByMetadata) {
  std::string file = WriteTempFile(
      "trackers.csv",
      "Name__gc,External_Id__gc,Amount__gc,Auto_Renew__gc,Renewal_Date__gc,"
      "Stage__gc\n"
      "Acme renewal,00123,1200.5,true,2027-03-01,Open\n");
  BinaryRun run =
      Gsctl({"record", "upsert", "--object", "Renewal_Tracker__gc", "--keys",
             "External_Id__gc", "--file", file, "-o", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::string gsid = json::parse(run.out)["results"][0]["gsid"];

  run = Gsctl(
      {"record", "get", gsid, "--object", "Renewal_Tracker__gc", "-o", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  json record = json::parse(run.out);
  EXPECT_EQ(record["Gsid"], gsid);
  EXPECT_EQ(record["External_Id__gc"], "00123");  // text stays text
  EXPECT_EQ(record["Amount__gc"], 1200.5);
  EXPECT_EQ(record["Auto_Renew__gc"], true);
  EXPECT_EQ(record["Renewal_Date__gc"], "2027-03-01");

  run = Gsctl({"record", "query", "--object", "Renewal_Tracker__gc", "--where",
               "Amount__gc:GT:1000", "--select", "Name__gc,Amount__gc"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "Name__gc      Amount__gc\nAcme renewal  1200.5\n");

  run = Gsctl({"record", "delete", "--object", "Renewal_Tracker__gc", gsid});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  run = Gsctl({"record", "get", gsid, "--object", "Renewal_Tracker__gc"});
  EXPECT_EQ(run.exit_code, 15) << run.err;
  EXPECT_THAT(run.err, HasSubstr("error: NOT_FOUND: no Renewal_Tracker__gc "
                                 "record with GSID " +
                                 gsid));
}

TEST_F(GsctlTest, PersonUpsertGetAndDeleteByEmail) {
  std::vector<std::string> gsids = UpsertCompanies("Employer", 1);
  std::string file = WriteTempFile(
      "people.json",
      R"([{"email":"maria@acme.example","firstName":"Maria","LastName":"Lopez",
           "companies":[{"companyId":")" +
          gsids[0] + R"(","title":"Director"}]}])");
  BinaryRun run = Gsctl({"person", "upsert", "--file", file});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("INSERTED"));
  run = Gsctl({"person", "get", "maria@acme.example", "-o", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  json person = json::parse(run.out)["person"];
  EXPECT_EQ(person["lastName"], "Lopez");
  EXPECT_EQ(person["companies"][0]["companyId"], gsids[0]);
  EXPECT_EQ(person["companies"][0]["title"], "Director");
  run = Gsctl({"person", "delete", "maria@acme.example"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(Gsctl({"person", "get", "maria@acme.example"}).exit_code, 15);
}

TEST_F(GsctlTest, MetadataAndConfigurations) {
  BinaryRun run = Gsctl({"object", "describe", "Renewal_Tracker__gc"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, ContainsRegex("\nName__gc +STRING +true +false"));
  EXPECT_THAT(run.out,
              ContainsRegex("\nStage__gc +PICKLIST .*Open, Committed"));
  run = Gsctl({"object", "list"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, ContainsRegex("\nRenewal_Tracker__gc +"));
  run = Gsctl({"object", "describe", "No_Such__gc"});
  EXPECT_EQ(run.exit_code, 15);
  EXPECT_THAT(run.err, HasSubstr("reason OBJECT_NOT_FOUND"));

  run = Gsctl({"cta", "config"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, ContainsRegex("^type +statuses +priorities +reasons\n"));
  EXPECT_THAT(run.out, ContainsRegex("\nRisk +New, .*Closed Success.* +High, "
                                     "Medium, Low +.*Usage Drop"));
  run = Gsctl({"plan", "config", "--entity", "company"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, ContainsRegex("\nOnboarding +1I01"));
  EXPECT_THAT(run.out, ContainsRegex("\nCompleted +1I02[A-Z0-9]+ +true"));
  EXPECT_EQ(Gsctl({"plan", "config", "--entity", "planet"}).exit_code, 1);
}

TEST_F(GsctlTest, SuccessPlanCreateGetAndList) {
  std::vector<std::string> gsids = UpsertCompanies("Planned", 1);
  std::string file = WriteTempFile(
      "plans.json", R"([{"name":"FY27 Onboarding","companyId":")" + gsids[0] +
                        R"(","type":"Onboarding","status":"Draft",
                           "dueDate":"2027-06-30"}])");
  BinaryRun run = Gsctl({"plan", "create", "--file", file, "-o", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::string gsid = json::parse(run.out)["results"][0]["gsid"];
  run = Gsctl({"plan", "get", gsid});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, ContainsRegex("name: +FY27 Onboarding\n"));
  EXPECT_THAT(run.out, ContainsRegex("type: +Onboarding\n"));
  EXPECT_THAT(run.out, ContainsRegex("due_date: +2027-06-30\n"));
  run = Gsctl(
      {"plan", "list", "--where", "CompanyId:EQ:" + gsids[0], "-o", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(json::parse(run.out)["successPlans"][0]["gsid"], gsid);
}

// CTA, task, playbook and bulk commands against a gateway that does not
// implement the RPCs yet: the status and the exit code 22 (10 + UNIMPLEMENTED).
TEST_F(GsctlTest, NotYetImplementedRpcsExitWithTheirCode) {
  std::string ctas = WriteTempFile(
      "ctas.json", R"([{"name":"Check in","companyId":"1P02X","type":"Risk",
                        "status":"New","priority":"High","reason":"Renewal",
                        "owner":"csm@acme.example","dueDate":"2027-01-15"}])");
  std::string tasks = WriteTempFile(
      "tasks.json",
      R"([{"ctaId":"1S01X","name":"Call","dueDate":"2027-01-10"}])");
  std::string rows = WriteTempFile("rows.csv", "Name\nAcme\n");
  std::vector<std::vector<std::string>> commands = {
      {"cta", "create", "--file", ctas},
      {"cta", "update", "--file", ctas, "--due-date-cascade", "all-open-tasks"},
      {"cta", "get", "1S01X"},
      {"cta", "list", "--where", "IsClosed:EQ:false"},
      {"task", "create", "--file", tasks},
      {"task", "update", "--file", tasks},
      {"task", "list", "--cta", "1S01X"},
      {"playbook", "list", "--cta-type", "Risk", "--include-inactive"},
      {"playbook", "get", "1P03X"},
      {"job", "get", "job-1"},
      {"job", "list"},
      {"job", "watch", "job-1"},
      {"job", "import", "--object", "Company", "--connector-job", "J1",
       "--file", rows}};
  for (const auto& command : commands) {
    BinaryRun run = Gsctl(command);
    EXPECT_EQ(run.exit_code, 22)
        << command[0] << " " << command[1] << ": " << run.err;
    EXPECT_THAT(run.err, HasSubstr("error: UNIMPLEMENTED"))
        << command[0] << " " << command[1];
  }
}

// RESOURCE_EXHAUSTED from the gateway's limiter: a window of one call per
// 30 s, taken by the first query; the second cannot wait within --timeout.
TEST(GsctlQuotaTest, ResourceExhaustedPrintsRetryInfoAndQuotaFailure) {
  auto sandbox = Sandbox::Start();
  ASSERT_TRUE(sandbox.ok()) << sandbox.status();
  auto gateway =
      Gateway::Start((*sandbox)->url(), {"--limits", "sync=1/30s;bulk=1/30s"});
  ASSERT_TRUE(gateway.ok()) << gateway.status();
  std::vector<std::pair<std::string, std::string>> env = {
      {"GSCTL_TARGET", (*gateway)->target()}};
  BinaryRun first = RunBinary(GsctlBinary(), {"company", "list"}, env);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  BinaryRun second =
      RunBinary(GsctlBinary(), {"company", "list", "--timeout", "500ms"}, env);
  EXPECT_EQ(second.exit_code, 18) << second.err;
  EXPECT_THAT(second.err, HasSubstr("error: RESOURCE_EXHAUSTED"));
  EXPECT_THAT(second.err, ContainsRegex("\n  retry after [0-9.]+m?s\n"));
  EXPECT_THAT(second.err, HasSubstr("\n  quota "));
  EXPECT_THAT(second.err, HasSubstr("reason QUOTA_WAIT_EXCEEDS_DEADLINE"));
  // The same from the environment: GSCTL_TIMEOUT.
  env.emplace_back("GSCTL_TIMEOUT", "300ms");
  EXPECT_EQ(RunBinary(GsctlBinary(), {"quota"}, env).exit_code, 0);
  EXPECT_EQ(RunBinary(GsctlBinary(), {"company", "list"}, env).exit_code, 18);
}

}  // namespace
}  // namespace gg
