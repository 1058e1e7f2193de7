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
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gainsight/client.h"
#include "gainsight/v1/bulk.pb.h"

namespace gg {

// What one status answer says about an upload.
struct UploadStatus {
  // UNSPECIFIED when the answer names no known state.
  gainsight::v1::JobState state = gainsight::v1::JOB_STATE_UNSPECIFIED;
  // Final counts and errors (read only when the state is terminal).
  int64_t succeeded = 0;
  int64_t failed = 0;
  // `row` counts from 1 within the part.
  std::vector<gainsight::v1::RowError> errors;
};

class UploadKind {
 public:
  virtual ~UploadKind() = default;
  // Largest number of data rows one part may hold (0: no limit).
  virtual int64_t max_part_rows() const = 0;
  // The call that uploads `part` of `job`, spooled at `part_path`; the
  // answer's data carries "statusId".
  virtual absl::StatusOr<GainsightCall> UploadCall(
      const gainsight::v1::Job& job, const gainsight::v1::JobPart& part,
      const std::string& part_path) const = 0;
  // The call that reads the state of an upload.
  virtual GainsightCall StatusCall(const std::string& status_id) const = 0;
  virtual UploadStatus ParseStatus(const Json& data) const = 0;
};

// Person loads through the People API, every other object through a Bulk
// API data job.
bool IsPeopleImport(absl::string_view object_name);
const UploadKind& UploadKindFor(absl::string_view object_name);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_JOBS_UPLOAD_KIND_H_
