// Conversions between google.protobuf.Struct/Value and JSON.
#ifndef GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_JSON_VALUE_H_
#define GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_JSON_VALUE_H_

#include "gainsight/envelope.h"
#include "google/protobuf/struct.pb.h"

namespace gg {

Json ValueToJson(const google::protobuf::Value& value);
google::protobuf::Value JsonToValue(const Json& json);

// Adds every field of `fields` to the JSON object `out`.
void MergeStructInto(const google::protobuf::Struct& fields, Json& out);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_GAINSIGHT_JSON_VALUE_H_
