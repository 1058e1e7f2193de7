// The sandbox's Cockpit CTA configuration endpoint over real HTTP.
#include <string>

#include "gtest/gtest.h"
#include "sandbox/json.h"
#include "tests/sandbox/sandbox_http_fixture.h"

namespace gg::sandbox {
namespace {

constexpr char kConfig[] = "/v2/cockpit/admin/picklist/lite";

class CockpitHttpTest : public SandboxHttpFixture {};

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
  for (const char* query : {"", "?category=", "?category=CTA_COLOUR",
                            "?category=CTA_TYPE&et=USER"}) {
    auto [status, body] = Get(std::string(kConfig) + query);
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
