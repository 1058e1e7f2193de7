// What an upload's answer means for its rows: accepted (Gainsight gave a
// status id), accepted but unreadable, certainly not received (nothing or
// not all of it went out), unknown (it went out and no usable answer came:
// a timeout, a dropped connection, a 5xx), or refused.
#ifndef GAINSIGHT_GATEWAY_SERVER_JOBS_UPLOAD_OUTCOME_H_
#define GAINSIGHT_GATEWAY_SERVER_JOBS_UPLOAD_OUTCOME_H_

#include <string>

#include "gainsight/error_mapping.h"

namespace gg {

enum class UploadVerdict {
  kAccepted,            // status_id set
  kAcceptedUnreadable,  // result true, but no status id in the answer
  kNotReceived,         // Gainsight cannot have acted on it
  kUnknown,             // Gainsight may or may not have loaded the rows
  kRefused,             // Gainsight said no: nothing was loaded
};

struct UploadDecision {
  UploadVerdict verdict = UploadVerdict::kUnknown;
  std::string status_id;
};

UploadDecision ClassifyUpload(const UpstreamOutcome& outcome);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_JOBS_UPLOAD_OUTCOME_H_
