// Runs import jobs to the end, on any replica: uploads each spooled part
// (admitted by the limiter's bulk class, so a job waits in QUEUED while no
// async slot is free), then polls Gainsight's status of each upload with
// backoff until every part is terminal.
//
// - Every change is stored before it is announced or acted on; a change the
//   store refuses is retried, and nothing is sent meanwhile.
// - A replica holds each job it runs by a lease in the job store, renewed
//   every third of its time; a replica that loses a lease stops the job, and
//   any replica takes over a job whose lease lapsed (its holder died).
// - An upload is marked "outcome unknown" in the store before it is sent, so
//   whoever resumes a job knows which uploads may have loaded: they are not
//   sent again unless that loads nothing twice (see ImportDelivery).
// - All time comes from the Clock and every wait goes through the Scheduler.
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
#include "common/clock.h"
#include "common/scheduler.h"
#include "gainsight/client.h"
#include "gainsight/v1/bulk.pb.h"
#include "jobs/import_spool.h"
#include "jobs/job_store.h"
#include "quota/limiter.h"

namespace gg {

class JobRunner {
 public:
  struct Options {
    // Where the spooled parts are (see ImportSpoolWriter).
    std::string spool_dir;
    // This replica's name: the holder of the leases it takes.
    std::string replica_id = "local";
    // Every replica reads `spool_dir` (else a stopping replica hands the
    // rows of its unfinished jobs over through the store).
    bool spool_shared = false;
    // A lease lasts this long unless renewed (every third of it); the same
    // period drives takeovers of lapsed jobs.
    absl::Duration lease_ttl = absl::Seconds(30);
    // First wait before a status poll; doubles up to `max_poll_interval`.
    absl::Duration poll_interval = absl::Seconds(5);
    absl::Duration max_poll_interval = absl::Minutes(2);
    // A part whose status stays unfinished this long after its upload fails.
    absl::Duration status_timeout = absl::Hours(24);
    // Wait before an upload is tried again.
    absl::Duration upload_retry = absl::Seconds(30);
    // Uploads of one part at most.
    int max_upload_attempts = 3;
    // An upload of N bytes may take upload_timeout + N / upload_rate.
    absl::Duration upload_timeout = absl::Seconds(30);
    int64_t upload_rate = 1000000;  // bytes per second
    // Wait before a change the store refused is stored again.
    absl::Duration store_retry = absl::Seconds(1);
    // How often a job another replica runs is read from the store while
    // someone here watches it.
    absl::Duration remote_poll_interval = absl::Seconds(1);
    // How often ended jobs past their retention are forgotten and the spool
    // is swept.
    absl::Duration housekeeping_interval = absl::Hours(1);
    // Most row errors kept on one job.
    int max_row_errors = 1000;
    // Where job states are counted (gainsight_bulk_jobs,
    // gainsight_bulk_job_transitions_total); null: nowhere.
    Metrics* metrics = nullptr;
  };
  // A watcher: `on_change` gets the job after each change (on an internal
  // thread); `on_stop` runs once if this replica stops while watched.
  struct Watcher {
    std::function<void(const gainsight::v1::Job&)> on_change;
    std::function<void()> on_stop;
  };

  // `limiter` (may be null) explains the wait of queued jobs.
  JobRunner(Options options, JobStore* store, GainsightClient* client,
            Limiter* limiter, Scheduler* scheduler, Clock* clock);
  ~JobRunner();  // stops: nothing runs after it returns but stored state

  // Stores a new QUEUED job for `parts`, held by this replica, and starts
  // it. `job` carries the header fields and total_rows. A job the store
  // refuses is not started, and the error is returned.
  absl::StatusOr<gainsight::v1::Job> Create(
      gainsight::v1::Job job, const std::vector<SpooledPart>& parts);

  // Sweeps the spool, resumes the unfinished jobs this replica can run (the
  // ones nobody holds), and from then on renews leases and takes over lapsed
  // jobs every third of the lease time.
  absl::Status Start();

  // The job; a QUEUED one with `wait` set.
  absl::StatusOr<gainsight::v1::Job> Get(absl::string_view id);
  absl::StatusOr<std::vector<gainsight::v1::Job>> List();
  // CancelJob (see bulk.proto). FAILED_PRECONDITION when the job ended.
  absl::StatusOr<gainsight::v1::Job> Cancel(absl::string_view id);

  // Returns a token for Unwatch.
  int64_t Watch(absl::string_view id, Watcher watcher);
  void Unwatch(int64_t token);

  // Stops taking work for a replica shutdown: uploads not yet sent are not
  // sent, an upload in flight gets until `deadline` for its answer, the
  // rows of unsent parts are handed over through the store (when the spool
  // is this replica's own), leases are released so that others take over,
  // and watchers are told to go elsewhere.
  void Drain(absl::Time deadline);

  static bool IsTerminal(gainsight::v1::JobState state);

 private:
  struct Core;
  std::shared_ptr<Core> core_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_JOBS_JOB_RUNNER_H_
