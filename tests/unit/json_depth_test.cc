#include "common/json_depth.h"

#include <string>

#include "gainsight/envelope.h"
#include "gtest/gtest.h"

namespace gg {
namespace {

TEST(JsonDepthTest, CountsNestingOutsideStrings) {
  EXPECT_EQ(JsonNestingDepth("1", 100), 0);
  EXPECT_EQ(JsonNestingDepth("[1]", 100), 1);
  EXPECT_EQ(JsonNestingDepth(R"({"a":[{}],"b":[]})", 100), 3);
  EXPECT_EQ(JsonNestingDepth(R"(["[[[[", "\"[["])", 100), 1);
  EXPECT_EQ(JsonNestingDepth("]]]][", 100), 1);  // stray closers: no harm
}

TEST(JsonDepthTest, StopsCountingAtTheBound) {
  const std::string deep(1 << 20, '[');
  EXPECT_EQ(JsonNestingDepth(deep, 65), 65);
}

TEST(JsonDepthTest, DeeplyNestedUpstreamAnswersAreNotEnvelopes) {
  auto nested = [](int depth) {
    return std::string(R"({"result":true,"data":)") + std::string(depth, '[') +
           std::string(depth, ']') + "}";
  };
  // The envelope itself is one level.
  EXPECT_TRUE(ParseEnvelope(nested(kMaxJsonDepth - 1)).has_value());
  EXPECT_FALSE(ParseEnvelope(nested(kMaxJsonDepth)).has_value());
  // A million levels: refused by the scan, never parsed or walked.
  EXPECT_FALSE(ParseEnvelope(nested(1000000)).has_value());
}

}  // namespace
}  // namespace gg
