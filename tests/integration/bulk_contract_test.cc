// The bulk endpoints as the evidence shows them, end to end through a real
// gateway and sandbox: uploads authenticate as the GS Bulk API connection;
// exports follow the URLs Gainsight returns, in every plausible shape, on
// the tenant's host only; status answers are read in every count shape, and
// one that never finishes stops at the status timeout.
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_details.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/bulk_fixture.h"

namespace gg {
namespace {

using ::testing::HasSubstr;

class BulkContractTest : public BulkTest {
 protected:
  // Exports Company names; the status and the names streamed.
  std::pair<grpc::Status, std::multiset<std::string>> ExportNames() {
    gainsight::v1::ExportRequest request;
    request.set_object_name("Company");
    request.add_select("Name");
    auto context = Context(absl::Seconds(30));
    auto reader = stub_->Export(context.get(), request);
    gainsight::v1::ExportResponse batch;
    std::multiset<std::string> names;
    while (reader->Read(&batch)) {
      for (const auto& record : batch.records()) {
        names.insert(record.fields().at("Name").string_value());
      }
    }
    return {reader->Finish(), names};
  }

  void LoadCompanies(const std::vector<std::string>& names) {
    std::vector<json> rows;
    for (const std::string& name : names) rows.push_back({{"Name", name}});
    auto [status, job] = Import({Header({"Name"}), Rows(rows)});
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_EQ(Watch(job.id()).back().state(),
              gainsight::v1::JOB_STATE_COMPLETED);
  }

