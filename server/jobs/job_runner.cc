#include "jobs/job_runner.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "common/cancellation.h"
#include "common/status_details.h"
#include "gainsight/bulk_wire.h"
#include "google/protobuf/util/message_differencer.h"
#include "jobs/job_state.h"
#include "jobs/job_wait.h"
#include "jobs/part_rows.h"
#include "jobs/spool_sweep.h"
#include "jobs/upload_kind.h"
#include "jobs/upload_outcome.h"
#include "observe/log.h"
#include "observe/metric_names.h"

namespace gg {
namespace {

using gainsight::v1::Job;
using gainsight::v1::JobPart;
using gainsight::v1::JobState;

// A change to tell watchers about, once the lock is released.
struct Announcement {
  std::vector<std::function<void(const Job&)>> to;
  Job job;
};

int64_t UpdateMs(const Job& job) {
  return absl::ToUnixMillis(FromTimestamp(job.update_time()));
}

std::string StateName(JobState state) {
  return gainsight::v1::JobState_Name(state);
}

// "JOB_STATE_IN_PROGRESS" -> "in_progress", for metric labels.
std::string StateLabel(JobState state) {
  return absl::AsciiStrToLower(
      absl::StripPrefix(StateName(state), "JOB_STATE_"));
}

// The states of a job that has not ended.
constexpr JobState kRunningStates[] = {
    gainsight::v1::JOB_STATE_QUEUED, gainsight::v1::JOB_STATE_UPLOADING,
    gainsight::v1::JOB_STATE_INIT, gainsight::v1::JOB_STATE_IN_PROGRESS};

void CountTransition(Metrics* metrics, JobState to) {
  if (metrics == nullptr) return;
  metrics->Add(metric::kBulkJobTransitions, {{"state", StateLabel(to)}});
}

}  // namespace

bool JobRunner::IsTerminal(JobState state) { return gg::IsTerminal(state); }

struct JobRunner::Core : std::enable_shared_from_this<JobRunner::Core> {
  Core(Options o, JobStore* s, GainsightClient* c, Limiter* l, Scheduler* sch,
       Clock* clk)
      : options(std::move(o)),
        store(s),
        client(c),
        limiter(l),
        scheduler(sch),
        clock(clk) {}

  // A job this replica runs (holds the lease of).
  struct Active {
    Job job;  // as stored, plus the changes the store refused while `dirty`
    uint64_t generation = 0;  // callbacks of an earlier run are ignored
    bool dirty = false;
    bool persist_scheduled = false;
    int upload = -1;           // the part whose upload call is outstanding
    bool upload_sent = false;  // ... and whose request went out
    // The part's `outcome_unknown` before this upload was marked sent (an
    // earlier upload's outcome may still be unknown).
    bool unknown_before_send = false;
    std::shared_ptr<CancellationToken> upload_cancel;
    bool upload_scheduled = false;  // an upload retry timer is pending
    // The job's state as this replica last stored it.
    JobState stored_state = gainsight::v1::JOB_STATE_UNSPECIFIED;
  };

  const Options options;
  JobStore* const store;
  GainsightClient* const client;
  Limiter* const limiter;
  Scheduler* const scheduler;
  Clock* const clock;
  // Status polls; at the end, everything.
  const std::shared_ptr<CancellationToken> cancel = CancellationToken::Create();

  absl::Mutex mu;
  bool draining ABSL_GUARDED_BY(mu) = false;
  bool stopped ABSL_GUARDED_BY(mu) = false;
  uint64_t next_generation ABSL_GUARDED_BY(mu) = 1;
  absl::flat_hash_map<std::string, Active> active ABSL_GUARDED_BY(mu);
  int64_t next_token ABSL_GUARDED_BY(mu) = 1;
  std::map<int64_t, std::pair<std::string, Watcher>> watchers
      ABSL_GUARDED_BY(mu);
  // Jobs run elsewhere that someone here watches: the update time (ms) of
  // the last snapshot seen.
  absl::flat_hash_map<std::string, int64_t> remote_watches ABSL_GUARDED_BY(mu);
  absl::Time next_housekeeping ABSL_GUARDED_BY(mu) = absl::InfinitePast();
  // Upload admissions to cancel once `mu` is released (cancelling runs the
  // upload's callback, which takes `mu`).
  std::vector<std::shared_ptr<CancellationToken>> to_cancel ABSL_GUARDED_BY(mu);

  // Cancels an unsent upload's admission, after the lock is released.
  void CancelUnsentUpload(Active& a) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    if (a.upload_cancel != nullptr && !a.upload_sent) {
      to_cancel.push_back(a.upload_cancel);
    }
  }

  void FlushCancels() {
    std::vector<std::shared_ptr<CancellationToken>> tokens;
    {
      absl::MutexLock lock(&mu);
      tokens.swap(to_cancel);
    }
    for (const auto& token : tokens) token->Cancel();
  }

