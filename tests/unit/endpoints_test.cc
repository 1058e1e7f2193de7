#include "gainsight/endpoints.h"

#include <regex>
#include <set>

#include "gtest/gtest.h"

namespace gg {
namespace {

TEST(EndpointsTest, EveryIdHasExactlyOneRow) {
  std::set<EndpointId> ids;
  for (const Endpoint& e : AllEndpoints()) {
    EXPECT_TRUE(ids.insert(e.id).second);
    EXPECT_EQ(&GetEndpoint(e.id), &e);
  }
}

TEST(EndpointsTest, ExpandPathEscapesEachSegment) {
  EXPECT_EQ(ExpandPath(GetEndpoint(EndpointId::kObjectDelete),
                       {{"object", "Company"}, {"gsid", "1P02AB"}}),
            "/v1/data/objects/Company/1P02AB");
  EXPECT_EQ(ExpandPath(GetEndpoint(EndpointId::kObjectQuery),
                       {{"object", "my obj/x"}}),
            "/v1/data/objects/query/my%20obj%2Fx");
}

TEST(EndpointsTest, PathPatternMatchesWhatExpandPathBuilds) {
  const Endpoint& e = GetEndpoint(EndpointId::kObjectDelete);
  std::regex pattern(PathPattern(e));
  std::smatch m;
  std::string path = ExpandPath(e, {{"object", "Company"}, {"gsid", "1P02X"}});
  ASSERT_TRUE(std::regex_match(path, m, pattern));
  EXPECT_EQ(m[1], "Company");
  EXPECT_EQ(m[2], "1P02X");
  EXPECT_FALSE(
      std::regex_match(std::string("/v1/data/objects/Company"), pattern));
}

TEST(EndpointsTest, MetadataEndpointsAreIdempotentGets) {
  const Endpoint& describe = GetEndpoint(EndpointId::kObjectDescribe);
  EXPECT_EQ(describe.method, HttpMethod::kGet);
  EXPECT_TRUE(describe.idempotent);
  EXPECT_EQ(ExpandPath(describe, {{"object", "Renewal_Tracker__gc"}}),
            "/v1/meta/services/objects/Renewal_Tracker__gc/describe");
  const Endpoint& list = GetEndpoint(EndpointId::kObjectList);
  EXPECT_EQ(list.method, HttpMethod::kGet);
  EXPECT_TRUE(list.idempotent);
  EXPECT_FALSE(std::regex_match(std::string("/v1/meta/services/objects/list"),
                                std::regex(PathPattern(describe))));
}

TEST(EndpointsTest, CtaConfigIsAnIdempotentGet) {
  const Endpoint& config = GetEndpoint(EndpointId::kCtaConfig);
  EXPECT_EQ(config.method, HttpMethod::kGet);
  EXPECT_TRUE(config.idempotent);
  EXPECT_EQ(ExpandPath(config, {}), "/v2/cockpit/admin/picklist/lite");
}

TEST(EndpointsTest, OnlyIdempotentEndpointsMayBeRetried) {
  EXPECT_FALSE(GetEndpoint(EndpointId::kObjectInsert).idempotent);
  EXPECT_TRUE(GetEndpoint(EndpointId::kObjectUpdate).idempotent);
  EXPECT_TRUE(GetEndpoint(EndpointId::kObjectQuery).idempotent);
  EXPECT_EQ(GetEndpoint(EndpointId::kObjectInsert).max_records, 50);
}

}  // namespace
}  // namespace gg
