// Outcomes of creates with a request_id in Redis, so that a retry reaching
// another replica, or the same one after a restart, answers the first
// attempt's result. One string key per request under `key_prefix`
// ("…:idempotency:<hash>"): "R|<fingerprint>|<owner>" while an attempt runs
// (PX: its running time), "D|<fingerprint>|<response>" once done (PX: the
// time to live). Claims and completions are Lua scripts, so two replicas
// never both own a key.
#ifndef GAINSIGHT_GATEWAY_SERVER_OPS_REDIS_IDEMPOTENCY_STORE_H_
#define GAINSIGHT_GATEWAY_SERVER_OPS_REDIS_IDEMPOTENCY_STORE_H_

#include <string>
#include <vector>

#include "common/redis_connection.h"
#include "ops/idempotency_store.h"

namespace gg {

class RedisIdempotencyStore : public IdempotencyStore {
 public:
  struct Options {
    RedisAddress address;
    std::string key_prefix = "gainsight-gateway";
    absl::Duration timeout = absl::Seconds(1);
  };
  explicit RedisIdempotencyStore(Options options);

  absl::StatusOr<std::optional<IdempotencyRecord>> Claim(
      absl::string_view key, absl::string_view fingerprint,
      absl::string_view owner, absl::Duration running_ttl) override;
  absl::Status Complete(absl::string_view key, absl::string_view fingerprint,
                        absl::string_view owner, absl::string_view response,
                        absl::Duration ttl) override;
  absl::Status Release(absl::string_view key, absl::string_view fingerprint,
                       absl::string_view owner) override;

 private:
  // Runs a script; its string reply ("" for nil or an integer).
  absl::StatusOr<std::string> Eval(const std::vector<std::string>& argv);
  std::string Key(absl::string_view key) const;

  const Options options_;
  RedisSession redis_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_OPS_REDIS_IDEMPOTENCY_STORE_H_
