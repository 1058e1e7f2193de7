#include "api/bulk_service.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "api/caller_scope.h"
#include "api/import_reactor.h"
#include "api/page_token.h"
#include "api/validation.h"
#include "api/watch_job_reactor.h"
#include "common/status_details.h"
#include "google/protobuf/util/time_util.h"

namespace gg {
namespace {

using google::protobuf::util::TimeUtil;

constexpr int kMaxJobsPage = 1000;

grpc::ServerUnaryReactor* Reply(grpc::CallbackServerContext* context,
                                const absl::Status& status) {
  auto* reactor = context->DefaultReactor();
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

absl::Status CheckJobId(const std::string& id) {
  if (id.empty()) return InvalidArgument({{"id", "required"}});
  if (!IsJobId(id)) {
    return InvalidArgument(
        {{"id", "is not a job id (job- and 20 hex digits)"}});
  }
  return absl::OkStatus();
}

// Another caller's job: answered as the store answers a job it lacks.
absl::Status JobNotFound() { return absl::NotFoundError("no such job"); }

// Newest first; ids break ties so pages are stable.
bool NewerFirst(const gainsight::v1::Job& a, const gainsight::v1::Job& b) {
  int64_t ta = TimeUtil::TimestampToNanoseconds(a.create_time());
  int64_t tb = TimeUtil::TimestampToNanoseconds(b.create_time());
  if (ta != tb) return ta > tb;
  return a.id() > b.id();
}

bool Matches(const gainsight::v1::ListJobsRequest& request,
             const gainsight::v1::Job& job) {
  if (!request.object_name().empty() &&
      request.object_name() != job.object_name()) {
    return false;
  }
  if (request.states_size() == 0) return true;
  return std::find(request.states().begin(), request.states().end(),
                   job.state()) != request.states().end();
}

// Failing ServerReadReactor: answers `status` without reading.
class RefusedImport
    : public grpc::ServerReadReactor<gainsight::v1::StartImportRequest> {
 public:
  explicit RefusedImport(const absl::Status& status) {
    Finish(ToGrpcStatus(status));
  }
  void OnDone() override { delete this; }
};

class RefusedWatch
    : public grpc::ServerWriteReactor<gainsight::v1::WatchJobResponse> {
 public:
  explicit RefusedWatch(const absl::Status& status) {
    Finish(ToGrpcStatus(status));
  }
  void OnDone() override { delete this; }
};

}  // namespace

BulkService::BulkService(ImportSettings settings, absl::Status unavailable,
                         ExportDeps export_deps)
    : settings_(std::move(settings)),
      runner_(settings_.runner),
      unavailable_(std::move(unavailable)),
      export_deps_(std::move(export_deps)) {}

grpc::ServerReadReactor<gainsight::v1::StartImportRequest>*
BulkService::StartImport(grpc::CallbackServerContext* context,
                         gainsight::v1::StartImportResponse* response) {
  if (runner_ == nullptr) return new RefusedImport(unavailable_);
  // A full spool refuses the import before a row is read.
  if (settings_.quota != nullptr) {
    if (absl::Status room = settings_.quota->CheckRoomForImport(); !room.ok()) {
      return new RefusedImport(room);
    }
  }
  return new ImportReactor(context, settings_, response);
}

grpc::ServerUnaryReactor* BulkService::GetJob(
    grpc::CallbackServerContext* context,
    const gainsight::v1::GetJobRequest* request,
    gainsight::v1::GetJobResponse* response) {
  if (absl::Status s = CheckJobId(request->id()); !s.ok()) {
    return Reply(context, s);
  }
  if (runner_ == nullptr) return Reply(context, unavailable_);
  absl::StatusOr<gainsight::v1::Job> job = runner_->Get(request->id());
  if (!job.ok()) return Reply(context, job.status());
  if (!MaySeeJob(*context, *job)) return Reply(context, JobNotFound());
  *response->mutable_job() = *std::move(job);
  return Reply(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* BulkService::ListJobs(
    grpc::CallbackServerContext* context,
    const gainsight::v1::ListJobsRequest* request,
    gainsight::v1::ListJobsResponse* response) {
  Violations violations;
  for (int i = 0; i < request->states_size(); ++i) {
    if (request->states(i) == gainsight::v1::JOB_STATE_UNSPECIFIED ||
        !gainsight::v1::JobState_IsValid(request->states(i))) {
      violations.push_back(
          {absl::StrCat("states[", i, "]"), "must be a job state"});
    }
  }
  OffsetPage page =
      ReadPage(*request, request->page_size(), request->page_token(),
               kDefaultPageSize, kMaxJobsPage, violations);
  if (!violations.empty()) return Reply(context, InvalidArgument(violations));
  if (runner_ == nullptr) return Reply(context, unavailable_);
  absl::StatusOr<std::vector<gainsight::v1::Job>> jobs = runner_->List();
  if (!jobs.ok()) return Reply(context, jobs.status());
  std::vector<gainsight::v1::Job> matching;
  for (gainsight::v1::Job& job : *jobs) {
    if (Matches(*request, job) && MaySeeJob(*context, job)) {
      matching.push_back(std::move(job));
    }
  }
  std::sort(matching.begin(), matching.end(), NewerFirst);
  const size_t begin =
      std::min(matching.size(), static_cast<size_t>(page.offset));
  const size_t end =
      std::min(matching.size(), begin + static_cast<size_t>(page.page_size));
  for (size_t i = begin; i < end; ++i) {
    gainsight::v1::Job* out = response->add_jobs();
    *out = std::move(matching[i]);
    out->clear_row_errors();
  }
  if (end < matching.size()) {
    response->set_next_page_token(
        EncodePageToken(static_cast<int64_t>(end), page.fingerprint));
  }
  return Reply(context, absl::OkStatus());
}

grpc::ServerWriteReactor<gainsight::v1::WatchJobResponse>*
BulkService::WatchJob(grpc::CallbackServerContext* context,
                      const gainsight::v1::WatchJobRequest* request) {
  if (absl::Status s = CheckJobId(request->id()); !s.ok()) {
    return new RefusedWatch(s);
  }
  if (runner_ == nullptr) return new RefusedWatch(unavailable_);
  if (absl::StatusOr<gainsight::v1::Job> job = runner_->Get(request->id());
      job.ok() && !MaySeeJob(*context, *job)) {
    return new RefusedWatch(JobNotFound());
  }
  return new WatchJobReactor(runner_, request->id());
}

grpc::ServerUnaryReactor* BulkService::CancelJob(
    grpc::CallbackServerContext* context,
    const gainsight::v1::CancelJobRequest* request,
    gainsight::v1::CancelJobResponse* response) {
  if (absl::Status s = CheckJobId(request->id()); !s.ok()) {
    return Reply(context, s);
  }
  if (runner_ == nullptr) return Reply(context, unavailable_);
  // Another caller's job is not found, as in GetJob.
  if (absl::StatusOr<gainsight::v1::Job> seen = runner_->Get(request->id());
      seen.ok() && !MaySeeJob(*context, *seen)) {
    return Reply(context, JobNotFound());
  }
  absl::StatusOr<gainsight::v1::Job> job = runner_->Cancel(request->id());
  if (!job.ok()) return Reply(context, job.status());
  *response->mutable_job() = *std::move(job);
  return Reply(context, absl::OkStatus());
}

grpc::ServerWriteReactor<gainsight::v1::ExportResponse>* BulkService::Export(
    grpc::CallbackServerContext* context,
    const gainsight::v1::ExportRequest* request) {
  return new ExportReactor(context, request, export_deps_);
}

}  // namespace gg
