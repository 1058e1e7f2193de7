// Object metadata (DescribeObject) cached per object name, case-insensitive,
// for a configurable TTL: every describe costs Gainsight quota. Concurrent
// misses for one object share one fetch; failed fetches are not cached.
#ifndef GAINSIGHT_GATEWAY_SERVER_OPS_METADATA_CACHE_H_
#define GAINSIGHT_GATEWAY_SERVER_OPS_METADATA_CACHE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "gainsight/client.h"
#include "gainsight/v1/metadata.pb.h"

namespace gg {

using ObjectMetadataPtr = std::shared_ptr<const gainsight::v1::ObjectMetadata>;

class MetadataCache {
 public:
  using Callback = absl::AnyInvocable<void(absl::StatusOr<ObjectMetadataPtr>)>;
  using FetchCallback =
      absl::AnyInvocable<void(absl::StatusOr<gainsight::v1::ObjectMetadata>)>;
  // Fetches one object's metadata; `done` runs exactly once, on any thread.
  using Fetcher = absl::AnyInvocable<void(
      std::string object, CallContext context, FetchCallback done) const>;

  MetadataCache(Fetcher fetch, Clock* clock, absl::Duration ttl);

  // `done` runs exactly once: at once on a hit, else when the fetch ends.
  // The fetch a miss starts runs with the context of the call that started
  // it.
  void Get(absl::string_view object, CallContext context, Callback done);

 private:
  struct Entry {
    ObjectMetadataPtr value;  // null until fetched
    absl::Time expires;
    bool fetching = false;
    std::vector<Callback> waiters;
  };
  void Finish(const std::string& key,
              absl::StatusOr<gainsight::v1::ObjectMetadata> result);

  const Fetcher fetch_;
  Clock* const clock_;
  const absl::Duration ttl_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Entry> entries_ ABSL_GUARDED_BY(mu_);
};

// A Fetcher that calls Gainsight's describe endpoint through `client`.
MetadataCache::Fetcher DescribeFetcher(GainsightClient* client);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_OPS_METADATA_CACHE_H_
