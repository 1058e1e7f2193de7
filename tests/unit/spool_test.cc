// The spool stays bounded: a full spool refuses new imports, one import has
// a size limit, and sweeps remove what no job will read again.
#include <stdlib.h>
#include <sys/time.h>
#include <utime.h>

#include <filesystem>
#include <fstream>

#include "common/status_details.h"
#include "gtest/gtest.h"
#include "jobs/job_state.h"
#include "jobs/spool_quota.h"
#include "jobs/spool_sweep.h"
#include "tests/support/fake_job_store.h"

namespace gg {
namespace {

class SpoolTest : public ::testing::Test {
 protected:
  SpoolTest() {
    std::string pattern = ::testing::TempDir() + "/spool-XXXXXX";
    dir_ = mkdtemp(pattern.data());
  }
  ~SpoolTest() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, size_t bytes,
                    absl::Duration age = absl::ZeroDuration()) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path) << std::string(bytes, 'x');
    const absl::Time when = absl::Now() - age;
    struct timeval times[2];
    times[0] = times[1] = absl::ToTimeval(when);
    utimes(path.c_str(), times);
    return path;
  }
  bool Exists(const std::string& name) {
    return std::filesystem::exists(dir_ + "/" + name);
  }
  static std::string Reason(const absl::Status& status) {
    google::rpc::ErrorInfo info;
    return GetErrorInfo(status, &info) ? info.reason() : "";
  }

  std::string dir_;
};

TEST_F(SpoolTest, AFullSpoolRefusesNewImports) {
  SpoolQuota quota(dir_, /*quota_bytes=*/1000, /*import_max_bytes=*/800);
  EXPECT_TRUE(quota.CheckRoomForImport().ok());
  Write("job-a.part-0.csv", 600);
  EXPECT_TRUE(quota.CheckRoomForImport().ok());
  // Full with less than a tenth of the quota left.
  Write("job-b.part-0.csv", 350);
  absl::Status full = quota.CheckRoomForImport();
  EXPECT_EQ(full.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(Reason(full), "BULK_SPOOL_FULL");
  EXPECT_NE(full.message().find("--bulk-spool-quota-bytes"), std::string::npos);
}

TEST_F(SpoolTest, AnImportPastEitherLimitIsRefused) {
  SpoolQuota quota(dir_, 1000, 500);
  ASSERT_TRUE(quota.CheckRoomForImport().ok());
  EXPECT_TRUE(quota.Charge(400, 400).ok());
  absl::Status big = quota.Charge(501, 101);
  EXPECT_EQ(big.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(Reason(big), "BULK_IMPORT_TOO_LARGE");
  // Two imports together past the quota.
  SpoolQuota shared(dir_, 1000, 800);
  ASSERT_TRUE(shared.CheckRoomForImport().ok());
  EXPECT_TRUE(shared.Charge(600, 600).ok());
  absl::Status over = shared.Charge(500, 500);
  EXPECT_EQ(Reason(over), "BULK_SPOOL_FULL");
}

TEST_F(SpoolTest, SweepRemovesOrphansAndEndedJobsButNotFreshOrLiveOnes) {
  FakeClock clock(absl::Now());
  testing::FakeJobStore store(&clock);
  gainsight::v1::Job live;
  live.set_id("job-live");
  live.set_state(gainsight::v1::JOB_STATE_QUEUED);
  store.Seed(live);
  gainsight::v1::Job ended;
  ended.set_id("job-ended");
  ended.set_state(gainsight::v1::JOB_STATE_FAILED);
  store.Seed(ended);
  const absl::Duration old = absl::Hours(2);
  Write("job-live.part-0.csv", 10, old);
  Write("job-ended.part-0.csv", 10, old);
  Write("job-orphan.part-0.csv", 10, old);  // an import that broke off
  Write("job-streaming.part-0.csv", 10);    // still being written
  Write("job-x.job.tmp", 10, old);
  Write("unrelated.txt", 10, old);
  EXPECT_EQ(SweepSpool(dir_, store, clock.Now()), 3);
  EXPECT_TRUE(Exists("job-live.part-0.csv"));
  EXPECT_FALSE(Exists("job-ended.part-0.csv"));
  EXPECT_FALSE(Exists("job-orphan.part-0.csv"));
  EXPECT_TRUE(Exists("job-streaming.part-0.csv"));
  EXPECT_FALSE(Exists("job-x.job.tmp"));
  EXPECT_TRUE(Exists("unrelated.txt"));
}

TEST_F(SpoolTest, FileStoreForgetsEndedJobsAfterTheRetention) {
  absl::StatusOr<std::unique_ptr<FileJobStore>> store =
      FileJobStore::Open(dir_, absl::Hours(24));
  ASSERT_TRUE(store.ok());
  const absl::Time now = absl::FromUnixSeconds(1'800'000'000);
  gainsight::v1::Job old_job, recent, running;
  old_job.set_id("job-old");
  old_job.set_state(gainsight::v1::JOB_STATE_COMPLETED);
  *old_job.mutable_end_time() = ToTimestamp(now - absl::Hours(25));
  recent.set_id("job-recent");
  recent.set_state(gainsight::v1::JOB_STATE_CANCELLED);
  *recent.mutable_end_time() = ToTimestamp(now - absl::Hours(1));
  running.set_id("job-running");
  running.set_state(gainsight::v1::JOB_STATE_QUEUED);
  for (const auto& job : {old_job, recent, running}) {
    ASSERT_TRUE((*store)->Put(job, "").ok());
  }
  (*store)->ForgetExpired(now);
  EXPECT_EQ((*store)->Get("job-old").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_TRUE((*store)->Get("job-recent").ok());
  EXPECT_TRUE((*store)->Get("job-running").ok());
  EXPECT_EQ(*(*store)->UnfinishedIds(),
            std::vector<std::string>{"job-running"});
}

TEST_F(SpoolTest, FileStoreWritesOnlyForTheLeaseHolder) {
  absl::StatusOr<std::unique_ptr<FileJobStore>> store =
      FileJobStore::Open(dir_, absl::Hours(1));
  ASSERT_TRUE(store.ok());
  gainsight::v1::Job job;
  job.set_id("job-1");
  job.set_state(gainsight::v1::JOB_STATE_QUEUED);
  EXPECT_EQ((*store)->Put(job, "me").code(),
            absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(*(*store)->AcquireLease("job-1", "me", absl::Seconds(30)));
  EXPECT_FALSE(*(*store)->AcquireLease("job-1", "other", absl::Seconds(30)));
  EXPECT_TRUE((*store)->Put(job, "me").ok());
  ASSERT_TRUE((*store)->RequestCancel("job-1").ok());
  EXPECT_TRUE(
      (*store)->RenewLease("job-1", "me", absl::Seconds(30))->cancel_requested);
}

}  // namespace
}  // namespace gg
