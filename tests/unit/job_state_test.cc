// The rules of a job's state (jobs/job_state.h), one function at a time:
// the job's state from its parts, status answers applied to a part (only
// forward, counts and row errors once it ends), failures and cancellations
// with the rows they name.
#include "jobs/job_state.h"

#include "absl/time/time.h"
#include "common/status_details.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"

namespace gg {
namespace {

using gainsight::v1::Job;
using gainsight::v1::JobPart;
using gainsight::v1::JobState;
using ::testing::HasSubstr;

Job JobOf(std::initializer_list<JobState> states) {
  Job job;
  int index = 0;
  for (JobState state : states) {
    JobPart* part = job.add_parts();
    part->set_index(index);
    part->set_first_row(1 + 100 * index);
    part->set_row_count(100);
    part->set_state(state);
    ++index;
  }
  return job;
}

AsyncUploadStatus Status(AsyncState state, int64_t succeeded = 0,
                         int64_t failed = 0) {
  AsyncUploadStatus status;
  status.state = state;
  status.state_text = "STATE";
  status.succeeded = succeeded;
  status.failed = failed;
  return status;
}

std::string Reason(const google::rpc::Status& status) {
  for (const auto& detail : status.details()) {
    google::rpc::ErrorInfo info;
    if (detail.UnpackTo(&info)) return info.reason();
  }
  return "";
}

TEST(JobStateTest, AJobIsAsFarAsItsLeastAdvancedUnfinishedPart) {
  EXPECT_EQ(OverallState(JobOf({gainsight::v1::JOB_STATE_IN_PROGRESS,
                                gainsight::v1::JOB_STATE_QUEUED,
                                gainsight::v1::JOB_STATE_COMPLETED})),
            gainsight::v1::JOB_STATE_QUEUED);
  EXPECT_EQ(OverallState(JobOf({gainsight::v1::JOB_STATE_COMPLETED,
                                gainsight::v1::JOB_STATE_CANCELLED})),
            gainsight::v1::JOB_STATE_CANCELLED);
  EXPECT_EQ(OverallState(JobOf({gainsight::v1::JOB_STATE_CANCELLED,
                                gainsight::v1::JOB_STATE_FAILED})),
            gainsight::v1::JOB_STATE_FAILED);
  EXPECT_EQ(OverallState(JobOf({gainsight::v1::JOB_STATE_COMPLETED})),
            gainsight::v1::JOB_STATE_COMPLETED);
  Job errored = JobOf({gainsight::v1::JOB_STATE_COMPLETED});
  errored.mutable_error()->set_code(13);
  EXPECT_EQ(OverallState(errored), gainsight::v1::JOB_STATE_FAILED);
}

TEST(JobStateTest, TimestampsRoundTripToTheMillisecond) {
  const absl::Time t = absl::FromUnixMillis(1764950400123);
  EXPECT_EQ(FromTimestamp(ToTimestamp(t)), t);
}

TEST(JobStateTest, StatusesMoveAPartForwardOnly) {
  Job job = JobOf({gainsight::v1::JOB_STATE_INIT});
  JobPart& part = *job.mutable_parts(0);
  EXPECT_FALSE(ApplyStatus(job, part, Status(AsyncState::kInProgress), 10));
  EXPECT_EQ(part.state(), gainsight::v1::JOB_STATE_IN_PROGRESS);
  // A late INIT does not undo IN_PROGRESS; an unknown state changes nothing.
  EXPECT_FALSE(ApplyStatus(job, part, Status(AsyncState::kInit), 10));
  EXPECT_EQ(part.state(), gainsight::v1::JOB_STATE_IN_PROGRESS);
  EXPECT_FALSE(ApplyStatus(job, part, Status(AsyncState::kUnknown), 10));
  EXPECT_EQ(part.state(), gainsight::v1::JOB_STATE_IN_PROGRESS);
  EXPECT_EQ(job.succeeded_rows(), 0);
}

TEST(JobStateTest, AnEndedPartAddsItsCountsAndRowErrorsInImportRows) {
  Job job = JobOf({gainsight::v1::JOB_STATE_COMPLETED,
                   gainsight::v1::JOB_STATE_IN_PROGRESS});
  JobPart& second = *job.mutable_parts(1);  // rows 101-200
  AsyncUploadStatus done = Status(AsyncState::kCompleted, 97, 3);
  for (int row : {2, 5, 9}) {
    gainsight::v1::RowError e;
    e.set_row(row);
    e.set_message("bad");
    done.errors.push_back(e);
  }
  EXPECT_TRUE(ApplyStatus(job, second, done, /*max_row_errors=*/2));
  EXPECT_EQ(second.state(), gainsight::v1::JOB_STATE_COMPLETED);
  EXPECT_EQ(job.succeeded_rows(), 97);
  EXPECT_EQ(job.failed_rows(), 3);
  ASSERT_EQ(job.row_errors_size(), 2) << "at most max_row_errors kept";
  EXPECT_EQ(job.row_errors(0).row(), 102);
  EXPECT_EQ(job.row_errors(1).row(), 105);
  EXPECT_FALSE(second.has_error());
}

TEST(JobStateTest, AFailedUploadFailsThePartAndTheJobOnce) {
  Job job =
      JobOf({gainsight::v1::JOB_STATE_INIT, gainsight::v1::JOB_STATE_INIT});
  EXPECT_TRUE(
      ApplyStatus(job, *job.mutable_parts(0), Status(AsyncState::kFailed), 10));
  const JobPart& first = job.parts(0);
  EXPECT_EQ(first.state(), gainsight::v1::JOB_STATE_FAILED);
  EXPECT_EQ(Reason(first.error()), "GAINSIGHT_UPLOAD_FAILED");
  EXPECT_THAT(first.error().message(), HasSubstr("part 0 (rows 1-100)"));
  EXPECT_THAT(first.error().message(), HasSubstr("as STATE"));
  ASSERT_TRUE(job.has_error());

  // The second failure keeps the job's first error.
  FailPart(job, *job.mutable_parts(1),
           PartError(absl::StatusCode::kAborted, "OTHER", job.parts(1), "x"));
  EXPECT_EQ(job.parts(1).state(), gainsight::v1::JOB_STATE_FAILED);
  EXPECT_EQ(Reason(job.parts(1).error()), "OTHER");
  EXPECT_EQ(Reason(job.error()), "GAINSIGHT_UPLOAD_FAILED");
}

TEST(JobStateTest, APartErrorNamesItsRows) {
  Job job =
      JobOf({gainsight::v1::JOB_STATE_QUEUED, gainsight::v1::JOB_STATE_QUEUED});
  absl::Status error = OutcomeUnknownError(job.parts(1), "timed out");
  EXPECT_EQ(error.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(error.message(), HasSubstr("part 1 (rows 101-200)"));
  EXPECT_THAT(error.message(), HasSubstr("timed out"));
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(GetErrorInfo(error, &info));
  EXPECT_EQ(info.reason(), job_reason::kOutcomeUnknown);
  EXPECT_EQ(info.metadata().at("part"), "1");
  EXPECT_EQ(info.metadata().at("first_row"), "101");
  EXPECT_EQ(info.metadata().at("last_row"), "200");
}

TEST(JobStateTest, AnAcceptedUploadIsInitWithItsStatusIdAndTime) {
  Job job = JobOf({gainsight::v1::JOB_STATE_UPLOADING});
  JobPart& part = *job.mutable_parts(0);
  part.set_outcome_unknown(true);
  const absl::Time now = absl::FromUnixSeconds(1764950400);
  MarkAccepted(part, "status-1", now);
  EXPECT_EQ(part.state(), gainsight::v1::JOB_STATE_INIT);
  EXPECT_EQ(part.gainsight_status_id(), "status-1");
  EXPECT_FALSE(part.outcome_unknown());
  EXPECT_EQ(FromTimestamp(part.upload_time()), now);
}

TEST(JobStateTest, CancellingLeavesThePartInFlightAndThoseAlreadySent) {
  Job job =
      JobOf({gainsight::v1::JOB_STATE_INIT, gainsight::v1::JOB_STATE_QUEUED,
             gainsight::v1::JOB_STATE_QUEUED, gainsight::v1::JOB_STATE_QUEUED});
  job.mutable_parts(3)->set_outcome_unknown(true);
  CancelUnsentParts(job, /*in_flight=*/1);
  EXPECT_EQ(job.parts(0).state(), gainsight::v1::JOB_STATE_INIT);
  EXPECT_EQ(job.parts(1).state(), gainsight::v1::JOB_STATE_QUEUED);
  EXPECT_EQ(job.parts(2).state(), gainsight::v1::JOB_STATE_CANCELLED);
  EXPECT_EQ(Reason(job.parts(2).error()), job_reason::kCancelled);
  EXPECT_THAT(job.parts(2).error().message(),
              HasSubstr("cancelled before part 2 (rows 201-300) was uploaded"));
  EXPECT_EQ(job.parts(3).state(), gainsight::v1::JOB_STATE_CANCELLED);
  EXPECT_THAT(job.parts(3).error().message(),
              HasSubstr("may or may not have loaded"));
}

}  // namespace
}  // namespace gg
