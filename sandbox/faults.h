// Fault injection: make chosen Gainsight calls fail (an error status, a
// dropped connection, a non-JSON body) or answer late, so clients' retry and
// timeout paths can be tested. Configured through POST /__sandbox/faults.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_FAULTS_H_
#define GAINSIGHT_GATEWAY_SANDBOX_FAULTS_H_

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "sandbox/json.h"

namespace gg::sandbox {

// One rule, as posted: {"status":503,"count":3,"method":"POST",...}.
struct FaultSpec {
  std::optional<int> status;     // answer this status instead
  std::optional<int64_t> count;  // fire at most this many times
  std::optional<double> rate;    // fire on this share of matching calls
  std::optional<uint64_t> seed;  // of the rate's generator
  std::string method;            // only calls of this method ("" any)
  std::string path_prefix;       // only paths starting with this
  absl::Duration delay = absl::ZeroDuration();  // wait before answering
  bool drop_connection = false;          // close without a valid response
  bool malformed_body = false;           // a body that is not JSON
  std::optional<int64_t> retry_after_s;  // Retry-After on an injected 429
  // Another body instead of the answer: "truncated" (as malformed_body),
  // "text" (plain text, not JSON) or "html" (an HTML error page).
  std::string body;
  // A valid envelope padded to this many bytes (an answer too large).
  std::optional<int64_t> body_bytes;
  // A valid envelope (result true) whose `data` is this: an answer of a
  // shape the endpoint does not send.
  std::optional<Json> data;
};

// Parses and checks a posted rule; the error message is for the client.
absl::StatusOr<FaultSpec> ParseFaultSpec(const Json& json);

// What to do to one call.
struct FaultAction {
  std::optional<int> status;
  absl::Duration delay = absl::ZeroDuration();
  bool drop_connection = false;
  bool malformed_body = false;
  std::optional<int64_t> retry_after_s;
  std::string body;
  std::optional<int64_t> body_bytes;
  std::optional<Json> data;

  // Whether the call gets an injected answer (false: only delayed, then
  // served normally).
  bool ReplacesAnswer() const {
    return status.has_value() || drop_connection || malformed_body ||
           !body.empty() || body_bytes.has_value() || data.has_value();
  }
};

class FaultInjector {
 public:
  // Adds a rule after the existing ones; returns its id (1, 2, ...).
  int Add(FaultSpec spec);

  // The action for a call, from the first rule that matches and fires.
  std::optional<FaultAction> Next(absl::string_view method,
                                  absl::string_view path);

  // The active rules, with their ids, remaining counts and fire counts.
  Json List() const;

  // Removes every rule; ids start again at 1.
  void Clear();

 private:
  struct Rule {
    int id;
    FaultSpec spec;
    std::mt19937_64 rng;
    int64_t fired = 0;
  };

  mutable absl::Mutex mu_;
  std::vector<Rule> rules_ ABSL_GUARDED_BY(mu_);
  int next_id_ ABSL_GUARDED_BY(mu_) = 1;
};

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_FAULTS_H_
