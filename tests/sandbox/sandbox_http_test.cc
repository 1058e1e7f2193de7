// Drives an in-process sandbox over real HTTP, as the gateway and users' CI
// do.
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <iterator>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "sandbox/builtin_objects.h"
#include "sandbox/http_server.h"
#include "sandbox/json.h"
#include "sandbox/sandbox.h"
#include "tests/sandbox/fake_clock.h"
#include "tests/sandbox/sandbox_http_fixture.h"

namespace gg::sandbox {
namespace {

// The GSID a Company Stage item reads back as.
std::string StageGsid(const std::string& label) {
  const ObjectDef company = CompanyObject();
  return PicklistItemGsid(company.field(company.FieldIndex("Stage")), label);
}

// 250 ms after a minute boundary (and a 10 s one) of Unix time.
const absl::Time kStart = absl::FromUnixMillis(1700000040250);

LimitsSpec Limits(absl::string_view text) {
  absl::StatusOr<LimitsSpec> spec = ParseLimitsSpec(text);
  EXPECT_TRUE(spec.ok()) << spec.status();
  return *spec;
}

class SandboxHttpTest : public ::testing::Test {
 protected:
  SandboxHttpTest() : clock_(kStart) {}

  void SetUp() override {
    SandboxOptions options;
    options.limits = Limits("sync=1000/1m");
    Start(options);
  }

  void TearDown() override { Stop(); }

