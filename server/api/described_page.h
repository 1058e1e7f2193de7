// One page of a described object's records (custom objects, relationships):
// the cached describe, the query DescribedQuery builds from the request,
// the read, picklist labels, each row mapped by the caller, the next page
// token, and the reply.
#ifndef GAINSIGHT_GATEWAY_SERVER_API_DESCRIBED_PAGE_H_
#define GAINSIGHT_GATEWAY_SERVER_API_DESCRIBED_PAGE_H_

#include <string>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "api/page_token.h"
#include "api/unary_call.h"
#include "gainsight/envelope.h"
#include "gainsight/v1/common.pb.h"
#include "ops/metadata_cache.h"
#include "ops/record_ops.h"

namespace gg {

// What a query request of a described object asks for. The references
// point into the request, which outlives the call's reply.
struct DescribedPageRequest {
  std::string object;
  const google::protobuf::RepeatedPtrField<std::string>& select;
  const gainsight::v1::Filter& filter;
  const google::protobuf::RepeatedPtrField<gainsight::v1::OrderBy>& order_by;
  // Picklist values as the item GSIDs Gainsight stores, not their labels.
  bool picklist_ids;
  OffsetPage page;
};

// Adds one row (labelled unless picklist_ids) to the response.
using AddDescribedRow = absl::AnyInvocable<absl::Status(
    const gainsight::v1::ObjectMetadata& object, const Json& row)>;

// Replies to `call` with the page `request` asks for: INVALID_ARGUMENT
// naming the fields that do not fit the describe, the first failure of the
// describe, the read or `add_row`, else OK with `next_page_token` set.
void ReplyWithDescribedPage(MetadataCache* metadata, RecordOps* ops,
                            UnaryCall* call, DescribedPageRequest request,
                            AddDescribedRow add_row,
                            std::string* next_page_token);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_API_DESCRIBED_PAGE_H_
