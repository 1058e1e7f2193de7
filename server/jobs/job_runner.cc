#include "jobs/job_runner.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/cancellation.h"
#include "common/status_details.h"
#include "google/protobuf/util/time_util.h"
#include "jobs/json_fields.h"
#include "jobs/upload_kind.h"
#include "observe/log.h"

namespace gg {
namespace {

using gainsight::v1::Job;
using gainsight::v1::JobPart;
using gainsight::v1::JobState;
using gainsight::v1::RowError;

google::protobuf::Timestamp Now() {
  return google::protobuf::util::TimeUtil::MillisecondsToTimestamp(
      absl::ToUnixMillis(absl::Now()));
}

// The job's state from its parts: the least advanced state of the parts that
// are not terminal; once all are, FAILED if any failed, else COMPLETED.
JobState OverallState(const Job& job) {
  JobState least = gainsight::v1::JOB_STATE_UNSPECIFIED;
  bool any_failed = job.has_error();
  for (const JobPart& part : job.parts()) {
    if (part.state() == gainsight::v1::JOB_STATE_FAILED) any_failed = true;
    if (JobRunner::IsTerminal(part.state())) continue;
    if (least == gainsight::v1::JOB_STATE_UNSPECIFIED || part.state() < least) {
      least = part.state();
    }
  }
  if (least != gainsight::v1::JOB_STATE_UNSPECIFIED) return least;
  return any_failed ? gainsight::v1::JOB_STATE_FAILED
                    : gainsight::v1::JOB_STATE_COMPLETED;
}

}  // namespace

bool JobRunner::IsTerminal(JobState state) {
  return state == gainsight::v1::JOB_STATE_COMPLETED ||
         state == gainsight::v1::JOB_STATE_FAILED;
}

struct JobRunner::Core : std::enable_shared_from_this<JobRunner::Core> {
  Core(Options o, JobStore* s, GainsightClient* c, Scheduler* sch)
      : options(std::move(o)), store(s), client(c), scheduler(sch) {}

  const Options options;
  JobStore* const store;
  GainsightClient* const client;
  Scheduler* const scheduler;
  const std::shared_ptr<CancellationToken> cancel = CancellationToken::Create();

  absl::Mutex mu;
  bool stopping ABSL_GUARDED_BY(mu) = false;
  // Jobs this process runs, by id.
  absl::flat_hash_map<std::string, Job> active ABSL_GUARDED_BY(mu);
  int64_t next_token ABSL_GUARDED_BY(mu) = 1;
  // Jobs another replica runs that someone watches here: the update time
  // (ms) of the last snapshot seen in the store.
  absl::flat_hash_map<std::string, int64_t> remote_watches ABSL_GUARDED_BY(mu);
  std::map<int64_t, std::pair<std::string, Listener>> listeners
      ABSL_GUARDED_BY(mu);

  // Recomputes the job's state, stores it and tells its listeners. Called
  // with `mu` held; the listeners run after it is released (see Notify).
  std::vector<Listener> Commit(Job& job) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    *job.mutable_update_time() = Now();
    job.set_state(OverallState(job));
    if (IsTerminal(job.state()) && !job.has_end_time()) {
      *job.mutable_end_time() = job.update_time();
    }
    if (absl::Status s = store->Put(job); !s.ok()) {
      Log(LogLevel::kError, "bulk_job_store_failed",
          {{"job", job.id()}, {"error", std::string(s.message())}});
    }
    std::vector<Listener> out;
    for (const auto& [token, entry] : listeners) {
      if (entry.first == job.id()) out.push_back(entry.second);
    }
    return out;
  }

  static void Notify(const std::vector<Listener>& to, const Job& job) {
    for (const Listener& listener : to) listener(job);
  }

  void Start(Job job) {
    std::vector<std::pair<int, int>> polls;  // (part, attempt)
    std::string id = job.id();
    {
      absl::MutexLock lock(&mu);
      if (stopping) return;
      for (const JobPart& part : job.parts()) {
        if (!part.gainsight_status_id().empty() && !IsTerminal(part.state())) {
          polls.emplace_back(part.index(), 0);
        }
      }
      active[id] = std::move(job);
    }
    for (auto [part, attempt] : polls) SchedulePoll(id, part, attempt);
    UploadNext(id);
  }

