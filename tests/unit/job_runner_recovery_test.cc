// The job runner's less travelled transitions, on the same fakes as
// job_runner_test.cc: status reads Gainsight fails or no longer knows, the
// poll interval's growth, a lease lost while nothing changes, a cancel
// request found on resume or met by an upload that never arrived, an upload
// held back until the store has the job's last change, and a draining
// runner that takes no new job.
#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/unit/job_runner_fixture.h"

namespace gg {
namespace {

using gainsight::v1::Job;
using testing::ErrorEnvelope;
using testing::JobRunnerTest;
using testing::kLease;
using testing::kPoll;
using testing::kUpload;
using testing::OkEnvelope;
using testing::StatusPath;
using testing::UploadStatus;

TEST_F(JobRunnerTest, AStatusIdGainsightNoLongerKnowsFailsThePart) {
  ExpectAccepted("s1");
  h_.http()
      .Expect(HttpMethod::kGet, StatusPath("s1"))
      .Answer(404, ErrorEnvelope("GS_7404", "No status for this id"));
  auto runner = NewRunner();
  Job job = Create(*runner, NewJob(1));
  h_.scheduler().AdvanceAndRun(kPoll);
  const Job done = Stored(job.id());
  EXPECT_EQ(done.state(), gainsight::v1::JOB_STATE_FAILED);
  EXPECT_EQ(done.parts(0).state(), gainsight::v1::JOB_STATE_FAILED);
  EXPECT_EQ(done.parts(0).error().code(),
            static_cast<int>(absl::StatusCode::kNotFound));
  h_.scheduler().AdvanceAndRun(absl::Hours(1));
  EXPECT_EQ(Requests(StatusPath("s1")), 1) << "no poll after the end";
}

TEST_F(JobRunnerTest, PollsSlowDownToTheLongestIntervalAndOutliveAFailedRead) {
  ExpectAccepted("s1");
  // A refused read changes nothing: the part keeps being polled.
  h_.http()
      .Expect(HttpMethod::kGet, StatusPath("s1"))
      .Answer(400, ErrorEnvelope("GS_0001", "Bad request"));
  ExpectStatus("s1", UploadStatus("IN_PROGRESS")).Times(3);
  ExpectStatus("s1", UploadStatus("COMPLETED", 2));
  JobRunner::Options options = RunnerOptions("replica-a", spool_.path());
  options.max_poll_interval = 4 * kPoll;
  JobRunner runner(options, &store_, h_.client(), &h_.limiter(),
                   &h_.scheduler(), &h_.clock());
  ASSERT_TRUE(runner.Start().ok());
  Job job = Create(runner, NewJob(1));
  // Polls 5 s after the upload, then 10, 20, 20 and 20 s apart.
  const absl::Duration gaps[] = {kPoll, 2 * kPoll, 4 * kPoll, 4 * kPoll,
                                 4 * kPoll};
  int polls = 0;
  for (absl::Duration gap : gaps) {
    h_.scheduler().AdvanceAndRun(gap - absl::Seconds(1));
    EXPECT_EQ(Requests(StatusPath("s1")), polls) << "not before " << gap;
    h_.scheduler().AdvanceAndRun(absl::Seconds(1));
    EXPECT_EQ(Requests(StatusPath("s1")), ++polls) << "after " << gap;
  }
  EXPECT_EQ(Stored(job.id()).state(), gainsight::v1::JOB_STATE_COMPLETED);
  EXPECT_EQ(Stored(job.id()).succeeded_rows(), 2);
}

TEST_F(JobRunnerTest, ALeaseLostWhileNothingChangesIsFoundAtTheNextRenewal) {
  ExpectAccepted("s1");
  ExpectStatus("s1", UploadStatus("IN_PROGRESS")).Times(1000);
  auto runner = NewRunner();
  Job job = Create(*runner, NewJob(1));
  h_.scheduler().AdvanceAndRun(kPoll);
  ASSERT_EQ(Stored(job.id()).state(), gainsight::v1::JOB_STATE_IN_PROGRESS);
  // From here on every poll reads the same: nothing is stored, so only the
  // renewal can tell the lease went to another replica.
  store_.SetLeaseHolder(job.id(), "replica-b", absl::Hours(1));
  h_.scheduler().AdvanceAndRun(kLease / 3);
  const int polls = Requests(StatusPath("s1"));
  h_.scheduler().AdvanceAndRun(absl::Minutes(5));
  EXPECT_EQ(Requests(StatusPath("s1")), polls) << "the job is no longer run";
  EXPECT_EQ(*store_.LeaseHolder(job.id()), "replica-b");
}

TEST_F(JobRunnerTest, ARenewalTheStoreFailsKeepsTheJobRunning) {
  ExpectAccepted("s1");
  ExpectStatus("s1", UploadStatus("IN_PROGRESS")).Times(5);
  ExpectStatus("s1", UploadStatus("COMPLETED", 2));
  auto runner = NewRunner();
  Job job = Create(*runner, NewJob(1));
  store_.FailNextRenewals(1);
  h_.scheduler().AdvanceAndRun(kLease / 3);
  EXPECT_EQ(store_.failing_renewals(), 0) << "a renewal was tried";
  h_.scheduler().AdvanceAndRun(absl::Minutes(1));
  EXPECT_EQ(Stored(job.id()).state(), gainsight::v1::JOB_STATE_COMPLETED);
  EXPECT_EQ(store_.Acquisitions(job.id()), 1)
      << "run throughout: never dropped and taken up again";
}

TEST_F(JobRunnerTest, AJobResumedWithACancelRequestSendsNoMoreParts) {
  // What a replica left: part 0 accepted, part 1 not sent, and a cancel
  // asked for on another replica meanwhile.
  Job job = LeftByAStoppedReplica(2);
  job.set_cancel_requested(true);
  store_.Seed(job);
  ExpectStatus("s0", UploadStatus("COMPLETED", 2));
  auto runner = NewRunner("replica-a");
  EXPECT_EQ(Stored(job.id()).parts(1).state(),
            gainsight::v1::JOB_STATE_CANCELLED);
  h_.scheduler().AdvanceAndRun(kPoll);
  const Job done = Stored(job.id());
  EXPECT_EQ(done.state(), gainsight::v1::JOB_STATE_CANCELLED);
  EXPECT_EQ(done.succeeded_rows(), 2) << "the accepted part is followed";
  EXPECT_EQ(Requests(kUpload), 0);
}

TEST_F(JobRunnerTest, ACancelDuringAnUploadThatNeverArrivedCancelsThatPart) {
  h_.http()
      .Expect(HttpMethod::kPost, kUpload)
      .Fail(MarkRequestIncomplete(absl::UnavailableError("connection reset")))
      .Hold();
  auto runner = NewRunner();
  Job job = Create(*runner, NewJob(2));
  ASSERT_TRUE(runner->Cancel(job.id()).ok());
  h_.http().Release();
  // At once, as the answer comes: not at the next upload attempt.
  const Job done = Stored(job.id());
  EXPECT_EQ(done.state(), gainsight::v1::JOB_STATE_CANCELLED);
  EXPECT_EQ(done.parts(0).state(), gainsight::v1::JOB_STATE_CANCELLED);
  EXPECT_FALSE(done.parts(0).outcome_unknown()) << "it never reached Gainsight";
  EXPECT_EQ(done.parts(1).state(), gainsight::v1::JOB_STATE_CANCELLED);
  h_.scheduler().AdvanceAndRun(absl::Minutes(5));
  EXPECT_EQ(Requests(kUpload), 1) << "not sent again";
}

TEST_F(JobRunnerTest, TheNextPartWaitsUntilTheStoreHasTheLastAcceptance) {
  ExpectAccepted("s0");
  // Stored: the job, part 0's sent mark; then part 0's acceptance fails.
  store_.FailPuts(/*skip=*/2, /*count=*/1);
  std::string part0_status_when_part1_left = "(part 1 never left)";
  h_.http()
      .Expect(HttpMethod::kPost, kUpload)
      .When([&](const HttpRequest&) {
        part0_status_when_part1_left =
            Stored(NewestJobId()).parts(0).gainsight_status_id();
        return true;
      })
      .Answer(200, OkEnvelope({{"statusId", "s1"}}));
  ExpectStatus("s0", UploadStatus("COMPLETED", 2));
  ExpectStatus("s1", UploadStatus("COMPLETED", 2));
  auto runner = NewRunner();
  Job job = Create(*runner, NewJob(2));
  EXPECT_EQ(Requests(kUpload), 1) << "part 1 waits for the store";
  h_.scheduler().AdvanceAndRun(absl::Minutes(2));
  EXPECT_EQ(part0_status_when_part1_left, "s0");
  EXPECT_EQ(Stored(job.id()).state(), gainsight::v1::JOB_STATE_COMPLETED);
  EXPECT_EQ(Stored(job.id()).succeeded_rows(), 4);
  EXPECT_EQ(Requests(kUpload), 2);
}

TEST_F(JobRunnerTest, ADrainingRunnerTakesNoNewJob) {
  auto runner = NewRunner();
  runner->Drain(h_.clock().Now() + absl::Seconds(5));
  Job job = NewJob(1);
  absl::StatusOr<Job> created = runner->Create(job, parts_);
  EXPECT_EQ(created.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(created.status().message(), ::testing::HasSubstr("stopping"));
  EXPECT_EQ(store_.Get(job.id()).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(h_.http().request_count(), 0);
}

}  // namespace
}  // namespace gg
