#include "observe/call_trace.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace gg {
namespace {

TEST(CallTraceTest, CountsEveryCallAndKeepsABoundedListOfRequestIds) {
  CallTrace trace;
  trace.RecordUpstreamCall("");  // an answer without a request id
  for (int i = 0; i < 12; ++i) {
    trace.RecordUpstreamCall(absl::StrCat("req-", i));
  }
  trace.RecordUpstreamCall(
      std::string(CallTrace::kMaxRequestIdLength + 1, 'x'));
  EXPECT_EQ(trace.upstream_calls(), 14);
  const std::vector<std::string> ids = trace.gainsight_request_ids();
  ASSERT_EQ(ids.size(), CallTrace::kMaxRequestIds);
  EXPECT_EQ(ids.front(), "req-0");
  EXPECT_EQ(ids.back(), "req-9");
}

TEST(CallTraceTest, AnOverlongRequestIdIsCountedButNotKept) {
  CallTrace trace;
  trace.RecordUpstreamCall(
      std::string(CallTrace::kMaxRequestIdLength + 1, 'x'));
  EXPECT_EQ(trace.upstream_calls(), 1);
  EXPECT_THAT(trace.gainsight_request_ids(), ::testing::IsEmpty());
}

}  // namespace
}  // namespace gg