  // Uploads the first part that has not been accepted yet, if any.
  void UploadNext(const std::string& id) {
    Job job;
    int index = -1;
    {
      absl::MutexLock lock(&mu);
      if (stopping) return;
      auto it = active.find(id);
      if (it == active.end()) return;
      for (const JobPart& part : it->second.parts()) {
        if (part.state() == gainsight::v1::JOB_STATE_QUEUED ||
            part.state() == gainsight::v1::JOB_STATE_UPLOADING) {
          index = part.index();
          break;
        }
      }
      if (index < 0) return;
      job = it->second;
    }
    // Built outside the lock: a kind may read the part from disk.
    absl::StatusOr<GainsightCall> call =
        UploadKindFor(job.object_name())
            .UploadCall(job, job.parts(index),
                        absl::StrCat(options.spool_dir, "/", job.id(), ".part-",
                                     index, ".csv"));
    if (!call.ok()) {
      UpstreamOutcome failed;
      failed.status = call.status();
      OnUploaded(id, index, std::move(failed));
      return;
    }
    CallContext context;
    context.priority = Priority::kBatch;
    // A job's calls count against its owner's share (or the job's own).
    context.caller_id = job.owner().empty() ? job.id() : job.owner();
    context.request_id = job.request_id();
    context.cancel = cancel;
    std::weak_ptr<Core> weak = weak_from_this();
    context.on_sent = [weak, id, index] {
      if (auto core = weak.lock()) core->OnSent(id, index);
    };
    client->Call(*std::move(call), std::move(context),
                 [weak, id, index](UpstreamOutcome outcome) {
                   if (auto core = weak.lock()) {
                     core->OnUploaded(id, index, std::move(outcome));
                   }
                 });
  }

  void OnSent(const std::string& id, int index) {
    std::vector<Listener> to;
    Job snapshot;
    {
      absl::MutexLock lock(&mu);
      auto it = active.find(id);
      if (stopping || it == active.end()) return;
      JobPart* part = it->second.mutable_parts(index);
      if (part->state() != gainsight::v1::JOB_STATE_QUEUED) return;
      part->set_state(gainsight::v1::JOB_STATE_UPLOADING);
      to = Commit(it->second);
      snapshot = it->second;
    }
    Notify(to, snapshot);
  }

  void OnUploaded(const std::string& id, int index, UpstreamOutcome outcome) {
    if (outcome.status.code() == absl::StatusCode::kCancelled) return;
    std::vector<Listener> to;
    Job snapshot;
    bool next = false;
    bool retry = false;
    {
      absl::MutexLock lock(&mu);
      auto it = active.find(id);
      if (stopping || it == active.end()) return;
      Job& job = it->second;
      JobPart* part = job.mutable_parts(index);
      std::string status_id = JsonString(outcome.data, "statusId");
      if (outcome.status.ok() && !status_id.empty()) {
        part->set_gainsight_status_id(status_id);
        part->set_state(gainsight::v1::JOB_STATE_INIT);
        *part->mutable_upload_time() = Now();
        next = true;
      } else if (outcome.transient) {
        // Gainsight may not have seen it: send the part again later.
        part->set_state(gainsight::v1::JOB_STATE_QUEUED);
        retry = true;
      } else {
        absl::Status error = outcome.status.ok()
                                 ? absl::InternalError(
                                       "Gainsight accepted the upload without "
                                       "a status id")
                                 : outcome.status;
        *job.mutable_error() = ToRpcStatus(error);
        // The parts not uploaded yet would be refused alike.
        for (JobPart& other : *job.mutable_parts()) {
          if (other.gainsight_status_id().empty()) {
            other.set_state(gainsight::v1::JOB_STATE_FAILED);
          }
        }
        Log(LogLevel::kWarning, "bulk_upload_failed",
            {{"job", id},
             {"part", int64_t{index}},
             {"error", std::string(error.message())},
             {"request_id", job.request_id()}});
      }
      to = Commit(job);
      snapshot = job;
    }
    Notify(to, snapshot);
    if (next) {
      SchedulePoll(id, index, 0);
      UploadNext(id);
    } else if (retry) {
      std::weak_ptr<Core> weak = weak_from_this();
      scheduler->RunAt(absl::Now() + options.upload_retry, [weak, id] {
        if (auto core = weak.lock()) core->UploadNext(id);
      });
    }
  }

