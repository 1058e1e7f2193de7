#include "ops/task_config_cache.h"

namespace gg {

TaskConfigCache::Fetcher TaskConfigFetcher(GainsightClient* client) {
  return [client](std::string, CallContext context,
                  TaskConfigCache::Cache::FetchCallback done) {
    GainsightCall call;
    call.endpoint = EndpointId::kTaskConfig;
    call.query = TaskConfigQuery();
    client->Call(std::move(call), std::move(context),
                 [done = std::move(done)](UpstreamOutcome o) mutable {
                   if (!o.status.ok()) {
                     done(o.status);
                     return;
                   }
                   done(ParseTaskConfig(o.data));
                 });
  };
}

}  // namespace gg
