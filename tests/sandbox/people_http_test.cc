// The sandbox's People API over real HTTP: upsert by Email with company
// associations, referential integrity, delete with cascade, and the
// documented error codes.
#include <httplib.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "gainsight/bulk_wire_names.h"
#include "gainsight/endpoints.h"
#include "gtest/gtest.h"
#include "sandbox/http_server.h"
#include "sandbox/json.h"
#include "sandbox/sandbox.h"
#include "tests/sandbox/sandbox_http_fixture.h"

namespace gg::sandbox {
namespace {

constexpr char kPeople[] = "/v1/peoplemgmt/v1.0/people";
constexpr char kPeopleAsync[] = "/v1/peoplemgmt/v1.0/people/async";

class PeopleHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SandboxOptions options;
    options.access_key = kKey;
    sandbox_ = std::make_unique<Sandbox>(options);
    server_ = std::make_unique<HttpServer>(sandbox_.get());
    absl::StatusOr<int> port = server_->Bind("127.0.0.1", 0);
    ASSERT_TRUE(port.ok()) << port.status();
    serving_ = std::thread([this] { server_->Serve(); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", *port);
    client_->set_read_timeout(5, 0);
  }

  void TearDown() override {
    client_.reset();
    if (server_ != nullptr) server_->Stop();
    if (serving_.joinable()) serving_.join();
  }

  // Status and parsed body of a Gainsight call.
  std::pair<int, Json> Call(const std::string& method, const std::string& path,
                            const Json& body = nullptr) {
    httplib::Headers headers = {{"accesskey", kKey}};
    const std::string text = body.is_null() ? "" : body.dump();
    httplib::Result res =
        method == "PUT" ? client_->Put(path, headers, text, "application/json")
        : method == "DELETE" ? client_->Delete(path, headers)
        : method == "GET"
            ? client_->Get(path, headers)
            : client_->Post(path, headers, text, "application/json");
    EXPECT_TRUE(res) << method << " " << path;
    if (!res) return {0, nullptr};
    return {res->status, ParseJson(res->body)};
  }

  std::string InsertCompany(const std::string& name) {
    auto [status, body] = Call("POST", "/v1/data/objects/Company",
                               Json{{"records", {{{"Name", name}}}}});
    EXPECT_EQ(status, 200) << body;
    return body["data"]["records"][0]["Gsid"];
  }

  Json Rows(const std::string& object, const Json& select) {
    auto [status, body] = Call("POST", "/v1/data/objects/query/" + object,
                               Json{{"select", select}});
    EXPECT_EQ(status, 200) << body;
    return body["data"]["records"];
  }

  std::unique_ptr<Sandbox> sandbox_;
  std::unique_ptr<HttpServer> server_;
  std::thread serving_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(PeopleHttpTest, UpsertByEmailInsertsThenUpdates) {
  const std::string company = InsertCompany("Acme");
  auto [s1, first] = Call(
      "PUT", kPeople,
      Json{{"Email", "maria@acme.example"},
           {"FirstName", "Maria"},
           {"LastName", "Lopez"},
           {"companies", {{{"Company_ID", company}, {"Title", "Director"}}}}});
  ASSERT_EQ(s1, 200) << first;
  EXPECT_EQ(first["result"], true);
  const std::string gsid = first["data"]["Gsid"];
  EXPECT_EQ(gsid.substr(0, 4), "1C01");
  EXPECT_EQ(first["data"]["Name"], "Maria Lopez");
  ASSERT_EQ(first["data"]["companies"].size(), 1u);
  EXPECT_EQ(first["data"]["companies"][0]["Person_ID"], gsid);
  EXPECT_EQ(first["data"]["companies"][0]["Company_ID"], company);

  // Email matches case-insensitively; only the given fields change.
  auto [s2, second] = Call(
      "PUT", kPeople,
      Json{{"Email", "MARIA@acme.example"},
           {"Location", "Austin, TX"},
           {"companies", {{{"Company_ID", company}, {"Role", "Champion"}}}}});
  ASSERT_EQ(s2, 200) << second;
  EXPECT_EQ(second["data"]["Gsid"], gsid);
  EXPECT_EQ(second["data"]["FirstName"], "Maria");
  EXPECT_EQ(second["data"]["Location"], "Austin, TX");
  ASSERT_EQ(second["data"]["companies"].size(), 1u);
  EXPECT_EQ(second["data"]["companies"][0]["Title"], "Director");
  EXPECT_EQ(second["data"]["companies"][0]["Role"], "Champion");
  EXPECT_EQ(Rows("Person", {"Gsid"}).size(), 1u);
  EXPECT_EQ(Rows("company_person", {"Gsid"}).size(), 1u);
}

TEST_F(PeopleHttpTest, DocumentedErrorsWriteNothing) {
  struct Case {
    Json body;
    std::string code;
  };
  const Case cases[] = {
      {Json{{"Email", "not-an-email"}}, "GSOBJ_VDTEMAIL1001"},
      {Json{{"FirstName", "No Email"}}, "GSOBJ_VDTEMAIL1001"},
      {Json::object(), "GSOBJ_VCRUDR1001"},
      {Json{{"Email", "a@b.example"},
            {"companies",
             {{{"Company_ID", "1P02NOSUCHCOMPANY0000000000000000000"}}}}},
       "GSOBJ_PEOPLE1001"},
      {Json{{"Email", "a@b.example"}, {"companies", {{{"Title", "x"}}}}},
       "GSOBJ_PEOPLE1001"},
      {Json{{"Email", "a@b.example"}, {"NoSuchField", 1}}, "GSOBJ_1002"},
  };
  for (const Case& c : cases) {
    auto [status, body] = Call("PUT", kPeople, c.body);
    EXPECT_EQ(status, 400) << c.body;
    EXPECT_EQ(body["result"], false) << c.body;
    EXPECT_EQ(body["errorCode"], c.code) << c.body;
  }
  EXPECT_EQ(Rows("Person", {"Gsid"}).size(), 0u);
  EXPECT_EQ(Rows("Company_Person", {"Gsid"}).size(), 0u);
}

TEST_F(PeopleHttpTest, DeleteCascadesToCompanyPerson) {
  const std::string company = InsertCompany("Acme");
  auto [s1, a] = Call("PUT", kPeople,
                      Json{{"Email", "a@acme.example"},
                           {"companies", {{{"Company_ID", company}}}}});
  auto [s2, b] = Call("PUT", kPeople,
                      Json{{"Email", "b@acme.example"},
                           {"companies", {{{"Company_ID", company}}}}});
  ASSERT_EQ(s1, 200);
  ASSERT_EQ(s2, 200);
  const std::string gsid = a["data"]["Gsid"];
  auto [status, deleted] = Call("DELETE", std::string(kPeople) + "/" + gsid);
  ASSERT_EQ(status, 200) << deleted;
  EXPECT_EQ(deleted["data"]["Gsid"], gsid);
  Json left = Rows("Company_Person", {"Person_ID"});
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0]["Person_ID"], b["data"]["Gsid"]);

