#include "ops/success_plan_config_cache.h"

#include <utility>

namespace gg {

SuccessPlanConfigCache::Fetcher SuccessPlanConfigFetcher(
    GainsightClient* client) {
  return [client](gainsight::v1::EntityType entity_type, CallContext context,
                  SuccessPlanConfigCache::FetchCallback done) {
    GainsightCall call;
    call.endpoint = EndpointId::kSuccessPlanPicklist;
    call.query = SuccessPlanConfigQuery(entity_type);
    client->Call(std::move(call), std::move(context),
                 [done = std::move(done)](UpstreamOutcome o) mutable {
                   if (!o.status.ok()) {
                     done(o.status);
                     return;
                   }
                   done(ParseSuccessPlanConfig(o.data));
                 });
  };
}

}  // namespace gg
