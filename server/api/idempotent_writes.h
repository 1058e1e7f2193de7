// Creates that carry a request_id run at most once (AIP-155). The first
// attempt of a (caller, method, request_id) claims it in the store and runs,
// detached from its caller: if the caller leaves (its deadline, a dropped
// connection) the attempt still finishes, so that its outcome is known.
// Its OK response is stored for the time to live; an error (nothing was
// written: record failures travel in OK responses) releases the claim.
//
// A retry of the same request answers the stored response and writes
// nothing; the same request_id with a different request is
// INVALID_ARGUMENT; a retry that arrives while the first attempt runs waits
// for it, or answers ABORTED with RetryInfo when its own deadline comes
// first. Without a request_id a create runs as before.
//
// StartImport, whose request is whole only when its stream ends, uses the
// same claims through Claim and Record (see api/import_reactor.h).
#ifndef GAINSIGHT_GATEWAY_SERVER_API_IDEMPOTENT_WRITES_H_
#define GAINSIGHT_GATEWAY_SERVER_API_IDEMPOTENT_WRITES_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "api/unary_call.h"
#include "common/clock.h"
#include "common/scheduler.h"
#include "google/protobuf/message.h"
#include "ops/idempotency_store.h"

typedef struct evp_md_ctx_st EVP_MD_CTX;

namespace gg {

class Metrics;

struct IdempotencyOptions {
  // How long a completed create's response is kept (--idempotency-ttl).
  absl::Duration ttl = absl::Hours(24);
  // A detached attempt runs at least this long after it starts, whatever
  // its caller's deadline (the default deadline).
  absl::Duration min_run = absl::Seconds(60);
  // How often a waiting retry looks at the first attempt's record.
  absl::Duration poll_interval = absl::Milliseconds(100);
};

// One attempt of a request that carries a request_id.
struct IdempotencyTicket {
  std::string method;  // e.g. "InsertCompanies", for logs and metrics
  std::string request_id;
  // Per caller, method and request_id: callers choose ids independently.
  std::string key;
  // Of the whole request: a retry must carry the same.
  std::string fingerprint;
  // This attempt (a claim is released or completed only by its owner).
  std::string owner;
};

class IdempotentWrites {
 public:
  // `metrics` may be null.
  IdempotentWrites(IdempotencyStore* store, Scheduler* scheduler, Clock* clock,
                   IdempotencyOptions options, Metrics* metrics);

  using Work = absl::AnyInvocable<void(UnaryCall* call)>;
  // Runs `work` (which fills `response` and replies on `call`) for a
  // validated `request` carrying `request_id`, or answers without it as
  // described above.
  void Run(UnaryCall* call, const google::protobuf::Message& request,
           const std::string& request_id, google::protobuf::Message* response,
           Work work);

  // A ticket for `caller_id`'s request of type `request_type` (a full
  // message name) with `request_id` and `fingerprint`.
  static IdempotencyTicket Ticket(const std::string& caller_id,
                                  const std::string& request_type,
                                  const std::string& request_id,
                                  std::string fingerprint);

  // What an attempt found when it claimed its ticket.
  struct Claimed {
    enum class Kind {
      kRun,      // this attempt holds the claim: run, then Record
      kAnswer,   // answer `answer` (OK: `response` holds the stored one)
      kRunning,  // another attempt runs the same request now
    };
    Kind kind = Kind::kRun;
    absl::Status answer;
  };
  // Claims `ticket` for `running_ttl`; a stored response is parsed into
  // `response`.
  Claimed Claim(const IdempotencyTicket& ticket, absl::Duration running_ttl,
                google::protobuf::Message* response);
  // The end of an attempt that ran: an OK `response` is stored for the
  // time to live; any other `status` (nothing was written) releases the
  // claim.
  void Record(const IdempotencyTicket& ticket, const absl::Status& status,
              const google::protobuf::Message& response);
  // ABORTED + RetryInfo: the first attempt of `ticket` still runs (counted
  // as "aborted").
  absl::Status InProgress(const IdempotencyTicket& ticket);

  // Cancels every detached attempt still running (a drain past its
  // deadline).
  void CancelDetached();

 private:
  struct Attempt;
  void Try(std::shared_ptr<Attempt> attempt);
  void Own(std::shared_ptr<Attempt> attempt);
  void Count(const IdempotencyTicket& ticket, const char* outcome);

  IdempotencyStore* const store_;
  Scheduler* const scheduler_;
  Clock* const clock_;
  const IdempotencyOptions options_;
  Metrics* const metrics_;

  absl::Mutex mu_;
  int64_t next_detached_ ABSL_GUARDED_BY(mu_) = 1;
  std::map<int64_t, std::shared_ptr<CancellationToken>> detached_
      ABSL_GUARDED_BY(mu_);
};

// Stable across processes: the SHA-256 (hex) of the request's
// deterministic serialization.
std::string RequestFingerprint(const google::protobuf::Message& request);

// The same over a stream of messages, added one at a time.
class StreamFingerprint {
 public:
  StreamFingerprint();
  ~StreamFingerprint();
  StreamFingerprint(const StreamFingerprint&) = delete;
  StreamFingerprint& operator=(const StreamFingerprint&) = delete;

  void Add(const google::protobuf::Message& message);
  // The hex digest of every message added; call once.
  std::string Finish();

 private:
  EVP_MD_CTX* context_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_API_IDEMPOTENT_WRITES_H_
