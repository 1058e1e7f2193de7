// google.protobuf.Value literals for record fields in requests.
#ifndef GAINSIGHT_GATEWAY_TESTS_SUPPORT_PROTO_VALUES_H_
#define GAINSIGHT_GATEWAY_TESTS_SUPPORT_PROTO_VALUES_H_

#include <string>

#include "google/protobuf/struct.pb.h"

namespace gg::testing {

inline google::protobuf::Value StringValue(const std::string& s) {
  google::protobuf::Value v;
  v.set_string_value(s);
  return v;
}

}  // namespace gg::testing

#endif  // GAINSIGHT_GATEWAY_TESTS_SUPPORT_PROTO_VALUES_H_