  Active* Find(const std::string& id, uint64_t generation)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    auto it = active.find(id);
    if (it == active.end() || it->second.generation != generation) {
      return nullptr;
    }
    return &it->second;
  }

  std::vector<std::function<void(const Job&)>> ChangeWatchersOf(
      const std::string& id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    std::vector<std::function<void(const Job&)>> out;
    for (const auto& [token, entry] : watchers) {
      if (entry.first == id && entry.second.on_change) {
        out.push_back(entry.second.on_change);
      }
    }
    return out;
  }

  // ---- Storing and announcing -------------------------------------------

  // Stores the job's changes. Stored: the announcement; a terminal job is
  // then done here (its files removed). Not stored: the job stays dirty and
  // is stored again later, or is dropped when its lease is gone.
  std::optional<Announcement> Commit(const std::string& id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    auto it = active.find(id);
    if (it == active.end()) return std::nullopt;
    Active& a = it->second;
    Job& job = a.job;
    *job.mutable_update_time() = ToTimestamp(clock->Now());
    job.set_state(OverallState(job));
    job.set_runner(options.replica_id);
    job.clear_wait();
    const bool ended = gg::IsTerminal(job.state());
    if (ended) {
      if (!job.has_end_time()) *job.mutable_end_time() = job.update_time();
      job.clear_runner();
    }
    absl::Status stored = store->Put(job, options.replica_id);
    if (!stored.ok()) {
      if (stored.code() == absl::StatusCode::kFailedPrecondition) {
        Log(LogLevel::kWarning, "bulk_job_lease_lost", {{"job", id}});
        DropLocked(id);
        return std::nullopt;
      }
      Log(LogLevel::kError, "bulk_job_store_failed",
          {{"job", id}, {"error", std::string(stored.message())}});
      a.dirty = true;
      SchedulePersist(id, a);
      return std::nullopt;
    }
    a.dirty = false;
    if (job.state() != a.stored_state) {
      Log(LogLevel::kInfo, "bulk_job_state",
          {{"job", id},
           {"from", StateName(a.stored_state)},
           {"to", StateName(job.state())},
           {"request_id", job.request_id()}});
      CountTransition(options.metrics, job.state());
      a.stored_state = job.state();
    }
    Announcement announcement{ChangeWatchersOf(id), job};
    if (ended) {
      Log(LogLevel::kInfo, "bulk_job_ended",
          {{"job", id},
           {"state", StateName(job.state())},
           {"succeeded_rows", job.succeeded_rows()},
           {"failed_rows", job.failed_rows()},
           {"request_id", job.request_id()}});
      RemoveSpool(options.spool_dir, id);
      store->DropPartRows(id, job.parts_size());
      CancelUnsentUpload(a);
      active.erase(it);
    }
    UpdateStateGauge();
    return announcement;
  }

  // gainsight_bulk_jobs: the jobs this replica runs, by state.
  void UpdateStateGauge() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    if (options.metrics == nullptr) return;
    std::map<JobState, int> running;
    for (const JobState state : kRunningStates) running[state] = 0;
    for (const auto& [id, a] : active) running[a.stored_state]++;
    for (const JobState state : kRunningStates) {
      options.metrics->Set(metric::kBulkJobs, {{"state", StateLabel(state)}},
                           running[state]);
    }
  }

  void Deliver(std::optional<Announcement> announcement) {
    FlushCancels();
    if (!announcement.has_value() || announcement->to.empty()) return;
    if (announcement->job.state() == gainsight::v1::JOB_STATE_QUEUED) {
      Explain(announcement->job);
    }
    for (const auto& f : announcement->to) f(announcement->job);
  }

  void SchedulePersist(const std::string& id, Active& a)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    if (a.persist_scheduled) return;
    a.persist_scheduled = true;
    std::weak_ptr<Core> weak = weak_from_this();
    const uint64_t generation = a.generation;
    scheduler->RunAt(clock->Now() + options.store_retry,
                     [weak, id, generation] {
                       if (auto core = weak.lock())
                         core->Persist(id, generation);
                     });
  }

  void Persist(const std::string& id, uint64_t generation) {
    std::optional<Announcement> announcement;
    {
      absl::MutexLock lock(&mu);
      Active* a = Find(id, generation);
      if (a == nullptr || stopped) return;
      a->persist_scheduled = false;
      if (!a->dirty) return;
      announcement = Commit(id);
    }
    Deliver(std::move(announcement));
    UploadNext(id, generation);
  }

  // Forgets a job here (its lease is gone); watchers follow it in the store.
  void DropLocked(const std::string& id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    auto it = active.find(id);
    if (it == active.end()) return;
    CancelUnsentUpload(it->second);
    active.erase(it);
    if (!ChangeWatchersOf(id).empty() && !stopped) StartRemoteWatch(id);
  }

  // ---- Running a job ----------------------------------------------------

  // Starts running `job` (its lease held by this replica).
  void Run(Job job) {
    const std::string id = job.id();
    uint64_t generation;
    std::vector<int> polls;
    std::optional<Announcement> announcement;
    {
      absl::MutexLock lock(&mu);
      if (draining || stopped) return;
      Active& a = active[id];
      a = Active{};
      a.job = std::move(job);
      a.stored_state = a.job.state();
      UpdateStateGauge();
      a.generation = generation = next_generation++;
      remote_watches.erase(id);
      bool changed = false;
      for (JobPart& part : *a.job.mutable_parts()) {
        if (gg::IsTerminal(part.state())) continue;
        if (!part.gainsight_status_id().empty()) {
          polls.push_back(part.index());
        } else if (part.state() == gainsight::v1::JOB_STATE_UPLOADING) {
          // Sent by a run that ended before the answer came.
          ResolveUnknown(a.job, part,
                         "the replica that sent it stopped before the "
                         "answer came");
          changed = true;
        }
      }
      if (changed) announcement = Commit(id);
    }
    Deliver(std::move(announcement));
    for (int part : polls) SchedulePoll(id, generation, part, 0);
    UploadNext(id, generation);  // or cancels the unsent parts, if asked
  }

  // An upload that went out with no usable answer. Returns whether the part
  // goes back to the queue (a resend loads nothing twice, and attempts are
  // left); otherwise the part fails with an error naming its rows.
  bool ResolveUnknown(Job& job, JobPart& part, absl::string_view why) {
    const bool resend =
        UploadKindFor(job.object_name()).ResendLoadsNothingTwice() ||
        job.delivery() == gainsight::v1::IMPORT_DELIVERY_AT_LEAST_ONCE;
    part.set_outcome_unknown(true);
    Log(LogLevel::kWarning, "bulk_upload_outcome_unknown",
        {{"job", job.id()},
         {"part", int64_t{part.index()}},
         {"attempts", int64_t{part.upload_attempts()}},
         {"resend", resend},
         {"request_id", job.request_id()}});
    if (!resend) {
      FailPart(job, part, OutcomeUnknownError(part, why));
      return false;
    }
    if (part.upload_attempts() >= options.max_upload_attempts) {
      FailPart(
          job, part,
          PartError(
              absl::StatusCode::kDataLoss, job_reason::kAttemptsExhausted, part,
              absl::StrCat("gave up after ", part.upload_attempts(),
                           " uploads of part ", part.index(), " (",
                           PartRows(part),
                           "); the last one's outcome is "
                           "unknown (",
                           why, "): those rows may or may not have loaded")));
      return false;
    }
    part.set_state(gainsight::v1::JOB_STATE_QUEUED);
    return true;
  }

  absl::Duration UploadTimeout(const std::string& path) {
    std::error_code error;
    const uintmax_t bytes = std::filesystem::file_size(path, error);
    if (error || options.upload_rate <= 0) return options.upload_timeout;
    return options.upload_timeout +
           absl::Seconds(static_cast<double>(bytes) / options.upload_rate);
  }

  // Sends the first part that waits for its upload, if nothing is in flight.
  void UploadNext(const std::string& id, uint64_t generation) {
    GainsightCall call;
    CallContext context;
    int index = -1;
    std::optional<Announcement> announcement;
    {
      absl::MutexLock lock(&mu);
      Active* a = Find(id, generation);
      if (a == nullptr || draining || stopped || a->dirty || a->upload >= 0) {
        return;
      }
      if (a->job.cancel_requested()) {
        CancelUnsentParts(a->job, -1);
        announcement = Commit(id);
      } else {
        bool failed_some = false;
        for (JobPart& part : *a->job.mutable_parts()) {
          if (part.state() != gainsight::v1::JOB_STATE_QUEUED) continue;
          const std::string path =
              PartPath(options.spool_dir, id, part.index());
          absl::Status rows = EnsurePartRows(*store, path, a->job, part);
          absl::StatusOr<GainsightCall> built =
              rows.ok() ? UploadKindFor(a->job.object_name())
                              .UploadCall(a->job, part, path)
                        : absl::StatusOr<GainsightCall>(rows);
          if (!built.ok()) {
            FailPart(
                a->job, part,
                PartError(
                    absl::StatusCode::kDataLoss, job_reason::kRowsLost, part,
                    absl::StrCat(
                        "the rows of part ", part.index(), " (", PartRows(part),
                        ") cannot be read: ", built.status().message())));
            failed_some = true;
            continue;
          }
          call = *std::move(built);
          call.timeout = UploadTimeout(path);
          index = part.index();
          break;
        }
        if (index >= 0) {
          a->upload = index;
          a->upload_sent = false;
          a->upload_cancel = CancellationToken::Create();
          context.cancel = a->upload_cancel;
          context.request_id = a->job.request_id();
          // A job's calls count against its owner's share (or its own).
          context.caller_id = a->job.owner().empty() ? id : a->job.owner();
        }
        if (failed_some) announcement = Commit(id);
      }
    }
    Deliver(std::move(announcement));
    if (index < 0) return;
    context.priority = Priority::kBatch;
    std::weak_ptr<Core> weak = weak_from_this();
    context.before_send = [weak, id, generation, index]() -> absl::Status {
      auto core = weak.lock();
      if (core == nullptr) return absl::CancelledError("the runner stopped");
      return core->BeforeSend(id, generation, index);
    };
    context.on_throttled = [weak, id, generation, index] {
      if (auto core = weak.lock()) core->OnThrottled(id, generation, index);
    };
    client->Call(std::move(call), std::move(context),
                 [weak, id, generation, index](UpstreamOutcome outcome) {
                   if (auto core = weak.lock()) {
                     core->OnUploaded(id, generation, index,
                                      std::move(outcome));
                   }
                 });
  }

  void ScheduleUpload(const std::string& id, uint64_t generation) {
    {
      absl::MutexLock lock(&mu);
      Active* a = Find(id, generation);
      if (a == nullptr || a->upload_scheduled) return;
      a->upload_scheduled = true;
    }
    std::weak_ptr<Core> weak = weak_from_this();
    scheduler->RunAt(clock->Now() + options.upload_retry,
                     [weak, id, generation] {
                       auto core = weak.lock();
                       if (core == nullptr) return;
                       {
                         absl::MutexLock lock(&core->mu);
                         Active* a = core->Find(id, generation);
                         if (a == nullptr) return;
                         a->upload_scheduled = false;
                       }
                       core->UploadNext(id, generation);
                     });
  }

  // The upload is about to leave: record that it went out (outcome unknown
  // until its answer is stored) before a byte is sent. Anything that stops
  // it keeps it unsent.
  absl::Status BeforeSend(const std::string& id, uint64_t generation,
                          int index) {
    std::optional<Announcement> announcement;
    {
      absl::MutexLock lock(&mu);
      Active* a = Find(id, generation);
      if (a == nullptr || stopped) {
        return absl::CancelledError("the job is no longer run here");
      }
      if (draining) return absl::CancelledError("the replica is stopping");
      if (a->job.cancel_requested()) {
        return absl::CancelledError("the job was cancelled");
      }
      if (a->dirty) {
        return absl::UnavailableError(
            "the job store has not taken the job's last change");
      }
      if (a->upload_sent) return absl::OkStatus();  // already marked sent
      JobPart* part = a->job.mutable_parts(index);
      const JobPart before = *part;
      a->unknown_before_send = part->outcome_unknown();
      part->set_state(gainsight::v1::JOB_STATE_UPLOADING);
      part->set_upload_attempts(part->upload_attempts() + 1);
      part->set_outcome_unknown(true);
      announcement = Commit(id);
      a = Find(id, generation);
      if (!announcement.has_value()) {
        if (a != nullptr) *a->job.mutable_parts(index) = before;
        return absl::UnavailableError(
            "the job store did not take the upload's start; not sent");
      }
      a->upload_sent = true;
    }
    Deliver(std::move(announcement));
    return absl::OkStatus();
  }

  // Gainsight refused the upload for its rate limit: it was not executed,
  // and it waits for a slot again. Not an attempt.
  void OnThrottled(const std::string& id, uint64_t generation, int index) {
    std::optional<Announcement> announcement;
    {
      absl::MutexLock lock(&mu);
      Active* a = Find(id, generation);
      if (a == nullptr || !a->upload_sent || a->upload != index) return;
      JobPart& part = *a->job.mutable_parts(index);
      part.set_state(gainsight::v1::JOB_STATE_QUEUED);
      part.set_upload_attempts(std::max(0, part.upload_attempts() - 1));
      part.set_outcome_unknown(a->unknown_before_send);
      a->upload_sent = false;
      announcement = Commit(id);
    }
    Deliver(std::move(announcement));
  }

  void OnUploaded(const std::string& id, uint64_t generation, int index,
                  UpstreamOutcome outcome) {
    std::optional<Announcement> announcement;
    bool poll = false, next = false, retry = false;
    {
      absl::MutexLock lock(&mu);
      Active* a = Find(id, generation);
      if (a == nullptr) return;
      const bool sent = a->upload_sent;
      a->upload = -1;
      a->upload_sent = false;
      a->upload_cancel.reset();
      Job& job = a->job;
      JobPart& part = *job.mutable_parts(index);
      // Cancelled while it waited for budget: nothing left to decide.
      if (gg::IsTerminal(part.state()) && !sent) return;
      const UploadDecision decision = ClassifyUpload(outcome);
      auto log = [&](LogLevel level, absl::string_view event,
                     absl::string_view error) {
        Log(level, event,
            {{"job", id},
             {"part", int64_t{index}},
             {"attempt", int64_t{part.upload_attempts()}},
             {"error", std::string(error)},
             {"request_id", job.request_id()}});
      };
      switch (decision.verdict) {
        case UploadVerdict::kAccepted:
          MarkAccepted(part, decision.status_id, clock->Now());
          log(LogLevel::kInfo, "bulk_upload_accepted", "");
          poll = next = true;
          break;
        case UploadVerdict::kAcceptedUnreadable:
          // The rows load; only their counts are out of reach.
          part.set_state(gainsight::v1::JOB_STATE_COMPLETED);
          part.set_outcome_unknown(false);
          *part.mutable_error() = ToRpcStatus(absl::InternalError(absl::StrCat(
              "Gainsight accepted the upload but its answer names no status "
              "id (keys: ",
              KeyNames(outcome.data),
              "): the rows load, and their counts are unknown")));
          log(LogLevel::kWarning, "bulk_upload_answer_unreadable", "");
          next = true;
          break;
        case UploadVerdict::kNotReceived:
          part.set_state(gainsight::v1::JOB_STATE_QUEUED);
          // This upload did not arrive; an earlier one's outcome may still
          // be unknown.
          if (sent) part.set_outcome_unknown(a->unknown_before_send);
          if (job.cancel_requested()) {
            CancelUnsentParts(job, -1);
          } else if (draining) {
            // Left queued for whoever runs the job next.
          } else if (sent &&
                     part.upload_attempts() >= options.max_upload_attempts) {
            FailPart(
                job, part,
                PartError(absl::StatusCode::kUnavailable,
                          job_reason::kAttemptsExhausted, part,
                          absl::StrCat("no upload of part ", index, " (",
                                       PartRows(part),
                                       ") reached Gainsight whole "
                                       "in ",
                                       part.upload_attempts(), " attempts (",
                                       outcome.status.message(),
                                       "); none of its rows loaded")));
          } else {
            retry = true;
          }
          if (sent) {
            log(LogLevel::kWarning, "bulk_upload_not_received",
                outcome.status.message());
          }
          break;
        case UploadVerdict::kUnknown:
          if (ResolveUnknown(job, part, outcome.status.message())) {
            retry = true;
          } else {
            next = true;
          }
          break;
        case UploadVerdict::kRefused:
          log(LogLevel::kWarning, "bulk_upload_refused",
              outcome.status.message());
          part.set_outcome_unknown(sent && a->unknown_before_send);
          FailPart(job, part, outcome.status);
          // The parts not uploaded yet would be refused alike.
          for (JobPart& other : *job.mutable_parts()) {
            if (other.state() != gainsight::v1::JOB_STATE_QUEUED ||
                other.upload_attempts() > 0) {
              continue;
            }
            FailPart(job, other,
                     PartError(outcome.status.code(), "NOT_UPLOADED", other,
                               absl::StrCat("not uploaded: Gainsight refused "
                                            "the upload of part ",
                                            index, " (",
                                            outcome.status.message(), ")")));
          }
          break;
      }
      announcement = Commit(id);
    }
    Deliver(std::move(announcement));
    if (poll) SchedulePoll(id, generation, index, 0);
    if (next) UploadNext(id, generation);
    if (retry) ScheduleUpload(id, generation);
  }

  // ---- Following uploads ------------------------------------------------

  void SchedulePoll(const std::string& id, uint64_t generation, int index,
                    int attempt) {
    absl::Duration delay = options.poll_interval;
    for (int i = 0; i < attempt && delay < options.max_poll_interval; ++i) {
      delay *= 2;
    }
    delay = std::min(delay, options.max_poll_interval);
    std::weak_ptr<Core> weak = weak_from_this();
    scheduler->RunAt(clock->Now() + delay,
                     [weak, id, generation, index, attempt] {
                       if (auto core = weak.lock()) {
                         core->Poll(id, generation, index, attempt);
                       }
                     });
  }

  void Poll(const std::string& id, uint64_t generation, int index,
            int attempt) {
    GainsightCall call;
    CallContext context;
    {
      absl::MutexLock lock(&mu);
      Active* a = Find(id, generation);
      if (a == nullptr || stopped) return;
      const JobPart& part = a->job.parts(index);
      if (gg::IsTerminal(part.state())) return;
      call = UploadKindFor(a->job.object_name())
                 .StatusCall(part.gainsight_status_id());
      context.request_id = a->job.request_id();
      context.caller_id = a->job.owner().empty() ? id : a->job.owner();
    }
    context.priority = Priority::kBatch;
    context.cancel = cancel;
    std::weak_ptr<Core> weak = weak_from_this();
    client->Call(std::move(call), std::move(context),
                 [weak, id, generation, index, attempt](UpstreamOutcome o) {
                   if (auto core = weak.lock()) {
                     core->OnPolled(id, generation, index, attempt,
                                    std::move(o));
                   }
                 });
  }

  void OnPolled(const std::string& id, uint64_t generation, int index,
                int attempt, UpstreamOutcome outcome) {
    if (outcome.status.code() == absl::StatusCode::kCancelled) return;
    std::optional<Announcement> announcement;
    bool again = false;
    {
      absl::MutexLock lock(&mu);
      Active* a = Find(id, generation);
      if (a == nullptr || stopped) return;
      Job& job = a->job;
      JobPart& part = *job.mutable_parts(index);
      if (gg::IsTerminal(part.state())) return;
      const JobPart before = part;
      bool ended = false;
      if (outcome.status.code() == absl::StatusCode::kNotFound) {
        FailPart(job, part, outcome.status);
        ended = true;
      } else if (outcome.status.ok()) {
        const AsyncUploadStatus status = ParseAsyncUploadStatus(outcome.data);
        if (status.state == AsyncState::kUnknown) {
          LogUnknownStateOnce(UploadKindFor(job.object_name()).name(),
                              status.state_text, outcome.data);
        }
        ended = ApplyStatus(job, part, status, options.max_row_errors);
      } else {
        Log(LogLevel::kWarning, "bulk_status_failed",
            {{"job", id},
             {"part", int64_t{index}},
             {"error", std::string(outcome.status.message())}});
      }
      const absl::Time uploaded = FromTimestamp(part.upload_time());
      if (!ended && clock->Now() - uploaded > options.status_timeout) {
        FailPart(
            job, part,
            PartError(
                absl::StatusCode::kDeadlineExceeded, job_reason::kStatusTimeout,
                part,
                absl::StrCat(
                    "Gainsight still reports part ", index, " (",
                    PartRows(part), ") as ", StateName(part.state()).substr(10),
                    " ", absl::FormatDuration(clock->Now() - uploaded),
                    " after its upload; the gateway stopped asking "
                    "(--bulk-status-timeout). Its rows may still load: "
                    "see the data job's execution log in Gainsight")));
        ended = true;
        Log(LogLevel::kWarning, "bulk_status_timeout",
            {{"job", id}, {"part", int64_t{index}}});
      }
      again = !ended;
      if (!google::protobuf::util::MessageDifferencer::Equals(before, part)) {
        announcement = Commit(id);
      }
    }
    Deliver(std::move(announcement));
    if (again) SchedulePoll(id, generation, index, attempt + 1);
  }

  // ---- Cancelling -------------------------------------------------------

  absl::StatusOr<Job> Cancel(const std::string& id) {
    std::optional<Announcement> announcement;
    Job snapshot;
    {
      absl::MutexLock lock(&mu);
      auto it = active.find(id);
      if (it != active.end()) {
        Active& a = it->second;
        a.job.set_cancel_requested(true);
        // An upload waiting for bulk budget leaves the queue: its slot is
        // never used. One in flight finishes.
        if (a.upload >= 0) CancelUnsentUpload(a);
        CancelUnsentParts(a.job, a.upload_sent ? a.upload : -1);
        Log(LogLevel::kInfo, "bulk_job_cancelled",
            {{"job", id}, {"request_id", a.job.request_id()}});
        snapshot = a.job;
        announcement = Commit(id);
        if (announcement.has_value()) snapshot = announcement->job;
      }
    }
    if (!snapshot.id().empty()) {
      Deliver(std::move(announcement));
      return snapshot;
    }
    absl::StatusOr<Job> job = store->Get(id);
    if (!job.ok()) return job.status();
    if (gg::IsTerminal(job->state())) {
      return absl::FailedPreconditionError(absl::StrCat(
          "job ", id, " already ended (", StateName(job->state()), ")"));
    }
    if (absl::Status s = store->RequestCancel(id); !s.ok()) return s;
    job->set_cancel_requested(true);
    return *job;
  }

  void ApplyCancelRequest(const std::string& id, uint64_t generation) {
    bool known;
    {
      absl::MutexLock lock(&mu);
      Active* a = Find(id, generation);
      known = a != nullptr && !a->job.cancel_requested();
    }
    if (known) (void)Cancel(id);
  }

  // ---- Leases and takeovers ---------------------------------------------

  // Whether this replica can read the rows of every part still to upload.
  bool CanRun(const Job& job) {
    if (options.spool_shared) return true;
    for (const JobPart& part : job.parts()) {
      if (part.state() != gainsight::v1::JOB_STATE_QUEUED &&
          part.state() != gainsight::v1::JOB_STATE_UPLOADING) {
        continue;
      }
      if (part.handed_over()) continue;
      std::error_code error;
      if (!std::filesystem::exists(
              PartPath(options.spool_dir, job.id(), part.index()), error)) {
        return false;
      }
    }
    return true;
  }

  void TakeOver() {
    absl::StatusOr<std::vector<std::string>> ids = store->UnfinishedIds();
    if (!ids.ok()) return;
    for (const std::string& id : *ids) {
      {
        absl::MutexLock lock(&mu);
        if (draining || stopped) return;
        if (active.contains(id)) continue;
      }
      absl::StatusOr<std::string> holder = store->LeaseHolder(id);
      if (!holder.ok() || (!holder->empty() && *holder != options.replica_id)) {
        continue;
      }
      absl::StatusOr<Job> job = store->Get(id);
      if (!job.ok() || gg::IsTerminal(job->state()) || !CanRun(*job)) continue;
      absl::StatusOr<bool> got =
          store->AcquireLease(id, options.replica_id, options.lease_ttl);
      if (!got.ok() || !*got) continue;
      absl::StatusOr<Job> fresh = store->Get(id);
      absl::StatusOr<LeaseRenewal> lease =
          store->RenewLease(id, options.replica_id, options.lease_ttl);
      if (!fresh.ok() || gg::IsTerminal(fresh->state()) || !lease.ok() ||
          !lease->held) {
        (void)store->ReleaseLease(id, options.replica_id);
        continue;
      }
      if (lease->cancel_requested) fresh->set_cancel_requested(true);
      Log(LogLevel::kInfo, "bulk_job_taken_over",
          {{"job", id},
           {"previous_runner", fresh->runner()},
           {"state", StateName(fresh->state())},
           {"request_id", fresh->request_id()}});
      Run(*std::move(fresh));
    }
  }

  void Tick() {
    std::vector<std::pair<std::string, uint64_t>> mine;
    bool housekeeping = false;
    {
      absl::MutexLock lock(&mu);
      if (stopped || draining) return;
      for (const auto& [id, a] : active) mine.emplace_back(id, a.generation);
      if (clock->Now() >= next_housekeeping) {
        housekeeping = true;
        next_housekeeping = clock->Now() + options.housekeeping_interval;
      }
    }
    for (const auto& [id, generation] : mine) {
      absl::StatusOr<LeaseRenewal> lease =
          store->RenewLease(id, options.replica_id, options.lease_ttl);
      if (!lease.ok()) {
        Log(LogLevel::kWarning, "bulk_lease_renewal_failed",
            {{"job", id}, {"error", std::string(lease.status().message())}});
        continue;
      }
      if (!lease->held) {
        {
          absl::MutexLock lock(&mu);
          if (Find(id, generation) != nullptr) {
            Log(LogLevel::kWarning, "bulk_job_lease_lost", {{"job", id}});
            DropLocked(id);
          }
        }
        FlushCancels();
        continue;
      }
      if (lease->cancel_requested) ApplyCancelRequest(id, generation);
    }
    if (housekeeping) {
      store->ForgetExpired(clock->Now());
      SweepSpool(options.spool_dir, *store, clock->Now());
    }
    TakeOver();
    ScheduleTick();
  }

  void ScheduleTick() {
    std::weak_ptr<Core> weak = weak_from_this();
    scheduler->RunAt(clock->Now() + options.lease_ttl / 3, [weak] {
      if (auto core = weak.lock()) core->Tick();
    });
  }

  // ---- Reading and watching ---------------------------------------------

  // Sets `wait` on a queued job.
  void Explain(Job& job) {
    if (job.state() != gainsight::v1::JOB_STATE_QUEUED ||
        job.cancel_requested()) {
      return;
    }
    absl::StatusOr<std::vector<Job>> all = store->List();
    const int ahead = all.ok() ? JobsAhead(job, *all) : 0;
    std::optional<WaitEstimate> estimate;
    if (limiter != nullptr) {
      estimate =
          limiter->EstimateWait(CallClass::kBulk, Priority::kBatch, ahead);
    }
    *job.mutable_wait() = ExplainWait(ahead, estimate, clock->Now());
  }

  void StartRemoteWatch(const std::string& id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    if (remote_watches.contains(id)) return;
    remote_watches[id] = -1;
    std::weak_ptr<Core> weak = weak_from_this();
    scheduler->RunAt(clock->Now() + options.remote_poll_interval, [weak, id] {
      if (auto core = weak.lock()) core->PollRemote(id);
    });
  }

  // Follows a job another replica runs by reading the store, while someone
  // here watches it.
  void PollRemote(const std::string& id) {
    absl::StatusOr<Job> job = store->Get(id);
    std::vector<std::function<void(const Job&)>> to;
    bool again = true;
    {
      absl::MutexLock lock(&mu);
      auto it = remote_watches.find(id);
      if (stopped || it == remote_watches.end()) return;
      if (active.contains(id)) {  // taken over here meanwhile
        remote_watches.erase(it);
        return;
      }
      to = ChangeWatchersOf(id);
      if (to.empty()) {
        remote_watches.erase(it);
        return;
      }
      if (job.ok()) {
        const int64_t update_ms = UpdateMs(*job);
        if (update_ms == it->second) to.clear();
        it->second = update_ms;
        if (gg::IsTerminal(job->state())) {
          remote_watches.erase(it);
          again = false;
        }
      } else {
        to.clear();
      }
    }
    if (job.ok() && !to.empty()) {
      Explain(*job);
      for (const auto& f : to) f(*job);
    }
    if (!again) return;
    std::weak_ptr<Core> weak = weak_from_this();
    scheduler->RunAt(clock->Now() + options.remote_poll_interval, [weak, id] {
      if (auto core = weak.lock()) core->PollRemote(id);
    });
  }

  // ---- Stopping ---------------------------------------------------------

  void Drain(absl::Time deadline) {
    std::vector<std::shared_ptr<CancellationToken>> unsent;
    {
      absl::MutexLock lock(&mu);
      if (draining || stopped) return;
      draining = true;
      for (auto& [id, a] : active) {
        if (a.upload >= 0 && !a.upload_sent && a.upload_cancel != nullptr) {
          unsent.push_back(a.upload_cancel);
        }
      }
    }
    for (const auto& token : unsent) token->Cancel();
    std::vector<std::string> ids;
    {
      absl::MutexLock lock(&mu);
      // The answers of uploads in flight, so that none is left unknown.
      auto settled = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
        for (const auto& [id, a] : active) {
          if (a.upload >= 0) return false;
        }
        return true;
      };
      mu.AwaitWithDeadline(absl::Condition(&settled), deadline);
      for (const auto& [id, a] : active) ids.push_back(id);
    }
    int handed_over = 0;
    for (const std::string& id : ids) {
      {
        absl::MutexLock lock(&mu);
        auto it = active.find(id);
        if (it == active.end()) continue;
        Job& job = it->second.job;
        if (!options.spool_shared && store->shared()) {
          handed_over += HandOverRows(*store, options.spool_dir, job);
        }
        job.clear_runner();
        *job.mutable_update_time() = ToTimestamp(clock->Now());
        if (absl::Status s = store->Put(job, options.replica_id); !s.ok()) {
          Log(LogLevel::kError, "bulk_job_store_failed",
              {{"job", id}, {"error", std::string(s.message())}});
        }
      }
      (void)store->ReleaseLease(id, options.replica_id);
    }
    std::vector<std::function<void()>> stops;
    {
      absl::MutexLock lock(&mu);
      stopped = true;
      active.clear();
      remote_watches.clear();
      for (const auto& [token, entry] : watchers) {
        if (entry.second.on_stop) stops.push_back(entry.second.on_stop);
      }
    }
    Log(LogLevel::kInfo, "bulk_jobs_released",
        {{"jobs", static_cast<int64_t>(ids.size())},
         {"parts_handed_over", int64_t{handed_over}}});
    for (const auto& stop : stops) stop();
  }
};

