// The BadRequest of a refused call, as the tests compare it: each field
// violation as {field path, description}, e.g.
//   EXPECT_THAT(Violations(status),
//               ElementsAre(Pair("header.columns[1]", HasSubstr("did you"))));
#ifndef GAINSIGHT_GATEWAY_TESTS_SUPPORT_BAD_REQUEST_H_
#define GAINSIGHT_GATEWAY_TESTS_SUPPORT_BAD_REQUEST_H_

#include <grpcpp/grpcpp.h>

#include <string>
#include <utility>
#include <vector>

#include "common/status_details.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"

namespace gg::testing {

// Empty (and a test failure) when `status` carries no BadRequest.
inline std::vector<std::pair<std::string, std::string>> Violations(
    const grpc::Status& status) {
  google::rpc::BadRequest bad;
  EXPECT_TRUE(GetBadRequest(FromGrpcStatus(status), &bad))
      << "no BadRequest in " << status.error_code() << " "
      << status.error_message();
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& v : bad.field_violations()) {
    out.emplace_back(v.field(), v.description());
  }
  return out;
}

}  // namespace gg::testing

#endif  // GAINSIGHT_GATEWAY_TESTS_SUPPORT_BAD_REQUEST_H_
