// Where the outcomes of creates that carry a request_id are kept (AIP-155),
// so that a retry of the same request answers the first attempt's result
// instead of writing again. One record per key: "running" while an attempt
// is under way (it expires on its own if the attempt's replica dies), then
// "done" with the serialized response, kept for the store's time to live.
//
// LocalIdempotencyStore keeps them in this process (bounded); the Redis
// store (redis_idempotency_store.h) shares them between replicas and
// restarts.
#ifndef GAINSIGHT_GATEWAY_SERVER_OPS_IDEMPOTENCY_STORE_H_
#define GAINSIGHT_GATEWAY_SERVER_OPS_IDEMPOTENCY_STORE_H_

#include <cstddef>
#include <map>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/clock.h"

namespace gg {

// What an earlier attempt left under a key.
struct IdempotencyRecord {
  // True while that attempt runs; false once its response is stored.
  bool running = false;
  // Fingerprint of the request that attempt served.
  std::string fingerprint;
  // The serialized response (done records only).
  std::string response;
};

class IdempotencyStore {
 public:
  virtual ~IdempotencyStore() = default;
  // Claims `key` for attempt `owner` of a request with `fingerprint`:
  // nullopt when no record existed (one now says "running" for
  // `running_ttl`), else the record found, unchanged. UNAVAILABLE when the
  // store cannot be reached.
  virtual absl::StatusOr<std::optional<IdempotencyRecord>> Claim(
      absl::string_view key, absl::string_view fingerprint,
      absl::string_view owner, absl::Duration running_ttl) = 0;
  // Stores the response of `owner`'s attempt for `ttl`, unless another
  // attempt claimed the key meanwhile (after this one's claim expired).
  virtual absl::Status Complete(absl::string_view key,
                                absl::string_view fingerprint,
                                absl::string_view owner,
                                absl::string_view response,
                                absl::Duration ttl) = 0;
  // Drops `owner`'s running claim (its attempt wrote nothing), so that a
  // retry runs again.
  virtual absl::Status Release(absl::string_view key,
                               absl::string_view fingerprint,
                               absl::string_view owner) = 0;
};

// In this process. Holds at most `max_records` (expired ones are dropped
// first, then the done ones that expire soonest): a record dropped early
// lets a late retry write again, which the gateway logs.
class LocalIdempotencyStore : public IdempotencyStore {
 public:
  LocalIdempotencyStore(Clock* clock, size_t max_records);

  absl::StatusOr<std::optional<IdempotencyRecord>> Claim(
      absl::string_view key, absl::string_view fingerprint,
      absl::string_view owner, absl::Duration running_ttl) override;
  absl::Status Complete(absl::string_view key, absl::string_view fingerprint,
                        absl::string_view owner, absl::string_view response,
                        absl::Duration ttl) override;
  absl::Status Release(absl::string_view key, absl::string_view fingerprint,
                       absl::string_view owner) override;

  size_t size() const;

 private:
  struct Entry {
    IdempotencyRecord record;
    std::string owner;  // of a running record
    absl::Time expiry;
  };
  // Drops expired records, then (when full) the done ones closest to
  // expiry, until one more fits.
  void MakeRoomLocked(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The entry of `key` unless missing or expired.
  Entry* FindLocked(absl::string_view key, absl::Time now)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  Clock* const clock_;
  const size_t max_records_;
  mutable absl::Mutex mu_;
  std::map<std::string, Entry, std::less<>> entries_ ABSL_GUARDED_BY(mu_);
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_OPS_IDEMPOTENCY_STORE_H_
