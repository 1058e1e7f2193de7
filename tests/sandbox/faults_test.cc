#include "sandbox/faults.h"

#include <algorithm>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace gg::sandbox {
namespace {

FaultSpec FaultSpecOf(const Json& json) {
  absl::StatusOr<FaultSpec> spec = ParseFaultSpec(json);
  EXPECT_TRUE(spec.ok()) << json.dump() << ": " << spec.status();
  return spec.ok() ? *spec : FaultSpec{};
}

TEST(ParseFaultSpecTest, ReadsEveryKey) {
  FaultSpec spec = FaultSpecOf({{"status", 429},
                                {"count", 2},
                                {"rate", 0.5},
                                {"seed", 7},
                                {"method", "post"},
                                {"path_prefix", "/v1/data"},
                                {"delay_ms", 150},
                                {"retry_after_s", 3}});
  EXPECT_EQ(spec.status, 429);
  EXPECT_EQ(spec.count, 2);
  EXPECT_EQ(spec.rate, 0.5);
  EXPECT_EQ(spec.seed, 7u);
  EXPECT_EQ(spec.method, "POST");
  EXPECT_EQ(spec.path_prefix, "/v1/data");
  EXPECT_EQ(spec.delay, absl::Milliseconds(150));
  EXPECT_EQ(spec.retry_after_s, 3);
}

TEST(ParseFaultSpecTest, OtherBodiesAndAbsurdRetryAfter) {
  FaultSpec html = FaultSpecOf({{"body", "html"}, {"status", 502}});
  EXPECT_EQ(html.body, "html");
  EXPECT_EQ(html.status, 502);
  EXPECT_EQ(FaultSpecOf({{"body", "text"}}).status, 200);
  FaultSpec big = FaultSpecOf({{"body_bytes", 1 << 20}});
  EXPECT_EQ(big.body_bytes, 1 << 20);
  EXPECT_EQ(big.status, 200);
  FaultSpec absurd =
      FaultSpecOf({{"status", 429}, {"retry_after_s", 10000000000}});
  EXPECT_EQ(absurd.retry_after_s, 10000000000);
}

TEST(ParseFaultSpecTest, DataIsAnAcceptedAnswerOfAnotherShape) {
  FaultSpec spec = FaultSpecOf({{"data", {{"items", Json::array()}}}});
  ASSERT_TRUE(spec.data.has_value());
  EXPECT_EQ(spec.data->dump(), R"({"items":[]})");
  EXPECT_EQ(spec.status, 200);
  FaultInjector faults;
  faults.Add(spec);
  std::optional<FaultAction> action = faults.Next("GET", "/x");
  ASSERT_TRUE(action.has_value());
  EXPECT_TRUE(action->ReplacesAnswer());
  EXPECT_EQ(action->data->dump(), R"({"items":[]})");
}

TEST(ParseFaultSpecTest, MalformedBodyDefaultsTo200) {
  FaultSpec spec = FaultSpecOf({{"malformed_body", true}});
  EXPECT_EQ(spec.status, 200);
}

TEST(ParseFaultSpecTest, RejectsBadRules) {
  for (const Json& json : std::vector<Json>{
           Json::array(),
           Json::object(),     // no effect
           {{"count", 1}},     // no effect
           {{"staus", 503}},   // typo
           {{"status", 200}},  // not an error
           {{"status", 600}},
           {{"status", "503"}},
           {{"status", 503}, {"count", 0}},
           {{"status", 503}, {"rate", 0}},
           {{"status", 503}, {"rate", 1.5}},
           {{"status", 503}, {"seed", -1}},
           {{"status", 503}, {"retry_after_s", 3}},  // only for 429
           {{"status", 503}, {"method", "FETCH"}},
           {{"status", 503}, {"path_prefix", "v1"}},
           {{"delay_ms", -1}},
           {{"delay_ms", 600001}},
           {{"drop_connection", true}, {"status", 503}},
           {{"drop_connection", true}, {"malformed_body", true}},
           {{"drop_connection", "yes"}},
           {{"body", "xml"}},
           {{"body", "html"}, {"drop_connection", true}},
           {{"body", "html"}, {"body_bytes", 100}},
           {{"body_bytes", 10}},
           {{"data", {{"a", 1}}}, {"body", "html"}},
           {{"data", {{"a", 1}}}, {"body_bytes", 100}},
           {{"status", 429}, {"retry_after_s", 10000000001}},
       }) {
    EXPECT_FALSE(ParseFaultSpec(json).ok()) << json.dump();
  }
}

TEST(FaultInjectorTest, CountedRuleFiresThatManyTimes) {
  FaultInjector faults;
  faults.Add(FaultSpecOf({{"status", 503}, {"count", 2}}));
  EXPECT_EQ(faults.Next("GET", "/x")->status, 503);
  EXPECT_EQ(faults.List()[0]["remaining"], 1);
  EXPECT_EQ(faults.Next("POST", "/y")->status, 503);
  EXPECT_FALSE(faults.Next("GET", "/x").has_value());
  EXPECT_TRUE(faults.List().empty());
}

TEST(FaultInjectorTest, FiltersByMethodAndPathPrefix) {
  FaultInjector faults;
  faults.Add(FaultSpecOf({{"status", 500}, {"method", "DELETE"}}));
  faults.Add(FaultSpecOf(
      {{"status", 502}, {"path_prefix", "/v1/data/objects/query"}}));
  EXPECT_FALSE(faults.Next("POST", "/v1/data/objects/Company").has_value());
  EXPECT_EQ(faults.Next("DELETE", "/v1/data/objects/Company/X")->status, 500);
  EXPECT_EQ(faults.Next("POST", "/v1/data/objects/query/Company")->status, 502);
}

TEST(FaultInjectorTest, UncountedRuleFiresUntilCleared) {
  FaultInjector faults;
  faults.Add(FaultSpecOf({{"delay_ms", 5}}));
  for (int i = 0; i < 5; ++i) {
    std::optional<FaultAction> action = faults.Next("GET", "/");
    ASSERT_TRUE(action.has_value());
    EXPECT_FALSE(action->ReplacesAnswer());
    EXPECT_EQ(action->delay, absl::Milliseconds(5));
  }
  faults.Clear();
  EXPECT_FALSE(faults.Next("GET", "/").has_value());
}

// The pattern of fired (1) and passed (0) calls out of `n` for a rule.
std::string Pattern(const Json& rule, int n) {
  FaultInjector faults;
  faults.Add(FaultSpecOf(rule));
  std::string out;
  for (int i = 0; i < n; ++i) out += faults.Next("GET", "/") ? '1' : '0';
  return out;
}

TEST(FaultInjectorTest, RateFiresOnAboutThatShareDeterministically) {
  std::string a = Pattern({{"status", 503}, {"rate", 0.25}, {"seed", 42}}, 400);
  std::string b = Pattern({{"status", 503}, {"rate", 0.25}, {"seed", 42}}, 400);
  std::string c = Pattern({{"status", 503}, {"rate", 0.25}, {"seed", 43}}, 400);
  EXPECT_EQ(a, b);  // same seed, same calls
  EXPECT_NE(a, c);
  int fired = static_cast<int>(std::count(a.begin(), a.end(), '1'));
  EXPECT_GT(fired, 60);  // 100 expected; far outside chance otherwise
  EXPECT_LT(fired, 140);
  EXPECT_EQ(Pattern({{"status", 503}, {"rate", 1}}, 10), "1111111111");
}

TEST(FaultInjectorTest, RateWithCountStopsAfterCount) {
  std::string pattern =
      Pattern({{"status", 503}, {"rate", 0.5}, {"count", 3}, {"seed", 1}}, 200);
  EXPECT_EQ(std::count(pattern.begin(), pattern.end(), '1'), 3);
}

}  // namespace
}  // namespace gg::sandbox
