// gsctl's bulk job commands in process, against a scripted BulkService that
// follows the proto contract (the gateway's BulkService is not there yet):
// what `job import` streams, and what `job watch` draws and exits with.
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "command.h"
#include "exit_codes.h"
#include "gainsight/v1/bulk.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/cpp_client/run_binary.h"

namespace gsctl {
namespace {

namespace gv1 = gainsight::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class ScriptedBulk final : public gv1::BulkService::Service {
 public:
  grpc::Status StartImport(grpc::ServerContext*,
                           grpc::ServerReader<gv1::StartImportRequest>* reader,
                           gv1::StartImportResponse* response) override {
    absl::MutexLock lock(&mu);
    gv1::StartImportRequest message;
    while (reader->Read(&message)) received.push_back(message);
    response->mutable_job()->set_id("job-7");
    response->mutable_job()->set_state(gv1::JOB_STATE_QUEUED);
    return grpc::Status::OK;
  }
  grpc::Status WatchJob(
      grpc::ServerContext*, const gv1::WatchJobRequest* request,
      grpc::ServerWriter<gv1::WatchJobResponse>* writer) override {
    absl::MutexLock lock(&mu);
    watched = request->id();
    for (const gv1::Job& job : snapshots) {
      gv1::WatchJobResponse response;
      *response.mutable_job() = job;
      response.mutable_job()->set_id(request->id());
      writer->Write(response);
    }
    return grpc::Status::OK;
  }

  grpc::Status GetJob(grpc::ServerContext*, const gv1::GetJobRequest* request,
                      gv1::GetJobResponse* response) override {
    absl::MutexLock lock(&mu);
    *response->mutable_job() =
        snapshots.empty() ? gv1::Job() : snapshots.back();
    response->mutable_job()->set_id(request->id());
    return grpc::Status::OK;
  }
  grpc::Status CancelJob(grpc::ServerContext*,
                         const gv1::CancelJobRequest* request,
                         gv1::CancelJobResponse* response) override {
    absl::MutexLock lock(&mu);
    cancelled = request->id();
    response->mutable_job()->set_id(request->id());
    response->mutable_job()->set_state(gv1::JOB_STATE_CANCELLED);
    return grpc::Status::OK;
  }

  absl::Mutex mu;
  std::vector<gv1::StartImportRequest> received ABSL_GUARDED_BY(mu);
  std::string cancelled ABSL_GUARDED_BY(mu);
  std::vector<gv1::Job> snapshots ABSL_GUARDED_BY(mu);
  std::string watched ABSL_GUARDED_BY(mu);
};

gv1::Job Snapshot(gv1::JobState state, int ok, int failed) {
  gv1::Job job;
  job.set_state(state);
  job.set_total_rows(10);
  job.set_succeeded_rows(ok);
  job.set_failed_rows(failed);
  if (failed > 0) {
    gv1::RowError* e = job.add_row_errors();
    e->set_row(4);
    e->set_field("Name");
    e->set_code("GSOBJ_1002");
    e->set_message("bad value");
  }
  return job;
}

class BulkCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port_);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
  }
  void TearDown() override { server_->Shutdown(); }

  // Runs "gsctl job <name> <args...>" in process.
  int Run(const std::string& name, const std::vector<std::string>& argv) {
    const Command* command = nullptr;
    for (const Command& c : AllCommands()) {
      if (c.group == "job" && c.name == name) command = &c;
    }
    EXPECT_NE(command, nullptr);
    auto args = ParseArgs(argv);
    EXPECT_TRUE(args.ok()) << args.status();
    Env env;
    env.args = *args;
    if (env.args.Get("output") == "json") env.format = OutputFormat::kJson;
    env.options.target = "127.0.0.1:" + std::to_string(port_);
    env.options.timeout = absl::Seconds(10);
    auto channel = gainsight_client::MakeChannel(env.options);
    EXPECT_TRUE(channel.ok());
    env.channel = *channel;
    out_.str("");
    err_.str("");
    env.out = &out_;
    env.err = &err_;
    return command->run(env);
  }

  ScriptedBulk service_;
  std::ostringstream out_, err_;

 private:
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

