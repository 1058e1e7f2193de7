#include "gainsight_client/job_follower.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "gainsight_client/status_details.h"

namespace gainsight_client {

using gainsight::v1::Job;
using gainsight::v1::JobState;

bool IsTerminal(JobState state) {
  return state == gainsight::v1::JOB_STATE_COMPLETED ||
         state == gainsight::v1::JOB_STATE_FAILED ||
         state == gainsight::v1::JOB_STATE_CANCELLED;
}

absl::StatusOr<Job> FollowJob(gainsight::v1::BulkService::StubInterface& stub,
                              const std::string& id,
                              const ContextFactory& contexts,
                              const std::function<void(const Job&)>& on_update,
                              int max_reconnects) {
  gainsight::v1::WatchJobRequest request;
  request.set_id(id);
  for (int attempt = 0;; ++attempt) {
    std::unique_ptr<grpc::ClientContext> context = contexts();
    std::unique_ptr<
        grpc::ClientReaderInterface<gainsight::v1::WatchJobResponse>>
        reader = stub.WatchJob(context.get(), request);
    gainsight::v1::WatchJobResponse snapshot;
    while (reader->Read(&snapshot)) {
      if (on_update) on_update(snapshot.job());
      if (IsTerminal(snapshot.job().state())) {
        context->TryCancel();
        reader->Finish();
        return snapshot.job();
      }
    }
    grpc::Status status = reader->Finish();
    if (status.error_code() == grpc::StatusCode::UNAVAILABLE &&
        attempt < max_reconnects) {
      continue;
    }
    if (!status.ok()) return ToAbslStatus(status);
    return absl::DataLossError(
        absl::StrCat("the watch of job ", id, " ended before the job did"));
  }
}

}  // namespace gainsight_client
