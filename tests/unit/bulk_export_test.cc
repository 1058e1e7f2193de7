// A bulk export follows the URLs Gainsight returns (status, then each
// chunk), relative or absolute, on the tenant's host only; it sends the key
// under both header names the export doc uses, and accepts CSV.
#include "ops/bulk_export.h"

#include <map>
#include <optional>

#include "common/status_details.h"
#include "gtest/gtest.h"
#include "tests/support/client_harness.h"

namespace gg {
namespace {

using testing::ClientHarness;
using testing::OkEnvelope;

constexpr char kSubmit[] = "/v3/exports/data/bulk/Company";

class BulkExportTest : public ::testing::Test {
 protected:
  std::shared_ptr<BulkExport> NewExport(
      absl::Duration timeout = absl::Hours(1)) {
    QuerySpec spec;
    spec.select = {"Name", "Arr"};
    spec.limit = kMaxExportRecords;
    BulkExport::Options options;
    options.poll_interval = absl::Seconds(5);
    options.max_poll_interval = absl::Seconds(5);
    auto e = std::make_shared<BulkExport>(options, h_.client(), &h_.scheduler(),
                                          &h_.clock(), "Company", spec,
                                          h_.Context(timeout));
    e->SetColumnKinds(
        {BulkExport::CellKind::kText, BulkExport::CellKind::kNumber});
    return e;
  }

  void Start(BulkExport& e) {
    e.Start([this](absl::StatusOr<int> chunks) { started_ = chunks; });
  }

  std::map<std::string, std::string> Headers(int request) {
    const HttpRequest r = h_.http().requests()[request];
    return {r.headers.begin(), r.headers.end()};
  }

