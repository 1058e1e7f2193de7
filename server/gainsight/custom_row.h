// A query row of any object as a google.protobuf.Struct, in the encoding
// custom_object.proto documents: DATE fields as "YYYY-MM-DD", DATETIME fields
// as RFC 3339 (UTC) where Gainsight sends epoch milliseconds; every other
// value (lookup paths included) as Gainsight sent it.
#ifndef GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_CUSTOM_ROW_H_
#define GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_CUSTOM_ROW_H_

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "gainsight/envelope.h"
#include "gainsight/v1/metadata.pb.h"
#include "google/protobuf/struct.pb.h"

namespace gg {

// INTERNAL when `row` is not a JSON object. A DATE is the day at its epoch
// ms in `date_zone` (the zone whose midnight the tenant stores dates at).
absl::Status RowToStruct(const gainsight::v1::ObjectMetadata& object,
                         const Json& row, google::protobuf::Struct* out,
                         absl::TimeZone date_zone = absl::UTCTimeZone());

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_CUSTOM_ROW_H_
