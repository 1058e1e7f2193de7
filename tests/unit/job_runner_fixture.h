// The job runner's test fixture: a scripted Gainsight, simulated time, an
// in-memory job store with leases, and a spool of parts.
#ifndef GG_TESTS_UNIT_JOB_RUNNER_FIXTURE_H_
#define GG_TESTS_UNIT_JOB_RUNNER_FIXTURE_H_

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_details.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "http/http_client.h"
#include "jobs/import_spool.h"
#include "jobs/job_runner.h"
#include "jobs/job_state.h"
#include "tests/support/client_harness.h"
#include "tests/support/fake_job_store.h"
#include "tests/support/temp_dir.h"

namespace gg::testing {

using gainsight::v1::Job;
using gainsight::v1::JobState;

inline constexpr char kUpload[] = "/v1.0/admin/connector/job/bulkimport";
inline constexpr char kPeopleUpload[] = "/v1/peoplemgmt/v1.0/people/async";
inline constexpr absl::Duration kPoll = absl::Seconds(5);
inline constexpr absl::Duration kLease = absl::Seconds(30);

inline std::string StatusPath(const std::string& id) {
  return absl::StrCat(kUpload, "/status/", id);
}

inline Json UploadStatus(const std::string& state, int succeeded = 0,
                         int failed = 0) {
  return {{"jobStatus", state},
          {"successCount", succeeded},
          {"failureCount", failed}};
}

class JobRunnerTest : public ::testing::Test {
 protected:
  explicit JobRunnerTest(const char* limits = "sync=100000/1m;bulk=100000/1h")
      : h_(limits, ClientOptions()), store_(&h_.clock()) {
    // Spool sweeps compare the clock with real file times.
    h_.clock().Set(absl::Now());
  }

  static GainsightClient::Options ClientOptions() {
    GainsightClient::Options options = ClientHarness::DefaultOptions();
    options.bulk_api = {"bulk-connection-key", "org-1", "ann@acme.example"};
    return options;
  }

  JobRunner::Options RunnerOptions(const std::string& replica,
                                   const std::string& spool_dir) {
    JobRunner::Options options;
    options.spool_dir = spool_dir;
    options.replica_id = replica;
    options.spool_shared = true;
    options.lease_ttl = kLease;
    options.poll_interval = kPoll;
    options.max_poll_interval = kPoll;
    options.upload_retry = absl::Seconds(30);
    options.status_timeout = absl::Hours(24);
    options.max_upload_attempts = 3;
    options.store_retry = absl::Seconds(1);
    options.metrics = &h_.metrics();
    return options;
  }

  // A started runner (it renews its leases, as the gateway's do).
  std::unique_ptr<JobRunner> NewRunner(const std::string& replica = "replica-a",
                                       bool start = true) {
    auto runner = std::make_unique<JobRunner>(
        RunnerOptions(replica, spool_.path()), &store_, h_.client(),
        &h_.limiter(), &h_.scheduler(), &h_.clock());
    if (start) {
      EXPECT_TRUE(runner->Start().ok());
    }
    return runner;
  }

  // Spools `parts` parts of two rows each for a new job.
  Job NewJob(int parts, const std::string& object = "Company",
             gainsight::v1::ImportDelivery delivery =
                 gainsight::v1::IMPORT_DELIVERY_EXACTLY_ONCE) {
    Job job;
    job.set_id(absl::StrCat("job-0000000000000000000", next_id_++));
    newest_id_ = job.id();
    job.set_object_name(object);
    if (object != "Person") job.set_connector_job_id("data-job-1");
    job.set_request_id("unit");
    job.set_delivery(delivery);
    job.set_total_rows(2 * parts);
    ImportSpoolWriter writer(spool_.path(), job.id(), 1 << 20, 2);
    writer.SetHeader(object == "Person" ? "Email,LastName" : "Name,Industry");
    for (int r = 0; r < 2 * parts; ++r) {
      EXPECT_TRUE(writer
                      .AddRow(object == "Person"
                                  ? absl::StrCat("p", r, "@acme.example,Doe")
                                  : absl::StrCat("Co ", r, ",Retail"))
                      .ok());
    }
    absl::StatusOr<std::vector<SpooledPart>> spooled = writer.Finish();
    EXPECT_TRUE(spooled.ok());
    parts_ = *spooled;
    return job;
  }

