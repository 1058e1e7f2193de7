// What an upload's answer means for its rows.
#include "jobs/upload_outcome.h"

#include "gtest/gtest.h"

namespace gg {
namespace {

UpstreamOutcome Outcome(absl::Status status, Json data = nullptr) {
  UpstreamOutcome outcome;
  outcome.status = std::move(status);
  outcome.data = std::move(data);
  return outcome;
}

TEST(UploadOutcomeTest, AnAnswerWithAStatusIdIsAccepted) {
  UploadDecision d =
      ClassifyUpload(Outcome(absl::OkStatus(), {{"statusId", "s"}}));
  EXPECT_EQ(d.verdict, UploadVerdict::kAccepted);
  EXPECT_EQ(d.status_id, "s");
  EXPECT_EQ(ClassifyUpload(Outcome(absl::OkStatus(), {{"other", 1}})).verdict,
            UploadVerdict::kAcceptedUnreadable);
}

TEST(UploadOutcomeTest, WhatNeverWentOutWholeWasNotReceived) {
  UpstreamOutcome unsent = Outcome(absl::UnavailableError("connect"));
  unsent.request_sent = false;
  unsent.transient = true;
  EXPECT_EQ(ClassifyUpload(unsent).verdict, UploadVerdict::kNotReceived);
  UpstreamOutcome cancelled = Outcome(absl::CancelledError("drain"));
  cancelled.request_sent = false;
  EXPECT_EQ(ClassifyUpload(cancelled).verdict, UploadVerdict::kNotReceived);
  UpstreamOutcome throttled = Outcome(absl::ResourceExhaustedError("429"));
  throttled.throttled = true;
  EXPECT_EQ(ClassifyUpload(throttled).verdict, UploadVerdict::kNotReceived);
}

TEST(UploadOutcomeTest, ARefusalBeforeSendingIsARefusal) {
  // E.g. no GS Bulk API connection configured: retrying cannot help.
  UpstreamOutcome unconfigured =
      Outcome(absl::FailedPreconditionError("no connection"));
  unconfigured.request_sent = false;
  EXPECT_EQ(ClassifyUpload(unconfigured).verdict, UploadVerdict::kRefused);
}

TEST(UploadOutcomeTest, ATimeoutOr5xxAfterTheBodyIsUnknown) {
  UpstreamOutcome timeout = Outcome(absl::DeadlineExceededError("timeout"));
  timeout.transient = true;
  EXPECT_EQ(ClassifyUpload(timeout).verdict, UploadVerdict::kUnknown);
  UpstreamOutcome bad_gateway = Outcome(absl::UnavailableError("502"));
  bad_gateway.transient = true;
  EXPECT_EQ(ClassifyUpload(bad_gateway).verdict, UploadVerdict::kUnknown);
  bad_gateway.data = {{"statusId", "s7"}};
  UploadDecision named = ClassifyUpload(bad_gateway);
  EXPECT_EQ(named.verdict, UploadVerdict::kAccepted);
  EXPECT_EQ(named.status_id, "s7");
}

TEST(UploadOutcomeTest, A4xxIsARefusal) {
  UploadDecision d = ClassifyUpload(
      Outcome(absl::InvalidArgumentError("GS_7572"), {{"statusId", "x"}}));
  EXPECT_EQ(d.verdict, UploadVerdict::kRefused);
  EXPECT_TRUE(d.status_id.empty());
}

}  // namespace
}  // namespace gg
