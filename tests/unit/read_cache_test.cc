// The optional Get cache: answers live for the TTL, the gateway's own writes
// drop an object's answers, an answer read across a write is not kept, and
// the cache is bounded. Through RecordOps too: a second Get is not sent, a
// write in between makes it go again.
#include "ops/read_cache.h"

#include <optional>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "ops/call_coalescer.h"
#include "ops/record_ops.h"
#include "tests/support/client_harness.h"

namespace gg {
namespace {

using testing::ClientHarness;

using testing::OkEnvelope;

TEST(ReadCacheTest, AnswersLiveForTheTtl) {
  FakeClock clock;
  ReadCache cache(&clock, absl::Seconds(5));
  cache.Put("Company", "q", cache.Generation("Company"), Json{{"n", 1}});
  ASSERT_TRUE(cache.Get("Company", "q").has_value());
  EXPECT_EQ((*cache.Get("Company", "q"))["n"], 1);
  EXPECT_FALSE(cache.Get("Company", "other").has_value());
  clock.Advance(absl::Seconds(5));
  EXPECT_FALSE(cache.Get("Company", "q").has_value());
}

TEST(ReadCacheTest, AWriteDropsTheObjectsAnswersAndThoseReadAcrossIt) {
  FakeClock clock;
  ReadCache cache(&clock, absl::Minutes(1));
  cache.Put("Company", "q", cache.Generation("Company"), Json(1));
  cache.Put("Person", "q", cache.Generation("Person"), Json(2));
  const uint64_t before = cache.Generation("Company");
  cache.Invalidate("Company");
  EXPECT_FALSE(cache.Get("Company", "q").has_value());
  EXPECT_TRUE(cache.Get("Person", "q").has_value()) << "other objects stay";
  // A read sent before the write answered after it: not kept.
  cache.Put("Company", "q", before, Json(3));
  EXPECT_FALSE(cache.Get("Company", "q").has_value());
}

TEST(ReadCacheTest, TheOldestAnswersGoPastTheBound) {
  FakeClock clock;
  ReadCache cache(&clock, absl::Minutes(1), /*max_entries=*/2);
  for (const char* key : {"a", "b", "c"}) {
    cache.Put("Company", key, cache.Generation("Company"), Json(key));
  }
  EXPECT_FALSE(cache.Get("Company", "a").has_value());
  EXPECT_TRUE(cache.Get("Company", "b").has_value());
  EXPECT_TRUE(cache.Get("Company", "c").has_value());
}

TEST(ReadCacheTest, RecordOpsAnswersARepeatedGetFromItUntilAWrite) {
  ClientHarness h;
  ReadCache cache(&h.clock(), absl::Seconds(30));
  CallCoalescer coalescer(h.client(), &h.scheduler(), &h.clock(), {});
  RecordOps ops(h.client(), &coalescer, &cache);
  h.http()
      .Expect(HttpMethod::kPost, "/v1/data/objects/query/Company")
      .Answer(200, OkEnvelope({{"records", Json::array({{{"Gsid", "G1"}}})}}))
      .Times(2);
  h.http()
      .Expect(HttpMethod::kPost, "/v1/data/objects/Company")
      .Answer(200, OkEnvelope({{"records", Json::array({{{"Gsid", "G2"}}})}}));
  QuerySpec spec;
  spec.select = {"Gsid"};
  spec.limit = 1;
  int rows = 0;
  auto read = [&] {
    ops.Read(
        "Company", spec, h.Context(),
        [&](absl::StatusOr<std::vector<Json>> r) {
          if (r.ok()) rows += static_cast<int>(r->size());
        },
        /*cacheable=*/true);
  };
  read();
  read();
  EXPECT_EQ(h.http().request_count(), 1)
      << "the second Get came from the cache";
  WriteOptions options;
  options.object = "Company";
  options.field_prefix = "companies";
  ops.Insert(options, {Json{{"Name", "x"}}}, h.Context(),
             [](std::vector<RecordOutcome>) {});
  read();
  EXPECT_EQ(h.http().request_count(), 3) << "the write dropped the answer";
  EXPECT_EQ(rows, 3);
  EXPECT_EQ(h.http().unmet(), 0);
}

}  // namespace
}  // namespace gg