JobRunner::JobRunner(Options options, JobStore* store, GainsightClient* client,
                     Limiter* limiter, Scheduler* scheduler, Clock* clock)
    : core_(std::make_shared<Core>(std::move(options), store, client, limiter,
                                   scheduler, clock)) {}

JobRunner::~JobRunner() {
  std::vector<std::shared_ptr<CancellationToken>> uploads;
  {
    absl::MutexLock lock(&core_->mu);
    core_->stopped = true;
    core_->watchers.clear();
    for (auto& [id, a] : core_->active) {
      if (a.upload_cancel != nullptr) uploads.push_back(a.upload_cancel);
    }
  }
  for (const auto& token : uploads) token->Cancel();
  core_->cancel->Cancel();
}

absl::StatusOr<Job> JobRunner::Create(Job job,
                                      const std::vector<SpooledPart>& parts) {
  {
    absl::MutexLock lock(&core_->mu);
    if (core_->draining || core_->stopped) {
      return absl::UnavailableError(
          "this gateway replica is stopping; start the import again");
    }
  }
  const Options& options = core_->options;
  job.set_state(gainsight::v1::JOB_STATE_QUEUED);
  *job.mutable_create_time() = ToTimestamp(core_->clock->Now());
  *job.mutable_update_time() = job.create_time();
  job.set_runner(options.replica_id);
  for (size_t i = 0; i < parts.size(); ++i) {
    JobPart* part = job.add_parts();
    part->set_index(static_cast<int>(i));
    part->set_first_row(parts[i].first_row);
    part->set_row_count(parts[i].row_count);
    part->set_state(gainsight::v1::JOB_STATE_QUEUED);
  }
  absl::StatusOr<bool> leased = core_->store->AcquireLease(
      job.id(), options.replica_id, options.lease_ttl);
  if (!leased.ok() || !*leased) {
    return absl::UnavailableError(absl::StrCat(
        "the job could not be stored: ",
        leased.ok() ? "its id is taken" : leased.status().message()));
  }
  if (absl::Status s = core_->store->Put(job, options.replica_id); !s.ok()) {
    (void)core_->store->ReleaseLease(job.id(), options.replica_id);
    return absl::UnavailableError(
        absl::StrCat("the job could not be stored: ", s.message()));
  }
  CountTransition(options.metrics, job.state());
  Log(LogLevel::kInfo, "bulk_job_created",
      {{"job", job.id()},
       {"object", job.object_name()},
       {"rows", job.total_rows()},
       {"parts", int64_t{job.parts_size()}},
       {"delivery", gainsight::v1::ImportDelivery_Name(job.delivery())},
       {"request_id", job.request_id()}});
  core_->Run(job);
  return job;
}

