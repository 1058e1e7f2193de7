#include "ops/success_plan_config_cache.h"

#include <utility>

namespace gg {

SuccessPlanConfigCache::SuccessPlanConfigCache(Fetcher fetch, Clock* clock,
                                               absl::Duration ttl)
    : fetch_(std::move(fetch)), clock_(clock), ttl_(ttl) {}

void SuccessPlanConfigCache::Get(gainsight::v1::EntityType entity_type,
                                 CallContext context, Callback done) {
  if (entity_type == gainsight::v1::ENTITY_TYPE_UNSPECIFIED) {
    entity_type = gainsight::v1::ENTITY_TYPE_COMPANY;
  }
  const int key = static_cast<int>(entity_type);
  SuccessPlanConfigPtr hit;
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
  fetch_(entity_type, std::move(context),
         [this, key](absl::StatusOr<SuccessPlanConfig> result) {
           Finish(key, std::move(result));
         });
}

void SuccessPlanConfigCache::Finish(int key,
                                    absl::StatusOr<SuccessPlanConfig> result) {
  absl::StatusOr<SuccessPlanConfigPtr> shared =
      result.ok()
          ? absl::StatusOr<SuccessPlanConfigPtr>(
                std::make_shared<const SuccessPlanConfig>(*std::move(result)))
          : absl::StatusOr<SuccessPlanConfigPtr>(result.status());
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
