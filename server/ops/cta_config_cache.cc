#include "ops/cta_config_cache.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "gainsight/cta_mapping.h"

namespace gg {

CtaConfigCache::CtaConfigCache(Fetcher fetch, Clock* clock, absl::Duration ttl)
    : fetch_(std::move(fetch)), clock_(clock), ttl_(ttl) {}

void CtaConfigCache::Get(gainsight::v1::EntityType entity_type,
                         CallContext context, Callback done) {
  const std::string key = entity_type == gainsight::v1::ENTITY_TYPE_RELATIONSHIP
                              ? "RELATIONSHIP"
                              : "COMPANY";
  CtaConfigPtr hit;
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
  fetch_(
      key, std::move(context),
      [this, key](absl::StatusOr<gainsight::v1::GetCtaConfigResponse> result) {
        Finish(key, std::move(result));
      });
}

void CtaConfigCache::Finish(
    const std::string& key,
    absl::StatusOr<gainsight::v1::GetCtaConfigResponse> result) {
  absl::StatusOr<CtaConfigPtr> shared =
      result.ok()
          ? absl::StatusOr<CtaConfigPtr>(
                std::make_shared<const gainsight::v1::GetCtaConfigResponse>(
                    *std::move(result)))
          : absl::StatusOr<CtaConfigPtr>(result.status());
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

CtaConfigCache::Fetcher CtaConfigFetcher(GainsightClient* client) {
  return [client](std::string entity_type, CallContext context,
                  CtaConfigCache::FetchCallback done) {
    GainsightCall call;
    call.endpoint = EndpointId::kCtaConfig;
    call.query =
        absl::StrCat("category=", kCtaConfigCategories, "&et=", entity_type);
    client->Call(std::move(call), std::move(context),
                 [done = std::move(done)](UpstreamOutcome o) mutable {
                   if (!o.status.ok()) {
                     done(o.status);
                     return;
                   }
                   gainsight::v1::GetCtaConfigResponse config;
                   absl::Status s = CtaConfigFromJson(o.data, &config);
                   if (!s.ok()) {
                     done(s);
                     return;
                   }
                   done(std::move(config));
                 });
  };
}

}  // namespace gg
