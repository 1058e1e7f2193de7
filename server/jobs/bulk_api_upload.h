// The Bulk API upload kind: each part is a multipart CSV upload to the data
// job named in the header, with the GS Bulk API connection's credential;
// its status comes from the Bulk API status endpoint.
#ifndef GAINSIGHT_GATEWAY_SERVER_JOBS_BULK_API_UPLOAD_H_
#define GAINSIGHT_GATEWAY_SERVER_JOBS_BULK_API_UPLOAD_H_

#include <string>

#include "jobs/upload_kind.h"

namespace gg {

class BulkApiUpload : public UploadKind {
 public:
  absl::string_view name() const override { return "Bulk API upload"; }
  int64_t max_part_rows() const override { return 0; }
  // The data job's operation (insert, update, upsert) is configured in
  // Gainsight, out of the gateway's sight: an insert loads rows twice.
  bool ResendLoadsNothingTwice() const override { return false; }
  absl::StatusOr<GainsightCall> UploadCall(
      const gainsight::v1::Job& job, const gainsight::v1::JobPart& part,
      const std::string& part_path) const override;
  GainsightCall StatusCall(const std::string& status_id) const override;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_JOBS_BULK_API_UPLOAD_H_
