#include "columns.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace gsctl {
namespace {

gainsight::v1::ObjectMetadata Account() {
  gainsight::v1::ObjectMetadata object;
  object.set_object_name("Account__gc");
  for (const char* name : {"Name", "Region__gc", "Renewal_Date__gc", "Arr"}) {
    object.add_fields()->set_field_name(name);
  }
  return object;
}

TEST(ColumnsTest, EveryColumnOfTheObjectPassesWhateverItsCase) {
  EXPECT_TRUE(CheckColumns({"name", "REGION__GC", "Arr"}, Account()).ok());
}

TEST(ColumnsTest, AnUnknownColumnIsNamedWithItsPositionAndSuggestions) {
  absl::Status status = CheckColumns({"Name", "Regoin__gc"}, Account());
  ASSERT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(),
            "CSV column 2 \"Regoin__gc\" is no field of Account__gc (did you "
            "mean Region__gc?)");
  status = CheckColumns({"Owner"}, Account());
  EXPECT_EQ(status.message(),
            "CSV column 1 \"Owner\" is no field of Account__gc");
}

TEST(ColumnsTest, ColumnsTheCallerKnowsPass) {
  auto typed = [](const std::string& column) {
    return column == "company_name";
  };
  EXPECT_TRUE(CheckColumns({"Name", "company_name"}, Account(), typed).ok());
  EXPECT_FALSE(CheckColumns({"Name", "company"}, Account(), typed).ok());
}

}  // namespace
}  // namespace gsctl
