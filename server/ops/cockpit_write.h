// Batch writes of the Cockpit APIs (CTAs, tasks, Success Plans). Records go
// to Gainsight at most 50 a call in the {"requests": [{"record": ...}]}
// wrapper, a few calls at a time; each answer has one entry per record (the
// decision in gainsight/endpoints.cc), and every record gets one result, in
// input order, whatever happens to its call.
#ifndef GAINSIGHT_GATEWAY_SERVER_OPS_COCKPIT_WRITE_H_
#define GAINSIGHT_GATEWAY_SERVER_OPS_COCKPIT_WRITE_H_

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/strings/string_view.h"
#include "gainsight/client.h"
#include "gainsight/v1/common.pb.h"

namespace gg {

struct CockpitWriteSpec {
  EndpointId endpoint = EndpointId::kCtaCreate;
  bool update = false;
  // Query string of every call ("" for none).
  std::string query;
  // Request field of the records, naming errors: "ctas" -> "ctas[3].status".
  std::string records_field;
  // The proto field a field API name of a record error stands for.
  std::function<std::string(absl::string_view)> proto_field;
  // Record errors that answer NOT_FOUND rather than INVALID_ARGUMENT: a
  // GSID in `api_name` (e.g. an update's "Gsid") that names nothing.
  struct NotFound {
    std::string api_name;
    std::string message;  // e.g. "no CTA with that gsid"
    std::string reason;   // ErrorInfo reason, e.g. "CTA_NOT_FOUND"
  };
  std::vector<NotFound> not_found;
  // Calls in flight at once.
  int concurrency = 1;
};

// One record to send: its index in the request and its JSON (referenceId is
// set here).
struct CockpitRecord {
  int index = 0;
  Json record;
};

using CockpitWriteDone =
    absl::AnyInvocable<void(std::vector<gainsight::v1::RecordResult>)>;

// Writes `records`. `results` has one entry per record of the request;
// entries of records not sent (already failed) are kept as they are. `done`
// runs exactly once, with every result's index set.
void WriteCockpitRecords(GainsightClient* client, CallContext context,
                         CockpitWriteSpec spec,
                         std::vector<gainsight::v1::RecordResult> results,
                         std::vector<CockpitRecord> records,
                         CockpitWriteDone done);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_OPS_COCKPIT_WRITE_H_
