#include "ops/cta_config_cache.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "gtest/gtest.h"

namespace gg {
namespace {

using gainsight::v1::GetCtaConfigResponse;

// A fetcher whose fetches the test answers by hand.
class FakeCtaConfigFetcher {
 public:
  CtaConfigCache::Fetcher AsFetcher() {
    return [this](std::string entity_type, CallContext,
                  CtaConfigCache::FetchCallback done) {
      absl::MutexLock lock(&mu_);
      requested_.push_back(entity_type);
      pending_.push_back(std::move(done));
    };
  }
  int fetches() {
    absl::MutexLock lock(&mu_);
    return static_cast<int>(requested_.size());
  }
  std::string requested(int i) {
    absl::MutexLock lock(&mu_);
    return requested_[i];
  }
  // Answers the oldest pending fetch.
  void Answer(absl::StatusOr<GetCtaConfigResponse> result) {
    CtaConfigCache::FetchCallback done;
    {
      absl::MutexLock lock(&mu_);
      ASSERT_FALSE(pending_.empty());
      done = std::move(pending_.front());
      pending_.erase(pending_.begin());
    }
    done(std::move(result));
  }

 private:
  absl::Mutex mu_;
  std::vector<std::string> requested_;
  std::vector<CtaConfigCache::FetchCallback> pending_;
};

GetCtaConfigResponse ConfigOfType(const std::string& type) {
  GetCtaConfigResponse config;
  config.add_types()->mutable_type()->set_label(type);
  return config;
}

struct ConfigResult {
  bool done = false;
  absl::StatusOr<CtaConfigPtr> value = absl::UnknownError("unset");
};

CtaConfigCache::Callback Into(ConfigResult* r) {
  return [r](absl::StatusOr<CtaConfigPtr> v) {
    r->done = true;
    r->value = std::move(v);
  };
}

TEST(CtaConfigCacheTest, HitWithinTtlCostsNoFetch) {
  FakeCtaConfigFetcher fetcher;
  FakeClock clock;
  CtaConfigCache cache(fetcher.AsFetcher(), &clock, absl::Minutes(10));
  ConfigResult first;
  cache.Get(gainsight::v1::ENTITY_TYPE_UNSPECIFIED, {}, Into(&first));
  EXPECT_FALSE(first.done);
  ASSERT_EQ(fetcher.fetches(), 1);
  EXPECT_EQ(fetcher.requested(0), "COMPANY");
  fetcher.Answer(ConfigOfType("Risk"));
  ASSERT_TRUE(first.done);
  ASSERT_TRUE(first.value.ok());

  clock.Advance(absl::Minutes(9));
  ConfigResult second;
  // UNSPECIFIED and COMPANY share one entry.
  cache.Get(gainsight::v1::ENTITY_TYPE_COMPANY, {}, Into(&second));
  ASSERT_TRUE(second.done);
  ASSERT_TRUE(second.value.ok());
  EXPECT_EQ(*second.value, *first.value);
  EXPECT_EQ(fetcher.fetches(), 1);
}

TEST(CtaConfigCacheTest, ExpiredEntryIsFetchedAgain) {
  FakeCtaConfigFetcher fetcher;
  FakeClock clock;
  CtaConfigCache cache(fetcher.AsFetcher(), &clock, absl::Minutes(10));
  ConfigResult first;
  cache.Get(gainsight::v1::ENTITY_TYPE_COMPANY, {}, Into(&first));
  fetcher.Answer(ConfigOfType("Risk"));
  clock.Advance(absl::Minutes(10));
  ConfigResult second;
  cache.Get(gainsight::v1::ENTITY_TYPE_COMPANY, {}, Into(&second));
  EXPECT_FALSE(second.done);
  EXPECT_EQ(fetcher.fetches(), 2);
  fetcher.Answer(ConfigOfType("Expansion"));
  ASSERT_TRUE(second.done);
  ASSERT_TRUE(second.value.ok());
  EXPECT_EQ((*second.value)->types(0).type().label(), "Expansion");
}

TEST(CtaConfigCacheTest, ConcurrentMissesShareOneFetchPerEntity) {
  FakeCtaConfigFetcher fetcher;
  FakeClock clock;
  CtaConfigCache cache(fetcher.AsFetcher(), &clock, absl::Minutes(10));
  ConfigResult a, b, c;
  cache.Get(gainsight::v1::ENTITY_TYPE_COMPANY, {}, Into(&a));
  cache.Get(gainsight::v1::ENTITY_TYPE_COMPANY, {}, Into(&b));
  cache.Get(gainsight::v1::ENTITY_TYPE_RELATIONSHIP, {}, Into(&c));
  ASSERT_EQ(fetcher.fetches(), 2);
  EXPECT_EQ(fetcher.requested(1), "RELATIONSHIP");
  fetcher.Answer(ConfigOfType("Risk"));
  ASSERT_TRUE(a.done);
  ASSERT_TRUE(b.done);
  EXPECT_FALSE(c.done);
  ASSERT_TRUE(a.value.ok());
  ASSERT_TRUE(b.value.ok());
  EXPECT_EQ(*a.value, *b.value);
  fetcher.Answer(ConfigOfType("Risk"));
  EXPECT_TRUE(c.done);
}

TEST(CtaConfigCacheTest, ErrorsReachEveryWaiterAndAreNotCached) {
  FakeCtaConfigFetcher fetcher;
  FakeClock clock;
  CtaConfigCache cache(fetcher.AsFetcher(), &clock, absl::Minutes(10));
  ConfigResult a, b;
  cache.Get(gainsight::v1::ENTITY_TYPE_COMPANY, {}, Into(&a));
  cache.Get(gainsight::v1::ENTITY_TYPE_COMPANY, {}, Into(&b));
  fetcher.Answer(absl::UnavailableError("down"));
  ASSERT_TRUE(a.done);
  ASSERT_TRUE(b.done);
  EXPECT_EQ(a.value.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(b.value.status().code(), absl::StatusCode::kUnavailable);
  ConfigResult again;
  cache.Get(gainsight::v1::ENTITY_TYPE_COMPANY, {}, Into(&again));
  EXPECT_FALSE(again.done);
  EXPECT_EQ(fetcher.fetches(), 2);
  fetcher.Answer(ConfigOfType("Risk"));
  EXPECT_TRUE(again.done);
}

}  // namespace
}  // namespace gg
