// The Data Management calls: describe one object, list the objects. Each
// answers in gainsight.v1 messages; a describe of an object Gainsight does
// not know fails NOT_FOUND (ErrorInfo reason OBJECT_NOT_FOUND).
#ifndef GAINSIGHT_GATEWAY_SERVER_OPS_METADATA_CALLS_H_
#define GAINSIGHT_GATEWAY_SERVER_OPS_METADATA_CALLS_H_

#include <string>

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "gainsight/client.h"
#include "gainsight/v1/metadata.pb.h"

namespace gg {

inline constexpr char kObjectNotFoundReason[] = "OBJECT_NOT_FOUND";

void DescribeObjectCall(
    GainsightClient* client, std::string object, CallContext context,
    absl::AnyInvocable<void(absl::StatusOr<gainsight::v1::ObjectMetadata>)>
        done);

void ListObjectsCall(
    GainsightClient* client, CallContext context,
    absl::AnyInvocable<void(absl::StatusOr<gainsight::v1::ListObjectsResponse>)>
        done);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_OPS_METADATA_CALLS_H_
