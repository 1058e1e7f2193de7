#include "jobs/import_spool.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace gg {
namespace {

using testing::ReadFile;

class ImportSpoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "/spool-XXXXXX";
    dir_ = mkdtemp(pattern.data());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

TEST_F(ImportSpoolTest, SplitsIntoPartsEachWithTheHeaderAndUnderTheLimit) {
  // Header "Name\r\n" is 6 bytes, each row "rowN\r\n" 6 bytes: 3 rows a part.
  ImportSpoolWriter writer(dir_, "job-1", 24);
  writer.SetHeader("Name");
  for (int i = 0; i < 7; ++i) {
    ASSERT_TRUE(writer.AddRow("row" + std::to_string(i)).ok());
  }
  absl::StatusOr<std::vector<SpooledPart>> parts = writer.Finish();
  ASSERT_TRUE(parts.ok()) << parts.status();
  ASSERT_EQ(parts->size(), 3u);
  EXPECT_EQ((*parts)[0].first_row, 1);
  EXPECT_EQ((*parts)[0].row_count, 3);
  EXPECT_EQ((*parts)[1].first_row, 4);
  EXPECT_EQ((*parts)[2].first_row, 7);
  EXPECT_EQ((*parts)[2].row_count, 1);
  EXPECT_EQ(ReadFile((*parts)[0].path), "Name\r\nrow0\r\nrow1\r\nrow2\r\n");
  EXPECT_EQ(ReadFile((*parts)[2].path), "Name\r\nrow6\r\n");
  EXPECT_EQ(writer.rows(), 7);

  RemoveSpool(dir_, "job-1");
  EXPECT_TRUE(std::filesystem::is_empty(dir_));
}

TEST_F(ImportSpoolTest, CapsTheRowsOfAPartWhenARowLimitIsGiven) {
  ImportSpoolWriter writer(dir_, "job-3", 1 << 20, 2);
  writer.SetHeader("Email");
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(writer.AddRow("p" + std::to_string(i)).ok());
  }
  absl::StatusOr<std::vector<SpooledPart>> parts = writer.Finish();
  ASSERT_TRUE(parts.ok()) << parts.status();
  ASSERT_EQ(parts->size(), 3u);
  EXPECT_EQ((*parts)[0].row_count, 2);
  EXPECT_EQ((*parts)[1].first_row, 3);
  EXPECT_EQ((*parts)[2].row_count, 1);
  EXPECT_EQ(ReadFile((*parts)[1].path), "Email\r\np2\r\np3\r\n");
  RemoveSpool(dir_, "job-3");
}

TEST_F(ImportSpoolTest, RefusesARowThatFitsNoPartAndDiscardsItsFiles) {
  ImportSpoolWriter writer(dir_, "job-2", 16);
  writer.SetHeader("Name");
  ASSERT_TRUE(writer.AddRow("ok").ok());
  EXPECT_EQ(writer.AddRow("much too long a row").code(),
            absl::StatusCode::kInvalidArgument);
  writer.Discard();
  EXPECT_TRUE(std::filesystem::is_empty(dir_));
}

}  // namespace
}  // namespace gg