  void SchedulePoll(const std::string& id, int index, int attempt) {
    absl::Duration delay = options.poll_interval;
    for (int i = 0; i < attempt && delay < options.max_poll_interval; ++i) {
      delay *= 2;
    }
    delay = std::min(delay, options.max_poll_interval);
    std::weak_ptr<Core> weak = weak_from_this();
    scheduler->RunAt(absl::Now() + delay, [weak, id, index, attempt] {
      if (auto core = weak.lock()) core->Poll(id, index, attempt);
    });
  }

  void Poll(const std::string& id, int index, int attempt) {
    GainsightCall call;
    CallContext context;
    {
      absl::MutexLock lock(&mu);
      auto it = active.find(id);
      if (stopping || it == active.end()) return;
      const JobPart& part = it->second.parts(index);
      call = UploadKindFor(it->second.object_name())
                 .StatusCall(part.gainsight_status_id());
      context.priority = Priority::kBatch;
      context.caller_id = it->second.owner().empty() ? id : it->second.owner();
      context.request_id = it->second.request_id();
    }
    context.cancel = cancel;
    std::weak_ptr<Core> weak = weak_from_this();
    client->Call(std::move(call), std::move(context),
                 [weak, id, index, attempt](UpstreamOutcome outcome) {
                   if (auto core = weak.lock()) {
                     core->OnPolled(id, index, attempt, std::move(outcome));
                   }
                 });
  }

  void OnPolled(const std::string& id, int index, int attempt,
                UpstreamOutcome outcome) {
    if (outcome.status.code() == absl::StatusCode::kCancelled) return;
    std::vector<Listener> to;
    Job snapshot;
    bool again = true;
    {
      absl::MutexLock lock(&mu);
      auto it = active.find(id);
      if (stopping || it == active.end()) return;
      Job& job = it->second;
      JobPart* part = job.mutable_parts(index);
      if (outcome.status.code() == absl::StatusCode::kNotFound) {
        part->set_state(gainsight::v1::JOB_STATE_FAILED);
        *job.mutable_error() = ToRpcStatus(outcome.status);
        again = false;
      } else if (outcome.status.ok()) {
        UploadStatus status =
            UploadKindFor(job.object_name()).ParseStatus(outcome.data);
        if (status.state != gainsight::v1::JOB_STATE_UNSPECIFIED &&
            status.state != part->state()) {
          part->set_state(status.state);
          if (IsTerminal(status.state)) {
            AddResults(job, *part, status);
            again = false;
          }
        }
      }
      if (!outcome.status.ok() && again) {
        Log(LogLevel::kWarning, "bulk_status_failed",
            {{"job", id},
             {"part", int64_t{index}},
             {"error", std::string(outcome.status.message())}});
      }
      to = Commit(job);
      snapshot = job;
      if (IsTerminal(job.state())) {
        active.erase(it);
        RemoveSpool(options.spool_dir, id);
      }
    }
    Notify(to, snapshot);
    if (again) SchedulePoll(id, index, attempt + 1);
  }

  // Follows a job another replica runs by reading the store, while someone
  // here watches it.
  void PollRemote(const std::string& id) {
    absl::StatusOr<Job> job = store->Get(id);
    std::vector<Listener> to;
    bool again = true;
    {
      absl::MutexLock lock(&mu);
      auto it = remote_watches.find(id);
      if (stopping || it == remote_watches.end()) return;
      bool watched = false;
      for (const auto& [token, entry] : listeners) {
        if (entry.first != id) continue;
        watched = true;
        to.push_back(entry.second);
      }
      if (!watched) {
        remote_watches.erase(it);
        return;
      }
      if (job.ok()) {
        const int64_t update_ms =
            google::protobuf::util::TimeUtil::TimestampToMilliseconds(
                job->update_time());
        if (update_ms == it->second) to.clear();
        it->second = update_ms;
        if (IsTerminal(job->state())) {
          remote_watches.erase(it);
          again = false;
        }
      } else {
        to.clear();
      }
    }
    if (job.ok()) Notify(to, *job);
    if (!again) return;
    std::weak_ptr<Core> weak = weak_from_this();
    scheduler->RunAt(absl::Now() + options.remote_poll_interval, [weak, id] {
      if (auto core = weak.lock()) core->PollRemote(id);
    });
  }

