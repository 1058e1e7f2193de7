// LocalIdempotencyStore: claims, completion, release, expiry and its bound,
// on a fake clock.
#include "ops/idempotency_store.h"

#include <optional>
#include <string>

#include "gtest/gtest.h"

namespace gg {
namespace {

constexpr absl::Duration kRunning = absl::Seconds(90);
constexpr absl::Duration kTtl = absl::Hours(24);

class LocalIdempotencyStoreTest : public ::testing::Test {
 protected:
  std::optional<IdempotencyRecord> Claim(const std::string& key,
                                         const std::string& fingerprint,
                                         const std::string& owner) {
    absl::StatusOr<std::optional<IdempotencyRecord>> found =
        store_.Claim(key, fingerprint, owner, kRunning);
    EXPECT_TRUE(found.ok()) << found.status();
    return found.ok() ? *found : std::nullopt;
  }

  FakeClock clock_;
  LocalIdempotencyStore store_{&clock_, 100};
};

TEST_F(LocalIdempotencyStoreTest, FirstClaimOwnsAndSecondSeesItRunning) {
  EXPECT_FALSE(Claim("k", "fp", "a").has_value());
  std::optional<IdempotencyRecord> second = Claim("k", "fp", "b");
  ASSERT_TRUE(second.has_value());
  EXPECT_TRUE(second->running);
  EXPECT_EQ(second->fingerprint, "fp");
}

TEST_F(LocalIdempotencyStoreTest, CompletedRecordAnswersWithItsResponse) {
  ASSERT_FALSE(Claim("k", "fp", "a").has_value());
  ASSERT_TRUE(store_.Complete("k", "fp", "a", "response bytes", kTtl).ok());
  std::optional<IdempotencyRecord> retry = Claim("k", "fp", "b");
  ASSERT_TRUE(retry.has_value());
  EXPECT_FALSE(retry->running);
  EXPECT_EQ(retry->response, "response bytes");
}

TEST_F(LocalIdempotencyStoreTest, ReleasedClaimLetsTheNextAttemptOwnIt) {
  ASSERT_FALSE(Claim("k", "fp", "a").has_value());
  ASSERT_TRUE(store_.Release("k", "fp", "a").ok());
  EXPECT_FALSE(Claim("k", "fp", "b").has_value());
}

TEST_F(LocalIdempotencyStoreTest, OnlyTheOwnerReleasesOrCompletes) {
  ASSERT_FALSE(Claim("k", "fp", "a").has_value());
  ASSERT_TRUE(store_.Release("k", "fp", "b").ok());
  ASSERT_TRUE(store_.Complete("k", "fp", "b", "other", kTtl).ok());
  std::optional<IdempotencyRecord> found = Claim("k", "fp", "c");
  ASSERT_TRUE(found.has_value());
  EXPECT_TRUE(found->running);
}

TEST_F(LocalIdempotencyStoreTest, RunningClaimExpiresAndLetsARetryRun) {
  ASSERT_FALSE(Claim("k", "fp", "a").has_value());
  clock_.Advance(kRunning);
  EXPECT_FALSE(Claim("k", "fp", "b").has_value());
  // The first attempt finishing late does not overwrite the second's claim.
  ASSERT_TRUE(store_.Complete("k", "fp", "a", "late", kTtl).ok());
  std::optional<IdempotencyRecord> found = Claim("k", "fp", "c");
  ASSERT_TRUE(found.has_value());
  EXPECT_TRUE(found->running);
}

TEST_F(LocalIdempotencyStoreTest, CompletionAfterItsClaimExpiredIsStillKept) {
  ASSERT_FALSE(Claim("k", "fp", "a").has_value());
  clock_.Advance(kRunning);
  ASSERT_TRUE(store_.Complete("k", "fp", "a", "kept", kTtl).ok());
  std::optional<IdempotencyRecord> found = Claim("k", "fp", "b");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->response, "kept");
}

TEST_F(LocalIdempotencyStoreTest, DoneRecordExpiresAfterItsTtl) {
  ASSERT_FALSE(Claim("k", "fp", "a").has_value());
  ASSERT_TRUE(store_.Complete("k", "fp", "a", "r", kTtl).ok());
  clock_.Advance(kTtl - absl::Seconds(1));
  EXPECT_TRUE(Claim("k", "fp", "b").has_value());
  clock_.Advance(absl::Seconds(1));
  EXPECT_FALSE(Claim("k", "fp", "c").has_value());
}

TEST_F(LocalIdempotencyStoreTest, FullStoreDropsTheDoneRecordsNearestExpiry) {
  LocalIdempotencyStore store(&clock_, 10);
  for (int i = 0; i < 10; ++i) {
    const std::string key = "k" + std::to_string(i);
    ASSERT_TRUE(store.Claim(key, "fp", "a", kRunning)->has_value() == false);
    ASSERT_TRUE(store.Complete(key, "fp", "a", "r", kTtl).ok());
    clock_.Advance(absl::Seconds(1));
  }
  ASSERT_EQ(store.size(), 10u);
  ASSERT_FALSE(store.Claim("new", "fp", "a", kRunning)->has_value());
  // k0 expired soonest: dropped; k1 kept (looked at first: claiming k0
  // again fills the store again).
  EXPECT_TRUE(store.Claim("k1", "fp", "b", kRunning)->has_value());
  EXPECT_FALSE(store.Claim("k0", "fp", "b", kRunning)->has_value());
  EXPECT_LE(store.size(), 10u);
}

TEST_F(LocalIdempotencyStoreTest, FullOfRunningClaimsRefusesANewOne) {
  LocalIdempotencyStore store(&clock_, 2);
  ASSERT_FALSE(store.Claim("a", "fp", "o", kRunning)->has_value());
  ASSERT_FALSE(store.Claim("b", "fp", "o", kRunning)->has_value());
  absl::StatusOr<std::optional<IdempotencyRecord>> third =
      store.Claim("c", "fp", "o", kRunning);
  EXPECT_EQ(third.status().code(), absl::StatusCode::kResourceExhausted);
}

}  // namespace
}  // namespace gg
