// What every batch-write and query RPC shares at the API edge: one
// RecordResult per input record, and the select list of a query.
#ifndef GAINSIGHT_GATEWAY_SERVER_API_RECORD_RESULTS_H_
#define GAINSIGHT_GATEWAY_SERVER_API_RECORD_RESULTS_H_

#include <algorithm>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "api/unary_call.h"
#include "common/status_details.h"
#include "gainsight/v1/common.pb.h"
#include "google/protobuf/repeated_field.h"
#include "ops/record_ops.h"

namespace gg {

// Appends one RecordResult per outcome, in input order, to
// `response->results`.
template <typename Response>
void FillResults(const std::vector<RecordOutcome>& outcomes,
                 Response* response) {
  for (size_t i = 0; i < outcomes.size(); ++i) {
    gainsight::v1::RecordResult* result = response->add_results();
    result->set_index(static_cast<int>(i));
    if (outcomes[i].error.ok()) {
      result->set_gsid(outcomes[i].gsid);
      result->set_action(outcomes[i].action);
    } else {
      *result->mutable_error() = ToRpcStatus(outcomes[i].error);
    }
  }
}

// A write callback that fills `response` and finishes `call` with OK: record
// failures travel in the results, not in the RPC status.
template <typename Response>
RecordOps::WriteCallback ReplyWithResults(UnaryCall* call, Response* response) {
  return [call, response](std::vector<RecordOutcome> outcomes) {
    FillResults(outcomes, response);
    call->Reply(absl::OkStatus());
  };
}

// The caller's select list with "Gsid" in front when it is missing: every
// row the gateway returns carries its GSID.
inline std::vector<std::string> SelectWithGsid(
    const google::protobuf::RepeatedPtrField<std::string>& select) {
  std::vector<std::string> names(select.begin(), select.end());
  if (std::find(names.begin(), names.end(), "Gsid") == names.end()) {
    names.insert(names.begin(), "Gsid");
  }
  return names;
}

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_API_RECORD_RESULTS_H_
