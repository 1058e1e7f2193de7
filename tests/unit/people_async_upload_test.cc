// The People API upload kind: a spooled CSV part becomes one asynchronous
// upsert body. (Its status answers are read by gainsight/bulk_wire.h, see
// bulk_wire_test.cc.)
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

TEST(PeopleAsyncUploadTest, KindsDifferInPartSizeAndInWhetherAResendIsSafe) {
  const UploadKind& people = UploadKindFor("person");
  EXPECT_EQ(people.max_part_rows(), kMaxPeopleAsyncRecords);
  // An upsert by Email: the same people again load nothing twice.
  EXPECT_TRUE(people.ResendLoadsNothingTwice());
  // Other objects keep the Bulk API kind, whose data job may insert.
  EXPECT_EQ(UploadKindFor("Company").max_part_rows(), 0);
  EXPECT_FALSE(UploadKindFor("Company").ResendLoadsNothingTwice());
}

}  // namespace
}  // namespace gg
