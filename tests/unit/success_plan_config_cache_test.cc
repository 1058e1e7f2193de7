#include "ops/success_plan_config_cache.h"

#include <utility>
#include <vector>

#include "common/clock.h"
#include "gtest/gtest.h"

namespace gg {
namespace {

// A fetcher that counts calls per entity type and parks the callbacks until
// the test answers them.
struct FakeFetches {
  std::vector<std::pair<gainsight::v1::EntityType,
                        SuccessPlanConfigCache::FetchCallback>>
      pending;
  SuccessPlanConfigCache::Fetcher Fetcher() {
    return [this](gainsight::v1::EntityType type, CallContext,
                  SuccessPlanConfigCache::FetchCallback done) {
      pending.emplace_back(type, std::move(done));
    };
  }
};

SuccessPlanConfig OneType(const char* label) {
  SuccessPlanConfig config;
  config.types.emplace_back().set_label(label);
  return config;
}

TEST(SuccessPlanConfigCacheTest, HitWithinTtlCostsNoFetch) {
  FakeFetches fetches;
  FakeClock clock;
  SuccessPlanConfigCache cache(fetches.Fetcher(), &clock, absl::Minutes(10));
  int answered = 0;
  auto expect_label = [&answered](absl::StatusOr<SuccessPlanConfigPtr> c) {
    ASSERT_TRUE(c.ok());
    EXPECT_EQ((*c)->types[0].label(), "Onboarding");
    ++answered;
  };
  // Two concurrent misses share one fetch; UNSPECIFIED means COMPANY.
  cache.Get(gainsight::v1::ENTITY_TYPE_UNSPECIFIED, {}, expect_label);
  cache.Get(gainsight::v1::ENTITY_TYPE_COMPANY, {}, expect_label);
  ASSERT_EQ(fetches.pending.size(), 1u);
  EXPECT_EQ(fetches.pending[0].first, gainsight::v1::ENTITY_TYPE_COMPANY);
  fetches.pending[0].second(OneType("Onboarding"));
  EXPECT_EQ(answered, 2);

  clock.Advance(absl::Minutes(9));
  cache.Get(gainsight::v1::ENTITY_TYPE_COMPANY, {}, expect_label);
  EXPECT_EQ(answered, 3);
  EXPECT_EQ(fetches.pending.size(), 1u);

  // Another entity type is its own entry.
  cache.Get(gainsight::v1::ENTITY_TYPE_RELATIONSHIP, {}, expect_label);
  EXPECT_EQ(fetches.pending.size(), 2u);

  // Past the TTL the next Get fetches again.
  clock.Advance(absl::Minutes(2));
  cache.Get(gainsight::v1::ENTITY_TYPE_COMPANY, {}, expect_label);
  EXPECT_EQ(fetches.pending.size(), 3u);
}

TEST(SuccessPlanConfigCacheTest, FailuresAreNotCached) {
  FakeFetches fetches;
  FakeClock clock;
  SuccessPlanConfigCache cache(fetches.Fetcher(), &clock, absl::Minutes(10));
  absl::Status seen;
  cache.Get(
      gainsight::v1::ENTITY_TYPE_COMPANY, {},
      [&seen](absl::StatusOr<SuccessPlanConfigPtr> c) { seen = c.status(); });
  fetches.pending[0].second(absl::UnavailableError("down"));
  EXPECT_EQ(seen.code(), absl::StatusCode::kUnavailable);
  cache.Get(gainsight::v1::ENTITY_TYPE_COMPANY, {},
            [](absl::StatusOr<SuccessPlanConfigPtr>) {});
  EXPECT_EQ(fetches.pending.size(), 2u);
}

}  // namespace
}  // namespace gg
