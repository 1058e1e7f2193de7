// The tenant's task configuration (types, statuses, priorities), cached for
// a TTL (`--metadata-ttl`) because every fetch costs quota and each task
// write that names a label needs it.
#ifndef GAINSIGHT_GATEWAY_SERVER_OPS_TASK_CONFIG_CACHE_H_
#define GAINSIGHT_GATEWAY_SERVER_OPS_TASK_CONFIG_CACHE_H_

#include <memory>
#include <string>
#include <utility>

#include "gainsight/client.h"
#include "gainsight/task_mapping.h"
#include "ops/async_ttl_cache.h"

namespace gg {

using TaskConfigPtr = std::shared_ptr<const TaskConfig>;

class TaskConfigCache {
 public:
  using Cache = AsyncTtlCache<std::string, TaskConfig>;
  using Callback = Cache::Callback;
  using Fetcher = Cache::Fetcher;

  TaskConfigCache(Fetcher fetch, const Clock* clock, absl::Duration ttl)
      : cache_(std::move(fetch), clock, ttl) {}

  // `done` runs exactly once: at once on a hit, else when the fetch ends.
  void Get(CallContext context, Callback done) {
    cache_.Get(kKey, kKey, std::move(context), std::move(done));
  }

 private:
  static constexpr char kKey[] = "COMPANY";
  Cache cache_;
};

// A Fetcher that calls the task configuration endpoint via `client`.
TaskConfigCache::Fetcher TaskConfigFetcher(GainsightClient* client);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_OPS_TASK_CONFIG_CACHE_H_
