#include "ops/metadata_cache.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/status_details.h"
#include "gtest/gtest.h"
#include "ops/metadata_calls.h"

namespace gg {
namespace {

// A fetcher whose fetches the test answers by hand.
class FakeDescribeFetcher {
 public:
  MetadataCache::Fetcher AsFetcher() {
    return [this](std::string object, CallContext,
                  MetadataCache::FetchCallback done) {
      absl::MutexLock lock(&mu_);
      requested_.push_back(object);
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
  void Answer(absl::StatusOr<gainsight::v1::ObjectMetadata> result) {
    MetadataCache::FetchCallback done;
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
  std::vector<MetadataCache::FetchCallback> pending_;
};

gainsight::v1::ObjectMetadata Object(const std::string& name) {
  gainsight::v1::ObjectMetadata o;
  o.set_object_name(name);
  return o;
}

struct DescribeResult {
  bool done = false;
  absl::StatusOr<ObjectMetadataPtr> value = absl::UnknownError("unset");
};

MetadataCache::Callback Into(DescribeResult* r) {
  return [r](absl::StatusOr<ObjectMetadataPtr> v) {
    r->done = true;
    r->value = std::move(v);
  };
}

TEST(MetadataCacheTest, HitWithinTtlCostsNoFetch) {
  FakeDescribeFetcher fetcher;
  FakeClock clock;
  MetadataCache cache(fetcher.AsFetcher(), &clock, absl::Minutes(10));
  DescribeResult first;
  cache.Get("Company", {}, Into(&first));
  EXPECT_FALSE(first.done);
  fetcher.Answer(Object("Company"));
  ASSERT_TRUE(first.done);
  ASSERT_TRUE(first.value.ok());
  EXPECT_EQ((*first.value)->object_name(), "Company");

  clock.Advance(absl::Minutes(9));
  DescribeResult second;
  cache.Get("company", {}, Into(&second));  // any letter case
  ASSERT_TRUE(second.done);
  ASSERT_TRUE(second.value.ok());
  EXPECT_EQ(*second.value, *first.value);
  EXPECT_EQ(fetcher.fetches(), 1);
}

TEST(MetadataCacheTest, ExpiredEntryIsFetchedAgain) {
  FakeDescribeFetcher fetcher;
  FakeClock clock;
  MetadataCache cache(fetcher.AsFetcher(), &clock, absl::Minutes(10));
  DescribeResult first;
  cache.Get("Company", {}, Into(&first));
  fetcher.Answer(Object("Company"));
  clock.Advance(absl::Minutes(10));
  DescribeResult second;
  cache.Get("Company", {}, Into(&second));
  EXPECT_FALSE(second.done);
  EXPECT_EQ(fetcher.fetches(), 2);
  fetcher.Answer(Object("Company"));
  EXPECT_TRUE(second.done);
}

TEST(MetadataCacheTest, ConcurrentMissesShareOneFetch) {
  FakeDescribeFetcher fetcher;
  FakeClock clock;
  MetadataCache cache(fetcher.AsFetcher(), &clock, absl::Minutes(10));
  DescribeResult a, b, c;
  cache.Get("Renewal_Tracker__gc", {}, Into(&a));
  cache.Get("RENEWAL_TRACKER__GC", {}, Into(&b));
  cache.Get("Company", {}, Into(&c));  // another object: its own fetch
  EXPECT_EQ(fetcher.fetches(), 2);
  EXPECT_EQ(fetcher.requested(0), "Renewal_Tracker__gc");
  fetcher.Answer(Object("Renewal_Tracker__gc"));
  ASSERT_TRUE(a.done);
  ASSERT_TRUE(b.done);
  EXPECT_FALSE(c.done);
  ASSERT_TRUE(a.value.ok());
  ASSERT_TRUE(b.value.ok());
  EXPECT_EQ(*a.value, *b.value);
}

TEST(MetadataCacheTest, ErrorsReachEveryWaiterAndAreNotCached) {
  FakeDescribeFetcher fetcher;
  FakeClock clock;
  MetadataCache cache(fetcher.AsFetcher(), &clock, absl::Minutes(10));
  DescribeResult a, b;
  cache.Get("Nope__gc", {}, Into(&a));
  cache.Get("Nope__gc", {}, Into(&b));
  fetcher.Answer(absl::NotFoundError("no such object"));
  ASSERT_TRUE(a.done);
  ASSERT_TRUE(b.done);
  EXPECT_EQ(a.value.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(b.value.status().code(), absl::StatusCode::kNotFound);

  DescribeResult again;
  cache.Get("Nope__gc", {}, Into(&again));
  EXPECT_FALSE(again.done);
  EXPECT_EQ(fetcher.fetches(), 2);
  fetcher.Answer(Object("Nope__gc"));
  EXPECT_TRUE(again.done);
}

absl::Status UnknownObject(const std::string& name) {
  absl::Status status =
      absl::NotFoundError(absl::StrCat("Gainsight has no object named ", name));
  AttachErrorInfo(status, kObjectNotFoundReason, {{"object", name}});
  return status;
}

TEST(MetadataCacheTest, UnknownObjectsAreRememberedForTheTtl) {
  FakeDescribeFetcher fetcher;
  FakeClock clock;
  MetadataCache cache(fetcher.AsFetcher(), &clock, absl::Minutes(10),
                      /*max_negative_entries=*/10);
  DescribeResult first;
  cache.Get("Nope__gc", {}, Into(&first));
  fetcher.Answer(UnknownObject("Nope__gc"));
  ASSERT_TRUE(first.done);
  EXPECT_TRUE(IsUnknownObject(first.value.status()));

  clock.Advance(absl::Minutes(9));
  DescribeResult second;
  cache.Get("nope__GC", {}, Into(&second));
  ASSERT_TRUE(second.done);  // no quota spent on the same answer
  EXPECT_TRUE(IsUnknownObject(second.value.status()));
  EXPECT_EQ(fetcher.fetches(), 1);

  clock.Advance(absl::Minutes(2));
  DescribeResult third;
  cache.Get("Nope__gc", {}, Into(&third));
  EXPECT_FALSE(third.done);
  EXPECT_EQ(fetcher.fetches(), 2);
  fetcher.Answer(Object("Nope__gc"));  // created meanwhile
  ASSERT_TRUE(third.done);
  EXPECT_TRUE(third.value.ok());
}

TEST(MetadataCacheTest, RememberedUnknownObjectsAreBounded) {
  FakeDescribeFetcher fetcher;
  FakeClock clock;
  MetadataCache cache(fetcher.AsFetcher(), &clock, absl::Minutes(10),
                      /*max_negative_entries=*/3);
  for (int i = 0; i < 5; ++i) {
    const std::string name = absl::StrCat("Nope", i, "__gc");
    DescribeResult r;
    cache.Get(name, {}, Into(&r));
    fetcher.Answer(UnknownObject(name));
    ASSERT_TRUE(r.done);
  }
  EXPECT_EQ(fetcher.fetches(), 5);
  // The newest three are remembered; the oldest two were dropped.
  for (int i : {2, 3, 4}) {
    DescribeResult r;
    cache.Get(absl::StrCat("Nope", i, "__gc"), {}, Into(&r));
    EXPECT_TRUE(r.done) << i;
  }
  EXPECT_EQ(fetcher.fetches(), 5);
  DescribeResult dropped;
  cache.Get("Nope0__gc", {}, Into(&dropped));
  EXPECT_FALSE(dropped.done);
  EXPECT_EQ(fetcher.fetches(), 6);
  fetcher.Answer(UnknownObject("Nope0__gc"));
}

}  // namespace
}  // namespace gg
