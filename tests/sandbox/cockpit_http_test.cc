// The sandbox's Cockpit CTA configuration endpoint over real HTTP.
#include <httplib.h>

#include <memory>
#include <string>
#include <thread>
#include <utility>

#include "gtest/gtest.h"
#include "sandbox/http_server.h"
#include "sandbox/json.h"
#include "sandbox/sandbox.h"

namespace gg::sandbox {
namespace {

constexpr char kKey[] = "test-key";
constexpr char kConfig[] = "/v2/cockpit/admin/picklist/lite";

class CockpitHttpTest : public ::testing::Test {
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

  std::pair<int, Json> Get(const std::string& path) {
    httplib::Result res = client_->Get(path, {{"accesskey", kKey}});
    EXPECT_TRUE(res) << path;
    if (!res) return {0, nullptr};
    return {res->status, ParseJson(res->body)};
  }

  std::unique_ptr<Sandbox> sandbox_;
  std::unique_ptr<HttpServer> server_;
  std::thread serving_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(CockpitHttpTest, ConfigAnswersEachRequestedCategory) {
  auto [status, body] =
      Get(std::string(kConfig) + "?category=CTA_STATUS,CTA_TYPE&et=COMPANY");
  ASSERT_EQ(status, 200) << body.dump();
  EXPECT_EQ(body["result"], true);
  const Json& data = body["data"];
  ASSERT_EQ(data.size(), 2u);
  ASSERT_TRUE(data.contains("CTA_TYPE"));
  EXPECT_EQ(data["CTA_TYPE"][0]["name"], "Risk");
  EXPECT_EQ(data["CTA_TYPE"][0]["typeName"], "ALL_CTA_TYPE");
  EXPECT_EQ(data["CTA_TYPE"][0]["gsid"].get<std::string>().size(), 36u);
  bool closed_seen = false;
  for (const Json& item : data["CTA_STATUS"]) {
    ASSERT_TRUE(item.contains("closed"));
    closed_seen |= item["closed"].get<bool>();
  }
  EXPECT_TRUE(closed_seen);
  EXPECT_FALSE(data["CTA_TYPE"][0].contains("closed"));
}

TEST_F(CockpitHttpTest, ConfigRejectsBadParameters) {
  for (const std::string& query : {"", "?category=", "?category=CTA_COLOUR",
                                   "?category=CTA_TYPE&et=USER"}) {
    auto [status, body] = Get(kConfig + query);
    EXPECT_EQ(status, 400) << query;
    EXPECT_EQ(body["result"], false) << query;
    EXPECT_EQ(body["errorCode"], "COCKPIT_5102") << query;
  }
}

TEST_F(CockpitHttpTest, ConfigWithoutAccessKeyIsUnauthorized) {
  httplib::Result res =
      client_->Get(std::string(kConfig) + "?category=CTA_TYPE");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
}

}  // namespace
}  // namespace gg::sandbox
