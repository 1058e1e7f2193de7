#include "ops/user_directory.h"

#include "common/status_details.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"

namespace gg {
namespace {

using ::testing::HasSubstr;

UsersByEmail Users() {
  return {{"csm@example.com", {"U1"}},
          {"shared@example.com", {"U2", "U3"}},
          {"gone@example.com", {}}};
}

TEST(UserDirectoryTest, GsidIsTakenAsIs) {
  EXPECT_EQ(*ResolveOwner(Users(), "1P01ABC", "ctas[0].owner"), "1P01ABC");
}

TEST(UserDirectoryTest, EmailResolvesWhateverItsCase) {
  EXPECT_EQ(*ResolveOwner(Users(), "CSM@Example.com", "ctas[0].owner"), "U1");
}

TEST(UserDirectoryTest, EmailOfNoUserNamesTheField) {
  absl::StatusOr<std::string> id =
      ResolveOwner(Users(), "gone@example.com", "ctas[3].owner");
  ASSERT_EQ(id.status().code(), absl::StatusCode::kInvalidArgument);
  google::rpc::BadRequest bad;
  ASSERT_TRUE(GetBadRequest(id.status(), &bad));
  EXPECT_EQ(bad.field_violations(0).field(), "ctas[3].owner");
  EXPECT_THAT(bad.field_violations(0).description(),
              HasSubstr("gone@example.com"));
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(GetErrorInfo(id.status(), &info));
  EXPECT_EQ(info.reason(), kUnknownUserReason);
}

TEST(UserDirectoryTest, EmailOfSeveralUsersListsTheirGsids) {
  absl::StatusOr<std::string> id =
      ResolveOwner(Users(), "shared@example.com", "tasks[0].owner");
  ASSERT_FALSE(id.ok());
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(GetErrorInfo(id.status(), &info));
  EXPECT_EQ(info.reason(), kAmbiguousUserReason);
  EXPECT_THAT(std::string(id.status().message()),
              ::testing::AllOf(HasSubstr("U2"), HasSubstr("U3")));
}

}  // namespace
}  // namespace gg
