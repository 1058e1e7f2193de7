// The sandbox's Bulk API import over real HTTP: a multipart CSV upload to a
// configured data job, rows applied one by one with per-row errors, the
// status endpoint stepping through Gainsight's states, and the async limit.
#include <httplib.h>

#include <memory>
#include <string>
#include <thread>

#include "gainsight/endpoints.h"
#include "gtest/gtest.h"
#include "sandbox/csv.h"
#include "sandbox/http_server.h"
#include "sandbox/json.h"
#include "sandbox/sandbox.h"

namespace gg::sandbox {
namespace {

constexpr char kKey[] = "test-key";
constexpr char kUpload[] = "/v1.0/admin/connector/job/bulkimport";

class BulkHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SandboxOptions options;
    options.access_key = kKey;
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

  std::pair<int, Json> Upload(const std::string& job_id,
                              const std::string& csv) {
    httplib::MultipartFormDataItems items = {
        {"jobId", job_id, "", ""},
        {"file", csv, "rows.csv", "text/csv; charset=utf-8"}};
    httplib::Result res =
        client_->Post(kUpload, httplib::Headers{{"accessKey", kKey}}, items);
    EXPECT_TRUE(res);
    if (!res) return {0, nullptr};
    return {res->status, ParseJson(res->body)};
  }

  Json Status(const std::string& status_id) {
    httplib::Result res = client_->Get(
        std::string(kUpload) + "/status/" + status_id, {{"accesskey", kKey}});
    EXPECT_TRUE(res);
    if (!res) return nullptr;
    EXPECT_EQ(res->status, 200) << res->body;
    return ParseJson(res->body);
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

  EXPECT_EQ(Status(status_id)["data"]["jobStatus"], kBulkStateInit);
  EXPECT_EQ(Status(status_id)["data"]["jobStatus"], kBulkStateInProgress);
  Json done = Status(status_id)["data"];
  EXPECT_EQ(done["jobStatus"], kBulkStateCompleted);
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
