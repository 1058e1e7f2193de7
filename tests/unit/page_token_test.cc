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

TEST(PageTokenTest, OverlongTokensAreRefusedWithoutDecoding) {
  // A valid token followed by padding that base64 would skip is still
  // refused: the length alone decides.
  const std::string token = EncodePageToken(10, 7);
  EXPECT_EQ(token.size(), 23u);
  absl::StatusOr<int64_t> padded =
      DecodePageToken(token + std::string(1 << 20, '='), 7);
  EXPECT_EQ(padded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(DecodePageToken(token, 7).ok());
}

TEST(PageTokenTest, OffsetPageAsksForOneRowMoreAndTrimsIt) {
  gainsight::v1::QueryCompaniesRequest request;
  std::vector<FieldViolation> violations;
  OffsetPage page = ReadPage(request, 10, "", 100, 5000, violations);
  ASSERT_TRUE(violations.empty());
  EXPECT_EQ(page.QueryLimit(), 11);
  EXPECT_EQ(page.Keep(11), 10u);
  EXPECT_EQ(page.NextToken(10), "") << "a short or exact page is the last";
  std::string next = page.NextToken(11);
  ASSERT_FALSE(next.empty());
  OffsetPage second = ReadPage(request, 10, next, 100, 5000, violations);
  EXPECT_TRUE(violations.empty());
  EXPECT_EQ(second.offset, 10);
  EXPECT_EQ(ReadPage(request, 0, "", 100, 5000, violations).page_size, 100);
}

TEST(PageTokenTest, FullMaximumPageAlwaysOffersAnother) {
  gainsight::v1::QueryCompaniesRequest request;
  std::vector<FieldViolation> violations;
  OffsetPage page = ReadPage(request, 5000, "", 100, 5000, violations);
  EXPECT_EQ(page.QueryLimit(), 5000);
  EXPECT_FALSE(page.NextToken(5000).empty());
  EXPECT_TRUE(page.NextToken(4999).empty());
}

TEST(PageTokenTest, BadTokenBecomesAViolation) {
  gainsight::v1::QueryCompaniesRequest request;
  std::vector<FieldViolation> violations;
  ReadPage(request, 10, "garbage", 100, 5000, violations);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].field, "page_token");
}

TEST(PageTokenTest, NumberedPagesCountFromOneAndKeepTheirSize) {
  gainsight::v1::QueryCompaniesRequest request;
  std::vector<FieldViolation> violations;
  NumberedPage first = ReadNumberedPage(request, 0, "", 100, 1000, violations);
  EXPECT_TRUE(violations.empty());
  EXPECT_EQ(first.page_size, 100);
  EXPECT_EQ(first.PageNumber(), 1);
  EXPECT_TRUE(first.NextToken(99).empty());
  const std::string token = first.NextToken(100);
  ASSERT_FALSE(token.empty());
  NumberedPage second =
      ReadNumberedPage(request, 100, token, 100, 1000, violations);
  EXPECT_TRUE(violations.empty());
  EXPECT_EQ(second.PageNumber(), 2);
  // Page 2 of size 100 does not start on a page of size 30.
  ReadNumberedPage(request, 30, token, 100, 1000, violations);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].field, "page_size");
}

TEST(PageTokenTest, NegativeNumberedPageSizeIsAViolation) {
  gainsight::v1::QueryCompaniesRequest request;
  std::vector<FieldViolation> violations;
  ReadNumberedPage(request, -1, "", 100, 1000, violations);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].field, "page_size");
}

TEST(PageTokenTest, OversizedPagesAreCutToTheMaximum) {
  gainsight::v1::QueryCompaniesRequest request;
  std::vector<FieldViolation> violations;
  NumberedPage numbered =
      ReadNumberedPage(request, 1001, "", 100, 1000, violations);
  EXPECT_EQ(numbered.page_size, 1000);
  OffsetPage offset = ReadPage(request, 1000000, "", 100, 5000, violations);
  EXPECT_EQ(offset.page_size, 5000);
  EXPECT_EQ(offset.QueryLimit(), 5000);
  EXPECT_TRUE(violations.empty());
  // The next page may be asked for with the same oversized size.
  const std::string token = numbered.NextToken(1000);
  ASSERT_FALSE(token.empty());
  NumberedPage second =
      ReadNumberedPage(request, 1001, token, 100, 1000, violations);
  EXPECT_TRUE(violations.empty());
  EXPECT_EQ(second.PageNumber(), 2);
}

}  // namespace
}  // namespace gg