  // Adds a finished part's counts and row errors to its job.
  void AddResults(Job& job, const JobPart& part, const UploadStatus& status) {
    job.set_succeeded_rows(job.succeeded_rows() + status.succeeded);
    job.set_failed_rows(job.failed_rows() + status.failed);
    for (const RowError& e : status.errors) {
      if (job.row_errors_size() >= options.max_row_errors) break;
      RowError* row = job.add_row_errors();
      *row = e;
      row->set_row(part.first_row() + e.row() - 1);
    }
  }
};

JobRunner::JobRunner(Options options, JobStore* store, GainsightClient* client,
                     Scheduler* scheduler)
    : core_(std::make_shared<Core>(std::move(options), store, client,
                                   scheduler)) {}

JobRunner::~JobRunner() {
  {
    absl::MutexLock lock(&core_->mu);
    core_->stopping = true;
    core_->listeners.clear();
  }
  core_->cancel->Cancel();
}

absl::StatusOr<Job> JobRunner::Create(Job job,
                                      const std::vector<SpooledPart>& parts) {
  job.set_state(gainsight::v1::JOB_STATE_QUEUED);
  *job.mutable_create_time() = Now();
  *job.mutable_update_time() = job.create_time();
  for (size_t i = 0; i < parts.size(); ++i) {
    JobPart* part = job.add_parts();
    part->set_index(static_cast<int>(i));
    part->set_first_row(parts[i].first_row);
    part->set_row_count(parts[i].row_count);
    part->set_state(gainsight::v1::JOB_STATE_QUEUED);
  }
  if (absl::Status s = core_->store->Put(job); !s.ok()) return s;
  Log(LogLevel::kInfo, "bulk_job_created",
      {{"job", job.id()},
       {"object", job.object_name()},
       {"rows", job.total_rows()},
       {"parts", int64_t{job.parts_size()}},
       {"request_id", job.request_id()}});
  core_->Start(job);
  return job;
}

absl::Status JobRunner::Resume() {
  absl::StatusOr<std::vector<Job>> jobs = core_->store->ListOwn();
  if (!jobs.ok()) return jobs.status();
  int resumed = 0;
  for (Job& job : *jobs) {
    if (IsTerminal(job.state())) continue;
    resumed++;
    core_->Start(std::move(job));
  }
  if (resumed > 0) {
    Log(LogLevel::kInfo, "bulk_jobs_resumed", {{"jobs", int64_t{resumed}}});
  }
  return absl::OkStatus();
}

absl::StatusOr<Job> JobRunner::Get(absl::string_view id) {
  {
    absl::MutexLock lock(&core_->mu);
    auto it = core_->active.find(id);
    if (it != core_->active.end()) return it->second;
  }
  return core_->store->Get(id);
}

absl::StatusOr<std::vector<Job>> JobRunner::List() {
  return core_->store->List();
}

int64_t JobRunner::Watch(absl::string_view id, Listener listener) {
  bool poll = false;
  int64_t token;
  {
    absl::MutexLock lock(&core_->mu);
    token = core_->next_token++;
    core_->listeners[token] = {std::string(id), std::move(listener)};
    if (!core_->active.contains(id) && !core_->remote_watches.contains(id)) {
      core_->remote_watches[std::string(id)] = -1;
      poll = true;
    }
  }
  if (poll) {
    std::weak_ptr<Core> weak = core_;
    std::string job_id(id);
    core_->scheduler->RunAt(absl::Now() + core_->options.remote_poll_interval,
                            [weak, job_id] {
                              if (auto core = weak.lock())
                                core->PollRemote(job_id);
                            });
  }
  return token;
}

void JobRunner::Unwatch(int64_t token) {
  absl::MutexLock lock(&core_->mu);
  core_->listeners.erase(token);
}

}  // namespace gg
