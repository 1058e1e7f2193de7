// The WatchJob stream: the job's current snapshot at once, then one per
// change (the newest, when several came during one write), ending after the
// first snapshot in a terminal state, or with UNAVAILABLE when this replica
// stops (the client watches again elsewhere).
#ifndef GAINSIGHT_GATEWAY_SERVER_API_WATCH_JOB_REACTOR_H_
#define GAINSIGHT_GATEWAY_SERVER_API_WATCH_JOB_REACTOR_H_

#include <memory>
#include <optional>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "gainsight/v1/bulk.grpc.pb.h"
#include "jobs/job_runner.h"

namespace gg {

class WatchJobReactor
    : public grpc::ServerWriteReactor<gainsight::v1::WatchJobResponse> {
 public:
  // Starts watching `id` (known to exist in `runner`).
  WatchJobReactor(JobRunner* runner, const std::string& id);

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  // Shared with the runner's listener, which may outlive the reactor.
  struct Shared {
    absl::Mutex mu;
    WatchJobReactor* reactor ABSL_GUARDED_BY(mu) = nullptr;
  };
  void Offer(const gainsight::v1::Job& job);
  // The runner stops on this replica (a drain).
  void Stop();
  // Moves the pending snapshot into out_ when no write is in flight; true
  // when the caller must then StartWrite(&out_).
  bool TakePendingLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  JobRunner* const runner_;
  std::shared_ptr<Shared> shared_;
  int64_t token_ = 0;

  absl::Mutex mu_;
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  // update_time of the last snapshot taken, in ms since the epoch.
  int64_t last_update_ms_ ABSL_GUARDED_BY(mu_) = -1;
  gainsight::v1::JobState last_state_ ABSL_GUARDED_BY(mu_) =
      gainsight::v1::JOB_STATE_UNSPECIFIED;
  std::optional<gainsight::v1::Job> pending_ ABSL_GUARDED_BY(mu_);
  // Written by the one write in flight.
  gainsight::v1::WatchJobResponse out_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_API_WATCH_JOB_REACTOR_H_
