// Bulk API imports to a data job the operator declared
// (--bulk-data-jobs-file): the object, the columns and the cells are checked
// before the job is queued, over real gRPC into a gateway started with the
// file, against a real sandbox.
#include <fstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/bulk_fixture.h"

namespace gg {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::SizeIs;

// The sandbox's data job maps each CSV column to the field of that name;
// the declaration says so for three of Company's fields.
constexpr char kDeclaration[] = R"(data_jobs:
  - job_id: company-insert
    object: Company
    columns:
      Name: Name
      Employees: Employees
      RenewalDate: RenewalDate
)";

class DataJobImportCheckTest : public BulkTest {
 protected:
  void SetUp() override {
    const std::string file = config_.path() + "/data-jobs.yaml";
    std::ofstream(file) << kDeclaration;
    StartSandbox();
    StartGateway("sync=1000/1s;bulk=100/1s", {"--bulk-data-jobs-file", file});
  }

  void ExpectNoUploadAndNoJob() {
    EXPECT_THAT(Uploads(), IsEmpty());
    ExpectNoJob();
  }

  TempDir config_;
};

TEST_F(DataJobImportCheckTest, ColumnsMustBeOnesTheJobMapsBeforeItIsQueued) {
  auto [s1, j1] =
      Import({Header({"Name", "Employes"}), Rows({{{"Name", "Acme"}}})});
  EXPECT_EQ(s1.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(Violations(s1),
              ElementsAre(Pair("header.columns[1]",
                               "\"Employes\" is not a column data job "
                               "company-insert maps (--bulk-data-jobs-file) "
                               "(did you mean Employees?)")));

  // A CSV header is compared exactly: the job matches names as spelled.
  auto [s2, j2] =
      Import({Header({}), Csv("Name,renewaldate\r\nAcme,2026-01-31\r\n")});
  EXPECT_EQ(s2.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  ASSERT_THAT(Violations(s2), SizeIs(1));
  EXPECT_EQ(Violations(s2)[0].first, "csv_chunk.header[1]");
  EXPECT_THAT(Violations(s2)[0].second, HasSubstr("did you mean RenewalDate"));

  StartImportRequest other_object = Header({"Name"});
  other_object.mutable_header()->set_object_name("relationship");
  auto [s3, j3] = Import({other_object, Rows({{{"Name", "Acme"}}})});
  EXPECT_EQ(s3.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(Violations(s3),
              ElementsAre(Pair("header.object_name",
                               "data job company-insert loads Company "
                               "(--bulk-data-jobs-file)")));
  ExpectNoUploadAndNoJob();
}

TEST_F(DataJobImportCheckTest, CellsMustFitTheirMappedFieldsBeforeItIsQueued) {
  auto [s1, j1] = Import({Header({"Name", "Employees"}),
                          Rows({{{"Name", "Acme"}, {"Employees", 40}},
                                {{"Name", "Globex"}, {"Employees", "many"}}})});
  EXPECT_EQ(s1.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(Violations(s1), ElementsAre(Pair("rows.rows[1].Employees",
                                               "row 2: must be a number")));

  auto [s2, j2] =
      Import({Header({}), Csv("Name,RenewalDate\r\nAcme,31/01/2026\r\n")});
  EXPECT_EQ(s2.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  ASSERT_THAT(Violations(s2), SizeIs(1));
  EXPECT_EQ(Violations(s2)[0].first, "csv_chunk");
  EXPECT_THAT(Violations(s2)[0].second,
              HasSubstr("row 1, column RenewalDate: "));
  ExpectNoUploadAndNoJob();

  // Cells that fit are queued and loaded; the describe was read once.
  auto [s3, j3] = Import(
      {Header({}), Csv("Name,Employees,RenewalDate\r\nInitech,12,2026-01-31"
                       "\r\nHooli,,\r\n")});
  ASSERT_TRUE(s3.ok()) << s3.error_message();
  const Job done = Watch(j3.id()).back();
  EXPECT_EQ(done.state(), gainsight::v1::JOB_STATE_COMPLETED);
  EXPECT_EQ(done.succeeded_rows(), 2);
  auto describes =
      sandbox_->CallsTo("GET", "/v1/meta/services/objects/Company/describe");
  ASSERT_TRUE(describes.ok());
  EXPECT_THAT(*describes, SizeIs(1));
}

TEST_F(DataJobImportCheckTest, AnUndeclaredJobsColumnsGoUnchecked) {
  ASSERT_TRUE(sandbox_->AddBulkDataJob("company-other", "Company").ok());
  auto [status, job] =
      Import({Header({"Name", "Industry"}, "company-other"),
              Rows({{{"Name", "Umbrella"}, {"Industry", "Pharma"}}})});
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(Watch(job.id()).back().succeeded_rows(), 1);
}

}  // namespace
}  // namespace gg
