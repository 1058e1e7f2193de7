#include "ops/metadata_cache.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "common/status_details.h"
#include "ops/metadata_calls.h"

namespace gg {

bool IsUnknownObject(const absl::Status& status) {
  google::rpc::ErrorInfo info;
  return status.code() == absl::StatusCode::kNotFound &&
         GetErrorInfo(status, &info) && info.reason() == kObjectNotFoundReason;
}

MetadataCache::Fetcher DescribeFetcher(GainsightClient* client) {
  return [client](std::string object, CallContext context,
                  MetadataCache::FetchCallback done) {
    DescribeObjectCall(client, std::move(object), std::move(context),
                       std::move(done));
  };
}

}  // namespace gg