  void Start(SandboxOptions options) {
    options.access_key = kKey;
    options.clock = &clock_;
    sandbox_ = std::make_unique<Sandbox>(options);
    server_ = std::make_unique<HttpServer>(sandbox_.get());
    absl::StatusOr<int> port = server_->Bind("127.0.0.1", 0);
    ASSERT_TRUE(port.ok()) << port.status();
    port_ = *port;
    serving_ = std::thread([this] { server_->Serve(); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    client_->set_read_timeout(5, 0);
  }

  void Stop() {
    client_.reset();
    if (server_ != nullptr) server_->Stop();
    if (serving_.joinable()) serving_.join();
    server_.reset();
    sandbox_.reset();
  }

  void Restart(SandboxOptions options) {
    Stop();
    Start(std::move(options));
  }

  // A Gainsight call with the access key.
  httplib::Result Call(const std::string& method, const std::string& path,
                       const std::string& body = "") {
    httplib::Headers headers = {{"accesskey", kKey}};
    if (method == "GET") return client_->Get(path, headers);
    if (method == "DELETE") return client_->Delete(path, headers);
    if (method == "PUT") {
      return client_->Put(path, headers, body, "application/json");
    }
    return client_->Post(path, headers, body, "application/json");
  }

  // `method` `path` on the control API; expects 200 and returns the body.
  Json Control(const std::string& method, const std::string& path,
               const Json& body = nullptr) {
    std::string text = body.is_null() ? "" : body.dump();
    httplib::Result res = method == "GET"      ? client_->Get(path)
                          : method == "DELETE" ? client_->Delete(path)
                          : method == "PUT"
                              ? client_->Put(path, text, "application/json")
                              : client_->Post(path, text, "application/json");
    EXPECT_TRUE(res) << method << " " << path;
    if (!res) return nullptr;
    EXPECT_EQ(res->status, 200) << method << " " << path << ": " << res->body;
    return ParseJson(res->body);
  }

  Json Insert(const Json& records) {
    httplib::Result res = Call("POST", "/v1/data/objects/Company",
                               Json{{"records", records}}.dump());
    EXPECT_TRUE(res);
    return res ? ParseJson(res->body) : Json(nullptr);
  }

  // The records of a query for `select`, all rows.
  Json Query(const Json& body) {
    httplib::Result res =
        Call("POST", "/v1/data/objects/query/Company", body.dump());
    EXPECT_TRUE(res);
    if (!res) return nullptr;
    EXPECT_EQ(res->status, 200) << res->body;
    return ParseJson(res->body)["data"]["records"];
  }

  std::vector<int> LoggedStatuses() {
    std::vector<int> statuses;
    for (const Json& call : Control("GET", "/__sandbox/calls")) {
      statuses.push_back(call["status"].get<int>());
    }
    return statuses;
  }

  FakeClock clock_;
  std::unique_ptr<Sandbox> sandbox_;
  std::unique_ptr<HttpServer> server_;
  std::thread serving_;
  std::unique_ptr<httplib::Client> client_;
  int port_ = 0;
};

void ExpectEnvelope(const Json& body, bool result) {
  ASSERT_TRUE(body.is_object()) << body;
  std::vector<std::string> keys;
  for (const auto& [key, value] : body.items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"result", "errorCode", "errorDesc",
                                            "requestId", "data", "message"}));
  EXPECT_EQ(body["result"], result);
  EXPECT_EQ(body["requestId"].get<std::string>().size(), 36u);
}

TEST_F(SandboxHttpTest, RejectsMissingOrWrongAccessKey) {
  httplib::Result res =
      client_->Post("/v1/data/objects/query/Company", R"({"select":["Name"]})",
                    "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  Json body = ParseJson(res->body);
  ExpectEnvelope(body, false);
  EXPECT_EQ(body["errorCode"], "GS_APIG_2401");
  EXPECT_EQ(body["errorDesc"], "Unauthorized");
  EXPECT_EQ(body["message"], "Unauthorized");
  EXPECT_TRUE(body["data"].is_null());

  res =
      client_->Post("/v1/data/objects/query/Company", {{"accesskey", "wrong"}},
                    R"({"select":["Name"]})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);

  // The header name is case-insensitive.
  res = client_->Post("/v1/data/objects/query/Company", {{"AccessKey", kKey}},
                      R"({"select":["Name"]})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);

  EXPECT_EQ(LoggedStatuses(), (std::vector<int>{401, 401, 200}));
  // Refused calls used no quota.
  EXPECT_EQ(Control("GET", "/__sandbox/limits")["windows"][0]["count"], 1);
}

TEST_F(SandboxHttpTest, InsertQueryUpdateDeleteRoundTrip) {
  Json inserted = Insert({{{"Name", "Northwind"},
                           {"Arr", 250000},
                           {"RenewalDate", "2025-03-01"},
                           {"Stage", "New Customer"},
                           {"IsStrategic__gc", true}},
                          {{"Name", "Contoso"}, {"Arr", 1200.5}}});
  ExpectEnvelope(inserted, true);
  ASSERT_EQ(inserted["data"]["count"], 2);
  EXPECT_TRUE(inserted["data"]["errors"].is_null());
  std::string northwind = inserted["data"]["records"][0]["Gsid"];
  std::string contoso = inserted["data"]["records"][1]["Gsid"];
  EXPECT_EQ(northwind.size(), 36u);
  EXPECT_EQ(northwind.substr(0, 4), "1P02");
  EXPECT_NE(northwind, contoso);

  Json rows = Query({{"select",
                      {"Gsid", "Name", "Arr", "RenewalDate", "Stage",
                       "IsStrategic__gc", "Industry", "CreatedDate"}},
                     {"where",
                      {{"conditions",
                        {{{"name", "Arr"},
                          {"alias", "A"},
                          {"value", {100000}},
                          {"operator", "GTE"}}}},
                       {"expression", "A"}}}});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].dump(), Json({{"Gsid", northwind},
                                  {"Name", "Northwind"},
                                  {"Arr", 250000},
                                  {"RenewalDate", 1740787200000},
                                  {"Stage", StageGsid("New Customer")},
                                  {"IsStrategic__gc", true},
                                  {"Industry", nullptr},
                                  {"CreatedDate", absl::ToUnixMillis(kStart)}})
                                .dump());

  clock_.Advance(absl::Seconds(5));
  httplib::Result res = Call(
      "PUT", "/v1/data/objects/Company?keys=Name",
      R"({"records":[{"Name":"Contoso","Industry":"Retail","Arr":null}]})");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  Json updated = ParseJson(res->body);
  EXPECT_EQ(updated["data"]["count"], 1);
  EXPECT_EQ(updated["data"]["records"][0]["Gsid"], contoso);

  rows = Query({{"select", {"Name", "Industry", "Arr", "ModifiedDate"}},
                {"orderBy", {{"Name", "asc"}}}});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0]["Name"], "Contoso");
  EXPECT_EQ(rows[0]["Industry"], "Retail");
  EXPECT_TRUE(rows[0]["Arr"].is_null());
  EXPECT_EQ(rows[0]["ModifiedDate"], absl::ToUnixMillis(kStart) + 5000);
  EXPECT_EQ(rows[1]["ModifiedDate"], absl::ToUnixMillis(kStart));

