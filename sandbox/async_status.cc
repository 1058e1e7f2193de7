#include "sandbox/async_status.h"

#include <set>
#include <utility>

namespace gg::sandbox {

bool AddAsyncStatus(const BulkUpload& upload, const BulkShapes& shapes,
                    const AsyncStatusNames& names, Json& out) {
  const bool completed = upload.status_reads >= 3 && !shapes.async_stuck &&
                         shapes.async_state.empty();
  if (!shapes.async_state.empty()) {
    out[names.state] = shapes.async_state;
  } else if (upload.status_reads == 1) {
    out[names.state] = bulk_wire::kStateInit;
  } else if (!completed) {
    out[names.state] = names.in_progress;
  } else {
    out[names.state] = bulk_wire::kStateCompleted;
  }
  std::set<int64_t> failed_rows;
  Json errors = Json::array();
  for (const BulkRowError& e : upload.errors) {
    failed_rows.insert(e.row);
    Json error = Json::object();
    error[bulk_wire::kRowNumber] = e.row;
    error[bulk_wire::kFieldName] = e.field_name;
    error[bulk_wire::kErrorCode] = e.code;
    error[names.message] = e.desc;
    errors.push_back(std::move(error));
  }
  const int64_t failed = static_cast<int64_t>(failed_rows.size());
  if (shapes.async_counts == "count") {
    // One processed count (Workato's People status output).
    out[bulk_wire::kCount] = completed ? upload.succeeded + failed : 0;
  } else {
    out[bulk_wire::kTotalCount] = upload.total;
    out[bulk_wire::kSuccessCount] = completed ? upload.succeeded : 0;
    out[bulk_wire::kFailureCount] = completed ? failed : 0;
  }
  out[names.errors] = completed ? std::move(errors) : Json::array();
  return completed;
}

}  // namespace gg::sandbox
