// The log of Gainsight-endpoint calls the sandbox received, in arrival
// order, for tests to inspect (GET /__sandbox/calls). It never holds request
// bodies, record values or the access key: of a write, only how many records
// it carried and the names of their fields.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_CALL_LOG_H_
#define GAINSIGHT_GATEWAY_SANDBOX_CALL_LOG_H_

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "quota/limits_spec.h"
#include "sandbox/clock.h"
#include "sandbox/json.h"

namespace gg::sandbox {

struct CallEntry {
  std::string method;
  std::string path;   // as sent
  std::string query;  // raw query string
  CallClass call_class = CallClass::kSync;
  int64_t records = 0;                   // records in a write body; 0 otherwise
  std::vector<std::string> record_keys;  // field names the records carry
  absl::Time time;                       // arrival
  // HTTP status answered; 0 for a dropped connection; -1 while in progress.
  int status = -1;
};

class CallLog {
 public:
  // The oldest entries are dropped beyond this many.
  static constexpr size_t kMaxEntries = 1000000;

  explicit CallLog(const Clock& clock) : clock_(clock) {}

  struct Arrival {
    uint64_t id;      // for Finish
    absl::Time time;  // arrival time, as logged
  };
  // Logs the arrival of a call, stamped with the current time.
  Arrival Begin(CallEntry entry);
  // Records the status answered to call `id`.
  void Finish(uint64_t id, int status);

  // Every entry as JSON, oldest first.
  Json ToJson() const;
  void Clear();

 private:
  const Clock& clock_;
  mutable absl::Mutex mu_;
  std::deque<CallEntry> entries_ ABSL_GUARDED_BY(mu_);
  uint64_t first_id_ ABSL_GUARDED_BY(mu_) = 0;  // id of entries_.front()
};

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_CALL_LOG_H_