  res = Call("DELETE", "/v1/data/objects/company/" + northwind);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(ParseJson(res->body)["data"]["records"][0]["Gsid"], northwind);
  rows = Query({{"select", {"Gsid"}}});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["Gsid"], contoso);

  res = Call("DELETE", "/v1/data/objects/Company/" + northwind);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(ParseJson(res->body)["errorCode"], "GSOBJ_1011");
}

TEST_F(SandboxHttpTest, InvalidBatchWritesNothing) {
  Json body = Insert({{{"Name", "ok"}},
                      {{"Name", "bad"}, {"Arr", "a lot"}},
                      {{"Name", "also ok"}}});
  ExpectEnvelope(body, false);
  EXPECT_EQ(body["errorCode"], "GSOBJ_1002");
  EXPECT_EQ(body["data"]["count"], 0);
  EXPECT_TRUE(body["data"]["records"].is_null());
  // One entry per record of the call, in order; only the bad one has
  // results, and values are never echoed.
  const Json& errors = body["data"]["errors"];
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_TRUE(errors[0].empty());
  EXPECT_TRUE(errors[2].empty());
  ASSERT_EQ(errors[1].size(), 1u);
  EXPECT_EQ(errors[1][0]["success"], false);
  EXPECT_TRUE(errors[1][0]["parsedValue"].is_null());
  EXPECT_EQ(errors[1][0]["errors"][0]["fieldName"], "Arr");
  EXPECT_EQ(errors[1][0]["errors"][0]["errorCode"], "GSOBJ_1002");
  EXPECT_TRUE(errors[1][0]["errors"][0]["invalidValue"].is_null());
  EXPECT_EQ(DumpJson(body).find("a lot"), std::string::npos);
  EXPECT_TRUE(Query({{"select", {"Name"}}}).empty());
  EXPECT_EQ(LoggedStatuses(), (std::vector<int>{400, 200}));
  EXPECT_EQ(Control("GET", "/__sandbox/calls")[0]["records"], 3);
}

TEST_F(SandboxHttpTest, UpdateMatchingNothingWritesNothing) {
  Insert({{{"Name", "A"}, {"Region__gc", "EU"}}});
  httplib::Result res =
      Call("PUT", "/v1/data/objects/Company?keys=Name",
           R"({"records":[{"Name":"A","Region__gc":"US"},{"Name":"Z"}]})");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  Json body = ParseJson(res->body);
  EXPECT_EQ(body["errorCode"], "GSOBJ_1011");
  EXPECT_EQ(body["errorDesc"],
            "No entity matches the given criteria, please re-check your "
            "request");
  ASSERT_EQ(body["data"]["errors"].size(), 2u);
  EXPECT_TRUE(body["data"]["errors"][0].empty());
  EXPECT_EQ(body["data"]["errors"][1][0]["errors"][0]["errorCode"],
            "GSOBJ_1011");
  EXPECT_EQ(Query({{"select", {"Region__gc"}}})[0]["Region__gc"], "EU");
}

