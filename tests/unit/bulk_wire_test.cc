// Reading the bulk endpoints' answers: every key spelling and count the
// evidence shows (and plausible variants) is read, states map to one set.
#include "gainsight/bulk_wire.h"

#include "gtest/gtest.h"

namespace gg {
namespace {

TEST(BulkWireTest, KeysMatchWhateverTheirCaseOrUnderscores) {
  const Json data = Json::parse(
      R"({"StatusID": "a", "status_url": "b", "Error details": []})");
  EXPECT_EQ(FindKey(data, {"statusId"})->get<std::string>(), "a");
  EXPECT_EQ(FindKey(data, {"statusURL"})->get<std::string>(), "b");
  EXPECT_NE(FindKey(data, {"errorDetails"}), nullptr);
  EXPECT_EQ(FindKey(data, {"jobId"}), nullptr);
  EXPECT_EQ(FindKey(Json::array(), {"jobId"}), nullptr);
  // An exact key wins over a folded one.
  const Json both =
      Json::parse(R"({"statusid": "folded", "statusId": "exact"})");
  EXPECT_EQ(FindKey(both, {"statusId"})->get<std::string>(), "exact");
}

TEST(BulkWireTest, StatesOfEveryEndpointMapToOneSet) {
  EXPECT_EQ(ParseAsyncState("INIT"), AsyncState::kInit);
  EXPECT_EQ(ParseAsyncState("SUBMITTED"), AsyncState::kInit);
  EXPECT_EQ(ParseAsyncState("NOT_STARTED"), AsyncState::kInit);
  EXPECT_EQ(ParseAsyncState("IN_PROGRESS"), AsyncState::kInProgress);
  EXPECT_EQ(ParseAsyncState("INPROGRESS"), AsyncState::kInProgress);
  EXPECT_EQ(ParseAsyncState("In Progress"), AsyncState::kInProgress);
  EXPECT_EQ(ParseAsyncState("COMPLETED"), AsyncState::kCompleted);
  EXPECT_EQ(ParseAsyncState("FAILED"), AsyncState::kFailed);
  EXPECT_EQ(ParseAsyncState("ABORTED"), AsyncState::kFailed);
  EXPECT_EQ(ParseAsyncState("QUEUED_SOMEHOW"), AsyncState::kUnknown);
  EXPECT_EQ(ParseAsyncState(""), AsyncState::kUnknown);
}

TEST(BulkWireTest, UploadAnswerStatusIdUnderAnySpelling) {
  EXPECT_EQ(UploadStatusId(Json::parse(R"({"statusId": "s1"})")), "s1");
  EXPECT_EQ(UploadStatusId(Json::parse(R"({"status_id": "s2"})")), "s2");
  EXPECT_EQ(UploadStatusId(Json::parse(R"({"StatusID": 42})")), "42");
  EXPECT_EQ(UploadStatusId(Json::parse(R"({"requestId": "r"})")), "");
  EXPECT_EQ(UploadStatusId(nullptr), "");
}

TEST(BulkWireTest, SplitCountsAndRowErrors) {
  AsyncUploadStatus s = ParseAsyncUploadStatus(Json::parse(R"({
      "jobStatus": "COMPLETED", "successCount": 9, "failureCount": 1,
      "totalCount": 10,
      "errors": [{"rowNumber": 4, "fieldName": "Arr", "errorCode": "GSOBJ_1002",
                  "errorDesc": "not a number"}]})"));
  EXPECT_EQ(s.state, AsyncState::kCompleted);
  EXPECT_TRUE(s.counted);
  EXPECT_EQ(s.succeeded, 9);
  EXPECT_EQ(s.failed, 1);
  ASSERT_EQ(s.errors.size(), 1u);
  EXPECT_EQ(s.errors[0].row(), 4);
  EXPECT_EQ(s.errors[0].field(), "Arr");
  EXPECT_EQ(s.errors[0].code(), "GSOBJ_1002");
  EXPECT_EQ(s.errors[0].message(), "not a number");
}

TEST(BulkWireTest, OneProcessedCountWithErrorDetails) {
  // Workato's People status: Status, one processed Count, Error details.
  AsyncUploadStatus s = ParseAsyncUploadStatus(Json::parse(R"({
      "status": "COMPLETED", "Count": "5",
      "errorDetails": [{"rowNumber": 2, "fieldName": "Email",
                        "errorCode": "GSOBJ_VDTEMAIL1001",
                        "errorMessage": "Invalid email"},
                       {"rowNumber": 2, "fieldName": "LastName",
                        "errorCode": "GSOBJ_1001", "errorMessage": "long"},
                       {"rowNumber": 4, "errorCode": "X"}]})"));
  EXPECT_EQ(s.state, AsyncState::kCompleted);
  EXPECT_TRUE(s.counted);
  EXPECT_EQ(s.failed, 2) << "two rows, one of them with two errors";
  EXPECT_EQ(s.succeeded, 3);
  EXPECT_EQ(s.errors.size(), 3u);
  EXPECT_EQ(s.errors[0].message(), "Invalid email");
}

TEST(BulkWireTest, TotalAndFailureWithoutASuccessCount) {
  AsyncUploadStatus s = ParseAsyncUploadStatus(
      Json::parse(R"({"jobStatus": "COMPLETED", "totalCount": 10,
                      "failureCount": 3})"));
  EXPECT_EQ(s.succeeded, 7);
  EXPECT_EQ(s.failed, 3);
}

TEST(BulkWireTest, AnAnswerWithoutCountsSaysSo) {
  AsyncUploadStatus s =
      ParseAsyncUploadStatus(Json::parse(R"({"jobStatus": "IN_PROGRESS"})"));
  EXPECT_EQ(s.state, AsyncState::kInProgress);
  EXPECT_FALSE(s.counted);
  EXPECT_EQ(s.succeeded, 0);
  EXPECT_EQ(s.failed, 0);
  AsyncUploadStatus odd =
      ParseAsyncUploadStatus(Json::parse(R"({"jobStatus": "PAUSED"})"));
  EXPECT_EQ(odd.state, AsyncState::kUnknown);
  EXPECT_EQ(odd.state_text, "PAUSED");
}

TEST(BulkWireTest, ExportSubmitNeedsAStatusUrlAndNamesTheKeysItGot) {
  absl::StatusOr<ExportSubmitted> ok = ParseExportSubmit(
      Json::parse(R"({"jobId": "j1", "statusUrl": "/v3/x/status"})"));
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->job_id, "j1");
  EXPECT_EQ(ok->status_url, "/v3/x/status");
  absl::StatusOr<ExportSubmitted> missing = ParseExportSubmit(
      Json::parse(R"({"jobId": "j1", "secret": "value-not-logged"})"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kInternal);
  EXPECT_NE(missing.status().message().find("jobId,secret"), std::string::npos);
  EXPECT_EQ(missing.status().message().find("value-not-logged"),
            std::string::npos);
}

TEST(BulkWireTest, ExportStatusChunkUrlsInOrderUnderAnySpelling) {
  ExportStatus s = ParseExportStatus(Json::parse(R"({
      "jobStatus": "COMPLETED", "totalRecords": 3,
      "chunkDetails": [{"chunkUrl": "/c/0", "offset": 0},
                       {"chunkURL": "https://t.example/c/1"},
                       {"offset": 2}]})"));
  EXPECT_EQ(s.state, AsyncState::kCompleted);
  EXPECT_EQ(s.chunk_urls,
            (std::vector<std::string>{"/c/0", "https://t.example/c/1"}));
}

TEST(BulkWireTest, KeyNamesNeverValues) {
  EXPECT_EQ(KeyNames(Json::parse(R"({"a": "secret", "b": 1})")), "a,b");
  EXPECT_EQ(KeyNames(nullptr), "none");
  EXPECT_EQ(KeyNames(Json::array()), "array");
}

}  // namespace
}  // namespace gg
