// The sandbox's Data Management endpoints over real HTTP: list objects,
// describe one (built from the registry), OBJECT_NOT_FOUND; and records of a
// custom object through the generic object endpoints.
#include <httplib.h>

#include <memory>
#include <string>
#include <thread>
#include <utility>

#include "gtest/gtest.h"
#include "sandbox/builtin_objects.h"
#include "sandbox/http_server.h"
#include "sandbox/json.h"
#include "sandbox/sandbox.h"
#include "tests/sandbox/sandbox_http_fixture.h"

namespace gg::sandbox {
namespace {

constexpr char kMeta[] = "/v1/meta/services/objects/";

class MetadataHttpTest : public ::testing::Test {
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

  std::pair<int, Json> Post(const std::string& path, const Json& body) {
    httplib::Result res = client_->Post(path, {{"accesskey", kKey}},
                                        body.dump(), "application/json");
    EXPECT_TRUE(res) << path;
    if (!res) return {0, nullptr};
    return {res->status, ParseJson(res->body)};
  }

  static const Json* FieldEntry(const Json& object, const std::string& name) {
    for (const Json& f : object["fields"]) {
      if (f["fieldName"] == name) return &f;
    }
    return nullptr;
  }

  std::unique_ptr<Sandbox> sandbox_;
  std::unique_ptr<HttpServer> server_;
  std::thread serving_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(MetadataHttpTest, ListNamesEveryObjectWithItsType) {
  auto [status, body] = Get(std::string(kMeta) + "list");
  ASSERT_EQ(status, 200) << body;
  EXPECT_EQ(body["result"], true);
  bool company = false, tracker = false;
  for (const Json& o : body["data"]) {
    EXPECT_FALSE(o.contains("fields"));
    if (o["objectName"] == "Company") {
      company = true;
      EXPECT_EQ(o["objectType"], "STANDARD");
    }
    if (o["objectName"] == "Renewal_Tracker__gc") {
      tracker = true;
      EXPECT_EQ(o["objectType"], "CUSTOM");
      EXPECT_EQ(o["transactional"], true);
      EXPECT_EQ(o["keyPrefix"], "1CO1");
    }
  }
  EXPECT_TRUE(company);
  EXPECT_TRUE(tracker);
}

TEST_F(MetadataHttpTest, DescribeGivesOneEntryWithFieldMetadata) {
  auto [status, body] =
      Get(std::string(kMeta) +
          "renewal_tracker__gc/"
          "describe?ic=false&cl=0&idd=false&ihc=false&piec=false");
  ASSERT_EQ(status, 200) << body;
  ASSERT_TRUE(body["data"].is_array());
  ASSERT_EQ(body["data"].size(), 1u);
  const Json& o = body["data"][0];
  EXPECT_EQ(o["objectName"], "Renewal_Tracker__gc");

  const Json* gsid = FieldEntry(o, "Gsid");
  ASSERT_NE(gsid, nullptr);
  EXPECT_EQ((*gsid)["dataType"], "GSID");
  EXPECT_EQ((*gsid)["meta"]["readOnly"], true);
  EXPECT_EQ((*gsid)["meta"]["fieldGroupType"], "SYSTEM");

  const Json* name = FieldEntry(o, "Name__gc");
  ASSERT_NE(name, nullptr);
  EXPECT_EQ((*name)["meta"]["required"], true);
  EXPECT_EQ((*name)["meta"]["length"], 255);
  EXPECT_EQ((*name)["meta"]["fieldGroupType"], "CUSTOM");

  const Json* stage = FieldEntry(o, "Stage__gc");
  ASSERT_NE(stage, nullptr);
  EXPECT_EQ((*stage)["dataType"], "PICKLIST");
  ASSERT_EQ((*stage)["options"].size(), 4u);
  EXPECT_EQ((*stage)["options"][0]["label"], "Open");

  const Json* lookup = FieldEntry(o, "Company_ID__gc");
  ASSERT_NE(lookup, nullptr);
  EXPECT_EQ((*lookup)["dataType"], "LOOKUP");
  EXPECT_EQ((*lookup)["meta"]["properties"]["sourceType"], "GSID");
  EXPECT_EQ((*lookup)["meta"]["lookupDetail"]["lookupName"], "Company_ID__gr");
  EXPECT_EQ((*lookup)["meta"]["lookupDetail"]["lookupObjects"][0]["objectName"],
            "Company");
}

TEST_F(MetadataHttpTest, DescribeOfUnknownObjectIsObjectNotFound) {
  auto [status, body] = Get(std::string(kMeta) + "Nope__gc/describe");
  EXPECT_EQ(status, 400);
  EXPECT_EQ(body["result"], false);
  EXPECT_EQ(body["title"], "OBJECT_NOT_FOUND");
  EXPECT_EQ(body["errorDesc"], "Requested object not found.");
}

TEST_F(MetadataHttpTest, CustomObjectRecordsUseTheGenericEndpoints) {
  auto [status, body] = Post(
      "/v1/data/objects/Renewal_Tracker__gc",
      Json{{"records",
            {{{"Name__gc", "A"}, {"Stage__gc", "Won"}, {"Amount__gc", 3}}}}});
  ASSERT_EQ(status, 200) << body;
  auto [bad_status, bad] =
      Post("/v1/data/objects/Renewal_Tracker__gc",
           Json{{"records", {{{"Name__gc", "B"}, {"Stage__gc", "Nope"}}}}});
  EXPECT_EQ(bad_status, 400) << bad;
  auto [q_status, rows] = Post("/v1/data/objects/query/Renewal_Tracker__gc",
                               Json{{"select", {"Name__gc", "Stage__gc"}}});
  ASSERT_EQ(q_status, 200) << rows;
  ASSERT_EQ(rows["data"]["records"].size(), 1u);
  // Reads answer the item's GSID, as the describe lists it.
  const ObjectDef tracker = RenewalTrackerObject();
  EXPECT_EQ(
      rows["data"]["records"][0]["Stage__gc"],
      PicklistItemGsid(tracker.field(tracker.FieldIndex("Stage__gc")), "Won"));
}

}  // namespace
}  // namespace gg::sandbox