TEST_F(SandboxHttpTest, RequestErrors) {
  struct Case {
    const char* method;
    std::string path;
    std::string body;
    int status;
    const char* code;
  };
  const Case cases[] = {
      {"POST", "/v1/data/objects/Company", "{not json", 400, "GSOBJ_1008"},
      {"POST", "/v1/data/objects/Company", R"({"records":[]})", 400,
       "GSOBJ_1008"},
      {"POST", "/v1/data/objects/Widget", R"({"records":[{"Name":"a"}]})", 400,
       "GSOBJ_1023"},
      {"PUT", "/v1/data/objects/Company", R"({"records":[{"Name":"a"}]})", 400,
       "GSOBJ_1008"},
      {"PUT", "/v1/data/objects/Company?keys=A,B,C,D",
       R"({"records":[{"Name":"a"}]})", 400, "GSOBJ_1008"},
      {"PUT", "/v1/data/objects/Company?keys=Nope",
       R"({"records":[{"Name":"a"}]})", 400, "GSOBJ_1002"},
      {"POST", "/v1/data/objects/query/Company", R"({"select":[]})", 400,
       "GSOBJ_ESS_9104"},
      {"POST", "/v1/data/objects/query/Company",
       R"({"select":["Name"],"limit":5001})", 400, "GSOBJ_1008"},
      {"DELETE", "/v1/data/objects/Company/", "", 400, "GSOBJ_1004"},
      {"DELETE", "/v1/data/objects/Company/%20", "", 400, "GSOBJ_1004"},
      {"DELETE", "/v1/data/objects/Company/not-a-gsid", "", 400, "GSOBJ_1004"},
      {"GET", "/v1/data/objects/Company", "", 404, "GS_APIG_1000"},
      {"POST", "/v2/anything", "{}", 404, "GS_APIG_1000"},
  };
  for (const Case& c : cases) {
    httplib::Result res = Call(c.method, c.path, c.body);
    ASSERT_TRUE(res) << c.method << " " << c.path;
    EXPECT_EQ(res->status, c.status) << c.method << " " << c.path;
    Json body = ParseJson(res->body);
    ExpectEnvelope(body, false);
    EXPECT_EQ(body["errorCode"], c.code) << c.method << " " << c.path;
  }
  Json many = Json::array();
  for (int i = 0; i < 51; ++i) many.push_back({{"Name", "n"}});
  EXPECT_EQ(Insert(many)["errorCode"], "GSOBJ_1008");
  // Unknown routes are not Gainsight calls: not logged.
  EXPECT_EQ(Control("GET", "/__sandbox/calls").size(),
            std::size(cases) - 2 + 1);
}

TEST_F(SandboxHttpTest, RateLimitAnswers429AndLogsEveryCall) {
  Control("PUT", "/__sandbox/limits", {{"limits", "sync=3/1s"}});
  const std::string query = R"({"select":["Name"]})";
  for (int i = 0; i < 3; ++i) {
    httplib::Result res = Call("POST", "/v1/data/objects/query/Company", query);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    Control("GET", "/__sandbox/limits");  // control calls are not counted
  }
  httplib::Result res = Call("POST", "/v1/data/objects/query/Company", query);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 429);
  EXPECT_FALSE(res->has_header("Retry-After"));
  Json body = ParseJson(res->body);
  ExpectEnvelope(body, false);
  EXPECT_EQ(body["errorCode"], "GU_2400");
  EXPECT_EQ(body["errorDesc"], "Too many request");
  EXPECT_TRUE(body["data"].is_null());
  EXPECT_TRUE(body["message"].is_null());

  // The next window admits again.
  clock_.Advance(absl::Seconds(1));
  res = Call("POST", "/v1/data/objects/Company?x=1",
             R"({"records":[{"Name":"a"},{"Name":"b"}]})");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);

  Json calls = Control("GET", "/__sandbox/calls");
  ASSERT_EQ(calls.size(), 5u);
  EXPECT_EQ(LoggedStatuses(), (std::vector<int>{200, 200, 200, 429, 200}));
  EXPECT_EQ(calls[0].dump(), Json({{"method", "POST"},
                                   {"path", "/v1/data/objects/query/Company"},
                                   {"query", ""},
                                   {"time_ms", absl::ToUnixMillis(kStart)},
                                   {"time_us", absl::ToUnixMicros(kStart)},
                                   {"status", 200},
                                   {"records", 0},
                                   {"call_class", "sync"}})
                                 .dump());
  EXPECT_EQ(calls[4]["query"], "x=1");
  EXPECT_EQ(calls[4]["records"], 2);
  EXPECT_EQ(calls[4]["time_ms"], absl::ToUnixMillis(kStart) + 1000);
  EXPECT_EQ(res->body.find(kKey), std::string::npos);
  EXPECT_EQ(calls.dump().find(kKey), std::string::npos);
}

