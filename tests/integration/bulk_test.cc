// BulkService end to end: imports streamed over real gRPC to a real gateway,
// spooled to disk, uploaded as multipart CSV to a real sandbox through the
// limiter's bulk class, and followed to Gainsight's terminal state.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/status_details.h"
#include "gainsight/v1/bulk.grpc.pb.h"
#include "gainsight/v1/person.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/bulk_fixture.h"
#include "tests/support/test_env.h"

namespace gg {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

TEST_F(BulkTest, TypedRowsLoadAndBadRowsComeBackWithTheirErrors) {
  auto [status, job] = Import(
      {Header({"Name", "Arr", "Industry"}),
       Rows({{{"Name", "Acme, Inc."}, {"Arr", 1200}},
             {{"Arr", 5}},                                   // Name is required
             {{"Name", "Quote \"Q\"\nCo"}, {"Arr", "abc"}},  // not a number
             {{"Name", "Globex"}, {"Arr", 7.5}, {"Industry", nullptr}}})});
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(job.state(), gainsight::v1::JOB_STATE_QUEUED);
  EXPECT_EQ(job.total_rows(), 4);
  EXPECT_EQ(job.object_name(), "Company");
  EXPECT_EQ(job.connector_job_id(), kDataJob);

  std::vector<Job> snapshots = Watch(job.id());
  ASSERT_FALSE(snapshots.empty());
  for (size_t i = 1; i < snapshots.size(); ++i) {
    EXPECT_GE(snapshots[i].state(), snapshots[i - 1].state());
  }
  const Job& done = snapshots.back();
  EXPECT_EQ(done.state(), gainsight::v1::JOB_STATE_COMPLETED);
  EXPECT_EQ(done.succeeded_rows(), 2);
  EXPECT_EQ(done.failed_rows(), 2);
  ASSERT_EQ(done.row_errors_size(), 2);
  EXPECT_EQ(done.row_errors(0).row(), 2);
  EXPECT_EQ(done.row_errors(0).field(), "Name");
  EXPECT_EQ(done.row_errors(1).row(), 3);
  EXPECT_EQ(done.row_errors(1).field(), "Arr");
  EXPECT_TRUE(done.has_end_time());
  ASSERT_EQ(done.parts_size(), 1);
  EXPECT_FALSE(done.parts(0).gainsight_status_id().empty());

  EXPECT_EQ(CompanyNames(),
            (std::multiset<std::string>{"Acme, Inc.", "Globex"}));
  EXPECT_EQ(Uploads().size(), 1u);
  EXPECT_EQ(Get(job.id()).state(), gainsight::v1::JOB_STATE_COMPLETED);
}

// The same stream with its request_id again (a retry after a lost answer)
// answers the first job; another stream with that id is refused.
TEST_F(BulkTest, ImportRetriedWithItsRequestIdStartsOneJob) {
  StartImportRequest header = Header({"Name"});
  header.mutable_header()->set_request_id("nightly-1");
  auto [first, job] = Import({header, Rows({{{"Name", "Once Ltd"}}})});
  ASSERT_TRUE(first.ok()) << first.error_message();
  auto [again, same] = Import({header, Rows({{{"Name", "Once Ltd"}}})});
  ASSERT_TRUE(again.ok()) << again.error_message();
  EXPECT_EQ(same.id(), job.id());

  auto [other, none] = Import({header, Rows({{{"Name", "Other Ltd"}}})});
  EXPECT_EQ(other.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << other.error_message();

  auto context = Context();
  gainsight::v1::ListJobsRequest request;
  gainsight::v1::ListJobsResponse jobs;
  ASSERT_TRUE(stub_->ListJobs(context.get(), request, &jobs).ok());
  ASSERT_EQ(jobs.jobs_size(), 1);
  EXPECT_EQ(jobs.jobs(0).id(), job.id());
  EXPECT_EQ(Watch(job.id()).back().succeeded_rows(), 1);
}

TEST_F(BulkTest, CsvRecordPastTheBoundFailsTheImportAndHoldsNoMemory) {
  gateway_.reset();
  StartGateway("sync=1000/1s;bulk=100/1s", {"--max-csv-record-bytes", "1024"});
  // A quote opened and never closed swallows every later byte into one
  // record: it stops at the bound instead of growing with the stream.
  std::vector<StartImportRequest> messages = {
      Header({}), Csv("Name,Industry\r\n"), Csv("Acme,Retail\r\n\"open")};
  for (int i = 0; i < 100; ++i) messages.push_back(Csv(std::string(100, 'x')));
  auto [status, job] = Import(messages);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::BadRequest bad;
  ASSERT_TRUE(GetBadRequest(FromGrpcStatus(status), &bad));
  ASSERT_EQ(bad.field_violations_size(), 1);
  EXPECT_EQ(bad.field_violations(0).field(), "csv_chunk");
  EXPECT_THAT(bad.field_violations(0).description(),
              ::testing::HasSubstr("--max-csv-record-bytes"));
  EXPECT_TRUE(Uploads().empty());
}

TEST_F(BulkTest, ARaggedCsvRowFailsTheImportBeforeAnyUpload) {
  // The third row lacks a cell; a quoted comma is no cell boundary.
  auto [status, job] =
      Import({Header({}), Csv("Name,Industry\r\n\"Acme, Inc\",Retail\r\n"),
              Csv("Globex,Energy\r\nInitech\r\nHooli,Tech\r\n")});
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::BadRequest bad;
  ASSERT_TRUE(GetBadRequest(FromGrpcStatus(status), &bad));
  ASSERT_EQ(bad.field_violations_size(), 1);
  EXPECT_EQ(bad.field_violations(0).field(), "csv_chunk");
  EXPECT_EQ(bad.field_violations(0).description(),
            "row 3 has 1 cell; the header has 2 columns");

  // Columns given in the header count the same way.
  auto [given, job2] = Import({Header({"Name", "Industry", "Region__gc"}),
                               Csv("Acme,Retail,EMEA\r\nGlobex,Energy\r\n")});
  EXPECT_EQ(given.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  ASSERT_TRUE(GetBadRequest(FromGrpcStatus(given), &bad));
  EXPECT_EQ(bad.field_violations(0).description(),
            "row 2 has 2 cells; the header has 3 columns");
  EXPECT_TRUE(Uploads().empty());
}

TEST_F(BulkTest, RawCsvSplitAnywhereIsSplitIntoPartsUnderTheSizeLimit) {
  // Parts of at most 1 KiB: 200 rows make several uploads.
  gateway_.reset();
  StartGateway("sync=1000/1s;bulk=100/1s", {"--bulk-part-bytes", "1024"});
  std::string csv = "Name,Industry\r\n";
  std::multiset<std::string> expected;
  for (int i = 0; i < 200; ++i) {
    std::string name = absl::StrCat("Co \"", i, "\",\nline");
    expected.insert(name);
    absl::StrAppend(&csv, "\"Co \"\"", i, "\"\",\nline\",Software\r\n");
  }
  std::vector<StartImportRequest> messages = {Header({})};
  for (size_t at = 0; at < csv.size(); at += 7) {
    messages.push_back(Csv(csv.substr(at, 7)));
  }
  auto [status, job] = Import(messages);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(job.total_rows(), 200);
  ASSERT_GT(job.parts_size(), 1);
  int64_t rows = 0;
  for (const auto& part : job.parts()) {
    EXPECT_EQ(part.first_row(), rows + 1);
    rows += part.row_count();
  }
  EXPECT_EQ(rows, 200);

  const Job done = Watch(job.id()).back();
  EXPECT_EQ(done.state(), gainsight::v1::JOB_STATE_COMPLETED);
  EXPECT_EQ(done.succeeded_rows(), 200);
  std::vector<json> uploads = Uploads();
  EXPECT_EQ(static_cast<int>(uploads.size()), job.parts_size());
  for (const json& u : uploads) EXPECT_EQ(u["call_class"], "bulk");
  EXPECT_EQ(CompanyNames(), expected);
}

TEST_F(BulkTest, AByteOrderMarkBeforeTheCsvHeaderIsNoPartOfItsFirstColumn) {
  // A spreadsheet export, streamed in chunks that split the mark itself.
  const std::string csv = "\xEF\xBB\xBFName,Industry\r\nBom Co,Retail\r\n";
  std::vector<StartImportRequest> messages = {Header({}), Csv(csv.substr(0, 2)),
                                              Csv(csv.substr(2))};
  auto [status, job] = Import(messages);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const Job done = Watch(job.id()).back();
  EXPECT_EQ(done.state(), gainsight::v1::JOB_STATE_COMPLETED);
  EXPECT_EQ(done.succeeded_rows(), 1);
  EXPECT_EQ(CompanyNames(), std::multiset<std::string>{"Bom Co"});
}

TEST_F(BulkTest, BadInputIsRefusedBeforeAnyUpstreamCall) {
  auto no_job = Header({"Name"});
  no_job.mutable_header()->clear_connector_job_id();
  auto [s1, j1] = Import({no_job, Rows({{{"Name", "A"}}})});
  EXPECT_EQ(s1.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::BadRequest bad;
  ASSERT_TRUE(GetBadRequest(FromGrpcStatus(s1), &bad));
  EXPECT_EQ(bad.field_violations(0).field(), "header.connector_job_id");

  auto [s2, j2] = Import({Header({"Name"}), Rows({{{"Nope", "A"}}})});
  EXPECT_EQ(s2.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  auto [s3, j3] = Import({Rows({{{"Name", "A"}}})});
  EXPECT_EQ(s3.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  auto [s4, j4] = Import({Header({"Name"})});
  EXPECT_EQ(s4.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  auto [s5, j5] = Import({Header({"Name"}), Csv("\"open,")});
  EXPECT_EQ(s5.error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  auto context = Context();
  gainsight::v1::GetJobRequest get;
  get.set_id("../etc/passwd");
  gainsight::v1::GetJobResponse got;
  EXPECT_EQ(stub_->GetJob(context.get(), get, &got).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  context = Context();
  get.set_id("job-00000000000000000000");
  EXPECT_EQ(stub_->GetJob(context.get(), get, &got).error_code(),
            grpc::StatusCode::NOT_FOUND);

  auto calls = sandbox_->CallsTo("", "/v1");
  ASSERT_TRUE(calls.ok());
  EXPECT_TRUE(calls->empty());
  // Nothing was left in the spool.
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(spool_.path())) {
    (void)entry;
    files++;
  }
  EXPECT_EQ(files, 0);
}

TEST_F(BulkTest, UnknownDataJobFailsTheJobWithTheUpstreamError) {
  auto [status, job] =
      Import({Header({"Name"}, "no-such-job"), Rows({{{"Name", "A"}}})});
  ASSERT_TRUE(status.ok()) << status.error_message();
  const Job done = Watch(job.id()).back();
  EXPECT_EQ(done.state(), gainsight::v1::JOB_STATE_FAILED);
  EXPECT_EQ(done.error().code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(done.parts(0).state(), gainsight::v1::JOB_STATE_FAILED);
}

TEST_F(BulkTest, ListJobsPagesNewestFirstAndFiltersByState) {
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    auto [status, job] =
        Import({Header({"Name"}), Rows({{{"Name", absl::StrCat("L", i)}}})});
    ASSERT_TRUE(status.ok());
    ids.push_back(job.id());
  }
  for (const auto& id : ids) Watch(id);
  gainsight::v1::ListJobsRequest request;
  request.set_page_size(2);
  request.add_states(gainsight::v1::JOB_STATE_COMPLETED);
  gainsight::v1::ListJobsResponse page1, page2;
  auto c1 = Context();
  ASSERT_TRUE(stub_->ListJobs(c1.get(), request, &page1).ok());
  ASSERT_EQ(page1.jobs_size(), 2);
  EXPECT_EQ(page1.jobs(0).id(), ids[2]);
  EXPECT_EQ(page1.jobs(1).id(), ids[1]);
  ASSERT_FALSE(page1.next_page_token().empty());
  request.set_page_token(page1.next_page_token());
  auto c2 = Context();
  ASSERT_TRUE(stub_->ListJobs(c2.get(), request, &page2).ok());
  ASSERT_EQ(page2.jobs_size(), 1);
  EXPECT_EQ(page2.jobs(0).id(), ids[0]);
  EXPECT_TRUE(page2.next_page_token().empty());

  gainsight::v1::ListJobsRequest failed;
  failed.add_states(gainsight::v1::JOB_STATE_FAILED);
  gainsight::v1::ListJobsResponse none;
  auto c3 = Context();
  ASSERT_TRUE(stub_->ListJobs(c3.get(), failed, &none).ok());
  EXPECT_EQ(none.jobs_size(), 0);
}

TEST_F(BulkTest, ExportStreamsFiftyThousandRecordsInBatches) {
  constexpr int kRows = 50000;
  auto context = Context(absl::Minutes(2));
  StartImportResponse imported;
  auto writer = stub_->StartImport(context.get(), &imported);
  ASSERT_TRUE(writer->Write(Header({"Name", "Arr"})));
  for (int b = 0; b < kRows / 5000; ++b) {
    std::vector<json> rows;
    for (int r = b * 5000; r < (b + 1) * 5000; ++r) {
      rows.push_back({{"Name", absl::StrCat("E", r)}, {"Arr", r}});
    }
    ASSERT_TRUE(writer->Write(Rows(rows)));
  }
  writer->WritesDone();
  ASSERT_TRUE(writer->Finish().ok());
  ASSERT_EQ(Watch(imported.job().id()).back().succeeded_rows(), kRows);

  gainsight::v1::ExportRequest request;
  request.set_object_name("Company");
  request.add_select("Name");
  request.add_select("Arr");
  auto* condition = request.mutable_filter()->add_conditions();
  condition->set_field("Arr");
  condition->set_operator_(gainsight::v1::OPERATOR_GTE);
  condition->add_values()->set_number_value(10);
  request.set_batch_size(4000);
  auto export_context = Context(absl::Minutes(2));
  auto reader = stub_->Export(export_context.get(), request);
  gainsight::v1::ExportResponse batch;
  int64_t seen = 0;
  int batches = 0;
  std::set<std::string> names;
  while (reader->Read(&batch)) {
    EXPECT_EQ(batch.offset(), seen);
    EXPECT_LE(batch.records_size(), 4000);
    for (const auto& record : batch.records()) {
      const auto& fields = record.fields();
      ASSERT_EQ(fields.at("Arr").kind_case(),
                google::protobuf::Value::kNumberValue);
      EXPECT_GE(fields.at("Arr").number_value(), 10);
      names.insert(fields.at("Name").string_value());
    }
    seen += batch.records_size();
    batches++;
  }
  grpc::Status status = reader->Finish();
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(seen, kRows - 10);
  EXPECT_EQ(names.size(), static_cast<size_t>(kRows - 10));
  EXPECT_GE(batches, (kRows - 10) / 4000);
  EXPECT_EQ(names.count("E9"), 0u);
  EXPECT_EQ(names.count("E49999"), 1u);
  // One bulk call for the export, then its status and its 3 chunks.
  auto submits = sandbox_->CallsTo("POST", "/v3/exports/data/bulk/Company");
  ASSERT_TRUE(submits.ok());
  ASSERT_EQ(submits->size(), 1u);
  EXPECT_EQ((*submits)[0]["call_class"], "bulk");
  auto chunks = sandbox_->CallsTo("GET", "/v3/exports/data/bulk/");
  ASSERT_TRUE(chunks.ok());
  int chunk_calls = 0;
  for (const json& c : *chunks) {
    if (c["path"].get<std::string>().find("/chunk/") != std::string::npos) {
      chunk_calls++;
    }
  }
  EXPECT_EQ(chunk_calls, 3);
}

TEST_F(BulkTest, ExportOfAnUnknownFieldIsRefusedBeforeAnyBulkCall) {
  gainsight::v1::ExportRequest request;
  request.set_object_name("Company");
  request.add_select("NoSuchField");
  auto context = Context();
  auto reader = stub_->Export(context.get(), request);
  gainsight::v1::ExportResponse batch;
  EXPECT_FALSE(reader->Read(&batch));
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  auto submits = sandbox_->CallsTo("POST", "/v3/exports/");
  ASSERT_TRUE(submits.ok());
  EXPECT_TRUE(submits->empty());
}

TEST_F(BulkTest, WithRedisAnyReplicaAnswersForAnyJob) {
  auto redis = testing::Redis::Start();
  ASSERT_TRUE(redis.ok()) << redis.status();
  gateway_.reset();
  StartGateway("sync=1000/1s;bulk=100/1s",
               {"--redis", (*redis)->url(), "--replica-id", "replica-a"});
  TempDir other_spool;
  auto other = Gateway::Start(
      sandbox_->url(),
      {"--limits", "sync=1000/1s;bulk=100/1s", "--redis", (*redis)->url(),
       "--replica-id", "replica-b", "--bulk-spool-dir", other_spool.path(),
       "--bulk-poll-interval", "50ms"});
  ASSERT_TRUE(other.ok()) << other.status();
  auto other_stub = BulkService::NewStub((*other)->NewChannel());

  auto [status, job] = Import({Header({"Name"}), Rows({{{"Name", "Shared"}}})});
  ASSERT_TRUE(status.ok()) << status.error_message();

  // Replica B follows the job replica A runs, to its end.
  auto context = Context();
  gainsight::v1::WatchJobRequest watch;
  watch.set_id(job.id());
  auto reader = other_stub->WatchJob(context.get(), watch);
  gainsight::v1::WatchJobResponse snapshot;
  Job last;
  while (reader->Read(&snapshot)) last = snapshot.job();
  ASSERT_TRUE(reader->Finish().ok());
  EXPECT_EQ(last.state(), gainsight::v1::JOB_STATE_COMPLETED);
  EXPECT_EQ(last.succeeded_rows(), 1);

  auto get_context = Context();
  gainsight::v1::GetJobRequest get;
  get.set_id(job.id());
  gainsight::v1::GetJobResponse got;
  ASSERT_TRUE(other_stub->GetJob(get_context.get(), get, &got).ok());
  EXPECT_EQ(got.job().state(), gainsight::v1::JOB_STATE_COMPLETED);
  // Only replica A uploaded it.
  EXPECT_EQ(Uploads().size(), 1u);
}

constexpr char kPeopleAsync[] = "/v1/peoplemgmt/v1.0/people/async";

TEST_F(BulkTest, PersonImportRunsThroughThePeopleApiAndReportsTheBadRows) {
  const std::string acme = InsertCompany("Acme");
  auto [status, job] =
      Import({PersonHeader({"Email", "FirstName", "LastName", "Company_ID"}),
              Rows({{{"Email", "maria@acme.example"},
                     {"FirstName", "Maria"},
                     {"Company_ID", acme}},
                    {{"Email", "li@acme.example"}, {"LastName", "Li"}},
                    {{"Email", "jo@globex.example"},  // no such company
                     {"Company_ID", "1P02ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ"}},
                    {{"Email", "sam@acme.example"},
                     {"FirstName", "Sam"},
                     {"Company_ID", acme}}})});
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(job.state(), gainsight::v1::JOB_STATE_QUEUED);
  EXPECT_EQ(job.object_name(), "Person");
  EXPECT_TRUE(job.connector_job_id().empty());
  EXPECT_EQ(job.total_rows(), 4);

  std::vector<Job> snapshots = Watch(job.id());
  ASSERT_FALSE(snapshots.empty());
  std::set<gainsight::v1::JobState> seen;
  for (size_t i = 0; i < snapshots.size(); ++i) {
    seen.insert(snapshots[i].state());
    if (i > 0) {
      EXPECT_GE(snapshots[i].state(), snapshots[i - 1].state());
    }
  }
  EXPECT_TRUE(seen.count(gainsight::v1::JOB_STATE_INIT));
  EXPECT_TRUE(seen.count(gainsight::v1::JOB_STATE_IN_PROGRESS));
  const Job& done = snapshots.back();
  EXPECT_EQ(done.state(), gainsight::v1::JOB_STATE_COMPLETED);
  EXPECT_EQ(done.succeeded_rows(), 3);
  EXPECT_EQ(done.failed_rows(), 1);
  ASSERT_EQ(done.row_errors_size(), 1);
  EXPECT_EQ(done.row_errors(0).row(), 3);
  EXPECT_EQ(done.row_errors(0).field(), "Company_ID");
  EXPECT_EQ(done.row_errors(0).code(), "GSOBJ_PEOPLE1001");
  ASSERT_EQ(done.parts_size(), 1);
  EXPECT_FALSE(done.parts(0).gainsight_status_id().empty());

  auto uploads = sandbox_->CallsTo("PUT", kPeopleAsync);
  ASSERT_TRUE(uploads.ok()) << uploads.status();
  ASSERT_EQ(uploads->size(), 1u);
  EXPECT_EQ((*uploads)[0]["call_class"], "bulk");
  EXPECT_TRUE(Uploads().empty());  // no Bulk API upload

  auto people = gainsight::v1::PersonService::NewStub(gateway_->NewChannel());
  auto context = Context();
  gainsight::v1::GetPersonRequest get;
  get.set_email("maria@acme.example");
  gainsight::v1::GetPersonResponse maria;
  grpc::Status got = people->GetPerson(context.get(), get, &maria);
  ASSERT_TRUE(got.ok()) << got.error_message();
  EXPECT_EQ(maria.person().first_name(), "Maria");
  ASSERT_EQ(maria.person().companies_size(), 1);
  EXPECT_EQ(maria.person().companies(0).company_id(), acme);
  context = Context();
  get.set_email("li@acme.example");
  gainsight::v1::GetPersonResponse li;
  got = people->GetPerson(context.get(), get, &li);
  ASSERT_TRUE(got.ok()) << got.error_message();
  EXPECT_EQ(li.person().last_name(), "Li");
  EXPECT_EQ(li.person().companies_size(), 0);
  context = Context();
  get.set_email("jo@globex.example");
  gainsight::v1::GetPersonResponse jo;
  EXPECT_EQ(people->GetPerson(context.get(), get, &jo).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(BulkTest, PersonImportSendsAtMostFiftyPeoplePerCall) {
  std::string csv = "Email,LastName\r\n";
  for (int i = 0; i < 120; ++i) {
    absl::StrAppend(&csv, "p", i, "@acme.example,\"Doe, ", i, "\"\r\n");
  }
  auto [status, job] = Import({PersonHeader({}), Csv(csv)});
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(job.parts_size(), 3);
  EXPECT_EQ(job.parts(0).row_count(), 50);
  EXPECT_EQ(job.parts(1).first_row(), 51);
  EXPECT_EQ(job.parts(2).row_count(), 20);

  const Job done = Watch(job.id()).back();
  EXPECT_EQ(done.state(), gainsight::v1::JOB_STATE_COMPLETED);
  EXPECT_EQ(done.succeeded_rows(), 120);
  EXPECT_EQ(done.failed_rows(), 0);
  auto uploads = sandbox_->CallsTo("PUT", kPeopleAsync);
  ASSERT_TRUE(uploads.ok()) << uploads.status();
  EXPECT_EQ(uploads->size(), 3u);

  auto people = gainsight::v1::PersonService::NewStub(gateway_->NewChannel());
  auto context = Context();
  gainsight::v1::GetPersonRequest get;
  get.set_email("p119@acme.example");
  gainsight::v1::GetPersonResponse last;
  grpc::Status got = people->GetPerson(context.get(), get, &last);
  ASSERT_TRUE(got.ok()) << got.error_message();
  EXPECT_EQ(last.person().last_name(), "Doe, 119");
}

TEST_F(BulkTest, PersonImportWithoutAnEmailColumnIsRefusedBeforeAnyCall) {
  auto [s1, j1] =
      Import({PersonHeader({"FirstName"}), Rows({{{"FirstName", "Maria"}}})});
  EXPECT_EQ(s1.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::BadRequest bad;
  ASSERT_TRUE(GetBadRequest(FromGrpcStatus(s1), &bad));
  EXPECT_EQ(bad.field_violations(0).field(), "header.columns");
  auto [s2, j2] = Import({PersonHeader({}), Csv("FirstName\r\nMaria\r\n")});
  EXPECT_EQ(s2.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  auto calls = sandbox_->CallsTo("", "/v1");
  ASSERT_TRUE(calls.ok());
  EXPECT_TRUE(calls->empty());
}

// Person imports refused by the tenant's Person describe.
class PersonImportCheckTest : public BulkTest {
 protected:
  // Nothing reached the People API and no job was stored.
  void ExpectNoUploadAndNoJob() {
    auto uploads = sandbox_->CallsTo("PUT", kPeopleAsync);
    ASSERT_TRUE(uploads.ok());
    EXPECT_TRUE(uploads->empty());
    ExpectNoJob();
  }
};

TEST_F(PersonImportCheckTest, ColumnsMustBePersonFieldsBeforeTheJobIsQueued) {
  // A misspelt column (header given) and one in another letter case (CSV
  // header): refused after one describe, with no asynchronous call and no
  // job.
  auto [s1, j1] = Import({PersonHeader({"Email", "LastNmae", "Company_ID"}),
                          Rows({{{"Email", "a@acme.example"}}})});
  EXPECT_EQ(s1.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(Violations(s1),
              ElementsAre(Pair("header.columns[1]",
                               "is not a field of Person (did you mean "
                               "LastName?)")));

  auto [s2, j2] = Import(
      {PersonHeader({}), Csv("Email,firstname\r\nb@acme.example,Bo\r\n")});
  EXPECT_EQ(s2.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(Violations(s2),
              ElementsAre(Pair("csv_chunk.header[1]",
                               "is spelled FirstName in the tenant's Person "
                               "describe")));

  auto describes =
      sandbox_->CallsTo("GET", "/v1/meta/services/objects/Person/describe");
  ASSERT_TRUE(describes.ok());
  EXPECT_THAT(*describes, ::testing::SizeIs(1)) << "the describe is cached";
  ExpectNoUploadAndNoJob();
}

TEST_F(PersonImportCheckTest, CellsMustFitTheirFieldsBeforeTheJobIsQueued) {
  // Row 2's EmailOptOut (a boolean in the describe) is no boolean; in the
  // CSV, row 1's company is no GSID. Each refused with no asynchronous call
  // and no job.
  auto [s1, j1] =
      Import({PersonHeader({"Email", "EmailOptOut"}),
              Rows({{{"Email", "a@acme.example"}, {"EmailOptOut", "TRUE"}},
                    {{"Email", "b@acme.example"}, {"EmailOptOut", "maybe"}}})});
  EXPECT_EQ(s1.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(Violations(s1),
              ElementsAre(Pair("rows.rows[1].EmailOptOut",
                               "row 2: must be true or false")));

  auto [s2, j2] = Import(
      {PersonHeader({}), Csv("Email,Company_ID\r\nc@acme.example,Acme\r\n")});
  EXPECT_EQ(s2.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(Violations(s2),
              ElementsAre(Pair("csv_chunk",
                               "row 1, column Company_ID: must be a GSID (a "
                               "digit, then upper-case letters and digits)")));
  ExpectNoUploadAndNoJob();

  // The same rows with cells that fit are queued.
  auto [s3, j3] = Import(
      {PersonHeader({}), Csv("Email,EmailOptOut\r\nd@acme.example,false\r\ne@"
                             "acme.example,\r\n")});
  ASSERT_TRUE(s3.ok()) << s3.error_message();
  EXPECT_EQ(j3.total_rows(), 2);
}

}  // namespace
}  // namespace gg
