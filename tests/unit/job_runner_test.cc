// The job runner's state machine on fakes: a scripted Gainsight, simulated
// time, an in-memory job store with leases. Every transition: upload, the
// "outcome unknown" mark before the body leaves, polls to the end, resume
// after a restart, lease loss and takeover, outcome-unknown decisions,
// attempt caps, the status-poll bound, cancellation, store failures, and the
// hand-over of unsent rows on drain.
#include "jobs/job_runner.h"

#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/unit/job_runner_fixture.h"

namespace gg {
namespace {

using gainsight::v1::Job;
using gainsight::v1::JobState;
using testing::ClientHarness;
using ::testing::ElementsAre;
using testing::ErrorEnvelope;
using testing::JobRunnerTest;
using testing::kLease;
using testing::kPeopleUpload;
using testing::kPoll;
using testing::kUpload;
using testing::OkEnvelope;
using testing::ReadFile;
using testing::StatusPath;
using testing::TempDir;
using testing::UploadStatus;

TEST_F(JobRunnerTest, UploadsWithTheBulkConnectionAndPollsToCompleted) {
  ExpectAccepted("s1");
  ExpectStatus("s1", UploadStatus("INIT"));
  ExpectStatus("s1", UploadStatus("IN_PROGRESS"));
  ExpectStatus("s1", UploadStatus("COMPLETED", 2, 0));
  auto runner = NewRunner();
  Job job = NewJob(1);
  Follow(*runner, job.id());
  job = Create(*runner, job);
  h_.scheduler().AdvanceAndRun(3 * kPoll);

  EXPECT_THAT(SeenStates(), ElementsAre(gainsight::v1::JOB_STATE_UPLOADING,
                                        gainsight::v1::JOB_STATE_INIT,
                                        gainsight::v1::JOB_STATE_IN_PROGRESS,
                                        gainsight::v1::JOB_STATE_COMPLETED));
  const Job done = Stored(job.id());
  EXPECT_EQ(done.state(), gainsight::v1::JOB_STATE_COMPLETED);
  EXPECT_EQ(done.succeeded_rows(), 2);
  EXPECT_EQ(done.parts(0).upload_attempts(), 1);
  EXPECT_FALSE(done.parts(0).outcome_unknown());
  EXPECT_TRUE(done.runner().empty());
  // Every announced snapshot had been stored first.
  std::vector<Job> history = store_.History(job.id());
  for (const Job& announced : seen_) {
    EXPECT_TRUE(std::any_of(history.begin(), history.end(), [&](const Job& s) {
      return s.SerializeAsString() == announced.SerializeAsString();
    }));
  }
  // The upload carried the GS Bulk API connection, not the API key.
  const HttpRequest upload = h_.http().requests()[0];
  std::map<std::string, std::string> headers(upload.headers.begin(),
                                             upload.headers.end());
  EXPECT_EQ(headers["accessKey"], "bulk-connection-key");
  EXPECT_EQ(headers["appOrgId"], "org-1");
  EXPECT_EQ(headers["loginName"], "ann@acme.example");
  for (const auto& [name, value] : upload.headers) {
    EXPECT_NE(value, "test-access-key") << name;
  }
  EXPECT_FALSE(SpoolHolds(job.id()));
}

TEST_F(JobRunnerTest, TheUploadIsStoredAsSentBeforeItsBodyLeaves) {
  h_.http()
      .Expect(HttpMethod::kPost, kUpload)
      .Answer(200, OkEnvelope({{"statusId", "s1"}}))
      .Hold();
  auto runner = NewRunner();
  Job job = Create(*runner, NewJob(1));
  ASSERT_EQ(h_.http().request_count(), 1);
  // In flight: a process dying now leaves this record for whoever resumes.
  Job stored = Stored(job.id());
  EXPECT_EQ(stored.parts(0).state(), gainsight::v1::JOB_STATE_UPLOADING);
  EXPECT_TRUE(stored.parts(0).outcome_unknown());
  EXPECT_EQ(stored.parts(0).upload_attempts(), 1);
  EXPECT_EQ(stored.runner(), "replica-a");
  h_.http().Release();
  stored = Stored(job.id());
  EXPECT_EQ(stored.parts(0).state(), gainsight::v1::JOB_STATE_INIT);
  EXPECT_FALSE(stored.parts(0).outcome_unknown());
  EXPECT_EQ(stored.parts(0).gainsight_status_id(), "s1");
}

TEST_F(JobRunnerTest, A429IsNotAnAttemptAndTheUploadIsSentAgain) {
  h_.http()
      .Expect(HttpMethod::kPost, kUpload)
      .Answer(429, ErrorEnvelope("GU_2400", "Too many request"));
  ExpectAccepted("s1");
  ExpectStatus("s1", UploadStatus("IN_PROGRESS")).Times(1000);
  auto runner = NewRunner();
  Job job = Create(*runner, NewJob(1));
  // Not executed: the part is back in the queue, unmarked.
  Job waiting = Stored(job.id());
  EXPECT_EQ(waiting.parts(0).state(), gainsight::v1::JOB_STATE_QUEUED);
  EXPECT_EQ(waiting.parts(0).upload_attempts(), 0);
  EXPECT_FALSE(waiting.parts(0).outcome_unknown());
  // The class stays closed for its shortest window (no Retry-After).
  h_.scheduler().AdvanceAndRun(absl::Hours(1) + absl::Minutes(1));
  const Job accepted = Stored(job.id());
  EXPECT_EQ(accepted.parts(0).gainsight_status_id(), "s1");
  EXPECT_EQ(accepted.parts(0).upload_attempts(), 1);
  EXPECT_EQ(Requests(kUpload), 2);
}

TEST_F(JobRunnerTest, ATimeoutAfterTheBodyWentOutFailsThePartNamingItsRows) {
  h_.http()
      .Expect(HttpMethod::kPost, kUpload)
      .Fail(absl::DeadlineExceededError("HTTP transfer failed: Timeout"));
  auto runner = NewRunner();
  Job job = Create(*runner, NewJob(1));
  h_.scheduler().AdvanceAndRun(absl::Minutes(10));
  const Job done = Stored(job.id());
  EXPECT_EQ(done.state(), gainsight::v1::JOB_STATE_FAILED);
  EXPECT_EQ(Requests(kUpload), 1) << "exactly once: never sent again";
  const auto& error = done.parts(0).error();
  EXPECT_EQ(error.code(), static_cast<int>(absl::StatusCode::kDataLoss));
  EXPECT_THAT(error.message(), ::testing::HasSubstr("rows 1-2"));
  EXPECT_THAT(error.message(), ::testing::HasSubstr("may or may not"));
  auto metadata = Metadata(error);
  EXPECT_EQ(metadata["first_row"], "1");
  EXPECT_EQ(metadata["last_row"], "2");
  EXPECT_EQ(Reason(error), job_reason::kOutcomeUnknown);
  EXPECT_TRUE(done.parts(0).outcome_unknown());
  EXPECT_FALSE(SpoolHolds(job.id())) << "a failed job leaves no rows on disk";
}

TEST_F(JobRunnerTest, A5xxAfterTheBodyIsAnUnknownOutcomeToo) {
  h_.http()
      .Expect(HttpMethod::kPost, kUpload)
      .Answer(503, ErrorEnvelope("GU_1101", "Oops"));
  auto runner = NewRunner();
  Job job = Create(*runner, NewJob(1));
  h_.scheduler().AdvanceAndRun(absl::Minutes(10));
  EXPECT_EQ(Requests(kUpload), 1);
  EXPECT_EQ(Reason(Stored(job.id()).parts(0).error()),
            job_reason::kOutcomeUnknown);
}

TEST_F(JobRunnerTest, AnUnknownOutcomeWhoseAnswerNamesAStatusIdIsFollowed) {
  h_.http()
      .Expect(HttpMethod::kPost, kUpload)
      .Answer(502,
              ErrorEnvelope("GU_1101", "Bad gateway", {{"statusId", "s9"}}));
  ExpectStatus("s9", UploadStatus("COMPLETED", 2));
  auto runner = NewRunner();
  Job job = Create(*runner, NewJob(1));
  h_.scheduler().AdvanceAndRun(kPoll);
  EXPECT_EQ(Stored(job.id()).state(), gainsight::v1::JOB_STATE_COMPLETED);
}

TEST_F(JobRunnerTest, AnUploadThatNeverReachedGainsightWholeIsSentAgain) {
  h_.http()
      .Expect(HttpMethod::kPost, kUpload)
      .Fail(MarkRequestIncomplete(
          absl::UnavailableError("HTTP transfer failed: Send failure")));
  ExpectAccepted("s2");
  ExpectStatus("s2", UploadStatus("COMPLETED", 2));
  auto runner = NewRunner();
  Job job = Create(*runner, NewJob(1));
  EXPECT_EQ(Stored(job.id()).parts(0).state(), gainsight::v1::JOB_STATE_QUEUED);
  EXPECT_FALSE(Stored(job.id()).parts(0).outcome_unknown());
  h_.scheduler().AdvanceAndRun(absl::Seconds(30) + kPoll);
  const Job done = Stored(job.id());
  EXPECT_EQ(done.state(), gainsight::v1::JOB_STATE_COMPLETED);
  EXPECT_EQ(done.parts(0).upload_attempts(), 2);
  EXPECT_EQ(Requests(kUpload), 2);
}

TEST_F(JobRunnerTest, UploadsThatNeverArriveStopAtTheAttemptCap) {
  h_.http()
      .Expect(HttpMethod::kPost, kUpload)
      .Fail(MarkRequestIncomplete(absl::UnavailableError("connection reset")))
      .Times(3);
  auto runner = NewRunner();
  Job job = Create(*runner, NewJob(1));
  h_.scheduler().AdvanceAndRun(absl::Minutes(5));
  const Job done = Stored(job.id());
  EXPECT_EQ(done.state(), gainsight::v1::JOB_STATE_FAILED);
  EXPECT_EQ(Requests(kUpload), 3);
  EXPECT_EQ(Reason(done.parts(0).error()), job_reason::kAttemptsExhausted);
  EXPECT_THAT(done.parts(0).error().message(),
              ::testing::HasSubstr("none of its rows loaded"));
}

TEST_F(JobRunnerTest, AtLeastOnceSendsAgainAfterAnUnknownOutcome) {
  h_.http()
      .Expect(HttpMethod::kPost, kUpload)
      .Fail(absl::DeadlineExceededError("Timeout"));
  ExpectAccepted("s3");
  ExpectStatus("s3", UploadStatus("COMPLETED", 2));
  auto runner = NewRunner();
  Job job = Create(
      *runner,
      NewJob(1, "Company", gainsight::v1::IMPORT_DELIVERY_AT_LEAST_ONCE));
  h_.scheduler().AdvanceAndRun(absl::Seconds(30) + kPoll);
  EXPECT_EQ(Stored(job.id()).state(), gainsight::v1::JOB_STATE_COMPLETED);
  EXPECT_EQ(Requests(kUpload), 2);
}

TEST_F(JobRunnerTest, AtLeastOnceGivesUpAtTheAttemptCap) {
  h_.http()
      .Expect(HttpMethod::kPost, kUpload)
      .Fail(absl::DeadlineExceededError("Timeout"))
      .Times(3);
  auto runner = NewRunner();
  Job job = Create(
      *runner,
      NewJob(1, "Company", gainsight::v1::IMPORT_DELIVERY_AT_LEAST_ONCE));
  h_.scheduler().AdvanceAndRun(absl::Minutes(5));
  const Job done = Stored(job.id());
  EXPECT_EQ(done.state(), gainsight::v1::JOB_STATE_FAILED);
  EXPECT_EQ(Requests(kUpload), 3);
  EXPECT_EQ(Reason(done.parts(0).error()), job_reason::kAttemptsExhausted);
  EXPECT_THAT(done.parts(0).error().message(),
              ::testing::HasSubstr("may or may not have loaded"));
}

TEST_F(JobRunnerTest, APeopleUpsertIsSentAgainAfterAnUnknownOutcome) {
  // Keyed by Email: a second upsert of the same people loads nothing twice.
  h_.http()
      .Expect(HttpMethod::kPut, kPeopleUpload)
      .Fail(absl::DeadlineExceededError("Timeout"));
  h_.http()
      .Expect(HttpMethod::kPut, kPeopleUpload)
      .Answer(200, OkEnvelope({{"statusId", "p1"}}));
  h_.http()
      .Expect(HttpMethod::kGet, "/v1/peoplemgmt/v1.0/people/async/status/p1")
      .Answer(200, OkEnvelope({{"status", "COMPLETED"}, {"Count", 2}}));
  auto runner = NewRunner();
  Job job = Create(*runner, NewJob(1, "Person"));
  h_.scheduler().AdvanceAndRun(absl::Seconds(30) + kPoll);
  const Job done = Stored(job.id());
  EXPECT_EQ(done.state(), gainsight::v1::JOB_STATE_COMPLETED);
  EXPECT_EQ(done.succeeded_rows(), 2) << "read from the processed Count";
  EXPECT_EQ(Requests(kPeopleUpload), 2);
}

TEST_F(JobRunnerTest,
       ARefusalFailsThePartAndThoseNotUploadedAndRemovesTheRows) {
  h_.http()
      .Expect(HttpMethod::kPost, kUpload)
      .Answer(400, ErrorEnvelope("GS_7572", "No Bulk API data job"));
  auto runner = NewRunner();
  Job job = Create(*runner, NewJob(2));
  const Job done = Stored(job.id());
  EXPECT_EQ(done.state(), gainsight::v1::JOB_STATE_FAILED);
  EXPECT_EQ(done.parts(0).state(), gainsight::v1::JOB_STATE_FAILED);
  EXPECT_EQ(done.parts(1).state(), gainsight::v1::JOB_STATE_FAILED);
  EXPECT_EQ(done.error().code(),
            static_cast<int>(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(Requests(kUpload), 1);
  EXPECT_FALSE(SpoolHolds(job.id())) << "a failed job leaves no rows on disk";
}

TEST_F(JobRunnerTest, WithoutABulkConnectionTheUploadFailsBeforeBeingSent) {
  GainsightClient::Options options = ClientHarness::DefaultOptions();
  ClientHarness bare("sync=100000/1m;bulk=100000/1h", options);
  bare.clock().Set(absl::Now());
  JobRunner runner(RunnerOptions("replica-a", spool_.path()), &store_,
                   bare.client(), &bare.limiter(), &bare.scheduler(),
                   &bare.clock());
  Job job = NewJob(1);
  ASSERT_TRUE(runner.Create(job, parts_).ok());
  EXPECT_EQ(bare.http().request_count(), 0);
  const Job done = Stored(job.id());
  EXPECT_EQ(done.state(), gainsight::v1::JOB_STATE_FAILED);
  EXPECT_EQ(done.error().code(),
            static_cast<int>(absl::StatusCode::kFailedPrecondition));
}

TEST_F(JobRunnerTest, PollingStopsAtTheStatusTimeoutWithAClearError) {
  ExpectAccepted("s1");
  ExpectStatus("s1", UploadStatus("IN_PROGRESS")).Times(100000);
  auto runner = NewRunner();
  Job job = Create(*runner, NewJob(1));
  h_.scheduler().AdvanceAndRun(absl::Hours(25));
  const Job done = Stored(job.id());
  EXPECT_EQ(done.state(), gainsight::v1::JOB_STATE_FAILED);
  EXPECT_EQ(Reason(done.parts(0).error()), job_reason::kStatusTimeout);
  EXPECT_THAT(done.parts(0).error().message(),
              ::testing::HasSubstr("IN_PROGRESS"));
  const int polls = Requests(StatusPath("s1"));
  EXPECT_LE(polls, absl::Hours(24) / kPoll + 2);
  h_.scheduler().AdvanceAndRun(absl::Hours(1));
  EXPECT_EQ(Requests(StatusPath("s1")), polls) << "no poll after the end";
}

TEST_F(JobRunnerTest, AnUnknownStateKeepsThePartPolling) {
  ExpectAccepted("s1");
  ExpectStatus("s1", UploadStatus("QUEUED_FOR_LOAD")).Times(2);
  ExpectStatus("s1", UploadStatus("COMPLETED", 2));
  auto runner = NewRunner();
  Job job = Create(*runner, NewJob(1));
  h_.scheduler().AdvanceAndRun(2 * kPoll);
  EXPECT_EQ(Stored(job.id()).parts(0).state(), gainsight::v1::JOB_STATE_INIT);
  h_.scheduler().AdvanceAndRun(kPoll);
  EXPECT_EQ(Stored(job.id()).state(), gainsight::v1::JOB_STATE_COMPLETED);
}

TEST_F(JobRunnerTest, AfterARestartAcceptedPartsArePolledAndTheRestUploaded) {
  // What a replica left: part 0 accepted, part 1 not sent yet.
  Job job = LeftByAStoppedReplica(2);
  store_.Seed(job);
  ExpectAccepted("s1");
  ExpectStatus("s0", UploadStatus("COMPLETED", 2));
  ExpectStatus("s1", UploadStatus("COMPLETED", 1, 1));
  auto runner = NewRunner("replica-a");  // restarted under the same name
  h_.scheduler().AdvanceAndRun(kPoll);
  const Job done = Stored(job.id());
  EXPECT_EQ(done.state(), gainsight::v1::JOB_STATE_COMPLETED);
  EXPECT_EQ(done.succeeded_rows(), 3);
  EXPECT_EQ(done.failed_rows(), 1);
  EXPECT_EQ(Requests(kUpload), 1) << "only the part never sent";
}

TEST_F(JobRunnerTest, AResumedUploadWithoutAnAnswerIsNotSentAgain) {
  Job job = NewJob(1);
  job.set_state(gainsight::v1::JOB_STATE_UPLOADING);
  auto* part = job.add_parts();
  part->set_index(0);
  part->set_first_row(1);
  part->set_row_count(2);
  part->set_state(gainsight::v1::JOB_STATE_UPLOADING);
  part->set_upload_attempts(1);
  part->set_outcome_unknown(true);
  *job.mutable_create_time() = ToTimestamp(h_.clock().Now());
  store_.Seed(job);
  auto runner = NewRunner();
  const Job done = Stored(job.id());
  EXPECT_EQ(done.state(), gainsight::v1::JOB_STATE_FAILED);
  EXPECT_EQ(Reason(done.parts(0).error()), job_reason::kOutcomeUnknown);
  EXPECT_EQ(Requests(kUpload), 0);
}

TEST_F(JobRunnerTest, ALostLeaseStopsTheJobAndTheOldHolderWritesNothing) {
  ExpectAccepted("s1");
  ExpectStatus("s1", UploadStatus("IN_PROGRESS")).Times(1000);
  auto runner = NewRunner();
  Job job = Create(*runner, NewJob(1));
  // Another replica holds the job now (this one stalled past its lease).
  store_.SetLeaseHolder(job.id(), "replica-b", absl::Hours(1));
  const size_t versions = store_.History(job.id()).size();
  const int polls = Requests(StatusPath("s1"));
  h_.scheduler().AdvanceAndRun(kLease);
  EXPECT_EQ(store_.History(job.id()).size(), versions)
      << "a replica without the lease stores nothing";
  h_.scheduler().AdvanceAndRun(absl::Minutes(5));
  EXPECT_LE(Requests(StatusPath("s1")), polls + 1)
      << "polling stops once the lease is found lost";
}

TEST_F(JobRunnerTest, AnotherReplicaTakesOverWhenTheLeaseLapses) {
  ExpectAccepted("s1");
  ExpectStatus("s1", UploadStatus("IN_PROGRESS")).Times(1000);
  Job job = NewJob(1);
  {
    auto a = NewRunner("replica-a");
    job = Create(*a, job);
    ASSERT_EQ(Stored(job.id()).parts(0).state(), gainsight::v1::JOB_STATE_INIT);
    // replica-a dies without a word: its lease stays until it lapses.
  }
  auto b = NewRunner("replica-b");
  EXPECT_EQ(Stored(job.id()).runner(), "replica-a") << "not before the lapse";
  h_.scheduler().AdvanceAndRun(kLease + kLease / 3);
  EXPECT_EQ(Stored(job.id()).runner(), "replica-b");
  EXPECT_EQ(Requests(kUpload), 1) << "the accepted part is not uploaded again";
  EXPECT_GT(Requests(StatusPath("s1")), 0);
}

TEST_F(JobRunnerTest, AChangeTheStoreRefusesIsNotAnnouncedAndIsStoredLater) {
  ExpectAccepted("s1");
  ExpectStatus("s1", UploadStatus("COMPLETED", 2));
  auto runner = NewRunner();
  Job job = NewJob(1);
  Follow(*runner, job.id());
  job = Create(*runner, job);
  store_.FailNextPuts(1);
  h_.scheduler().AdvanceAndRun(kPoll);
  EXPECT_EQ(Stored(job.id()).state(), gainsight::v1::JOB_STATE_INIT);
  EXPECT_NE(SeenStates().back(), gainsight::v1::JOB_STATE_COMPLETED)
      << "not announced before it is stored";
  h_.scheduler().AdvanceAndRun(absl::Seconds(1));
  EXPECT_EQ(Stored(job.id()).state(), gainsight::v1::JOB_STATE_COMPLETED);
  EXPECT_EQ(SeenStates().back(), gainsight::v1::JOB_STATE_COMPLETED);
}

TEST_F(JobRunnerTest, AJobTheStoreCannotTakeIsNeitherAnnouncedNorStarted) {
  auto runner = NewRunner();
  store_.FailNextPuts(1);
  Job job = NewJob(1);
  absl::StatusOr<Job> created = runner->Create(job, parts_);
  EXPECT_EQ(created.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(h_.http().request_count(), 0);
  EXPECT_EQ(store_.Get(job.id()).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(*store_.LeaseHolder(job.id()), "");
}

TEST_F(JobRunnerTest, IfTheStoreRefusesTheSentMarkTheUploadIsNotSent) {
  ExpectAccepted("s1");
  auto runner = NewRunner();
  // The job is stored; the mark that its upload leaves is not.
  store_.FailPuts(/*skip=*/1, /*count=*/1);
  Job job = Create(*runner, NewJob(1));
  EXPECT_EQ(h_.http().request_count(), 0);
  Job stored = Stored(job.id());
  EXPECT_EQ(stored.parts(0).state(), gainsight::v1::JOB_STATE_QUEUED);
  EXPECT_EQ(stored.parts(0).upload_attempts(), 0);
  // Tried again after the upload retry wait, the store taking changes now.
  h_.scheduler().AdvanceAndRun(absl::Seconds(30));
  EXPECT_EQ(Requests(kUpload), 1);
  EXPECT_EQ(Stored(job.id()).parts(0).gainsight_status_id(), "s1");
}

TEST_F(JobRunnerTest, CancellingAQueuedJobFreesItsPlaceWithoutUsingASlot) {
  // One bulk call an hour: the first job takes it, the second waits.
  ClientHarness tight("sync=100000/1m;bulk=1/1h", ClientOptions());
  tight.clock().Set(absl::Now());
  JobRunner runner(RunnerOptions("replica-a", spool_.path()), &store_,
                   tight.client(), &tight.limiter(), &tight.scheduler(),
                   &tight.clock());
  ASSERT_TRUE(runner.Start().ok());
  tight.http()
      .Expect(HttpMethod::kPost, kUpload)
      .Answer(200, OkEnvelope({{"statusId", "s1"}}));
  tight.http()
      .Expect(HttpMethod::kGet, StatusPath("s1"))
      .Answer(200, OkEnvelope(UploadStatus("IN_PROGRESS")))
      .Times(100000);
  Job first = NewJob(1);
  ASSERT_TRUE(runner.Create(first, parts_).ok());
  Job second = NewJob(1);
  ASSERT_TRUE(runner.Create(second, parts_).ok());
  EXPECT_EQ(tight.http().request_count(), 1);
  absl::StatusOr<Job> waiting = runner.Get(second.id());
  ASSERT_TRUE(waiting.ok());
  EXPECT_EQ(waiting->state(), gainsight::v1::JOB_STATE_QUEUED);
  EXPECT_EQ(waiting->wait().window(), "bulk 1/1h");
  EXPECT_GT(waiting->wait().estimated_start().seconds(),
            absl::ToUnixSeconds(tight.clock().Now()));
  EXPECT_THAT(waiting->wait().reason(), ::testing::HasSubstr("1/1h"));
  EXPECT_EQ(tight.limiter().Status().classes[1].queued_batch, 1);

  absl::StatusOr<Job> cancelled = runner.Cancel(second.id());
  ASSERT_TRUE(cancelled.ok()) << cancelled.status();
  EXPECT_EQ(cancelled->state(), gainsight::v1::JOB_STATE_CANCELLED);
  EXPECT_EQ(Stored(second.id()).state(), gainsight::v1::JOB_STATE_CANCELLED);
  EXPECT_EQ(tight.limiter().Status().classes[1].queued_batch, 0);
  tight.scheduler().AdvanceAndRun(absl::Hours(2));
  const std::vector<HttpRequest> requests = tight.http().requests();
  EXPECT_EQ(std::count_if(requests.begin(), requests.end(),
                          [](const HttpRequest& r) {
                            return r.method == HttpMethod::kPost;
                          }),
            1)
      << "the cancelled job never uploaded";
  EXPECT_FALSE(SpoolHolds(second.id()));
  EXPECT_EQ(runner.Cancel(second.id()).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(JobRunnerTest, CancellingDuringAnUploadStopsAfterThatPart) {
  h_.http()
      .Expect(HttpMethod::kPost, kUpload)
      .Answer(200, OkEnvelope({{"statusId", "s0"}}))
      .Hold();
  ExpectStatus("s0", UploadStatus("COMPLETED", 2));
  auto runner = NewRunner();
  Job job = Create(*runner, NewJob(2));
  absl::StatusOr<Job> cancelling = runner->Cancel(job.id());
  ASSERT_TRUE(cancelling.ok());
  EXPECT_TRUE(cancelling->cancel_requested());
  EXPECT_EQ(cancelling->parts(0).state(), gainsight::v1::JOB_STATE_UPLOADING);
  EXPECT_EQ(cancelling->parts(1).state(), gainsight::v1::JOB_STATE_CANCELLED);
  EXPECT_FALSE(IsTerminal(cancelling->state()));
  h_.http().Release();
  h_.scheduler().AdvanceAndRun(kPoll);
  const Job done = Stored(job.id());
  EXPECT_EQ(done.state(), gainsight::v1::JOB_STATE_CANCELLED);
  EXPECT_EQ(done.parts(0).state(), gainsight::v1::JOB_STATE_COMPLETED);
  EXPECT_EQ(done.succeeded_rows(), 2) << "the uploaded part is followed";
  EXPECT_EQ(Requests(kUpload), 1);
}

TEST_F(JobRunnerTest, ACancelOnAnotherReplicaReachesTheHolderAtItsNextRenewal) {
  ClientHarness tight("sync=100000/1m;bulk=1/1h", ClientOptions());
  tight.clock().Set(absl::Now());
  JobRunner a(RunnerOptions("replica-a", spool_.path()), &store_,
              tight.client(), &tight.limiter(), &tight.scheduler(),
              &tight.clock());
  JobRunner b(RunnerOptions("replica-b", spool_.path()), &store_,
              tight.client(), &tight.limiter(), &tight.scheduler(),
              &tight.clock());
  ASSERT_TRUE(a.Start().ok());
  tight.http()
      .Expect(HttpMethod::kPost, kUpload)
      .Answer(200, OkEnvelope({{"statusId", "s1"}}));
  tight.http()
      .Expect(HttpMethod::kGet, StatusPath("s1"))
      .Answer(200, OkEnvelope(UploadStatus("IN_PROGRESS")))
      .Times(100000);
  ASSERT_TRUE(a.Create(NewJob(1), parts_).ok());
  Job waiting = NewJob(1);
  ASSERT_TRUE(a.Create(waiting, parts_).ok());
  absl::StatusOr<Job> asked = b.Cancel(waiting.id());
  ASSERT_TRUE(asked.ok()) << asked.status();
  EXPECT_TRUE(asked->cancel_requested());
  tight.scheduler().AdvanceAndRun(kLease / 3);
  EXPECT_EQ(Stored(waiting.id()).state(), gainsight::v1::JOB_STATE_CANCELLED);
}

TEST_F(JobRunnerTest, DrainHandsUnsentRowsOverAndAnotherReplicaUploadsThem) {
  ClientHarness tight("sync=100000/1m;bulk=1/1h", ClientOptions());
  tight.clock().Set(absl::Now());
  JobRunner::Options own = RunnerOptions("replica-a", spool_.path());
  own.spool_shared = false;
  auto a = std::make_unique<JobRunner>(own, &store_, tight.client(),
                                       &tight.limiter(), &tight.scheduler(),
                                       &tight.clock());
  ASSERT_TRUE(a->Start().ok());
  tight.http()
      .Expect(HttpMethod::kPost, kUpload)
      .Answer(200, OkEnvelope({{"statusId", "s1"}}));
  tight.http()
      .Expect(HttpMethod::kGet, StatusPath("s1"))
      .Answer(200, OkEnvelope(UploadStatus("IN_PROGRESS")))
      .Times(100000);
  ASSERT_TRUE(a->Create(NewJob(1), parts_).ok());
  Job queued = NewJob(1);
  const std::string rows = ReadFile(parts_[0].path);
  ASSERT_TRUE(a->Create(queued, parts_).ok());
  a->Drain(absl::Now() + absl::Seconds(5));
  EXPECT_TRUE(store_.HasRows(queued.id(), 0));
  EXPECT_TRUE(Stored(queued.id()).parts(0).handed_over());
  EXPECT_EQ(*store_.LeaseHolder(queued.id()), "") << "released at once";
  a.reset();

  TempDir other_spool;  // replica-b has a volume of its own
  JobRunner::Options theirs = RunnerOptions("replica-b", other_spool.path());
  theirs.spool_shared = false;
  JobRunner b(theirs, &store_, tight.client(), &tight.limiter(),
              &tight.scheduler(), &tight.clock());
  std::string uploaded;
  tight.http()
      .Expect(HttpMethod::kPost, kUpload)
      .When([&](const HttpRequest& r) {
        for (const FormPart& part : r.form) {
          if (part.name == "file") uploaded = ReadFile(part.file_path);
        }
        return true;
      })
      .Answer(200, OkEnvelope({{"statusId", "s2"}}));
  ASSERT_TRUE(b.Start().ok());
  tight.scheduler().AdvanceAndRun(absl::Hours(1));
  EXPECT_EQ(Stored(queued.id()).runner(), "replica-b");
  EXPECT_EQ(uploaded, rows);
  EXPECT_EQ(Stored(queued.id()).parts(0).gainsight_status_id(), "s2");
}

}  // namespace
}  // namespace gg

namespace gg {
namespace {

TEST_F(JobRunnerTest, AnAcceptedUploadWithoutAStatusIdCompletesUncounted) {
  // Gainsight took the rows (200) but named no status id: the rows load, so
  // the part is not failed; its counts are out of reach, and the answer's
  // key names (never values) say why.
  h_.http()
      .Expect(HttpMethod::kPost, kUpload)
      .Answer(200, OkEnvelope({{"jobRef", "secret-value"}}));
  auto runner = NewRunner();
  Job job = Create(*runner, NewJob(1));
  h_.scheduler().AdvanceAndRun(kPoll);
  const Job done = Stored(job.id());
  EXPECT_EQ(done.state(), gainsight::v1::JOB_STATE_COMPLETED);
  EXPECT_EQ(done.parts(0).state(), gainsight::v1::JOB_STATE_COMPLETED);
  EXPECT_FALSE(done.parts(0).outcome_unknown());
  EXPECT_THAT(done.parts(0).error().message(),
              ::testing::HasSubstr("keys: jobRef"));
  EXPECT_THAT(done.parts(0).error().message(),
              ::testing::Not(::testing::HasSubstr("secret-value")));
  EXPECT_EQ(h_.http().request_count(), 1) << "no status poll without an id";
}

TEST_F(JobRunnerTest, APartWhoseRowsAreGoneFailsNamingItsRows) {
  auto runner = NewRunner();
  Job job = NewJob(2);
  // The second part's rows vanish from the spool (and no store holds them).
  std::filesystem::remove(parts_[1].path);
  ExpectAccepted("s1");
  ExpectStatus("s1", UploadStatus("COMPLETED", 2));
  job = Create(*runner, job);
  h_.scheduler().AdvanceAndRun(3 * kPoll);
  const Job done = Stored(job.id());
  EXPECT_EQ(done.state(), gainsight::v1::JOB_STATE_FAILED);
  EXPECT_EQ(done.parts(0).state(), gainsight::v1::JOB_STATE_COMPLETED);
  EXPECT_EQ(done.parts(1).state(), gainsight::v1::JOB_STATE_FAILED);
  EXPECT_EQ(Reason(done.parts(1).error()), job_reason::kRowsLost);
  EXPECT_THAT(done.parts(1).error().message(),
              ::testing::HasSubstr("the rows of part 1 (rows 3-4)"));
  EXPECT_EQ(Requests(kUpload), 1) << "only the part with rows was uploaded";
}

TEST_F(JobRunnerTest, AJobAnotherReplicaRunsIsWatchedThroughTheStore) {
  ExpectAccepted("s1");
  ExpectStatus("s1", UploadStatus("IN_PROGRESS"));
  ExpectStatus("s1", UploadStatus("COMPLETED", 2));
  auto a = NewRunner("replica-a");
  auto b = NewRunner("replica-b");
  Job job = Create(*a, NewJob(1));
  // replica-b does not run the job: its watchers follow the stored record.
  std::vector<JobState> seen_by_b;
  JobRunner::Watcher watcher;
  watcher.on_change = [&](const Job& j) { seen_by_b.push_back(j.state()); };
  b->Watch(job.id(), std::move(watcher));
  absl::StatusOr<Job> read = b->Get(job.id());
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->runner(), "replica-a");
  h_.scheduler().AdvanceAndRun(3 * kPoll);
  ASSERT_FALSE(seen_by_b.empty());
  EXPECT_EQ(seen_by_b.back(), gainsight::v1::JOB_STATE_COMPLETED);
  // Once the job ended, replica-b stops reading it.
  const size_t after_end = seen_by_b.size();
  h_.scheduler().AdvanceAndRun(absl::Minutes(1));
  EXPECT_EQ(seen_by_b.size(), after_end);
}

TEST_F(JobRunnerTest, AnUnwatchedWatcherHearsNothingMore) {
  ExpectAccepted("s1");
  ExpectStatus("s1", UploadStatus("IN_PROGRESS"));
  ExpectStatus("s1", UploadStatus("COMPLETED", 2));
  auto runner = NewRunner();
  Job job = NewJob(1);
  int heard = 0;
  JobRunner::Watcher watcher;
  watcher.on_change = [&](const Job&) { ++heard; };
  const int64_t token = runner->Watch(job.id(), std::move(watcher));
  job = Create(*runner, job);
  const int before = heard;
  EXPECT_GT(before, 0);
  runner->Unwatch(token);
  h_.scheduler().AdvanceAndRun(3 * kPoll);
  EXPECT_EQ(Stored(job.id()).state(), gainsight::v1::JOB_STATE_COMPLETED);
  EXPECT_EQ(heard, before);
}

TEST_F(JobRunnerTest, EveryStateAJobEntersIsCountedAndRunningJobsAreGauged) {
  ExpectAccepted("s1");
  ExpectStatus("s1", UploadStatus("IN_PROGRESS"));
  ExpectStatus("s1", UploadStatus("COMPLETED", 2, 0));
  auto runner = NewRunner();
  Job job = Create(*runner, NewJob(1));
  auto jobs_in = [&](const char* state) {
    return h_.metrics().Value(metric::kBulkJobs, {{"state", state}});
  };
  auto entered = [&](const char* state) {
    return h_.metrics().Value(metric::kBulkJobTransitions, {{"state", state}});
  };
  h_.scheduler().AdvanceAndRun(kPoll);
  ASSERT_EQ(Stored(job.id()).state(), gainsight::v1::JOB_STATE_IN_PROGRESS);
  EXPECT_EQ(jobs_in("in_progress"), 1);
  EXPECT_EQ(jobs_in("queued") + jobs_in("uploading") + jobs_in("init"), 0);

  h_.scheduler().AdvanceAndRun(kPoll);
  ASSERT_EQ(Stored(job.id()).state(), gainsight::v1::JOB_STATE_COMPLETED);
  EXPECT_EQ(jobs_in("in_progress"), 0) << "an ended job is no longer running";
  EXPECT_EQ(entered("queued"), 1);
  EXPECT_EQ(entered("uploading"), 1);
  EXPECT_EQ(entered("in_progress"), 1);
  EXPECT_EQ(entered("completed"), 1);
  EXPECT_EQ(entered("failed"), 0);
}

}  // namespace
}  // namespace gg
