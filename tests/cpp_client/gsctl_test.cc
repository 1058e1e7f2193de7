// gsctl end to end: the real binary as a subprocess against a real gateway
// and sandbox tenant; checks stdout, stderr and exit codes.
#include <regex>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "command.h"
#include "exit_codes.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/cpp_client/run_binary.h"
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
          {{"Name", prefix + " " + std::to_string(i)}, {"Arr", 1000 * i}});
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
    {"Name": "Acme", "Industry": "Retail", "Arr": 250000,
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
                    "Name,Arr,Industry\r\n"
                    "\"Initech, Inc.\",5000,\"Soft \"\"ware\"\"\"\r\n"
                    "Umbrella,7000,\"Bio\nTech\"\r\n");
  BinaryRun run =
      Gsctl({"company", "upsert", "--keys", "Name", "--file", file});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.err, HasSubstr("2 records: 2 inserted"));

  // Another spelling of a typed field reaches the tenant's own (Arr).
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

TEST_F(GsctlTest, CsvFromASpreadsheetIsCheckedBeforeAnythingIsSent) {
  const size_t calls_before = GainsightCalls().size();
  // A byte order mark before the header, as spreadsheet exports write.
  std::string file =
      WriteTempFile("bom.csv", "\xEF\xBB\xBFName,Arr\r\nBOM Corp,10\r\n");
  BinaryRun run = Gsctl({"company", "insert", "--file", file});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.err, HasSubstr("1 records: 1 inserted"));

  // A misspelt column is named, with the field it is closest to.
  const size_t calls_after_insert = GainsightCalls().size();
  file = WriteTempFile("typo.csv", "Name,Industy\nTypo Corp,Retail\n");
  run = Gsctl({"company", "insert", "--file", file});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("CSV column 2 \"Industy\" is no field of "
                                 "Company (did you mean Industry?)"));
  // A bad cell is reported by its file line (the quoted name spans two).
  file =
      WriteTempFile("cells.csv", "Name,Arr\nGood Corp,1\n\"Two\nLines\",abc\n");
  run = Gsctl({"company", "insert", "--file", file});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("line 3 (record 1): "));
  EXPECT_THAT(run.err, HasSubstr("'abc' is not a number"));
  // Neither refused file wrote anything: no write call reached Gainsight.
  EXPECT_GT(calls_after_insert, calls_before);
  for (size_t i = calls_after_insert; i < GainsightCalls().size(); ++i) {
    const json call = GainsightCalls()[i];
    EXPECT_FALSE(call["method"] == "POST" &&
                 call["path"] == "/v1/data/objects/Company")
        << call.dump();
  }
}

// The gateway takes 5,000 records per request: a bigger file goes in several
// requests, and the results keep the file's numbering.
TEST_F(GsctlTest, LargeFilesAreSentInRequestsOf5000) {
  std::string csv = "Name,Arr\n";
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
               "Name,Arr"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "Name       Arr\nBulk 5002  5002\n");
}

