// The People API upload kind: a spooled CSV part becomes one asynchronous
// upsert body, and the status answer becomes a job state with counts and
// row errors.
#include "jobs/people_async_upload.h"

#include "gtest/gtest.h"
#include "jobs/upload_kind.h"

namespace gg {
namespace {

TEST(PeopleAsyncUploadTest, BodyHasAPersonPerRowWithTheCompanyAsAnAssociation) {
  absl::StatusOr<Json> body = PeopleAsyncBody(
      "Email,LastName,Company_ID\r\n"
      "maria@acme.example,\"Lopez, Jr.\",1P02AAA\r\n"
      "li@acme.example,,\r\n");
  ASSERT_TRUE(body.ok()) << body.status();
  const Json& records = (*body)["records"];
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0]["Email"], "maria@acme.example");
  EXPECT_EQ(records[0]["LastName"], "Lopez, Jr.");
  EXPECT_EQ(records[0]["companies"][0]["Company_ID"], "1P02AAA");
  EXPECT_FALSE(records[0].contains("Company_ID"));
  // Empty cells are not sent, so they change nothing.
  EXPECT_EQ(records[1], (Json{{"Email", "li@acme.example"}}));
}

TEST(PeopleAsyncUploadTest, DamagedPartsAreRefused) {
  EXPECT_FALSE(PeopleAsyncBody("").ok());
  EXPECT_FALSE(PeopleAsyncBody("Email,LastName\r\na@b.example\r\n").ok());
  EXPECT_FALSE(PeopleAsyncBody("Email\r\n\"open").ok());
}

TEST(PeopleAsyncUploadTest, StatusMapsStatesCountsAndErrors) {
  const UploadKind& kind = UploadKindFor("person");
  EXPECT_EQ(kind.max_part_rows(), kMaxPeopleAsyncRecords);
  EXPECT_EQ(kind.ParseStatus(Json{{"status", "INPROGRESS"}}).state,
            gainsight::v1::JOB_STATE_IN_PROGRESS);
  EXPECT_EQ(kind.ParseStatus(Json{{"status", "odd"}}).state,
            gainsight::v1::JOB_STATE_UNSPECIFIED);
  UploadStatus done = kind.ParseStatus(Json::parse(R"({
      "status": "COMPLETED", "successCount": 3, "failureCount": 1,
      "errorDetails": [{"rowNumber": 2, "fieldName": "Email",
                        "errorCode": "GSOBJ_VDTEMAIL1001",
                        "errorMessage": "Invalid email value"}]})"));
  EXPECT_EQ(done.state, gainsight::v1::JOB_STATE_COMPLETED);
  EXPECT_EQ(done.succeeded, 3);
  EXPECT_EQ(done.failed, 1);
  ASSERT_EQ(done.errors.size(), 1u);
  EXPECT_EQ(done.errors[0].row(), 2);
  EXPECT_EQ(done.errors[0].field(), "Email");
  EXPECT_EQ(done.errors[0].code(), "GSOBJ_VDTEMAIL1001");
  // Other objects keep the Bulk API kind.
  EXPECT_EQ(UploadKindFor("Company").max_part_rows(), 0);
}

}  // namespace
}  // namespace gg
