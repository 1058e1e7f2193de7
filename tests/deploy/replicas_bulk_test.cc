// Bulk jobs that survive replicas, with real processes: three gateways from
// deploy/local/replicas.sh sharing the budget's Redis, a job Redis with an
// append-only file and (by default) one spool directory, in front of the
// sandbox. Each test asks the sandbox itself that every row loaded exactly
// once: a replica SIGKILLed mid-job, a rolling restart with 20 jobs queued
// (shared and per-replica spools), uploads that time out after the sandbox
// got them, and a full spool.
#include <signal.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gainsight/v1/bulk.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/deploy/replicas_fixture.h"

namespace gg {
namespace {

using gainsight::v1::BulkService;
using gainsight::v1::Job;
using json = nlohmann::json;
using ::testing::HasSubstr;

constexpr char kSandboxKey[] = "local-sandbox-key";  // replicas.sh's
constexpr char kUpload[] = "/v1.0/admin/connector/job/bulkimport";
constexpr char kPeopleUpload[] = "/v1/peoplemgmt/v1.0/people/async";

bool Ended(const Job& job) {
  return job.state() == gainsight::v1::JOB_STATE_COMPLETED ||
         job.state() == gainsight::v1::JOB_STATE_FAILED ||
         job.state() == gainsight::v1::JOB_STATE_CANCELLED;
}

std::vector<std::string> Names(const std::string& prefix, int n) {
  std::vector<std::string> names;
  for (int i = 0; i < n; ++i) names.push_back(absl::StrCat(prefix, "-", i));
  return names;
}

google::rpc::ErrorInfo Info(const google::rpc::Status& status) {
  google::rpc::ErrorInfo info;
  for (const auto& detail : status.details()) {
    if (detail.UnpackTo(&info)) break;
  }
  return info;
}

class ReplicasBulkTest : public ReplicasFixture {
 protected:
  void AddDataJob(const std::string& id, bool upsert = false) {
    json body = {{"jobId", id}, {"object", "Company"}};
    if (upsert) {
      body["operation"] = "upsert";
      body["keys"] = {"Name"};
    }
    auto res =
        Sandbox().Post("/__sandbox/bulk-jobs", body.dump(), "application/json");
    ASSERT_TRUE(res && res->status == 200) << (res ? res->body : "no answer");
  }

  void AddFault(const json& fault) {
    auto res =
        Sandbox().Post("/__sandbox/faults", fault.dump(), "application/json");
    ASSERT_TRUE(res && res->status == 200) << (res ? res->body : "no answer");
  }

  // Calls the sandbox answered, to paths starting with `prefix`.
  std::vector<json> Answered(const std::string& method,
                             const std::string& prefix) {
    auto res = Sandbox().Get("/__sandbox/calls");
    EXPECT_TRUE(res && res->status == 200);
    std::vector<json> out;
    if (!res) return out;
    for (const json& c : json::parse(res->body)) {
      if (c["method"] != method) continue;
      if (c["path"].get<std::string>().rfind(prefix, 0) != 0) continue;
      if (c["status"].is_number() && c["status"] == 200) out.push_back(c);
    }
    return out;
  }

  // Every value of `field` in the sandbox's `object` records.
  std::multiset<std::string> Stored(const std::string& object,
                                    const std::string& field) {
    std::multiset<std::string> values;
    json body = {{"select", {field}}, {"limit", 5000}};
    auto res = Sandbox().Post(
        absl::StrCat("/v1/data/objects/query/", object).c_str(),
        {{"accesskey", kSandboxKey}}, body.dump(), "application/json");
    EXPECT_TRUE(res && res->status == 200) << (res ? res->body : "");
    if (!res || res->status != 200) return values;
    const json answer = json::parse(res->body);
    for (const json& r : answer["data"]["records"]) {
      values.insert(r[field].get<std::string>());
    }
    return values;
  }

  std::pair<grpc::Status, Job> Import(
      const std::shared_ptr<grpc::Channel>& channel,
      const std::vector<std::string>& values, const std::string& data_job,
      gainsight::v1::ImportDelivery delivery =
          gainsight::v1::IMPORT_DELIVERY_UNSPECIFIED,
      const std::string& object = "Company") {
    auto stub = BulkService::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
    gainsight::v1::StartImportResponse response;
    auto writer = stub->StartImport(&context, &response);
    gainsight::v1::StartImportRequest header;
    header.mutable_header()->set_object_name(object);
    header.mutable_header()->set_connector_job_id(data_job);
    header.mutable_header()->add_columns(object == "Person" ? "Email" : "Name");
    header.mutable_header()->set_delivery(delivery);
    writer->Write(header);
    gainsight::v1::StartImportRequest rows;
    for (const std::string& value : values) {
      google::protobuf::Value v;
      v.set_string_value(value);
      (*rows.mutable_rows()
            ->add_rows()
            ->mutable_fields())[object == "Person" ? "Email" : "Name"] = v;
    }
    writer->Write(rows);
    writer->WritesDone();
    grpc::Status status = writer->Finish();
    return {status, response.job()};
  }

