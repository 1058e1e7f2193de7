// The tenant's CTA configuration (types with their reasons, statuses and
// priorities), cached per entity type for a TTL (`--metadata-ttl`): every
// fetch costs Gainsight quota, and name resolution of each CTA write needs
// it. Concurrent misses share one fetch; failed fetches are not cached.
#ifndef GAINSIGHT_GATEWAY_SERVER_OPS_CTA_CONFIG_CACHE_H_
#define GAINSIGHT_GATEWAY_SERVER_OPS_CTA_CONFIG_CACHE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "gainsight/client.h"
#include "gainsight/v1/cta.pb.h"
#include "ops/async_ttl_cache.h"

namespace gg {

using CtaConfigPtr = std::shared_ptr<const gainsight::v1::GetCtaConfigResponse>;

class CtaConfigCache {
 public:
  using Cache = AsyncTtlCache<std::string, gainsight::v1::GetCtaConfigResponse>;
  using Callback = Cache::Callback;
  using FetchCallback = Cache::FetchCallback;
  // Fetches the configuration of one entity type ("COMPANY" or
  // "RELATIONSHIP"); `done` runs exactly once, on any thread.
  using Fetcher = Cache::Fetcher;

  CtaConfigCache(Fetcher fetch, Clock* clock, absl::Duration ttl)
      : cache_(std::move(fetch), clock, ttl) {}

  // `done` runs exactly once: at once on a hit, else when the fetch ends.
  void Get(gainsight::v1::EntityType entity_type, CallContext context,
           Callback done) {
    std::string key = entity_type == gainsight::v1::ENTITY_TYPE_RELATIONSHIP
                          ? "RELATIONSHIP"
                          : "COMPANY";
    cache_.Get(key, key, std::move(context), std::move(done));
  }

 private:
  Cache cache_;
};

// A Fetcher that calls Gainsight's CTA configuration endpoint via `client`.
CtaConfigCache::Fetcher CtaConfigFetcher(GainsightClient* client);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_OPS_CTA_CONFIG_CACHE_H_