  auto [again, missing] = Call("DELETE", std::string(kPeople) + "/" + gsid);
  EXPECT_EQ(again, 400);
  EXPECT_EQ(missing["errorCode"], "GSOBJ_1011");
  auto [bad, shape] = Call("DELETE", std::string(kPeople) + "/not-a-gsid");
  EXPECT_EQ(bad, 400);
  EXPECT_EQ(shape["errorCode"], "GSOBJ_VDTGSID1001");
}

// The count of the rate window of `call_class` in the sandbox's limits.
int64_t WindowCount(const Json& limits, const std::string& call_class) {
  int64_t count = -1;
  for (const Json& window : limits["windows"]) {
    if (window["call_class"] == call_class) {
      count = std::max(count, window["count"].get<int64_t>());
    }
  }
  return count;
}

TEST_F(PeopleHttpTest,
       AsyncUpsertLoadsGoodPeopleAndReportsBadOnesThroughStates) {
  const std::string acme = InsertCompany("Acme");
  // Maria exists already: the async upsert updates her by Email.
  ASSERT_EQ(Call("PUT", kPeople,
                 Json{{"Email", "maria@acme.example"}, {"FirstName", "M"}})
                .first,
            200);
  Json records = Json::array(
      {Json{{"Email", "MARIA@acme.example"},
            {"FirstName", "Maria"},
            {"EmailOptOut", "true"},  // text, read as the field's type
            {"companies", Json::array({Json{{"Company_ID", acme}}})}},
       Json{{"Email", "not-an-email"}, {"FirstName", "Bad"}},
       Json{{"Email", "li@globex.example"},
            {"companies",
             Json::array({Json{
                 {"Company_ID", "1P02ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ"}}})}},
       Json{{"Email", "jo@acme.example"}, {"LastName", "Jo"}}});
  auto [status, body] = Call("PUT", kPeopleAsync, Json{{"records", records}});
  ASSERT_EQ(status, 200) << body;
  ASSERT_EQ(body["result"], true);
  const std::string id = body["data"]["statusId"];
  const std::string status_path = std::string(kPeopleAsync) + "/status/" + id;

  EXPECT_EQ(Call("GET", status_path).second["data"]["status"],
            bulk_wire::kStateInit);
  EXPECT_EQ(Call("GET", status_path).second["data"]["status"],
            bulk_wire::kStatePeopleInProgress);
  auto [done_status, done_body] = Call("GET", status_path);
  ASSERT_EQ(done_status, 200) << done_body;
  const Json& done = done_body["data"];
  EXPECT_EQ(done["status"], bulk_wire::kStateCompleted);
  EXPECT_EQ(done["totalCount"], 4);
  EXPECT_EQ(done["successCount"], 2);
  EXPECT_EQ(done["failureCount"], 2);
  ASSERT_EQ(done["errorDetails"].size(), 2u) << done;
  EXPECT_EQ(done["errorDetails"][0]["rowNumber"], 2);
  EXPECT_EQ(done["errorDetails"][0]["fieldName"], "Email");
  EXPECT_EQ(done["errorDetails"][0]["errorCode"], "GSOBJ_VDTEMAIL1001");
  EXPECT_EQ(done["errorDetails"][1]["rowNumber"], 3);
  EXPECT_EQ(done["errorDetails"][1]["fieldName"], "Company_ID");
  EXPECT_EQ(done["errorDetails"][1]["errorCode"], "GSOBJ_PEOPLE1001");
  ASSERT_EQ(done["people"].size(), 2u);
  EXPECT_EQ(done["people"][1]["Email"], "jo@acme.example");

  Json people = Rows(
      "Person", Json::array({"Email", "FirstName", "EmailOptOut", "Gsid"}));
  ASSERT_EQ(people.size(), 2u) << people;  // Maria (updated) and Jo
  EXPECT_EQ(people[0]["FirstName"], "Maria");
  EXPECT_EQ(people[0]["EmailOptOut"], true);
  EXPECT_EQ(people[0]["Gsid"], done["people"][0]["Gsid"]);
  Json links = Rows("Company_Person", Json::array({"Company_ID", "Person_ID"}));
  ASSERT_EQ(links.size(), 1u) << links;
  EXPECT_EQ(links[0]["Company_ID"], acme);
  EXPECT_EQ(links[0]["Person_ID"], people[0]["Gsid"]);

  // The upsert counts against the bulk class, its status reads against sync.
  auto [limits_status, limits] = Call("GET", "/__sandbox/limits");
  ASSERT_EQ(limits_status, 200) << limits;
  EXPECT_EQ(WindowCount(limits, "bulk"), 1) << limits;
}

TEST_F(PeopleHttpTest, AsyncUpsertRefusesABodyThatIsNotOneToFiftyPeople) {
  Json too_many = Json::array();
  for (int i = 0; i <= kMaxPeopleAsyncRecords; ++i) {
    too_many.push_back(
        Json{{"Email", "p" + std::to_string(i) + "@acme.example"}});
  }
  for (const Json& body :
       {Json{{"records", Json::array()}}, Json{{"records", too_many}},
        Json{{"Email", "a@acme.example"}}}) {
    auto [status, answer] = Call("PUT", kPeopleAsync, body);
    EXPECT_EQ(status, 400) << answer;
    EXPECT_EQ(answer["errorCode"], "GSOBJ_VCRUDR1001");
  }
  EXPECT_TRUE(Rows("Person", Json::array({"Email"})).empty());
  auto [status, answer] =
      Call("GET", std::string(kPeopleAsync) + "/status/no-such-id");
  EXPECT_EQ(status, 404) << answer;
}

}  // namespace
}  // namespace gg::sandbox
