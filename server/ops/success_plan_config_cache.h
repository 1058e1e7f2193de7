// The Success Plan configuration (types, statuses) per entity type, cached
// for a TTL (`--metadata-ttl`): label resolution on every write would
// otherwise cost Gainsight quota. Concurrent misses share one fetch; failed
// fetches are not cached.
#ifndef GAINSIGHT_GATEWAY_SERVER_OPS_SUCCESS_PLAN_CONFIG_CACHE_H_
#define GAINSIGHT_GATEWAY_SERVER_OPS_SUCCESS_PLAN_CONFIG_CACHE_H_

#include <memory>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "gainsight/client.h"
#include "gainsight/success_plan_mapping.h"
#include "ops/async_ttl_cache.h"

namespace gg {

using SuccessPlanConfigPtr = std::shared_ptr<const SuccessPlanConfig>;

class SuccessPlanConfigCache {
 public:
  using Cache = AsyncTtlCache<gainsight::v1::EntityType, SuccessPlanConfig>;
  using Callback = Cache::Callback;
  using FetchCallback = Cache::FetchCallback;
  using Fetcher = Cache::Fetcher;

  SuccessPlanConfigCache(Fetcher fetch, Clock* clock, absl::Duration ttl)
      : cache_(std::move(fetch), clock, ttl) {}

  // `done` runs exactly once: at once on a hit, else when the fetch ends.
  // ENTITY_TYPE_UNSPECIFIED means COMPANY.
  void Get(gainsight::v1::EntityType entity_type, CallContext context,
           Callback done) {
    if (entity_type == gainsight::v1::ENTITY_TYPE_UNSPECIFIED) {
      entity_type = gainsight::v1::ENTITY_TYPE_COMPANY;
    }
    cache_.Get(entity_type, entity_type, std::move(context), std::move(done));
  }

 private:
  Cache cache_;
};

// A Fetcher that calls Gainsight's Success Plan picklist endpoint.
SuccessPlanConfigCache::Fetcher SuccessPlanConfigFetcher(
    GainsightClient* client);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_OPS_SUCCESS_PLAN_CONFIG_CACHE_H_