TEST_F(SandboxHttpTest, RetryAfterHeaderWhenEnabled) {
  SandboxOptions options;
  options.limits = Limits("sync=1/10s");
  options.window_offset = absl::Seconds(2);  // windows [..2 s, ..12 s)
  options.retry_after = true;
  Restart(options);
  ASSERT_EQ(Call("DELETE", "/v1/data/objects/Company/X")->status, 400);
  httplib::Result res = Call("DELETE", "/v1/data/objects/Company/X");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 429);
  // Now is 40.25 s past a 10 s boundary: the window resets at 42 s.
  EXPECT_EQ(res->get_header_value("Retry-After"), "2");
  Json limits = Control("GET", "/__sandbox/limits");
  EXPECT_EQ(limits["window_offset_ms"], 2000);
  EXPECT_EQ(limits["windows"][0]["window_end_ms"], 1700000042000);
}

TEST_F(SandboxHttpTest, ConsumeSharesTheBudget) {
  Control("PUT", "/__sandbox/limits", {{"limits", "sync=5/1m"}});
  Json limits = Control("POST", "/__sandbox/consume",
                        {{"call_class", "sync"}, {"count", 4}});
  EXPECT_EQ(limits["windows"][0]["count"], 4);
  EXPECT_EQ(
      Call("POST", "/v1/data/objects/query/Company", R"({"select":["Name"]})")
          ->status,
      200);
  EXPECT_EQ(
      Call("POST", "/v1/data/objects/query/Company", R"({"select":["Name"]})")
          ->status,
      429);
  EXPECT_EQ(LoggedStatuses(), (std::vector<int>{200, 429}));  // not logged
}

TEST_F(SandboxHttpTest, LimitsControlValidates) {
  httplib::Result res = client_->Put(
      "/__sandbox/limits", R"({"limits":"sync=often"})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(ParseJson(res->body)["ok"], false);
  res = client_->Post("/__sandbox/consume", R"({"call_class":"fast"})",
                      "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(Control("GET", "/__sandbox/limits")["limits"], "sync=1000/1m");
}

TEST_F(SandboxHttpTest, InjectedErrorStatusLeavesStateAlone) {
  Control("POST", "/__sandbox/faults",
          {{"status", 503}, {"count", 2}, {"method", "POST"}});
  for (int i = 0; i < 2; ++i) {
    Json body = Insert({{{"Name", "x"}}});
    ExpectEnvelope(body, false);
    EXPECT_EQ(body["errorCode"], "SANDBOX_FAULT");
  }
  EXPECT_EQ(
      Call("POST", "/v1/data/objects/Company", R"({"records":[{"Name":"y"}]})")
          ->status,
      200);
  Json rows = Query({{"select", {"Name"}}});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["Name"], "y");
  EXPECT_EQ(LoggedStatuses(), (std::vector<int>{503, 503, 200, 200}));
  // Faulted calls used no quota.
  EXPECT_EQ(Control("GET", "/__sandbox/limits")["windows"][0]["count"], 2);
}

TEST_F(SandboxHttpTest, Injected429CarriesRetryAfter) {
  Control("POST", "/__sandbox/faults",
          {{"status", 429}, {"count", 1}, {"retry_after_s", 7}});
  httplib::Result res = Call("DELETE", "/v1/data/objects/Company/X");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 429);
  EXPECT_EQ(res->get_header_value("Retry-After"), "7");
  EXPECT_EQ(ParseJson(res->body)["errorCode"], "GU_2400");
}

TEST_F(SandboxHttpTest, DroppedConnectionGivesNoResponse) {
  Control("POST", "/__sandbox/faults",
          {{"drop_connection", true}, {"count", 1}});
  httplib::Result res =
      Call("POST", "/v1/data/objects/Company", R"({"records":[{"Name":"x"}]})");
  EXPECT_FALSE(res);  // no valid response
  EXPECT_TRUE(Query({{"select", {"Name"}}}).empty());
  EXPECT_EQ(LoggedStatuses(), (std::vector<int>{0, 200}));
}

