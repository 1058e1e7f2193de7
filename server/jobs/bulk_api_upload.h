// The Bulk API upload kind: each part is a multipart CSV upload to the data
// job named in the header; its status comes from the Bulk API status
// endpoint.
#ifndef GAINSIGHT_GATEWAY_SERVER_JOBS_BULK_API_UPLOAD_H_
#define GAINSIGHT_GATEWAY_SERVER_JOBS_BULK_API_UPLOAD_H_

#include <string>

#include "jobs/upload_kind.h"

namespace gg {

class BulkApiUpload : public UploadKind {
 public:
  int64_t max_part_rows() const override { return 0; }
  absl::StatusOr<GainsightCall> UploadCall(
      const gainsight::v1::Job& job, const gainsight::v1::JobPart& part,
      const std::string& part_path) const override;
  GainsightCall StatusCall(const std::string& status_id) const override;
  UploadStatus ParseStatus(const Json& data) const override;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_JOBS_BULK_API_UPLOAD_H_
