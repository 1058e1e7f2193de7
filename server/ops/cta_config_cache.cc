#include "ops/cta_config_cache.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "gainsight/cta_mapping.h"

namespace gg {

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
