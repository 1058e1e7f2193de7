#include "api/watch_job_reactor.h"

#include <utility>

#include "common/status_details.h"
#include "google/protobuf/util/time_util.h"

namespace gg {
namespace {

int64_t UpdateMs(const gainsight::v1::Job& job) {
  return google::protobuf::util::TimeUtil::TimestampToMilliseconds(
      job.update_time());
}

}  // namespace

WatchJobReactor::WatchJobReactor(JobRunner* runner, const std::string& id)
    : runner_(runner), shared_(std::make_shared<Shared>()) {
  {
    absl::MutexLock lock(&shared_->mu);
    shared_->reactor = this;
  }
  // Listen first, then read: no change can fall between the two.
  std::shared_ptr<Shared> shared = shared_;
  JobRunner::Watcher watcher;
  watcher.on_change = [shared](const gainsight::v1::Job& job) {
    absl::MutexLock lock(&shared->mu);
    if (shared->reactor != nullptr) shared->reactor->Offer(job);
  };
  watcher.on_stop = [shared] {
    absl::MutexLock lock(&shared->mu);
    if (shared->reactor != nullptr) shared->reactor->Stop();
  };
  token_ = runner_->Watch(id, std::move(watcher));
  absl::StatusOr<gainsight::v1::Job> job = runner_->Get(id);
  if (!job.ok()) {
    {
      absl::MutexLock lock(&mu_);
      finished_ = true;
    }
    Finish(ToGrpcStatus(job.status()));
    return;
  }
  Offer(*job);
}

// gRPC calls (StartWrite, Finish) are made outside mu_: a reaction may run
// on the calling thread.
void WatchJobReactor::Offer(const gainsight::v1::Job& job) {
  bool write = false;
  {
    absl::MutexLock lock(&mu_);
    if (finished_) return;
    const int64_t update_ms = UpdateMs(job);
    const int64_t pending_ms = pending_.has_value() ? UpdateMs(*pending_) : -1;
    // Snapshots may arrive out of order: keep the newest.
    if (update_ms < last_update_ms_ || update_ms < pending_ms) return;
    if (update_ms == last_update_ms_ && job.state() == last_state_ &&
        !pending_.has_value()) {
      return;  // nothing new
    }
    pending_ = job;
    write = TakePendingLocked();
  }
  if (write) StartWrite(&out_);
}

bool WatchJobReactor::TakePendingLocked() {
  if (writing_ || finished_ || !pending_.has_value()) return false;
  *out_.mutable_job() = *std::move(pending_);
  pending_.reset();
  last_update_ms_ = UpdateMs(out_.job());
  last_state_ = out_.job().state();
  writing_ = true;
  return true;
}

void WatchJobReactor::OnWriteDone(bool ok) {
  std::optional<grpc::Status> finish;
  bool write = false;
  {
    absl::MutexLock lock(&mu_);
    writing_ = false;
    if (finished_) return;
    if (!ok) {
      finished_ = true;
      finish =
          grpc::Status(grpc::StatusCode::CANCELLED, "the client went away");
    } else if (JobRunner::IsTerminal(last_state_)) {
      finished_ = true;
      finish = grpc::Status::OK;
    } else {
      write = TakePendingLocked();
    }
  }
  if (finish.has_value()) Finish(*finish);
  if (write) StartWrite(&out_);
}

void WatchJobReactor::Stop() {
  {
    absl::MutexLock lock(&mu_);
    if (finished_) return;
    finished_ = true;
  }
  // UNAVAILABLE: clients watch again, and reach a replica that runs on.
  Finish(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                      "this gateway replica is stopping; watch the job again"));
}

void WatchJobReactor::OnCancel() {
  {
    absl::MutexLock lock(&mu_);
    if (finished_) return;
    finished_ = true;
  }
  Finish(grpc::Status(grpc::StatusCode::CANCELLED, "watch cancelled"));
}

void WatchJobReactor::OnDone() {
  runner_->Unwatch(token_);
  {
    absl::MutexLock lock(&shared_->mu);
    shared_->reactor = nullptr;
  }
  delete this;
}

}  // namespace gg