  static std::string Reason(const google::rpc::Status& status) {
    google::rpc::ErrorInfo info;
    for (const auto& detail : status.details()) {
      if (detail.UnpackTo(&info)) break;
    }
    return info.reason();
  }
};

TEST_F(BulkContractTest, UploadsCarryTheBulkConnectionNeverTheApiKey) {
  // The sandbox refuses an upload without the GS Bulk API connection's own
  // key and identity; this one loads, so the gateway sent them.
  LoadCompanies({"Acme"});
  EXPECT_EQ(CompanyNames(), (std::multiset<std::string>{"Acme"}));
  // A gateway that sends another key (e.g. the API key) is refused.
  gateway_.reset();
  auto wrong = Gateway::Start(
      sandbox_->url(),
      {"--bulk-spool-dir", spool_.path(), "--bulk-poll-interval", "50ms"},
      {{"GAINSIGHT_BULK_ACCESS_KEY", Sandbox::kAccessKey}});
  ASSERT_TRUE(wrong.ok()) << wrong.status();
  stub_ = BulkService::NewStub((*wrong)->NewChannel());
  auto [status, job] = Import({Header({"Name"}), Rows({{{"Name", "Nope"}}})});
  ASSERT_TRUE(status.ok()) << status.error_message();
  const Job done = Watch(job.id()).back();
  EXPECT_EQ(done.state(), gainsight::v1::JOB_STATE_FAILED);
  EXPECT_EQ(done.error().code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(CompanyNames(), (std::multiset<std::string>{"Acme"}));
}

TEST_F(BulkContractTest, WithoutABulkConnectionImportsFailBeforeARowIsSpooled) {
  gateway_.reset();
  auto bare = Gateway::Start(
      sandbox_->url(),
      {"--bulk-spool-dir", spool_.path(), "--bulk-poll-interval", "50ms"},
      {{"GAINSIGHT_BULK_ACCESS_KEY", ""},
       {"GAINSIGHT_BULK_APP_ORG_ID", ""},
       {"GAINSIGHT_BULK_LOGIN_NAME", ""}});
  ASSERT_TRUE(bare.ok()) << bare.status();
  stub_ = BulkService::NewStub((*bare)->NewChannel());
  auto [status, job] = Import({Header({"Name"}), Rows({{{"Name", "A"}}})});
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("--bulk-access-key-file"));
  EXPECT_THAT(status.error_message(), HasSubstr("--bulk-app-org-id"));
  EXPECT_THAT(status.error_message(), HasSubstr("--bulk-login-name"));
  EXPECT_TRUE(std::filesystem::is_empty(spool_.path()));
  // Person imports go through the People API and need no connection.
  auto [people, person_job] =
      Import({PersonHeader({"Email"}), Rows({{{"Email", "a@acme.example"}}})});
  ASSERT_TRUE(people.ok()) << people.error_message();
  EXPECT_EQ(Watch(person_job.id()).back().state(),
            gainsight::v1::JOB_STATE_COMPLETED);
  auto uploads = Uploads();
  EXPECT_TRUE(uploads.empty());
}

TEST_F(BulkContractTest, ExportFollowsReturnedUrlsInEveryShape) {
  LoadCompanies({"Acme", "Globex", "Initech"});
  const std::multiset<std::string> all = {"Acme", "Globex", "Initech"};
  for (const json& shapes : std::vector<json>{
           {{"url_form", "relative"}, {"url_layout", "status-first"}},
           {{"url_form", "absolute"}, {"url_layout", "job-first"}},
           {{"url_form", "relative"},
            {"url_layout", "opaque"},
            {"status_url_key", "statusUrl"},
            {"chunk_url_key", "chunkUrl"}},
           {{"export_auth", "authentication"}},
           {{"export_auth", "accesskey"}}}) {
    ASSERT_TRUE(sandbox_->SetBulkShapes(shapes).ok());
    auto [status, names] = ExportNames();
    EXPECT_TRUE(status.ok()) << shapes << ": " << status.error_message();
    EXPECT_EQ(names, all) << shapes;
  }
}

TEST_F(BulkContractTest, AnExportUrlOnAnotherHostIsNeverFollowed) {
  LoadCompanies({"Acme"});
  ASSERT_TRUE(sandbox_->SetBulkShapes({{"url_form", "foreign"}}).ok());
  auto [status, names] = ExportNames();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_THAT(status.error_message(), HasSubstr("elsewhere.invalid"));
  auto polls = sandbox_->CallsTo("GET", "/v3/exports/");
  ASSERT_TRUE(polls.ok());
  EXPECT_TRUE(polls->empty());
}

TEST_F(BulkContractTest, StatusCountsAreReadInEitherShape) {
  ASSERT_TRUE(sandbox_->SetBulkShapes({{"async_counts", "count"}}).ok());
  auto [status, job] =
      Import({Header({"Name", "Arr"}), Rows({{{"Name", "A"}, {"Arr", 1}},
                                             {{"Arr", 2}},  // no Name
                                             {{"Name", "C"}, {"Arr", 3}}})});
  ASSERT_TRUE(status.ok());
  const Job done = Watch(job.id()).back();
  EXPECT_EQ(done.state(), gainsight::v1::JOB_STATE_COMPLETED);
  EXPECT_EQ(done.succeeded_rows(), 2);
  EXPECT_EQ(done.failed_rows(), 1);
  ASSERT_EQ(done.row_errors_size(), 1);
  EXPECT_EQ(done.row_errors(0).row(), 2);
}

TEST_F(BulkContractTest, AStatusThatNeverFinishesStopsAtTheStatusTimeout) {
  gateway_.reset();
  StartGateway("sync=1000/1s;bulk=100/1s", {"--bulk-status-timeout", "2s"});
  ASSERT_TRUE(sandbox_
                  ->SetBulkShapes({{"async_stuck", true},
                                   {"async_state", "WAITING_FOR_CAPACITY"}})
                  .ok());
  auto [status, job] = Import({Header({"Name"}), Rows({{{"Name", "Slow"}}})});
  ASSERT_TRUE(status.ok());
  const Job done = Watch(job.id()).back();
  EXPECT_EQ(done.state(), gainsight::v1::JOB_STATE_FAILED);
  EXPECT_EQ(Reason(done.parts(0).error()), "UPLOAD_STATUS_TIMEOUT");
  // The unknown state string was logged once, by its key names only.
  const std::string log = gateway_->process().Stderr();
  size_t count = 0;
  for (size_t at = log.find("gainsight_unknown_state"); at != std::string::npos;
       at = log.find("gainsight_unknown_state", at + 1)) {
    count++;
  }
  EXPECT_EQ(count, 1u) << log;
  EXPECT_THAT(log, HasSubstr("WAITING_FOR_CAPACITY"));
  auto polls =
      sandbox_->CallsTo("GET", "/v1.0/admin/connector/job/bulkimport/status/");
  ASSERT_TRUE(polls.ok());
  EXPECT_GT(polls->size(), 2u);
}

}  // namespace
}  // namespace gg
