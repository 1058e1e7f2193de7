#include "config/bulk_data_jobs_file.h"

#include <fstream>
#include <map>
#include <string>

#include "config/config.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/fake_env.h"
#include "tests/support/temp_dir.h"

namespace gg {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

absl::StatusOr<BulkDataJobSpecs> Read(const std::string& text) {
  absl::StatusOr<YamlReader> reader = YamlReader::Parse("jobs.yaml", text);
  if (!reader.ok()) return reader.status();
  return ReadBulkDataJobs(*reader);
}

TEST(BulkDataJobsFileTest, ReadsEachJobsObjectAndColumnsInOrder) {
  absl::StatusOr<BulkDataJobSpecs> jobs = Read(R"(data_jobs:
  - job_id: 1J0A
    object: Company
    columns:
      Account Name: Name
      ARR: Arr
  - {"job_id": "renewals", "object": "Renewal__gc",
     "columns": {"Due": "Due_Date__gc"}}
)");
  ASSERT_TRUE(jobs.ok()) << jobs.status();
  ASSERT_EQ(jobs->size(), 2u);
  EXPECT_EQ(jobs->at("1J0A").object, "Company");
  EXPECT_THAT(jobs->at("1J0A").columns,
              ElementsAre(Pair("Account Name", "Name"), Pair("ARR", "Arr")));
  EXPECT_THAT(jobs->at("renewals").columns,
              ElementsAre(Pair("Due", "Due_Date__gc")));
}

TEST(BulkDataJobsFileTest, ErrorsNameTheLineAndWhatIsWrong) {
  const std::map<std::string, std::string> bad = {
      {"data_jobs:\n  - object: Company\n    columns: {A: A}\n",
       "'job_id' is required"},
      {"data_jobs:\n  - job_id: j\n    columns: {A: A}\n",
       "'object' is required"},
      {"data_jobs:\n  - job_id: j\n    object: Company\n", "'columns'"},
      {"data_jobs:\n  - job_id: j\n    object: Company\n    columns: {A: "
       "\"Two words\"}\n",
       "a field API name"},
      {"data_jobs:\n  - {job_id: j, object: Company, columns: {A: A}}\n"
       "  - {job_id: j, object: Company, columns: {B: B}}\n",
       "data job j twice"},
      {"data_jobs:\n  - {job_id: j, object: Company, columns: {A: A}, "
       "keys: [A]}\n",
       "keys"},
      {"jobs: []\n", "jobs"},
  };
  for (const auto& [text, why] : bad) {
    absl::StatusOr<BulkDataJobSpecs> jobs = Read(text);
    ASSERT_FALSE(jobs.ok()) << text;
    EXPECT_EQ(jobs.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(jobs.status().message(), HasSubstr("jobs.yaml:")) << text;
    EXPECT_THAT(jobs.status().message(), HasSubstr(why)) << text;
  }
}

TEST(BulkDataJobsFileTest, TheFlagReadsTheFileAndRefusesABadOne) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/data-jobs.yaml";
  std::ofstream(path) << "data_jobs:\n  - {job_id: j1, object: Company, "
                         "columns: {Name: Name}}\n";
  const std::map<std::string, std::string> env = {
      {"GAINSIGHT_URL", "https://acme.gainsightcloud.com"},
      {"GAINSIGHT_ACCESS_KEY", "secret"},
      {"GATEWAY_INSECURE", "true"},
      {"GATEWAY_BULK_DATA_JOBS_FILE", path}};
  absl::StatusOr<Config> config = ParseConfig({}, testing::FakeEnv(env));
  ASSERT_TRUE(config.ok()) << config.status();
  ASSERT_EQ(config->bulk_data_jobs.count("j1"), 1u);
  EXPECT_EQ(config->bulk_data_jobs.at("j1").object, "Company");

  std::ofstream(path) << "data_jobs: nope\n";
  config = ParseConfig({}, testing::FakeEnv(env));
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("--bulk-data-jobs-file: "));
}

}  // namespace
}  // namespace gg
