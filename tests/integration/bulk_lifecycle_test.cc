// A bulk job's life beside its rows: it says why it waits, it can be
// cancelled without spending budget, a full spool refuses new imports before
// reading them, an unclosed quote names its line, and every job that ends
// (completed, failed or cancelled) leaves no rows on disk.
#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status_details.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/bulk_fixture.h"

namespace gg {
namespace {

using ::testing::HasSubstr;

// Spooled rows (".part-" files) left in `dir`.
int SpooledParts(const std::string& dir) {
  int parts = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (absl::StrContains(entry.path().filename().string(), ".part-")) parts++;
  }
  return parts;
}

class BulkLifecycleTest : public BulkTest {
 protected:
  Job Cancel(const std::string& id, grpc::Status* status = nullptr) {
    auto context = Context();
    gainsight::v1::CancelJobRequest request;
    request.set_id(id);
    gainsight::v1::CancelJobResponse response;
    grpc::Status s = stub_->CancelJob(context.get(), request, &response);
    if (status != nullptr) *status = s;
    return response.job();
  }
};

TEST_F(BulkLifecycleTest, AQueuedJobSaysWhyItWaitsAndCancelsWithoutASlot) {
  // One bulk call a minute: the first job takes it.
  gateway_.reset();
  StartGateway("sync=1000/1s;bulk=1/1m");
  auto [s1, first] = Import({Header({"Name"}), Rows({{{"Name", "First"}}})});
  ASSERT_TRUE(s1.ok());
  auto [s2, second] = Import({Header({"Name"}), Rows({{{"Name", "Second"}}})});
  ASSERT_TRUE(s2.ok());
  const Job waiting = Get(second.id());
  ASSERT_EQ(waiting.state(), gainsight::v1::JOB_STATE_QUEUED);
  EXPECT_EQ(waiting.wait().window(), "bulk 1/1m");
  EXPECT_TRUE(waiting.wait().has_estimated_start());
  EXPECT_THAT(waiting.wait().reason(), HasSubstr("1/1m"));
  EXPECT_FALSE(waiting.runner().empty());

  const Job cancelled = Cancel(second.id());
  EXPECT_EQ(cancelled.state(), gainsight::v1::JOB_STATE_CANCELLED);
  EXPECT_EQ(Watch(first.id()).back().state(),
            gainsight::v1::JOB_STATE_COMPLETED);
  // Only the first job uploaded; the second's place in the queue was
  // dropped, and its rows with it.
  EXPECT_EQ(Uploads().size(), 1u);
  EXPECT_EQ(CompanyNames(), (std::multiset<std::string>{"First"}));
  EXPECT_EQ(SpooledParts(spool_.path()), 0);
  grpc::Status again;
  Cancel(second.id(), &again);
  EXPECT_EQ(again.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(BulkLifecycleTest, AFailedJobLeavesNoRowsOnDisk) {
  auto [status, job] =
      Import({Header({"Name"}, "no-such-job"), Rows({{{"Name", "A"}}})});
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(Watch(job.id()).back().state(), gainsight::v1::JOB_STATE_FAILED);
  EXPECT_EQ(SpooledParts(spool_.path()), 0);
}

TEST_F(BulkLifecycleTest, AFullSpoolRefusesTheNextImportBeforeReadingIt) {
  // Jobs wait (no bulk budget) while their rows fill a small spool; it is
  // full with less than a tenth of its quota left.
  gateway_.reset();
  StartGateway("sync=1000/1s;bulk=1/1h", {"--bulk-spool-quota-bytes", "10000",
                                          "--bulk-import-max-bytes", "9800"});
  auto [s0, first] = Import({Header({"Name"}), Rows({{{"Name", "Spender"}}})});
  ASSERT_TRUE(s0.ok());
  auto rows = [](int n, const char* prefix) {
    std::vector<json> out;
    for (int i = 0; i < n; ++i) {
      out.push_back(
          {{"Name", absl::StrFormat("%s row number %05d", prefix, i)}});
    }
    return out;
  };
  // Past the per-import limit (~12 KB): refused, and its rows removed.
  auto [big, no_job] = Import({Header({"Name"}), Rows(rows(480, "Large"))});
  EXPECT_EQ(big.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(big.error_message(), HasSubstr("--bulk-import-max-bytes"));
  // ~9.2 KB: fits, and fills the spool.
  auto [s1, filler] = Import({Header({"Name"}), Rows(rows(400, "Fill"))});
  ASSERT_TRUE(s1.ok()) << s1.error_message();
  auto [full, none] = Import({Header({"Name"}), Rows({{{"Name", "Late"}}})});
  EXPECT_EQ(full.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(full.error_message(), HasSubstr("--bulk-spool-quota-bytes"));
  EXPECT_TRUE(none.id().empty());
  EXPECT_EQ(Get(filler.id()).state(), gainsight::v1::JOB_STATE_QUEUED);
}

TEST_F(BulkLifecycleTest, AnUnclosedQuoteNamesTheLineItOpensOn) {
  auto [status, job] =
      Import({Header({}), Csv("Name,Industry\r\nA,x\r\n\"B,y\r\nC,z\r\n")});
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("line 3"));
  EXPECT_EQ(SpooledParts(spool_.path()), 0);
}

}  // namespace
}  // namespace gg
