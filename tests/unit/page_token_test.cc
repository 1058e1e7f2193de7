#include "api/page_token.h"

#include "gainsight/v1/company.pb.h"
#include "gtest/gtest.h"

namespace gg {
namespace {

TEST(PageTokenTest, RoundTripsTheOffset) {
  gainsight::v1::QueryCompaniesRequest request;
  request.add_select("Name");
  uint64_t fp = QueryFingerprint(request);
  absl::StatusOr<int64_t> offset =
      DecodePageToken(EncodePageToken(250, fp), fp);
  ASSERT_TRUE(offset.ok());
  EXPECT_EQ(*offset, 250);
  EXPECT_EQ(*DecodePageToken("", fp), 0);
}

TEST(PageTokenTest, PageSizeMayChangeButTheQueryMayNot) {
  gainsight::v1::QueryCompaniesRequest request;
  request.add_select("Name");
  request.set_page_size(10);
  const std::string token = EncodePageToken(10, QueryFingerprint(request));
  request.set_page_size(50);
  request.set_page_token(token);
  EXPECT_TRUE(DecodePageToken(token, QueryFingerprint(request)).ok());
  request.add_select("Industry");
  EXPECT_EQ(DecodePageToken(token, QueryFingerprint(request)).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(PageTokenTest, GarbageIsRejected) {
  EXPECT_FALSE(DecodePageToken("not-a-token", 1).ok());
  EXPECT_FALSE(DecodePageToken("AAAA", 1).ok());
}

}  // namespace
}  // namespace gg
