#include "ops/metadata_cache.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "ops/metadata_calls.h"

namespace gg {

MetadataCache::MetadataCache(Fetcher fetch, Clock* clock, absl::Duration ttl)
    : fetch_(std::move(fetch)), clock_(clock), ttl_(ttl) {}

void MetadataCache::Get(absl::string_view object, CallContext context,
                        Callback done) {
  std::string key = absl::AsciiStrToLower(object);
  ObjectMetadataPtr hit;
  {
    absl::MutexLock lock(&mu_);
    Entry& entry = entries_[key];
    if (entry.value != nullptr && clock_->Now() < entry.expires) {
      hit = entry.value;
    } else {
      entry.waiters.push_back(std::move(done));
      if (entry.fetching) return;  // joins the fetch in flight
      entry.fetching = true;
    }
  }
  if (hit != nullptr) {
    done(std::move(hit));
    return;
  }
  fetch_(std::string(object), std::move(context),
         [this, key](absl::StatusOr<gainsight::v1::ObjectMetadata> result) {
           Finish(key, std::move(result));
         });
}

void MetadataCache::Finish(
    const std::string& key,
    absl::StatusOr<gainsight::v1::ObjectMetadata> result) {
  absl::StatusOr<ObjectMetadataPtr> shared =
      result.ok() ? absl::StatusOr<ObjectMetadataPtr>(
                        std::make_shared<const gainsight::v1::ObjectMetadata>(
                            *std::move(result)))
                  : absl::StatusOr<ObjectMetadataPtr>(result.status());
  std::vector<Callback> waiters;
  {
    absl::MutexLock lock(&mu_);
    Entry& entry = entries_[key];
    entry.fetching = false;
    waiters.swap(entry.waiters);
    if (shared.ok()) {
      entry.value = *shared;
      entry.expires = clock_->Now() + ttl_;
    }
  }
  for (Callback& waiter : waiters) waiter(shared);
}

MetadataCache::Fetcher DescribeFetcher(GainsightClient* client) {
  return [client](std::string object, CallContext context,
                  MetadataCache::FetchCallback done) {
    DescribeObjectCall(client, std::move(object), std::move(context),
                       std::move(done));
  };
}

}  // namespace gg
