#include "jobs/bulk_api_upload.h"

#include "absl/strings/str_cat.h"
#include "gainsight/bulk_wire_names.h"

namespace gg {

absl::StatusOr<GainsightCall> BulkApiUpload::UploadCall(
    const gainsight::v1::Job& job, const gainsight::v1::JobPart& part,
    const std::string& part_path) const {
  GainsightCall call;
  call.endpoint = EndpointId::kBulkImport;
  call.form.push_back(
      FormPart{bulk_wire::kJobIdPart, "", "", job.connector_job_id(), ""});
  call.form.push_back(
      FormPart{bulk_wire::kFilePart,
               absl::StrCat(job.id(), "-part-", part.index(), ".csv"),
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

}  // namespace gg