  // The job as `channel` reads it (any replica answers from the store);
  // UNAVAILABLE (a replica restarting) is tried again.
  Job Get(const std::shared_ptr<grpc::Channel>& channel,
          const std::string& id) {
    auto stub = BulkService::NewStub(channel);
    for (int attempt = 0;; ++attempt) {
      grpc::ClientContext context;
      context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
      gainsight::v1::GetJobRequest request;
      request.set_id(id);
      gainsight::v1::GetJobResponse response;
      grpc::Status status = stub->GetJob(&context, request, &response);
      if (status.ok()) return response.job();
      if (status.error_code() != grpc::StatusCode::UNAVAILABLE ||
          attempt > 50) {
        ADD_FAILURE() << id << ": " << status.error_message();
        return Job();
      }
      absl::SleepFor(absl::Milliseconds(100));
    }
  }

  Job WaitEnded(const std::shared_ptr<grpc::Channel>& channel,
                const std::string& id, absl::Duration timeout) {
    Job job;
    EXPECT_TRUE(PollUntil(
        [&] {
          job = Get(channel, id);
          return Ended(job);
        },
        timeout))
        << id << " is still " << gainsight::v1::JobState_Name(job.state());
    return job;
  }

  int AcceptedParts(const std::shared_ptr<grpc::Channel>& channel,
                    const std::vector<std::string>& ids) {
    int accepted = 0;
    for (const std::string& id : ids) {
      const Job job = Get(channel, id);
      for (const auto& part : job.parts()) {
        if (!part.gainsight_status_id().empty()) accepted++;
      }
    }
    return accepted;
  }
};

TEST_F(ReplicasBulkTest, AnotherReplicaFinishesTheJobsOfAReplicaKilledMidJob) {
  // Four uploads every 8 s: the first four go out at once, then none for a
  // while, a quiet moment to kill the replica running the jobs.
  ASSERT_NO_FATAL_FAILURE(StartReplicas(
      "sync=1000/1s;bulk=4/8s", {{"GATEWAY_BULK_LEASE_TTL", "3s"},
                                 {"GATEWAY_BULK_POLL_INTERVAL", "200ms"},
                                 {"GATEWAY_BULK_PART_BYTES", "1024"}}));
  ASSERT_NO_FATAL_FAILURE(AddDataJob("company-insert"));
  std::vector<std::string> ids;
  std::multiset<std::string> expected;
  int parts = 0;
  for (int j = 0; j < 3; ++j) {
    // Over four parts each: the first four uploads end no job.
    std::vector<std::string> names = Names(absl::StrCat("Killed", j), 400);
    expected.insert(names.begin(), names.end());
    auto [status, job] = Import(Channel(0), names, "company-insert");
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_GT(job.parts_size(), 4);
    parts += job.parts_size();
    ids.push_back(job.id());
  }
  ASSERT_TRUE(PollUntil([&] { return AcceptedParts(Channel(1), ids) >= 4; },
                        absl::Seconds(30)));
  for (const std::string& id : ids) {
    const Job job = Get(Channel(1), id);
    EXPECT_EQ(job.runner(), "replica-1") << id;
    EXPECT_FALSE(Ended(job)) << id;
  }
  ASSERT_EQ(kill(replicas_[0].pid, SIGKILL), 0);

  for (const std::string& id : ids) {
    const Job done = WaitEnded(Channel(1), id, absl::Minutes(2));
    EXPECT_EQ(done.state(), gainsight::v1::JOB_STATE_COMPLETED)
        << id << " " << done.error().message();
    EXPECT_EQ(done.succeeded_rows(), 400) << id;
  }
  EXPECT_EQ(Stored("Company", "Name"), expected) << "every row exactly once";
  EXPECT_EQ(static_cast<int>(Answered("POST", kUpload).size()), parts)
      << "every part uploaded once";
}

class ReplicasRolloutTest : public ReplicasBulkTest,
                            public ::testing::WithParamInterface<std::string> {
};

TEST_P(ReplicasRolloutTest,
       ARollingRestartWithTwentyQueuedJobsLoadsEveryRowOnce) {
  ASSERT_NO_FATAL_FAILURE(
      StartReplicas("sync=1000/1s;bulk=4/3s",
                    {{"GATEWAY_BULK_LEASE_TTL", "3s"},
                     {"GATEWAY_BULK_POLL_INTERVAL", "200ms"}},
                    {"--spool", GetParam()}));
  ASSERT_NO_FATAL_FAILURE(AddDataJob("company-insert"));
  std::vector<std::string> ids;
  std::multiset<std::string> expected;
  auto balanced = BalancedChannel();
  for (int j = 0; j < 20; ++j) {
    std::vector<std::string> names = Names(absl::StrCat("Rolled", j), 5);
    expected.insert(names.begin(), names.end());
    auto [status, job] = Import(balanced, names, "company-insert");
    ASSERT_TRUE(status.ok()) << status.error_message();
    ids.push_back(job.id());
  }
  int queued = 0;
  std::set<std::string> runners;
  for (const std::string& id : ids) {
    const Job job = Get(balanced, id);
    if (job.state() == gainsight::v1::JOB_STATE_QUEUED) queued++;
    runners.insert(job.runner());
  }
  EXPECT_GE(queued, 10) << "most jobs wait for budget";
  EXPECT_GE(runners.size(), 2u) << "the jobs are spread over the replicas";

  ASSERT_NO_FATAL_FAILURE(RollingRestart());

  for (const std::string& id : ids) {
    const Job done = WaitEnded(balanced, id, absl::Minutes(2));
    EXPECT_EQ(done.state(), gainsight::v1::JOB_STATE_COMPLETED)
        << id << " " << done.error().message();
  }
  EXPECT_EQ(Stored("Company", "Name"), expected) << "every row exactly once";
  EXPECT_EQ(Answered("POST", kUpload).size(), 20u);
}

INSTANTIATE_TEST_SUITE_P(Spools, ReplicasRolloutTest,
                         ::testing::Values("shared", "per-replica"),
                         [](const auto& info) {
                           return info.param == "shared" ? "Shared"
                                                         : "PerReplica";
                         });

TEST_F(ReplicasBulkTest,
       UploadsThatTimeOutAfterTheSandboxGotThemLoadNothingTwice) {
  ASSERT_NO_FATAL_FAILURE(StartReplicas(
      "sync=1000/1s;bulk=100/1s", {{"GATEWAY_UPSTREAM_TIMEOUT", "1s"},
                                   {"GATEWAY_BULK_UPLOAD_RATE", "1000000000"},
                                   {"GATEWAY_BULK_POLL_INTERVAL", "200ms"}}));
  ASSERT_NO_FATAL_FAILURE(AddDataJob("company-insert"));
  ASSERT_NO_FATAL_FAILURE(AddDataJob("company-upsert", /*upsert=*/true));
  // The sandbox loads the rows, then answers after the gateway gave up.
  const json late_answer = {{"delay_ms", 3000},
                            {"count", 1},
                            {"method", "POST"},
                            {"path_prefix", kUpload}};

  // Exactly once (the default): the part fails, naming the rows that may
  // have loaded; nothing is sent again.
  ASSERT_NO_FATAL_FAILURE(AddFault(late_answer));
  auto [s1, once] = Import(Channel(0), {"Once-1", "Once-2"}, "company-insert");
  ASSERT_TRUE(s1.ok()) << s1.error_message();
  const Job failed = WaitEnded(Channel(1), once.id(), absl::Seconds(60));
  EXPECT_EQ(failed.state(), gainsight::v1::JOB_STATE_FAILED);
  ASSERT_EQ(failed.parts_size(), 1);
  EXPECT_TRUE(failed.parts(0).outcome_unknown());
  const google::rpc::ErrorInfo info = Info(failed.parts(0).error());
  EXPECT_EQ(info.reason(), "UPLOAD_OUTCOME_UNKNOWN");
  EXPECT_EQ(info.metadata().at("first_row"), "1");
  EXPECT_EQ(info.metadata().at("last_row"), "2");
  EXPECT_THAT(failed.parts(0).error().message(), HasSubstr("rows 1-2"));
  EXPECT_EQ(Answered("POST", kUpload).size(), 1u);

  // At least once, into a data job that upserts: sent again, loaded once.
  ASSERT_NO_FATAL_FAILURE(AddFault(late_answer));
  auto [s2, twice] =
      Import(Channel(1), {"Twice-1", "Twice-2"}, "company-upsert",
             gainsight::v1::IMPORT_DELIVERY_AT_LEAST_ONCE);
  ASSERT_TRUE(s2.ok()) << s2.error_message();
  const Job resent = WaitEnded(Channel(2), twice.id(), absl::Seconds(60));
  EXPECT_EQ(resent.state(), gainsight::v1::JOB_STATE_COMPLETED)
      << resent.error().message();
  EXPECT_EQ(resent.parts(0).upload_attempts(), 2);

  // People are upserted by Email: the gateway sends them again itself.
  ASSERT_NO_FATAL_FAILURE(AddFault({{"delay_ms", 3000},
                                    {"count", 1},
                                    {"method", "PUT"},
                                    {"path_prefix", kPeopleUpload}}));
  auto [s3, people] =
      Import(Channel(2), {"ann@acme.example", "bo@acme.example"}, "",
             gainsight::v1::IMPORT_DELIVERY_UNSPECIFIED, "Person");
  ASSERT_TRUE(s3.ok()) << s3.error_message();
  const Job upserted = WaitEnded(Channel(0), people.id(), absl::Seconds(60));
  EXPECT_EQ(upserted.state(), gainsight::v1::JOB_STATE_COMPLETED)
      << upserted.error().message();
  EXPECT_EQ(Answered("PUT", kPeopleUpload).size(), 2u);

  EXPECT_EQ(
      Stored("Company", "Name"),
      (std::multiset<std::string>{"Once-1", "Once-2", "Twice-1", "Twice-2"}))
      << "every row exactly once";
  EXPECT_EQ(
      Stored("Person", "Email"),
      (std::multiset<std::string>{"ann@acme.example", "bo@acme.example"}));
}

TEST_F(ReplicasBulkTest, AFullSpoolRefusesNewImportsAndTheRunningOnesFinish) {
  // One upload every 4 s keeps the filler waiting in a spool of 10 kB that
  // every replica shares (full with less than a tenth left).
  ASSERT_NO_FATAL_FAILURE(StartReplicas(
      "sync=1000/1s;bulk=1/4s", {{"GATEWAY_BULK_SPOOL_QUOTA_BYTES", "10000"},
                                 {"GATEWAY_BULK_IMPORT_MAX_BYTES", "9800"},
                                 {"GATEWAY_BULK_POLL_INTERVAL", "200ms"}}));
  ASSERT_NO_FATAL_FAILURE(AddDataJob("company-insert"));
  auto [s0, spender] = Import(Channel(0), {"Spender"}, "company-insert");
  ASSERT_TRUE(s0.ok()) << s0.error_message();
  std::vector<std::string> filler_names;
  for (int i = 0; i < 400; ++i) {
    filler_names.push_back(absl::StrFormat("Fill row number %05d", i));
  }
  auto [s1, filler] = Import(Channel(1), filler_names, "company-insert");
  ASSERT_TRUE(s1.ok()) << s1.error_message();
  EXPECT_EQ(Get(Channel(1), filler.id()).state(),
            gainsight::v1::JOB_STATE_QUEUED);
  // Full for every replica: the spool is one directory.
  for (int i = 0; i < kReplicas; ++i) {
    auto [full, none] = Import(Channel(i), {"Late"}, "company-insert");
    EXPECT_EQ(full.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << i;
    EXPECT_THAT(full.error_message(), HasSubstr("--bulk-spool-quota-bytes"));
    EXPECT_TRUE(none.id().empty());
  }
  for (const std::string& id : {spender.id(), filler.id()}) {
    EXPECT_EQ(WaitEnded(Channel(2), id, absl::Seconds(60)).state(),
              gainsight::v1::JOB_STATE_COMPLETED);
  }
  // The rows are gone from the spool with their jobs: room again.
  auto [s2, after] = Import(Channel(2), {"After"}, "company-insert");
  ASSERT_TRUE(s2.ok()) << s2.error_message();
  EXPECT_EQ(WaitEnded(Channel(0), after.id(), absl::Seconds(60)).state(),
            gainsight::v1::JOB_STATE_COMPLETED);
  std::multiset<std::string> expected(filler_names.begin(), filler_names.end());
  expected.insert("Spender");
  expected.insert("After");
  EXPECT_EQ(Stored("Company", "Name"), expected) << "every row exactly once";
}

}  // namespace
}  // namespace gg