TEST_F(SandboxHttpTest, MalformedBodyIsNotJson) {
  Control("POST", "/__sandbox/faults",
          {{"malformed_body", true}, {"count", 1}});
  httplib::Result res =
      Call("POST", "/v1/data/objects/query/Company", R"({"select":["Name"]})");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_TRUE(ParseJson(res->body).is_discarded()) << res->body;
}

TEST_F(SandboxHttpTest, DelayOnlyFaultServesNormallyLate) {
  Control("POST", "/__sandbox/faults", {{"delay_ms", 300}, {"count", 1}});
  absl::Time before = absl::Now();
  Json body = Insert({{{"Name", "late"}}});
  absl::Duration took = absl::Now() - before;
  ExpectEnvelope(body, true);
  EXPECT_GE(took, absl::Milliseconds(300));
  EXPECT_EQ(Query({{"select", {"Name"}}}).size(), 1u);
}

TEST_F(SandboxHttpTest, FaultsAreListedAndCleared) {
  Json added =
      Control("POST", "/__sandbox/faults",
              {{"status", 500}, {"path_prefix", "/v1/data/objects/query"}});
  EXPECT_EQ(added["id"], 1);
  EXPECT_EQ(
      Call("POST", "/v1/data/objects/Company", R"({"records":[{"Name":"x"}]})")
          ->status,
      200);
  EXPECT_EQ(
      Call("POST", "/v1/data/objects/query/Company", R"({"select":["Name"]})")
          ->status,
      500);
  Json listed = Control("GET", "/__sandbox/faults");
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["status"], 500);
  EXPECT_EQ(listed[0]["fired"], 1);
  Control("DELETE", "/__sandbox/faults");
  EXPECT_TRUE(Control("GET", "/__sandbox/faults").empty());
  EXPECT_EQ(
      Call("POST", "/v1/data/objects/query/Company", R"({"select":["Name"]})")
          ->status,
      200);
  httplib::Result res = client_->Post(
      "/__sandbox/faults", R"({"status":"oops"})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
}

TEST_F(SandboxHttpTest, ResetRestoresAFreshTenant) {
  Insert({{{"Name", "x"}}});
  Control("PUT", "/__sandbox/limits", {{"limits", "sync=1/1h"}});
  Control("POST", "/__sandbox/faults", {{"status", 500}, {"method", "GET"}});
  EXPECT_EQ(Control("POST", "/__sandbox/reset")["ok"], true);
  EXPECT_TRUE(Control("GET", "/__sandbox/calls").empty());
  EXPECT_TRUE(Control("GET", "/__sandbox/faults").empty());
  Json limits = Control("GET", "/__sandbox/limits");
  EXPECT_EQ(limits["limits"], "sync=1000/1m");
  EXPECT_EQ(limits["windows"][0]["count"], 0);
  EXPECT_TRUE(Query({{"select", {"Name"}}}).empty());
  EXPECT_EQ(Control("GET", "/__sandbox/health")["ok"], true);
}

TEST_F(SandboxHttpTest, PostWithoutContentLengthHasAnEmptyBody) {
  // `curl -X POST URL` sends no Content-Length; this must not hang.
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  timeval timeout{2, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port_));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  const std::string request =
      "POST /__sandbox/reset HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  ASSERT_EQ(write(fd, request.data(), request.size()),
            static_cast<ssize_t>(request.size()));
  std::string response;
  char buffer[1024];
  ssize_t n;
  while ((n = read(fd, buffer, sizeof(buffer))) > 0) response.append(buffer, n);
  close(fd);
  EXPECT_EQ(response.rfind("HTTP/1.1 200", 0), 0u) << response;
  EXPECT_NE(response.find(R"({"ok":true})"), std::string::npos) << response;
}

TEST_F(SandboxHttpTest, ArrayQueryShape) {
  SandboxOptions options;
  options.query_shape = QueryShape::kArray;
  Restart(options);
  Insert({{{"Name", "x"}}});
  httplib::Result res =
      Call("POST", "/v1/data/objects/query/Company", R"({"select":["Name"]})");
  ASSERT_TRUE(res);
  Json data = ParseJson(res->body)["data"];
  ASSERT_TRUE(data.is_array()) << res->body;
  EXPECT_EQ(data[0]["Name"], "x");
}

}  // namespace
}  // namespace gg::sandbox
