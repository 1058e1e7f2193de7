// Object metadata (DescribeObject) cached per object name, case-insensitive,
// for a configurable TTL: every describe costs Gainsight quota. Concurrent
// misses for one object share one fetch. Of failed fetches only "no such
// object" is kept (a bounded number of them); other failures are not.
#ifndef GAINSIGHT_GATEWAY_SERVER_OPS_METADATA_CACHE_H_
#define GAINSIGHT_GATEWAY_SERVER_OPS_METADATA_CACHE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "gainsight/client.h"
#include "gainsight/v1/metadata.pb.h"
#include "ops/async_ttl_cache.h"

namespace gg {

using ObjectMetadataPtr = std::shared_ptr<const gainsight::v1::ObjectMetadata>;

// A describe answer saying the object does not exist.
bool IsUnknownObject(const absl::Status& status);

class MetadataCache {
 public:
  using Cache = AsyncTtlCache<std::string, gainsight::v1::ObjectMetadata>;
  using Callback = Cache::Callback;
  using FetchCallback = Cache::FetchCallback;
  using Fetcher = Cache::Fetcher;

  // "No such object" answers are remembered as well (each saves a describe
  // call), at most `max_negative_entries` of them.
  MetadataCache(Fetcher fetch, Clock* clock, absl::Duration ttl,
                size_t max_negative_entries = 1000)
      : cache_(std::move(fetch), clock, ttl,
               {max_negative_entries, &IsUnknownObject}) {}

  // `done` runs exactly once: at once on a hit, else when the fetch ends.
  // The fetch a miss starts runs with the context of the call that started
  // it.
  void Get(absl::string_view object, CallContext context, Callback done) {
    cache_.Get(absl::AsciiStrToLower(object), std::string(object),
               std::move(context), std::move(done));
  }

 private:
  Cache cache_;
};

// A Fetcher that calls Gainsight's describe endpoint through `client`.
MetadataCache::Fetcher DescribeFetcher(GainsightClient* client);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_OPS_METADATA_CACHE_H_