absl::Status JobRunner::Start() {
  SweepSpool(core_->options.spool_dir, *core_->store, core_->clock->Now());
  core_->store->ForgetExpired(core_->clock->Now());
  {
    absl::MutexLock lock(&core_->mu);
    core_->next_housekeeping =
        core_->clock->Now() + core_->options.housekeeping_interval;
  }
  absl::StatusOr<std::vector<std::string>> ids = core_->store->UnfinishedIds();
  if (!ids.ok()) return ids.status();
  core_->TakeOver();
  core_->ScheduleTick();
  return absl::OkStatus();
}

absl::StatusOr<Job> JobRunner::Get(absl::string_view id) {
  std::optional<Job> job;
  {
    absl::MutexLock lock(&core_->mu);
    auto it = core_->active.find(id);
    if (it != core_->active.end()) job = it->second.job;
  }
  if (!job.has_value()) {
    absl::StatusOr<Job> stored = core_->store->Get(id);
    if (!stored.ok()) return stored.status();
    job = *std::move(stored);
  }
  core_->Explain(*job);
  return *job;
}

absl::StatusOr<std::vector<Job>> JobRunner::List() {
  return core_->store->List();
}

absl::StatusOr<Job> JobRunner::Cancel(absl::string_view id) {
  return core_->Cancel(std::string(id));
}

int64_t JobRunner::Watch(absl::string_view id, Watcher watcher) {
  absl::MutexLock lock(&core_->mu);
  const int64_t token = core_->next_token++;
  core_->watchers[token] = {std::string(id), std::move(watcher)};
  if (!core_->stopped && !core_->active.contains(id)) {
    core_->StartRemoteWatch(std::string(id));
  }
  return token;
}

void JobRunner::Unwatch(int64_t token) {
  absl::MutexLock lock(&core_->mu);
  core_->watchers.erase(token);
}

void JobRunner::Drain(absl::Time deadline) { core_->Drain(deadline); }

}  // namespace gg