  // A job as a replica that stopped left it in the store: queued, its
  // parts NewJob's, part 0 accepted under status id "s0", the rest unsent.
  // The caller adjusts it before Seed.
  Job LeftByAStoppedReplica(int parts) {
    Job job = NewJob(parts);
    job.set_state(gainsight::v1::JOB_STATE_QUEUED);
    job.set_runner("replica-a");
    *job.mutable_create_time() = ToTimestamp(h_.clock().Now());
    for (int i = 0; i < parts; ++i) {
      auto* part = job.add_parts();
      part->set_index(i);
      part->set_first_row(parts_[i].first_row);
      part->set_row_count(parts_[i].row_count);
      part->set_state(gainsight::v1::JOB_STATE_QUEUED);
    }
    MarkAccepted(*job.mutable_parts(0), "s0", h_.clock().Now());
    job.mutable_parts(0)->set_upload_attempts(1);
    return job;
  }

  // The id of the job NewJob made last.
  const std::string& NewestJobId() const { return newest_id_; }

  Job Create(JobRunner& runner, Job job) {
    absl::StatusOr<Job> created = runner.Create(std::move(job), parts_);
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? *created : Job();
  }

  // Every snapshot announced for `id`.
  void Follow(JobRunner& runner, const std::string& id) {
    JobRunner::Watcher watcher;
    watcher.on_change = [this](const Job& job) { seen_.push_back(job); };
    runner.Watch(id, std::move(watcher));
  }
  std::vector<JobState> SeenStates() const {
    std::vector<JobState> states;
    for (const Job& job : seen_) {
      if (states.empty() || states.back() != job.state()) {
        states.push_back(job.state());
      }
    }
    return states;
  }

  // The next upload is accepted under `status_id`.
  void ExpectAccepted(const std::string& status_id) {
    h_.http()
        .Expect(HttpMethod::kPost, kUpload)
        .Answer(200, OkEnvelope({{"statusId", status_id}}));
  }
  // The next status read of `status_id` answers `status`.
  testing::ScriptedHttpClient::Expectation& ExpectStatus(
      const std::string& status_id, const Json& status) {
    return h_.http()
        .Expect(HttpMethod::kGet, StatusPath(status_id))
        .Answer(200, OkEnvelope(status));
  }

  Job Stored(const std::string& id) {
    absl::StatusOr<Job> job = store_.Get(id);
    EXPECT_TRUE(job.ok()) << job.status();
    return job.ok() ? *job : Job();
  }

  int Requests(const std::string& path) {
    int n = 0;
    for (const HttpRequest& r : h_.http().requests()) {
      if (testing::ScriptedHttpClient::PathOf(r.url) == path) n++;
    }
    return n;
  }

  bool SpoolHolds(const std::string& id) {
    for (const auto& entry :
         std::filesystem::directory_iterator(spool_.path())) {
      if (entry.path().filename().string().rfind(id, 0) == 0) return true;
    }
    return false;
  }

  static google::rpc::ErrorInfo Info(const google::rpc::Status& status) {
    google::rpc::ErrorInfo info;
    GetErrorInfo(FromRpcStatus(status), &info);
    return info;
  }
  static std::string Reason(const google::rpc::Status& status) {
    return Info(status).reason();
  }
  static std::map<std::string, std::string> Metadata(
      const google::rpc::Status& status) {
    google::rpc::ErrorInfo info = Info(status);
    return {info.metadata().begin(), info.metadata().end()};
  }

  ClientHarness h_;
  FakeJobStore store_;
  TempDir spool_;
  std::vector<SpooledPart> parts_;
  std::vector<Job> seen_;
  std::string newest_id_;
  int next_id_ = 1;
};

}  // namespace gg::testing

#endif  // GG_TESTS_UNIT_JOB_RUNNER_FIXTURE_H_