TEST_F(BulkCommandsTest, ImportStreamsTheHeaderThenTheCsvInPieces) {
  std::string csv = "Name,Arr\n";
  while (csv.size() < 200 * 1024) csv += "\"Acme, Inc.\",1000\n";
  std::string file = gg::testing::WriteTempFile("big.csv", csv);
  int code = Run("import", {"--object", "Company", "--connector-job", "J42",
                            "--file", file, "--request-id", "nightly"});
  EXPECT_EQ(code, kExitOk) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("id:"));
  EXPECT_THAT(out_.str(), HasSubstr("job-7"));
  absl::MutexLock lock(&service_.mu);
  ASSERT_EQ(service_.received.size(), 5u);  // header + 4 pieces of 64 KiB
  const gv1::ImportHeader& header = service_.received[0].header();
  EXPECT_EQ(header.object_name(), "Company");
  EXPECT_EQ(header.connector_job_id(), "J42");
  EXPECT_EQ(header.request_id(), "nightly");
  EXPECT_TRUE(header.columns().empty());  // the CSV's first line is the header
  std::string joined;
  for (size_t i = 1; i < service_.received.size(); ++i) {
    ASSERT_TRUE(service_.received[i].has_csv_chunk());
    joined += service_.received[i].csv_chunk();
  }
  EXPECT_EQ(joined, csv);
}

TEST_F(BulkCommandsTest, ImportSendsJsonRecordsAsRowsWithColumns) {
  std::string file = gg::testing::WriteTempFile(
      "people.json", R"([{"Email":"a@x.example","FirstName":"Ann"},
                         {"Email":"b@x.example","Company_ID":"1P02X"}])");
  ASSERT_EQ(Run("import", {"--object", "Person", "--file", file}), kExitOk)
      << err_.str();
  absl::MutexLock lock(&service_.mu);
  ASSERT_EQ(service_.received.size(), 2u);
  EXPECT_THAT(service_.received[0].header().columns(),
              ElementsAre("Company_ID", "Email", "FirstName"));
  ASSERT_TRUE(service_.received[1].has_rows());
  ASSERT_EQ(service_.received[1].rows().rows_size(), 2);
  EXPECT_EQ(service_.received[1]
                .rows()
                .rows(1)
                .fields()
                .at("Company_ID")
                .string_value(),
            "1P02X");
}

TEST_F(BulkCommandsTest, WatchDrawsEveryChangeAndExitsTwoForRejectedRows) {
  {
    absl::MutexLock lock(&service_.mu);
    service_.snapshots = {Snapshot(gv1::JOB_STATE_QUEUED, 0, 0),
                          Snapshot(gv1::JOB_STATE_IN_PROGRESS, 5, 0),
                          Snapshot(gv1::JOB_STATE_COMPLETED, 9, 1)};
  }
  int code = Run("watch", {"job-7"});
  EXPECT_EQ(code, kExitSomeRecordsFailed);
  EXPECT_EQ(err_.str(),
            "[..............................]   0%  0/10 rows  0 failed  "
            "QUEUED\n"
            "[###############...............]  50%  5/10 rows  0 failed  "
            "IN_PROGRESS\n"
            "[##############################] 100%  10/10 rows  1 failed  "
            "COMPLETED\n");
  EXPECT_THAT(out_.str(), HasSubstr("state:"));
  EXPECT_THAT(out_.str(), HasSubstr("COMPLETED"));
  EXPECT_THAT(out_.str(), HasSubstr("row errors:"));
  EXPECT_THAT(out_.str(), HasSubstr("GSOBJ_1002"));
  absl::MutexLock lock(&service_.mu);
  EXPECT_EQ(service_.watched, "job-7");
}

TEST_F(BulkCommandsTest, WatchExitCodesForCleanAndFailedJobs) {
  {
    absl::MutexLock lock(&service_.mu);
    service_.snapshots = {Snapshot(gv1::JOB_STATE_COMPLETED, 10, 0)};
  }
  EXPECT_EQ(Run("watch", {"job-7"}), kExitOk);
  {
    absl::MutexLock lock(&service_.mu);
    service_.snapshots = {Snapshot(gv1::JOB_STATE_UPLOADING, 0, 0),
                          Snapshot(gv1::JOB_STATE_FAILED, 0, 0)};
  }
  EXPECT_EQ(Run("watch", {"job-7"}), kExitJobFailed);
  EXPECT_THAT(err_.str(), HasSubstr("FAILED\n"));
}

TEST_F(BulkCommandsTest, ImportWithWatchFollowsTheNewJob) {
  {
    absl::MutexLock lock(&service_.mu);
    service_.snapshots = {Snapshot(gv1::JOB_STATE_COMPLETED, 10, 0)};
  }
  std::string file = gg::testing::WriteTempFile("rows.csv", "Name\nAcme\n");
  EXPECT_EQ(Run("import", {"--object", "Company", "--connector-job", "J1",
                           "--file", file, "--watch"}),
            kExitOk);
  EXPECT_THAT(err_.str(), HasSubstr("100%  10/10 rows"));
  absl::MutexLock lock(&service_.mu);
  EXPECT_EQ(service_.watched, "job-7");
}

