// How the parts of an import job reach Gainsight: the seam between the job
// runner (queueing, polling with backoff, durable state, resume) and the
// Gainsight API one kind of job uploads through. A Bulk API import uploads
// CSV parts to a data job; a Person import sends each part as one call of
// the People API's asynchronous upsert. The kind follows from the job's
// object, so a resumed job finds its kind again.
#ifndef GAINSIGHT_GATEWAY_SERVER_JOBS_UPLOAD_KIND_H_
#define GAINSIGHT_GATEWAY_SERVER_JOBS_UPLOAD_KIND_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gainsight/client.h"
#include "gainsight/v1/bulk.pb.h"

namespace gg {

class UploadKind {
 public:
  virtual ~UploadKind() = default;
  // For logs: "Bulk API upload", "People upsert".
  virtual absl::string_view name() const = 0;
  // Largest number of data rows one part may hold (0: no limit).
  virtual int64_t max_part_rows() const = 0;
  // Whether sending a part again after an unknown outcome loads nothing
  // twice (an upsert by key), so the gateway may resend it.
  virtual bool ResendLoadsNothingTwice() const = 0;
  // The call that uploads `part` of `job`, spooled at `part_path`; the
  // answer carries a status id (gainsight/bulk_wire.h UploadStatusId).
  virtual absl::StatusOr<GainsightCall> UploadCall(
      const gainsight::v1::Job& job, const gainsight::v1::JobPart& part,
      const std::string& part_path) const = 0;
  // The call that reads the state of an upload; its answer is read by
  // ParseAsyncUploadStatus (gainsight/bulk_wire.h).
  virtual GainsightCall StatusCall(const std::string& status_id) const = 0;
};

// Person loads through the People API, every other object through a Bulk
// API data job.
bool IsPeopleImport(absl::string_view object_name);
const UploadKind& UploadKindFor(absl::string_view object_name);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_JOBS_UPLOAD_KIND_H_