// The same --request-id runs an insert once: running the command again
// answers the first run's results and writes nothing.
TEST_F(GsctlTest, InsertRunTwiceWithOneRequestIdWritesOnce) {
  const std::string file =
      WriteTempFile("once.json", R"([{"Name": "Only Once"}])");
  BinaryRun first = Gsctl({"company", "insert", "--file", file, "--request-id",
                           "import-7", "-o", "json"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  BinaryRun again = Gsctl({"company", "insert", "--file", file, "--request-id",
                           "import-7", "-o", "json"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(json::parse(again.out), json::parse(first.out));
  BinaryRun query =
      Gsctl({"company", "query", "--where", "Name:EQ:Only Once", "-o", "json"});
  ASSERT_EQ(query.exit_code, 0) << query.err;
  EXPECT_EQ(json::parse(query.out)["companies"].size(), 1u) << query.out;

  // Without --request-id each run is a request of its own.
  ASSERT_EQ(Gsctl({"company", "insert", "--file", file}).exit_code, 0);
  query =
      Gsctl({"company", "query", "--where", "Name:EQ:Only Once", "-o", "json"});
  EXPECT_EQ(json::parse(query.out)["companies"].size(), 2u) << query.out;
}

TEST_F(GsctlTest, QueryPagesInTableAndJson) {
  UpsertCompanies("Paged", 5);
  std::vector<std::string> query = {
      "company",     "query",    "--where",    "Name:STARTS_WITH:Paged",
      "--select",    "Name,Arr", "--order-by", "Name",
      "--page-size", "2"};
  BinaryRun run = Gsctl(query);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "Name     Arr\nPaged 1  1000\nPaged 2  2000\n");
  std::smatch token;
  std::regex token_re("--page-token (\\S+)");
  ASSERT_TRUE(std::regex_search(run.err, token, token_re)) << run.err;

  std::vector<std::string> next = query;
  next.insert(next.end(), {"--page-token", token[1].str()});
  run = Gsctl(next);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "Name     Arr\nPaged 3  3000\nPaged 4  4000\n");

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
  EXPECT_THAT(run.out,
              ContainsRegex("\nrecent writes: 0 calls carried 0 records "
                            "\\(0.0 per call, at most 50\\) in the last "));
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
  EXPECT_EQ(Gsctl({"company", "query", "--where", "Arr:ROUGHLY:1"}).exit_code,
            gsctl::kExitUsage);
  EXPECT_EQ(Gsctl({"teleport"}).exit_code, gsctl::kExitUsage);
  BinaryRun run = Gsctl({"company", "upsert", "--file",
                         WriteTempFile("x.csv", "Name,Arr\nAcme,lots\n")});
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

TEST_F(GsctlTest, RelationshipUpsertFromCsvGetListAndDelete) {
  std::vector<std::string> companies = UpsertCompanies("Related", 1);
  ASSERT_EQ(companies.size(), 1u);
  // The seeded relationship type "Product".
  const std::string type = "1P06PRODUCT0000000000000000000000000";
  const std::string csv = absl::StrCat(
      "Name,CompanyId,TypeId,Arr,Product__gc\n", "Related Analytics,",
      companies[0], ",", type, ",5000,Analytics\n", "Related Mobile,",
      companies[0], ",", type, ",700,Mobile\n");
  const std::string file = WriteTempFile("relationships.csv", csv);
  BinaryRun run = Gsctl(
      {"relationship", "upsert", "--keys", "CompanyId,Name", "--file", file});
  ASSERT_EQ(run.exit_code, gsctl::kExitOk) << run.err;
  EXPECT_THAT(run.err, HasSubstr("2 records: 2 inserted, 0 updated"));
  std::vector<std::string> lines = Lines(run.out);
  ASSERT_EQ(lines.size(), 3u) << run.out;
  const std::string gsid = lines[1].substr(7, 36);

  run = Gsctl({"relationship", "get", gsid});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, ContainsRegex("name: +Related Analytics\n"));
  EXPECT_THAT(run.out, ContainsRegex("company_id: +" + companies[0]));
  EXPECT_THAT(run.out, HasSubstr("Analytics"));

  run = Gsctl({"relationship", "query", "--where",
               "CompanyId:EQ:" + companies[0], "-o", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(json::parse(run.out)["relationships"].size(), 2u) << run.out;

  // A person in the relationship, read back with its association and as a
  // Relationship Person record.
  const std::string people = WriteTempFile(
      "people.json", R"([{"email":"rel@acme.example","relationships":[)"
                     R"({"relationshipId":")" +
                         gsid + R"(","role":"Sponsor"}]}])");
  run = Gsctl({"person", "upsert", "--file", people});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  run = Gsctl({"person", "get", "rel@acme.example", "--include-relationships",
               "-o", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  json person = json::parse(run.out)["person"];
  EXPECT_EQ(person["relationships"][0]["relationshipId"], gsid) << run.out;
  EXPECT_EQ(person["relationships"][0]["role"], "Sponsor");
  run = Gsctl({"person", "query", "--relationship-people", "--where",
               "Relationship_ID:EQ:" + gsid, "-o", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  json association = json::parse(run.out)["relationshipPeople"][0];
  EXPECT_EQ(association["personEmail"], "rel@acme.example") << run.out;
  EXPECT_EQ(association["role"], "Sponsor");

  // A column that is no field of relationship is named before any write.
  const std::string typo = WriteTempFile(
      "typo.csv", absl::StrCat("Name,CompanyId,TypeId,Prodcut__gc\nX,",
                               companies[0], ",", type, ",Y\n"));
  run = Gsctl({"relationship", "insert", "--file", typo});
  EXPECT_EQ(run.exit_code, gsctl::kExitUsage) << run.err;
  EXPECT_THAT(run.err, HasSubstr("Product__gc"));

  run = Gsctl({"relationship", "delete", gsid});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  run = Gsctl({"relationship", "get", gsid});
  EXPECT_EQ(run.exit_code, gsctl::ExitCodeForRpc(5)) << run.err;
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

// Creates CTAs from a JSON file with labels (any letter case) and owner
// emails, reads one back, lists them with a filter page by page in table and
// JSON output, and closes one.
TEST_F(GsctlTest, CtaCreateGetListAndClose) {
  std::string company = UpsertCompanies("Risky", 1)[0];
  std::string file = WriteTempFile("ctas.json", R"([
    {"name": "Usage fell", "companyId": ")" + company +
                                                    R"(", "type": "Risk",
     "status": "New", "priority": "High", "reason": "Usage Drop",
     "owner": "csm.one@example.com", "dueDate": "2027-01-15"},
    {"Name": "Bugs reported", "CompanyId": ")" + company +
                                                    R"(",
     "type": "risk", "status": "new", "priority": "low",
     "reason": "bugs risk", "owner": "CSM.TWO@example.com",
     "due_date": "2027-02-15"},
    {"name": "Sponsor left", "companyId": ")" + company +
                                                    R"(",
     "type": "Risk", "status": "Work In Progress", "priority": "Medium",
     "reason": "Usage Drop", "owner": "csm.one@example.com",
     "dueDate": "2027-03-15"}])");
  BinaryRun run = Gsctl({"cta", "create", "--file", file});
  ASSERT_EQ(run.exit_code, gsctl::kExitOk) << run.err;
  std::vector<std::string> lines = Lines(run.out);
  ASSERT_EQ(lines.size(), 4u) << run.out;
  EXPECT_THAT(lines[0], ContainsRegex("^index +gsid +action +error"));
  for (int i = 1; i <= 3; ++i) {
    EXPECT_THAT(lines[i], ContainsRegex("^" + std::to_string(i - 1) +
                                        " +1S01[A-Z0-9]+ +INSERTED *$"));
  }
  EXPECT_THAT(run.err, HasSubstr("3 records: 3 inserted, 0 updated"));
  std::string first = lines[1].substr(7, 36);
  std::string second = lines[2].substr(7, 36);

  run = Gsctl({"cta", "get", second});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, ContainsRegex("name: +Bugs reported\n"));
  EXPECT_THAT(run.out, ContainsRegex("company_name: +Risky 1\n"));
  EXPECT_THAT(run.out, ContainsRegex("type: +Risk\n"));
  EXPECT_THAT(run.out, ContainsRegex("status: +New\n"));
  EXPECT_THAT(run.out, ContainsRegex("priority: +Low\n"));
  EXPECT_THAT(run.out, ContainsRegex("reason: +Bugs Risk\n"));
  EXPECT_THAT(run.out, ContainsRegex("owner: +csm.two@example.com\n"));
  EXPECT_THAT(run.out, ContainsRegex("owner_name: +Jordan Two\n"));
  EXPECT_THAT(run.out, ContainsRegex("due_date: +2027-02-15\n"));

  // One page of two in a table, the next page by its token, then all pages
  // as JSON.
  std::vector<std::string> list = {
      "cta",      "list",         "--where",     "CompanyId:EQ:" + company,
      "--select", "Name,DueDate", "--page-size", "2"};
  run = Gsctl(list);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out,
            "Name           DueDate\n"
            "Usage fell     2027-01-15\n"
            "Bugs reported  2027-02-15\n");
  std::smatch token;
  ASSERT_TRUE(
      std::regex_search(run.err, token, std::regex("--page-token (\\S+)")))
      << run.err;
  std::vector<std::string> next = list;
  next.insert(next.end(), {"--page-token", token[1].str()});
  run = Gsctl(next);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "Name          DueDate\nSponsor left  2027-03-15\n");
  EXPECT_THAT(run.err, Not(HasSubstr("--page-token")));
  std::vector<std::string> all = list;
  all.insert(all.end(), {"--all", "-o", "json"});
  run = Gsctl(all);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  json ctas = json::parse(run.out)["ctas"];
  ASSERT_EQ(ctas.size(), 3u) << run.out;
  EXPECT_EQ(ctas[0]["gsid"], first);
  EXPECT_EQ(ctas[1]["gsid"], second);
  EXPECT_EQ(ctas[1]["owner"], "csm.two@example.com");
  EXPECT_EQ(ctas[2]["name"], "Sponsor left");
  EXPECT_EQ(ctas[2]["status"], "Work In Progress");
  EXPECT_FALSE(json::parse(run.out).contains("nextPageToken"));

  // Closing the first CTA: its status and closed flag, and the open ones.
  run = Gsctl(
      {"cta", "update", "--file",
       WriteTempFile("close.json", R"([{"gsid": ")" + first +
                                       R"(", "status": "Closed Success"}])")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, ContainsRegex("\n0 +" + first + " +UPDATED"));
  EXPECT_THAT(run.err, HasSubstr("1 records: 0 inserted, 1 updated"));
  run = Gsctl({"cta", "get", first, "--select", "ClosedDate", "-o", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  json closed = json::parse(run.out)["cta"];
  EXPECT_EQ(closed["status"], "Closed Success");
  EXPECT_EQ(closed["isClosed"], true);
  EXPECT_TRUE(closed.contains("closeTime")) << closed.dump();
  run = Gsctl({"cta", "list", "--where", "CompanyId:EQ:" + company, "--where",
               "IsClosed:EQ:false", "--select", "Name"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "Name\nBugs reported\nSponsor left\n");
}

// Tasks on a CTA: one without an owner gets the CTA's; both are listed page
// by page; an update closes one and gives it to another owner.
TEST_F(GsctlTest, TaskCreateListAndUpdate) {
  std::string company = UpsertCompanies("Tasked", 1)[0];
  BinaryRun run = Gsctl(
      {"cta", "create", "-o", "json", "--file",
       WriteTempFile("cta.json", R"({"name": "Renewal call", "companyId": ")" +
                                     company + R"(", "type": "Risk",
          "status": "New", "priority": "High", "reason": "Usage Drop",
          "owner": "csm.two@example.com"})")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::string cta = json::parse(run.out)["results"][0]["gsid"];

  run = Gsctl({"task", "create", "--file",
               WriteTempFile("tasks.json", R"([{"ctaId": ")" + cta +
                                               R"(", "name": "Call the sponsor",
           "dueDate": "2027-01-10", "type": "Call", "priority": "High"},
          {"cta_id": ")" + cta + R"(", "name": "Send the recap",
           "dueDate": "2027-01-12", "owner": "csm.one@example.com"}])")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::vector<std::string> lines = Lines(run.out);
  ASSERT_EQ(lines.size(), 3u) << run.out;
  EXPECT_THAT(lines[1], ContainsRegex("^0 +1C05[A-Z0-9]+ +INSERTED"));
  EXPECT_THAT(lines[2], ContainsRegex("^1 +1C05[A-Z0-9]+ +INSERTED"));
  std::string call = lines[1].substr(7, 36);
  EXPECT_THAT(run.err, HasSubstr("2 records: 2 inserted"));

  run = Gsctl({"task", "list", "--cta", cta});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  lines = Lines(run.out);
  ASSERT_EQ(lines.size(), 3u) << run.out;
  EXPECT_THAT(lines[0], ContainsRegex("^gsid +cta_id +.*name +type +"));
  EXPECT_THAT(lines[1], ContainsRegex("^" + call + " +" + cta +
                                      " .* Call the sponsor +Call +.* Open "
                                      ".* High +.* csm.two@example.com +.* "
                                      "2027-01-10 "));
  EXPECT_THAT(lines[2], ContainsRegex(" Send the recap .* Open .* Medium .* "
                                      "csm.one@example.com .* 2027-01-12 "));
  EXPECT_THAT(run.err, HasSubstr("2 records"));

  run = Gsctl({"task", "list", "--cta", cta, "--page-size", "1", "-o", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  json page = json::parse(run.out);
  ASSERT_EQ(page["tasks"].size(), 1u) << run.out;
  EXPECT_EQ(page["tasks"][0]["gsid"], call);
  ASSERT_TRUE(page.contains("nextPageToken")) << run.out;
  run = Gsctl({"task", "list", "--cta", cta, "--page-size", "1", "--page-token",
               page["nextPageToken"], "-o", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  page = json::parse(run.out);
  ASSERT_EQ(page["tasks"].size(), 1u) << run.out;
  EXPECT_EQ(page["tasks"][0]["name"], "Send the recap");

  run = Gsctl({"task", "update", "--file",
               WriteTempFile("done.json", R"([{"gsid": ")" + call + R"(",
                 "status": "Closed", "owner": "csm.one@example.com"}])")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, ContainsRegex("\n0 +" + call + " +UPDATED"));
  run = Gsctl({"task", "list", "--cta", cta, "--all", "-o", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  json tasks = json::parse(run.out)["tasks"];
  ASSERT_EQ(tasks.size(), 2u) << run.out;
  EXPECT_EQ(tasks[0]["status"], "Closed");
  EXPECT_EQ(tasks[0]["isClosed"], true);
  EXPECT_EQ(tasks[0]["owner"], "csm.one@example.com");
  EXPECT_EQ(tasks[1]["status"], "Open");
}

TEST_F(GsctlTest, PlaybookListAndGet) {
  BinaryRun run = Gsctl({"playbook", "list"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::vector<std::string> lines = Lines(run.out);
  ASSERT_EQ(lines.size(), 4u) << run.out;
  EXPECT_THAT(lines[0], ContainsRegex("^gsid +name +description +cta_type "));
  EXPECT_THAT(lines[1], ContainsRegex("^1C06PLAYBOOKCHECKIN0+ +All-purpose "
                                      "check-in .* true +1 "));
  EXPECT_THAT(lines[2], ContainsRegex("^1C06PLAYBOOKEXPANSION0+ +Expansion "
                                      "kickoff .* Expansion .* true +2 "));
  EXPECT_THAT(lines[3], ContainsRegex("^1C06PLAYBOOKRISK0+ +Renewal risk "
                                      "recovery .* Risk .* true +3 "));

  // By CTA type label, inactive ones too: the type's playbooks and those for
  // every type.
  run = Gsctl({"playbook", "list", "--cta-type", "Risk", "--include-inactive",
               "-o", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  json playbooks = json::parse(run.out)["playbooks"];
  std::vector<std::string> names;
  for (const json& p : playbooks) {
    names.push_back(p["name"]);
  }
  EXPECT_THAT(
      names, ::testing::ElementsAre("All-purpose check-in", "Legacy onboarding",
                                    "Renewal risk recovery"));

  run = Gsctl({"playbook", "get", "1C06PLAYBOOKRISK00000000000000000000"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, ContainsRegex("name: +Renewal risk recovery\n"));
  EXPECT_THAT(run.out, ContainsRegex("cta_type: +Risk\n"));
  EXPECT_THAT(run.out, ContainsRegex("task_count: +3\n"));
  run = Gsctl({"playbook", "get", "1C06PLAYBOOKRISK00000000000000000000", "-o",
               "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  json tasks = json::parse(run.out)["playbook"]["tasks"];
  ASSERT_EQ(tasks.size(), 3u) << run.out;
  EXPECT_EQ(tasks[0]["name"], "Review the usage drop");
  EXPECT_EQ(tasks[1]["owner"], "csm.two@example.com");
  EXPECT_EQ(tasks[2]["dueDays"], 14);

  run = Gsctl({"playbook", "get", "1C06PLAYBOOKNONE00000000000000000000"});
  EXPECT_EQ(run.exit_code, 15) << run.err;
  EXPECT_THAT(run.err, HasSubstr("error: NOT_FOUND"));
}

// A label the CTA configuration does not have: the gateway refuses the whole
// request with the field violation (exit 13) and writes nothing.
TEST_F(GsctlTest, CtaWithAnUnknownLabelExitsWithTheFieldViolation) {
  std::string company = UpsertCompanies("Mislabeled", 1)[0];
  std::string file = WriteTempFile("ctas.json", R"([
    {"name": "Fine", "companyId": ")" + company + R"(", "type": "Risk",
     "status": "New", "priority": "High", "reason": "Usage Drop",
     "owner": "csm.one@example.com"},
    {"name": "Too urgent", "companyId": ")" + company +
                                                    R"(", "type": "Risk",
     "status": "New", "priority": "Urgent", "reason": "Usage Drop",
     "owner": "csm.one@example.com"}])");
  BinaryRun run = Gsctl({"cta", "create", "--file", file});
  EXPECT_EQ(run.exit_code, 13) << run.err;
  EXPECT_THAT(run.err, HasSubstr("error: INVALID_ARGUMENT: "));
  EXPECT_THAT(run.err, HasSubstr("\n  field ctas[1].priority: \"Urgent\" is "
                                 "not an allowed value; allowed: \"High\", "
                                 "\"Medium\", \"Low\"\n"));
  EXPECT_THAT(run.err, HasSubstr("reason UNKNOWN_PICKLIST_LABEL"));
  EXPECT_EQ(run.out, "");
  run = Gsctl(
      {"cta", "list", "--where", "CompanyId:EQ:" + company, "-o", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_FALSE(json::parse(run.out).contains("ctas")) << run.out;
}

// Bulk job commands against a gateway that does not implement BulkService
// yet: the status and the exit code 22 (10 + UNIMPLEMENTED).
// A bulk import streamed by gsctl and followed with --watch to its end,
// against a gateway that polls the sandbox's Bulk API quickly.
TEST_F(GsctlTest, JobImportWatchesTheJobToItsEndAndReportsBadRows) {
  ASSERT_TRUE(sandbox_->AddBulkDataJob("J1", "Company").ok());
  auto gateway = Gateway::Start(
      sandbox_->url(),
      {"--limits", "sync=1000/1s;bulk=100/1s", "--bulk-poll-interval", "50ms"});
  ASSERT_TRUE(gateway.ok()) << gateway.status();
  const std::vector<std::pair<std::string, std::string>> env = {
      {"GSCTL_TARGET", (*gateway)->target()}};
  std::string rows = WriteTempFile(
      "rows.csv",
      "Name,Arr\nAcme Bulk,100\n\"Globex, Inc.\",200\nInitech,lots\n");
  BinaryRun run =
      RunBinary(GsctlBinary(),
                {"job", "import", "--object", "Company", "--connector-job",
                 "J1", "--file", rows, "--watch", "-o", "json"},
                env);
  // Completed with one rejected row: exit 2.
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_THAT(run.err,
              ContainsRegex("\\[#+\\] 100%  3/3 rows  1 failed  COMPLETED"));
  // Wrapped like every `get -o json`: {"job": {...}}.
  json job = json::parse(run.out)["job"];
  EXPECT_EQ(job["state"], "JOB_STATE_COMPLETED");
  EXPECT_EQ(job["succeededRows"], "2");
  EXPECT_EQ(job["failedRows"], "1");
  const std::string id = job["id"];

  BinaryRun get =
      RunBinary(GsctlBinary(), {"job", "get", id, "-o", "json"}, env);
  EXPECT_EQ(get.exit_code, 0) << get.err;
  EXPECT_EQ(json::parse(get.out)["job"]["id"], id);
  BinaryRun list = RunBinary(GsctlBinary(), {"job", "list"}, env);
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_THAT(list.out, HasSubstr(id));

  // The rows Gainsight took are there.
  BinaryRun globex = Gsctl(
      {"company", "query", "--where", "Name:CONTAINS:Globex", "-o", "json"});
  ASSERT_EQ(globex.exit_code, 0) << globex.err << globex.out;
  EXPECT_THAT(globex.out, HasSubstr("Globex, Inc."));
}

// RESOURCE_EXHAUSTED from the gateway's limiter: a window of two calls per
// 30 s, taken by the first listing (Company's describe, for its default
// select, and the query); the second cannot wait within --timeout.
TEST(GsctlQuotaTest, ResourceExhaustedPrintsRetryInfoAndQuotaFailure) {
  auto sandbox = Sandbox::Start();
  ASSERT_TRUE(sandbox.ok()) << sandbox.status();
  auto gateway =
      Gateway::Start((*sandbox)->url(), {"--limits", "sync=2/30s;bulk=1/30s"});
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

// `gsctl doctor`: exit 0 and every probe OK against the sandbox; against a
// sandbox without the playbook route, exit 4 and that probe named.
TEST(GsctlDoctorTest, PassesAgainstTheSandboxAndFailsAgainstAWrongOne) {
  auto good = Sandbox::Start();
  ASSERT_TRUE(good.ok()) << good.status();
  auto good_gateway = Gateway::Start((*good)->url());
  ASSERT_TRUE(good_gateway.ok()) << good_gateway.status();
  BinaryRun ok = RunBinary(GsctlBinary(), {"doctor"},
                           {{"GSCTL_TARGET", (*good_gateway)->target()}});
  EXPECT_EQ(ok.exit_code, gsctl::kExitOk) << ok.out << ok.err;
  EXPECT_THAT(ok.out,
              ContainsRegex("\nOK +list_ctas +POST /v2/cockpit/cta/list\n"));
  EXPECT_THAT(ok.out, ContainsRegex("SKIPPED +bulk_export_submit"));
  EXPECT_THAT(ok.out, ContainsRegex("\ncalls: [0-9]+ sync, 0 bulk\n"));
  EXPECT_THAT(ok.out, HasSubstr("tenant check: OK"));
  EXPECT_THAT(ok.out, Not(ContainsRegex("ROUTE_MISSING|FIELD_UNKNOWN|FAILED")));

  auto wrong = Sandbox::Start("sync=1000/1s;bulk=100/1s",
                              {"--unserved", "GET /v2/cockpit/playbook"});
  ASSERT_TRUE(wrong.ok()) << wrong.status();
  auto wrong_gateway = Gateway::Start((*wrong)->url());
  ASSERT_TRUE(wrong_gateway.ok()) << wrong_gateway.status();
  BinaryRun bad = RunBinary(GsctlBinary(), {"doctor"},
                            {{"GSCTL_TARGET", (*wrong_gateway)->target()}});
  EXPECT_EQ(bad.exit_code, gsctl::kExitTenantMismatch) << bad.out << bad.err;
  EXPECT_THAT(bad.out, ContainsRegex("\nROUTE_MISSING +list_playbooks +GET "
                                     "/v2/cockpit/playbook: GS_APIG_1000\n"));
  EXPECT_THAT(bad.out, HasSubstr("tenant check: 1 of 18 probes differ"));

  BinaryRun json_run =
      RunBinary(GsctlBinary(), {"doctor", "-o", "json"},
                {{"GSCTL_TARGET", (*wrong_gateway)->target()}});
  EXPECT_EQ(json_run.exit_code, gsctl::kExitTenantMismatch) << json_run.err;
  json report = json::parse(json_run.out);
  // proto3 JSON leaves out `ok` when false.
  EXPECT_FALSE(report.value("ok", false));
  bool playbooks_missing = false;
  for (const json& probe : report["probes"]) {
    if (probe["name"] == "list_playbooks") {
      playbooks_missing = probe["result"] == "PROBE_RESULT_ROUTE_MISSING";
    }
  }
  EXPECT_TRUE(playbooks_missing) << json_run.out;
  EXPECT_EQ(RunBinary(GsctlBinary(), {"doctor", "extra"},
                      {{"GSCTL_TARGET", (*wrong_gateway)->target()}})
                .exit_code,
            gsctl::kExitUsage);
}

}  // namespace
}  // namespace gg