TEST_F(BulkCommandsTest, GetAsJsonWrapsTheJobLikeEveryOtherGet) {
  {
    absl::MutexLock lock(&service_.mu);
    service_.snapshots = {Snapshot(gv1::JOB_STATE_COMPLETED, 10, 0)};
  }
  ASSERT_EQ(Run("get", {"job-7", "-o", "json"}), kExitOk) << err_.str();
  EXPECT_THAT(out_.str(), ::testing::StartsWith("{\n \"job\": {"));
  EXPECT_THAT(out_.str(), HasSubstr("\"id\": \"job-7\""));
}

TEST_F(BulkCommandsTest, CancelCallsTheGatewayAndPrintsTheJob) {
  ASSERT_EQ(Run("cancel", {"job-7"}), kExitOk) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("CANCELLED"));
  absl::MutexLock lock(&service_.mu);
  EXPECT_EQ(service_.cancelled, "job-7");
}

TEST_F(BulkCommandsTest, ImportRefusesRaggedRowsAndOpenQuotesLocally) {
  std::string ragged = gg::testing::WriteTempFile(
      "ragged.csv", "Name,Industry\nAcme,Retail\n\"Two\nlines\",x\nGlobex\n");
  EXPECT_EQ(Run("import", {"--object", "Company", "--connector-job", "J1",
                           "--file", ragged}),
            kExitUsage);
  EXPECT_THAT(err_.str(),
              HasSubstr("CSV line 5 has 1 cells; the header has 2"));
  std::string open = gg::testing::WriteTempFile(
      "open.csv", "Name\nAcme\n\"Never closed\nMore\n");
  EXPECT_EQ(Run("import", {"--object", "Company", "--connector-job", "J1",
                           "--file", open}),
            kExitUsage);
  EXPECT_THAT(err_.str(), HasSubstr("CSV line 3: a quoted field opens here"));
  std::string named = gg::testing::WriteTempFile("named.csv", "A,B\nC\n");
  EXPECT_EQ(Run("import", {"--object", "Company", "--connector-job", "J1",
                           "--columns", "Name,Industry", "--file", named}),
            kExitUsage);
  EXPECT_THAT(err_.str(),
              HasSubstr("CSV line 2 has 1 cells; --columns names 2"));
  absl::MutexLock lock(&service_.mu);
  EXPECT_TRUE(service_.received.empty()) << "nothing was sent";
}

TEST_F(BulkCommandsTest, ImportSendsTheDeliveryChosen) {
  std::string file = gg::testing::WriteTempFile("d.csv", "Name\nAcme\n");
  ASSERT_EQ(Run("import", {"--object", "Company", "--connector-job", "J1",
                           "--file", file, "--delivery", "at-least-once"}),
            kExitOk);
  EXPECT_EQ(Run("import", {"--object", "Company", "--connector-job", "J1",
                           "--file", file, "--delivery", "twice"}),
            kExitUsage);
  absl::MutexLock lock(&service_.mu);
  ASSERT_FALSE(service_.received.empty());
  EXPECT_EQ(service_.received[0].header().delivery(),
            gv1::IMPORT_DELIVERY_AT_LEAST_ONCE);
}

TEST_F(BulkCommandsTest, WatchDrawsOneLinePerChangeAndSaysWhyAJobWaits) {
  gv1::Job queued = Snapshot(gv1::JOB_STATE_QUEUED, 0, 0);
  queued.mutable_wait()->set_reason(
      "waiting for the bulk window 10/1h; 2 jobs ahead");
  gv1::Job half = Snapshot(gv1::JOB_STATE_IN_PROGRESS, 0, 0);
  for (int i = 0; i < 2; ++i) {
    gv1::JobPart* part = half.add_parts();
    part->set_row_count(5);
    part->set_state(i == 0 ? gv1::JOB_STATE_COMPLETED
                           : gv1::JOB_STATE_IN_PROGRESS);
  }
  {
    absl::MutexLock lock(&service_.mu);
    service_.snapshots = {queued, queued, half, half,
                          Snapshot(gv1::JOB_STATE_COMPLETED, 10, 0)};
  }
  EXPECT_EQ(Run("watch", {"job-7"}), kExitOk);
  EXPECT_EQ(err_.str(),
            "[..............................]   0%  0/10 rows  0 failed  "
            "QUEUED: waiting for the bulk window 10/1h; 2 jobs ahead\n"
            "[###############...............]  50%  5/10 rows  0 failed  "
            "IN_PROGRESS\n"
            "[##############################] 100%  10/10 rows  0 failed  "
            "COMPLETED\n");
}

}  // namespace
}  // namespace gsctl
