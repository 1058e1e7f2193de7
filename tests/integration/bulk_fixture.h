// The fixture of the BulkService integration tests: a sandbox with a
// Company data job, a gateway spooling to a temp directory, and helpers to
// stream imports and follow jobs over real gRPC.
#ifndef GAINSIGHT_GATEWAY_TESTS_INTEGRATION_BULK_FIXTURE_H_
#define GAINSIGHT_GATEWAY_TESTS_INTEGRATION_BULK_FIXTURE_H_

#include <httplib.h>

#include <atomic>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gainsight/v1/bulk.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/support/bad_request.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_env.h"

namespace gg {

using gainsight::v1::BulkService;
using gainsight::v1::Job;
using gainsight::v1::StartImportRequest;
using gainsight::v1::StartImportResponse;
using testing::Gateway;
using testing::json;
using testing::Sandbox;
using testing::TempDir;
using testing::Violations;

inline constexpr char kDataJob[] = "company-insert";

inline std::unique_ptr<grpc::ClientContext> Context(
    absl::Duration timeout = absl::Seconds(60)) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  return context;
}

inline StartImportRequest Header(std::vector<std::string> columns,
                                 const std::string& data_job = kDataJob) {
  StartImportRequest request;
  auto* header = request.mutable_header();
  header->set_object_name("Company");
  header->set_connector_job_id(data_job);
  for (auto& c : columns) header->add_columns(c);
  // A request_id makes a header one import: each header gets its own.
  static std::atomic<int> imports{0};
  header->set_request_id(absl::StrCat("bulk-test-", ++imports));
  return request;
}

// The header of a Person import (the People API's asynchronous upsert). It
// names a data job, which a Person import ignores.
inline StartImportRequest PersonHeader(std::vector<std::string> columns) {
  StartImportRequest request = Header(std::move(columns), "ignored");
  request.mutable_header()->set_object_name("Person");
  return request;
}

inline StartImportRequest Rows(const std::vector<json>& rows) {
  StartImportRequest request;
  for (const json& row : rows) {
    auto* out = request.mutable_rows()->add_rows();
    for (const auto& [key, value] : row.items()) {
      google::protobuf::Value v;
      if (value.is_string()) v.set_string_value(value.get<std::string>());
      if (value.is_number()) v.set_number_value(value.get<double>());
      if (value.is_null()) v.set_null_value(google::protobuf::NULL_VALUE);
      (*out->mutable_fields())[key] = v;
    }
  }
  return request;
}

inline StartImportRequest Csv(const std::string& chunk) {
  StartImportRequest request;
  request.set_csv_chunk(chunk);
  return request;
}

class BulkTest : public ::testing::Test {
 protected:
  void StartSandbox(const std::string& limits = "sync=1000/1s;bulk=100/1s") {
    auto sandbox = Sandbox::Start(limits);
    ASSERT_TRUE(sandbox.ok()) << sandbox.status();
    sandbox_ = *std::move(sandbox);
    ASSERT_TRUE(sandbox_->AddBulkDataJob(kDataJob, "Company").ok());
  }

  void StartGateway(const std::string& limits = "sync=1000/1s;bulk=100/1s",
                    std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--limits",
                                     limits,
                                     "--upstream-timeout",
                                     "30s",
                                     "--interactive-reserve",
                                     "0",
                                     "--bulk-spool-dir",
                                     spool_.path(),
                                     "--bulk-poll-interval",
                                     "50ms"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto gateway = Gateway::Start(sandbox_->url(), args);
    ASSERT_TRUE(gateway.ok()) << gateway.status();
    gateway_ = *std::move(gateway);
    stub_ = BulkService::NewStub(gateway_->NewChannel());
  }

  void SetUp() override {
    StartSandbox();
    StartGateway();
  }

  // Streams `messages` as one import; returns the status and the job.
  std::pair<grpc::Status, Job> Import(
      const std::vector<StartImportRequest>& messages) {
    auto context = Context();
    StartImportResponse response;
    auto writer = stub_->StartImport(context.get(), &response);
    for (const auto& m : messages) {
      if (!writer->Write(m)) break;
    }
    writer->WritesDone();
    grpc::Status status = writer->Finish();
    return {status, response.job()};
  }

  // Every snapshot WatchJob streams, to the end.
  std::vector<Job> Watch(const std::string& id,
                         absl::Duration timeout = absl::Seconds(60)) {
    auto context = Context(timeout);
    gainsight::v1::WatchJobRequest request;
    request.set_id(id);
    auto reader = stub_->WatchJob(context.get(), request);
    std::vector<Job> snapshots;
    gainsight::v1::WatchJobResponse response;
    while (reader->Read(&response)) snapshots.push_back(response.job());
    grpc::Status status = reader->Finish();
    EXPECT_TRUE(status.ok()) << status.error_message();
    return snapshots;
  }

  Job Get(const std::string& id) {
    auto context = Context();
    gainsight::v1::GetJobRequest request;
    request.set_id(id);
    gainsight::v1::GetJobResponse response;
    grpc::Status status = stub_->GetJob(context.get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.job();
  }

  // The Name of every Company in the sandbox.
  std::multiset<std::string> CompanyNames() {
    std::multiset<std::string> names;
    httplib::Client client("127.0.0.1", sandbox_->port());
    for (int offset = 0;; offset += 5000) {
      json body = {{"select", {"Name"}}, {"limit", 5000}, {"offset", offset}};
      auto res = client.Post("/v1/data/objects/query/Company",
                             {{"accesskey", Sandbox::kAccessKey}}, body.dump(),
                             "application/json");
      EXPECT_TRUE(res && res->status == 200);
      if (!res || res->status != 200) break;
      json records = json::parse(res->body)["data"]["records"];
      for (const json& r : records) names.insert(r["Name"].get<std::string>());
      if (records.size() < 5000) break;
    }
    return names;
  }

  // Inserts a Company straight into the sandbox; returns its GSID.
  std::string InsertCompany(const std::string& name) {
    httplib::Client client("127.0.0.1", sandbox_->port());
    json body = {{"records", {{{"Name", name}}}}};
    auto res = client.Post("/v1/data/objects/Company",
                           {{"accesskey", Sandbox::kAccessKey}}, body.dump(),
                           "application/json");
    EXPECT_TRUE(res && res->status == 200);
    if (!res || res->status != 200) return "";
    return json::parse(res->body)["data"]["records"][0]["Gsid"];
  }

  // No job was stored.
  void ExpectNoJob() {
    gainsight::v1::ListJobsRequest list;
    gainsight::v1::ListJobsResponse jobs;
    auto context = Context();
    ASSERT_TRUE(stub_->ListJobs(context.get(), list, &jobs).ok());
    EXPECT_EQ(jobs.jobs_size(), 0);
  }

  std::vector<json> Uploads() {
    auto calls =
        sandbox_->CallsTo("POST", "/v1.0/admin/connector/job/bulkimport");
    EXPECT_TRUE(calls.ok()) << calls.status();
    return calls.ok() ? *calls : std::vector<json>{};
  }

  TempDir spool_;
  std::unique_ptr<Sandbox> sandbox_;
  std::unique_ptr<Gateway> gateway_;
  std::unique_ptr<BulkService::Stub> stub_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_TESTS_INTEGRATION_BULK_FIXTURE_H_