  ClientHarness h_;
  std::optional<absl::StatusOr<int>> started_;
};

TEST_F(BulkExportTest, FollowsTheStatusUrlAndEachChunkUrlItReturns) {
  h_.http()
      .Expect(HttpMethod::kPost, kSubmit)
      .Answer(200,
              OkEnvelope({{"jobId", "j1"},
                          {"statusUrl", "/v3/exports/data/bulk/results/t0"}}));
  h_.http()
      .Expect(HttpMethod::kGet, "/v3/exports/data/bulk/results/t0")
      .Answer(200, OkEnvelope({{"jobStatus", "IN_PROGRESS"}}));
  h_.http()
      .Expect(HttpMethod::kGet, "/v3/exports/data/bulk/results/t0")
      .Answer(
          200,
          OkEnvelope(
              {{"jobStatus", "COMPLETED"},
               {"totalRecords", 3},
               {"chunkDetails",
                {{{"chunkURL", "results/t0/0"}},
                 {{"chunkUrl", std::string(testing::kTenantUrl) +
                                   "/v3/exports/data/bulk/results/t0/1"}}}}}));
  h_.http()
      .Expect(HttpMethod::kGet, "/v3/exports/data/bulk/results/t0/1")
      .Answer(200, "Name,Arr\r\n\"Globex, Inc\",5\r\n");
  auto e = NewExport();
  Start(*e);
  h_.scheduler().AdvanceAndRun(absl::Seconds(10));
  ASSERT_TRUE(started_.has_value());
  ASSERT_TRUE(started_->ok()) << started_->status();
  EXPECT_EQ(**started_, 2);
  // Submit and status carry the key as `accesskey` and `authentication`.
  for (int i = 0; i < 3; ++i) {
    auto headers = Headers(i);
    EXPECT_EQ(headers["accesskey"], "test-access-key") << i;
    EXPECT_EQ(headers["authentication"], "test-access-key") << i;
  }
  std::optional<absl::StatusOr<BulkExport::Rows>> chunk;
  e->FetchChunk(1,
                [&](absl::StatusOr<BulkExport::Rows> rows) { chunk = rows; });
  ASSERT_TRUE(chunk.has_value());
  ASSERT_TRUE(chunk->ok()) << chunk->status();
  ASSERT_EQ((*chunk)->size(), 1u);
  EXPECT_EQ((**chunk)[0]["Name"], "Globex, Inc");
  EXPECT_EQ((**chunk)[0]["Arr"], 5.0);
  const HttpRequest download = h_.http().requests().back();
  EXPECT_EQ(download.url, std::string(testing::kTenantUrl) +
                              "/v3/exports/data/bulk/results/t0/1");
  EXPECT_EQ(Headers(h_.http().request_count() - 1)["Accept"],
            "application/json, text/plain, */*");
}

TEST_F(BulkExportTest, ARelativeChunkUrlIsTakenOnTheTenant) {
  h_.http()
      .Expect(HttpMethod::kPost, kSubmit)
      .Answer(200, OkEnvelope({{"statusURL", "/s/1"}}));
  h_.http()
      .Expect(HttpMethod::kGet, "/s/1")
      .Answer(200, OkEnvelope({{"status", "COMPLETED"},
                               {"chunkDetails", {{{"chunkURL", "/c/0"}}}}}));
  h_.http().Expect(HttpMethod::kGet, "/c/0").Answer(200, "Name,Arr\r\nA,1\r\n");
  auto e = NewExport();
  Start(*e);
  h_.scheduler().AdvanceAndRun(absl::Seconds(5));
  ASSERT_TRUE(started_.has_value() && started_->ok());
  std::optional<absl::StatusOr<BulkExport::Rows>> chunk;
  e->FetchChunk(0,
                [&](absl::StatusOr<BulkExport::Rows> rows) { chunk = rows; });
  ASSERT_TRUE(chunk.has_value() && chunk->ok());
  EXPECT_EQ(h_.http().requests().back().url,
            std::string(testing::kTenantUrl) + "/c/0");
}

TEST_F(BulkExportTest, AUrlOnAnotherHostIsRefusedAndNeverSentTheKey) {
  h_.http()
      .Expect(HttpMethod::kPost, kSubmit)
      .Answer(200,
              OkEnvelope({{"jobId", "j1"},
                          {"statusURL", "https://collector.example/s/1"}}));
  auto e = NewExport();
  Start(*e);
  h_.scheduler().AdvanceAndRun(absl::Seconds(10));
  ASSERT_TRUE(started_.has_value());
  ASSERT_FALSE(started_->ok());
  EXPECT_EQ(started_->status().code(), absl::StatusCode::kInternal);
  EXPECT_NE(started_->status().message().find("collector.example"),
            std::string::npos);
  EXPECT_EQ(h_.http().request_count(), 1) << "only the submit went out";
}

TEST_F(BulkExportTest, AnAnswerWithoutAStatusUrlFailsNamingItsKeys) {
  h_.http()
      .Expect(HttpMethod::kPost, kSubmit)
      .Answer(200, OkEnvelope({{"jobId", "j1"}}));
  auto e = NewExport();
  Start(*e);
  ASSERT_TRUE(started_.has_value());
  EXPECT_EQ(started_->status().code(), absl::StatusCode::kInternal);
  EXPECT_NE(started_->status().message().find("jobId"), std::string::npos);
  EXPECT_EQ(h_.http().request_count(), 1);
}

TEST_F(BulkExportTest, AnExportGainsightAbortsFails) {
  h_.http()
      .Expect(HttpMethod::kPost, kSubmit)
      .Answer(200, OkEnvelope({{"statusURL", "/s/1"}}));
  h_.http()
      .Expect(HttpMethod::kGet, "/s/1")
      .Answer(200, OkEnvelope({{"jobStatus", "ABORTED"}}));
  auto e = NewExport();
  Start(*e);
  h_.scheduler().AdvanceAndRun(absl::Seconds(5));
  ASSERT_TRUE(started_.has_value());
  EXPECT_EQ(started_->status().code(), absl::StatusCode::kUnavailable);
}

TEST_F(BulkExportTest, AnUnknownStateKeepsPollingUntilTheDeadline) {
  h_.http()
      .Expect(HttpMethod::kPost, kSubmit)
      .Answer(200, OkEnvelope({{"statusURL", "/s/1"}}));
  h_.http()
      .Expect(HttpMethod::kGet, "/s/1")
      .Answer(200, OkEnvelope({{"jobStatus", "WARMING_UP"}}))
      .Times(100);
  auto e = NewExport(absl::Seconds(32));
  Start(*e);
  h_.scheduler().AdvanceAndRun(absl::Minutes(1));
  ASSERT_TRUE(started_.has_value());
  EXPECT_EQ(started_->status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(h_.http().request_count(), 1 + 6);
}

}  // namespace
}  // namespace gg
