// Runs import jobs to the end: uploads each spooled part through the Bulk
// API (admitted by the limiter's bulk class, so a job waits in QUEUED while
// no async slot is free), then polls Gainsight's status of each upload with
// backoff until every part is terminal. Every change is stored before it is
// announced, and Resume() picks up what a previous process left unfinished.
#ifndef GAINSIGHT_GATEWAY_SERVER_JOBS_JOB_RUNNER_H_
#define GAINSIGHT_GATEWAY_SERVER_JOBS_JOB_RUNNER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/scheduler.h"
#include "gainsight/client.h"
#include "gainsight/v1/bulk.pb.h"
#include "jobs/import_spool.h"
#include "jobs/job_store.h"

namespace gg {

class JobRunner {
 public:
  struct Options {
    // Where the spooled parts are (see ImportSpoolWriter).
    std::string spool_dir;
    // First wait before a status poll; doubles up to `max_poll_interval`.
    absl::Duration poll_interval = absl::Seconds(5);
    absl::Duration max_poll_interval = absl::Minutes(2);
    // Wait before an upload that failed transiently is tried again.
    absl::Duration upload_retry = absl::Seconds(30);
    // How often a job another replica runs is read from the store while
    // someone here watches it.
    absl::Duration remote_poll_interval = absl::Seconds(1);
    // Most row errors kept on one job.
    int max_row_errors = 1000;
  };
  using Listener = std::function<void(const gainsight::v1::Job&)>;

  JobRunner(Options options, JobStore* store, GainsightClient* client,
            Scheduler* scheduler);
  ~JobRunner();  // stops: nothing runs after it returns but stored state

  // Stores a new QUEUED job for `parts` and starts it. `job` carries the
  // header fields and total_rows.
  absl::StatusOr<gainsight::v1::Job> Create(
      gainsight::v1::Job job, const std::vector<SpooledPart>& parts);

  // Starts every stored job of this replica that is not terminal.
  absl::Status Resume();

  absl::StatusOr<gainsight::v1::Job> Get(absl::string_view id);
  absl::StatusOr<std::vector<gainsight::v1::Job>> List();

  // `listener` gets the job after each change, on an internal thread, until
  // Unwatch (a job another replica runs: as its stored state changes).
  // Returns a token.
  int64_t Watch(absl::string_view id, Listener listener);
  void Unwatch(int64_t token);

  static bool IsTerminal(gainsight::v1::JobState state);

 private:
  struct Core;
  std::shared_ptr<Core> core_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_JOBS_JOB_RUNNER_H_
