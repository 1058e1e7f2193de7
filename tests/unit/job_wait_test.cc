// A queued job says why it waits.
#include "jobs/job_wait.h"

#include "gtest/gtest.h"
#include "jobs/job_state.h"

namespace gg {
namespace {

gainsight::v1::Job JobAt(const std::string& id, int64_t created_s,
                         gainsight::v1::JobState part_state) {
  gainsight::v1::Job job;
  job.set_id(id);
  job.set_state(part_state);
  *job.mutable_create_time() = ToTimestamp(absl::FromUnixSeconds(created_s));
  job.add_parts()->set_state(part_state);
  return job;
}

TEST(JobWaitTest, JobsAheadAreEarlierJobsWithPartsToUpload) {
  const gainsight::v1::Job me =
      JobAt("job-c", 30, gainsight::v1::JOB_STATE_QUEUED);
  gainsight::v1::Job cancelled =
      JobAt("job-d", 5, gainsight::v1::JOB_STATE_QUEUED);
  cancelled.set_cancel_requested(true);
  std::vector<gainsight::v1::Job> all = {
      JobAt("job-a", 10, gainsight::v1::JOB_STATE_QUEUED),
      JobAt("job-b", 20, gainsight::v1::JOB_STATE_INIT),        // all uploaded
      me, JobAt("job-e", 40, gainsight::v1::JOB_STATE_QUEUED),  // later
      cancelled};
  EXPECT_EQ(JobsAhead(me, all), 1);
}

TEST(JobWaitTest, ExplainsTheWindowWhenItFreesAndTheEstimatedStart) {
  const absl::Time now = absl::FromUnixSeconds(1'800'000'000);
  WaitEstimate estimate;
  estimate.wait = absl::Minutes(20);
  estimate.window = "10/1h";
  estimate.window_frees_at = now + absl::Minutes(5);
  gainsight::v1::JobWait wait = ExplainWait(2, estimate, now);
  EXPECT_EQ(wait.window(), "bulk 10/1h");
  EXPECT_EQ(wait.jobs_ahead(), 2);
  EXPECT_EQ(FromTimestamp(wait.window_frees_at()), now + absl::Minutes(5));
  EXPECT_EQ(FromTimestamp(wait.estimated_start()), now + absl::Minutes(20));
  EXPECT_EQ(wait.reason(),
            "waiting for the bulk window 10/1h; a slot frees at "
            "2027-01-15T08:05:00Z; estimated start 2027-01-15T08:20:00Z; 2 "
            "jobs ahead");
}

TEST(JobWaitTest, AClosedClassAndAFreeSlotAreSaidSo) {
  const absl::Time now = absl::FromUnixSeconds(1'800'000'000);
  WaitEstimate closed;
  closed.wait = absl::Minutes(1);
  closed.window = "closed";
  closed.window_frees_at = now + absl::Minutes(1);
  EXPECT_EQ(ExplainWait(0, closed, now).window(), "bulk closed");
  EXPECT_NE(ExplainWait(0, closed, now).reason().find("429"),
            std::string::npos);
  gainsight::v1::JobWait free = ExplainWait(0, WaitEstimate{}, now);
  EXPECT_EQ(FromTimestamp(free.estimated_start()), now);
  EXPECT_TRUE(free.window().empty());
  EXPECT_EQ(ExplainWait(1, std::nullopt, now).reason(),
            "waiting for bulk budget; 1 job ahead");
}

}  // namespace
}  // namespace gg
