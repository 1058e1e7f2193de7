// The sandbox's Bulk API import over real HTTP: a multipart CSV upload to a
// configured data job, rows applied one by one with per-row errors, the
// status endpoint stepping through Gainsight's states, and the async limit.
#include <httplib.h>

#include <memory>
#include <string>
#include <thread>

#include "gainsight/bulk_wire_names.h"
#include "gainsight/endpoints.h"
#include "gtest/gtest.h"
#include "sandbox/csv.h"
#include "sandbox/http_server.h"
#include "sandbox/json.h"
#include "sandbox/sandbox.h"
#include "tests/sandbox/sandbox_http_fixture.h"

namespace gg::sandbox {
namespace {

constexpr char kBulkKey[] = "bulk-connection-key";
constexpr char kUpload[] = "/v1.0/admin/connector/job/bulkimport";

// What every published cURL of the Bulk API sends.
httplib::Headers BulkHeaders() {
  return {{"accessKey", kBulkKey},
          {"appOrgId", "org-1"},
          {"loginName", "ann@acme.example"}};
}

class BulkHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SandboxOptions options;
    options.access_key = kKey;
    options.bulk = {kBulkKey, "org-1", "ann@acme.example"};
    absl::StatusOr<LimitsSpec> limits =
        ParseLimitsSpec("sync=1000/1s;bulk=3/1h");
    ASSERT_TRUE(limits.ok());
    options.limits = *limits;
    sandbox_ = std::make_unique<Sandbox>(options);
    server_ = std::make_unique<HttpServer>(sandbox_.get());
    absl::StatusOr<int> port = server_->Bind("127.0.0.1", 0);
    ASSERT_TRUE(port.ok()) << port.status();
    serving_ = std::thread([this] { server_->Serve(); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", *port);
    client_->set_read_timeout(10, 0);
    httplib::Result res = client_->Post(
        "/__sandbox/bulk-jobs", R"({"jobId":"job-1","object":"Company"})",
        "application/json");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
  }

  void TearDown() override {
    client_.reset();
    if (server_ != nullptr) server_->Stop();
    if (serving_.joinable()) serving_.join();
  }

  std::pair<int, Json> Upload(const std::string& job_id, const std::string& csv,
                              httplib::Headers headers = BulkHeaders()) {
    httplib::MultipartFormDataItems items = {
        {"jobId", job_id, "", ""},
        {"file", csv, "rows.csv", "text/csv; charset=utf-8"}};
    httplib::Result res = client_->Post(kUpload, headers, items);
    EXPECT_TRUE(res);
    if (!res) return {0, nullptr};
    return {res->status, ParseJson(res->body)};
  }

  Json Status(const std::string& status_id,
              httplib::Headers headers = BulkHeaders()) {
    httplib::Result res =
        client_->Get(std::string(kUpload) + "/status/" + status_id, headers);
    EXPECT_TRUE(res);
    if (!res) return nullptr;
    EXPECT_EQ(res->status, 200) << res->body;
    return ParseJson(res->body);
  }

  void Shapes(const Json& shapes) {
    httplib::Result res = client_->Put("/__sandbox/bulk-shapes",
                                       DumpJson(shapes), "application/json");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
  }

  // Submits an export of Company names; the submit answer's data.
  Json SubmitExport(const httplib::Headers& auth) {
    Json query = {{"select", {"Name"}}};
    httplib::Result res = client_->Post("/v3/exports/data/bulk/Company", auth,
                                        query.dump(), "application/json");
    EXPECT_TRUE(res);
    if (!res) return nullptr;
    EXPECT_EQ(res->status, 200) << res->body;
    return ParseJson(res->body)["data"];
  }

  Json Companies() {
    httplib::Result res = client_->Post(
        "/v1/data/objects/query/Company", {{"accesskey", kKey}},
        R"({"select":["Name","Arr"],"limit":100})", "application/json");
    EXPECT_TRUE(res);
    return ParseJson(res->body)["data"]["records"];
  }

  std::unique_ptr<Sandbox> sandbox_;
  std::unique_ptr<HttpServer> server_;
  std::thread serving_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(BulkHttpTest, UploadLoadsGoodRowsAndReportsBadOnesThroughStates) {
  const std::string csv =
      "Name,Arr\r\n"
      "\"Acme, Inc.\",100\r\n"
      ",5\r\n"                           // Name is required
      "\"Quote \"\"Q\"\"\nCo\",abc\r\n"  // Arr is not a number
      "Globex,7.5\r\n";
  auto [status, body] = Upload("job-1", csv);
  ASSERT_EQ(status, 200) << body;
  ASSERT_EQ(body["result"], true);
  const std::string status_id = body["data"]["statusId"];
  EXPECT_EQ(body["data"]["statusUrl"],
            std::string(kUpload) + "/status/" + status_id);

  EXPECT_EQ(Status(status_id)["data"]["jobStatus"], bulk_wire::kStateInit);
  EXPECT_EQ(Status(status_id)["data"]["jobStatus"],
            bulk_wire::kStateInProgress);
  Json done = Status(status_id)["data"];
  EXPECT_EQ(done["jobStatus"], bulk_wire::kStateCompleted);
  EXPECT_EQ(done["totalCount"], 4);
  EXPECT_EQ(done["successCount"], 2);
  EXPECT_EQ(done["failureCount"], 2);
  ASSERT_EQ(done["errors"].size(), 2u) << done;
  EXPECT_EQ(done["errors"][0]["rowNumber"], 2);
  EXPECT_EQ(done["errors"][0]["fieldName"], "Name");
  EXPECT_EQ(done["errors"][1]["rowNumber"], 3);
  EXPECT_EQ(done["errors"][1]["fieldName"], "Arr");

  Json rows = Companies();
  ASSERT_EQ(rows.size(), 2u) << rows;
  EXPECT_EQ(rows[0]["Name"], "Acme, Inc.");
  EXPECT_EQ(rows[1]["Name"], "Globex");
  EXPECT_EQ(rows[1]["Arr"], 7.5);
}

TEST_F(BulkHttpTest, RefusesUnknownJobEmptyFileAndUnknownColumn) {
  auto [s1, unknown] = Upload("no-such-job", "Name\r\nA\r\n");
  EXPECT_EQ(s1, 400);
  EXPECT_EQ(unknown["errorCode"], "GS_7572");
  auto [s2, empty] = Upload("job-1", "Name\r\n");
  EXPECT_EQ(s2, 200);
  EXPECT_EQ(empty["result"], false);
  EXPECT_EQ(empty["errorCode"], "GS_7571");
  auto [s3, column] = Upload("job-1", "Name,Nope\r\nA,b\r\n");
  EXPECT_EQ(s3, 400);
  EXPECT_EQ(column["errorCode"], "GS_7574");
  EXPECT_EQ(Companies().size(), 0u);
}

TEST_F(BulkHttpTest, UploadsCountAgainstTheAsyncLimit) {
  // bulk=3/1h: the fourth upload in the hour is refused and loads nothing.
  EXPECT_EQ(Upload("job-1", "Name\r\nA\r\n").first, 200);
  EXPECT_EQ(Upload("job-1", "Name\r\nB\r\n").first, 200);
  EXPECT_EQ(Upload("job-1", "Name\r\nC\r\n").first, 200);
  auto [status, body] = Upload("job-1", "Name\r\nD\r\n");
  EXPECT_EQ(status, 429);
  EXPECT_EQ(body["errorCode"], "GU_2400");
  EXPECT_EQ(Companies().size(), 3u);
}

TEST_F(BulkHttpTest, ExportRunsTheQueryAndServesCsvChunks) {
  ASSERT_EQ(
      Upload("job-1", "Name,Arr\r\nB,3\r\n\"A, Inc.\",5\r\nC,1\r\n").first,
      200);
  // The export article's header is `authentication`.
  httplib::Headers auth = {{"authentication", kKey}};
  Json query = {{"select", {"Name", "Arr"}},
                {"where",
                 {{"conditions",
                   {{{"name", "Arr"},
                     {"alias", "A"},
                     {"value", {2}},
                     {"operator", "GT"}}}},
                  {"expression", "A"}}},
                {"orderBy", {{"Name", "asc"}}}};
  httplib::Result submit = client_->Post("/v3/exports/data/bulk/Company", auth,
                                         query.dump(), "application/json");
  ASSERT_TRUE(submit);
  ASSERT_EQ(submit->status, 200) << submit->body;
  Json submitted = ParseJson(submit->body)["data"];
  const std::string status_url = submitted["statusURL"];
  EXPECT_EQ(status_url, "/v3/exports/data/bulk/status/" +
                            submitted["jobId"].get<std::string>());

  httplib::Result first = client_->Get(status_url, auth);
  ASSERT_TRUE(first);
  EXPECT_EQ(ParseJson(first->body)["data"]["jobStatus"], "IN_PROGRESS");
  httplib::Result done = client_->Get(status_url, auth);
  ASSERT_TRUE(done);
  Json status = ParseJson(done->body)["data"];
  EXPECT_EQ(status["jobStatus"], "COMPLETED");
  EXPECT_EQ(status["totalRecords"], 2);
  ASSERT_EQ(status["chunkDetails"].size(), 1u);

  httplib::Result chunk = client_->Get(
      status["chunkDetails"][0]["chunkURL"].get<std::string>(), auth);
  ASSERT_TRUE(chunk);
  EXPECT_EQ(chunk->status, 200);
  EXPECT_EQ(chunk->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(chunk->body, "Name,Arr\r\n\"A, Inc.\",5\r\nB,3\r\n");
}

TEST_F(BulkHttpTest, AnUploadMustCarryTheBulkConnectionNotTheApiKey) {
  // The API key, as a client that reuses it would send it.
  auto [s1, api_key] = Upload("job-1", "Name\r\nA\r\n",
                              {{"accesskey", kKey},
                               {"appOrgId", "org-1"},
                               {"loginName", "ann@acme.example"}});
  EXPECT_EQ(s1, 401);
  EXPECT_EQ(api_key["errorCode"], "GS_APIG_2401");
  auto [s2, no_org] =
      Upload("job-1", "Name\r\nA\r\n",
             {{"accessKey", kBulkKey}, {"loginName", "ann@acme.example"}});
  EXPECT_EQ(s2, 401);
  auto [s3, other_user] = Upload("job-1", "Name\r\nA\r\n",
                                 {{"accessKey", kBulkKey},
                                  {"appOrgId", "org-1"},
                                  {"loginName", "bob@acme.example"}});
  EXPECT_EQ(s3, 401);
  EXPECT_EQ(Companies().size(), 0u);
  auto [ok, body] = Upload("job-1", "Name\r\nA\r\n");
  ASSERT_EQ(ok, 200) << body;
  // The status takes either key (its doc shows no auth header).
  const std::string id = body["data"]["statusId"];
  EXPECT_EQ(Status(id, {{"accesskey", kKey}})["result"], true);
  EXPECT_EQ(Status(id)["result"], true);
}

TEST_F(BulkHttpTest, AnUpsertDataJobLoadsARowTwiceAsOneRecord) {
  httplib::Result res = client_->Post(
      "/__sandbox/bulk-jobs",
      R"({"jobId":"upsert-1","object":"Company","operation":"upsert","keys":["Name"]})",
      "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  ASSERT_EQ(Upload("upsert-1", "Name,Arr\r\nAcme,1\r\nGlobex,2\r\n").first,
            200);
  ASSERT_EQ(Upload("upsert-1", "Name,Arr\r\nAcme,3\r\n").first, 200);
  Json rows = Companies();
  ASSERT_EQ(rows.size(), 2u) << rows;
  EXPECT_EQ(rows[0]["Name"], "Acme");
  EXPECT_EQ(rows[0]["Arr"], 3);
}

TEST_F(BulkHttpTest, StatusServesEachCountShapeAndCanStall) {
  auto [status, body] = Upload("job-1", "Name\r\nA\r\n,x\r\n");
  ASSERT_EQ(status, 200);
  const std::string id = body["data"]["statusId"];
  Shapes({{"async_counts", "count"}});
  Status(id);
  Status(id);
  Json done = Status(id)["data"];
  EXPECT_EQ(done["jobStatus"], "COMPLETED");
  EXPECT_EQ(done["Count"], 2);
  EXPECT_FALSE(done.contains("successCount"));
  EXPECT_EQ(done["errors"].size(), 1u);
  Shapes({{"async_stuck", true}});
  EXPECT_EQ(Status(id)["data"]["jobStatus"], "IN_PROGRESS");
  Shapes({{"async_stuck", false}, {"async_state", "WAITING_FOR_SLOT"}});
  EXPECT_EQ(Status(id)["data"]["jobStatus"], "WAITING_FOR_SLOT");
  httplib::Result bad =
      client_->Put("/__sandbox/bulk-shapes", R"({"async_counts":"some"})",
                   "application/json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
}

TEST_F(BulkHttpTest, ExportUrlsComeInEveryShapeAndOnlyHandedOutOnesAnswer) {
  ASSERT_EQ(Upload("job-1", "Name\r\nB\r\nA\r\n").first, 200);
  const httplib::Headers auth = {{"accesskey", kKey}};
  Shapes({{"url_layout", "opaque"},
          {"url_form", "absolute"},
          {"status_url_key", "statusUrl"},
          {"chunk_url_key", "chunkUrl"},
          {"export_status_reads", 1}});
  Json submitted = SubmitExport(auth);
  const std::string status_url = submitted["statusUrl"];
  ASSERT_EQ(status_url.rfind("http://127.0.0.1:", 0), 0u) << status_url;
  const std::string status_path = status_url.substr(status_url.find("/v3/"));
  EXPECT_NE(status_path.find("/results/"), std::string::npos);
  // A path the sandbox did not hand out is no route.
  httplib::Result guessed = client_->Get(
      "/v3/exports/data/bulk/status/" + submitted["jobId"].get<std::string>(),
      auth);
  ASSERT_TRUE(guessed);
  EXPECT_EQ(guessed->status, 404);
  httplib::Result done = client_->Get(status_path, auth);
  ASSERT_TRUE(done);
  Json status = ParseJson(done->body)["data"];
  ASSERT_EQ(status["jobStatus"], "COMPLETED") << status;
  const std::string chunk_url = status["chunkDetails"][0]["chunkUrl"];
  const std::string chunk_path = chunk_url.substr(chunk_url.find("/v3/"));
  // The CSV chunk refuses a client that accepts JSON only.
  httplib::Headers json_only = auth;
  json_only.emplace("Accept", "application/json");
  httplib::Result refused = client_->Get(chunk_path, json_only);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 406);
  httplib::Headers doc_accept = auth;
  doc_accept.emplace("Accept", "application/json, text/plain, */*");
  httplib::Result chunk = client_->Get(chunk_path, doc_accept);
  ASSERT_TRUE(chunk);
  EXPECT_EQ(chunk->status, 200);
  EXPECT_EQ(chunk->body, "Name\r\nB\r\nA\r\n");

  Shapes({{"url_form", "foreign"}});
  const std::string foreign = SubmitExport(auth)["statusUrl"];
  EXPECT_EQ(foreign.rfind("http://elsewhere.invalid", 0), 0u) << foreign;
}

TEST_F(BulkHttpTest, ExportTakesTheKeyInTheHeaderTheSwitchNames) {
  const httplib::Headers by_accesskey = {{"accesskey", kKey}};
  const httplib::Headers by_authentication = {{"authentication", kKey}};
  auto submit = [&](const httplib::Headers& auth) {
    httplib::Result res =
        client_->Post("/v3/exports/data/bulk/Company", auth,
                      R"({"select":["Name"]})", "application/json");
    return res ? res->status : 0;
  };
  // Four submits are accepted here: more than the fixture's async limit.
  httplib::Result limits = client_->Put(
      "/__sandbox/limits", R"({"limits":"sync=1000/1s;bulk=10/1h"})",
      "application/json");
  ASSERT_TRUE(limits);
  ASSERT_EQ(limits->status, 200) << limits->body;
  EXPECT_EQ(submit(by_accesskey), 200);
  EXPECT_EQ(submit(by_authentication), 200);
  Shapes({{"export_auth", "authentication"}});
  EXPECT_EQ(submit(by_accesskey), 401);
  EXPECT_EQ(submit(by_authentication), 200);
  Shapes({{"export_auth", "accesskey"}});
  EXPECT_EQ(submit(by_accesskey), 200);
  EXPECT_EQ(submit(by_authentication), 401);
}

TEST(CsvTest, ParsesQuotedFieldsAndRoundTrips) {
  absl::StatusOr<std::vector<CsvRow>> rows =
      ParseCsv("a,\"b,c\",\"d\"\"e\"\r\n\"x\ny\",,z\n");
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0], (CsvRow{"a", "b,c", "d\"e"}));
  EXPECT_EQ((*rows)[1], (CsvRow{"x\ny", "", "z"}));
  EXPECT_EQ(CsvLine((*rows)[0]), "a,\"b,c\",\"d\"\"e\"\r\n");
  EXPECT_FALSE(ParseCsv("\"open").ok());
}

}  // namespace
}  // namespace gg::sandbox
