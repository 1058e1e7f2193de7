#include "jobs/bulk_api_upload.h"

#include "absl/strings/str_cat.h"
#include "jobs/json_fields.h"

namespace gg {
namespace {

gainsight::v1::JobState StateOfBulkApi(absl::string_view job_status) {
  if (job_status == kBulkStateInit) return gainsight::v1::JOB_STATE_INIT;
  if (job_status == kBulkStateInProgress) {
    return gainsight::v1::JOB_STATE_IN_PROGRESS;
  }
  if (job_status == kBulkStateCompleted) {
    return gainsight::v1::JOB_STATE_COMPLETED;
  }
  if (job_status == kBulkStateFailed) return gainsight::v1::JOB_STATE_FAILED;
  return gainsight::v1::JOB_STATE_UNSPECIFIED;
}

}  // namespace

absl::StatusOr<GainsightCall> BulkApiUpload::UploadCall(
    const gainsight::v1::Job& job, const gainsight::v1::JobPart& part,
    const std::string& part_path) const {
  GainsightCall call;
  call.endpoint = EndpointId::kBulkImport;
  call.form.push_back(FormPart{"jobId", "", "", job.connector_job_id(), ""});
  call.form.push_back(
      FormPart{"file", absl::StrCat(job.id(), "-part-", part.index(), ".csv"),
               "text/csv; charset=utf-8", "", part_path});
  call.record_count = static_cast<int>(part.row_count());
  return call;
}

GainsightCall BulkApiUpload::StatusCall(const std::string& status_id) const {
  GainsightCall call;
  call.endpoint = EndpointId::kBulkImportStatus;
  call.path_params = {{"statusId", status_id}};
  return call;
}

UploadStatus BulkApiUpload::ParseStatus(const Json& data) const {
  UploadStatus status;
  status.state = StateOfBulkApi(JsonString(data, "jobStatus"));
  status.succeeded = JsonInt(data, "successCount");
  status.failed = JsonInt(data, "failureCount");
  auto errors = data.find("errors");
  if (errors == data.end() || !errors->is_array()) return status;
  for (const Json& e : *errors) {
    if (!e.is_object()) continue;
    gainsight::v1::RowError& row = status.errors.emplace_back();
    row.set_row(JsonInt(e, "rowNumber"));
    row.set_field(JsonString(e, "fieldName"));
    row.set_code(JsonString(e, "errorCode"));
    row.set_message(JsonString(e, "errorDesc"));
  }
  return status;
}

}  // namespace gg
