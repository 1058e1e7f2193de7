#include "ops/metadata_cache.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "ops/metadata_calls.h"

namespace gg {

MetadataCache::Fetcher DescribeFetcher(GainsightClient* client) {
  return [client](std::string object, CallContext context,
                  MetadataCache::FetchCallback done) {
    DescribeObjectCall(client, std::move(object), std::move(context),
                       std::move(done));
  };
}

}  // namespace gg
