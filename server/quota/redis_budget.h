// The budget shared by every replica, kept in Redis. Each window of a class
// is a sorted set of slots scored by the time they leave the window; one Lua
// script per admission checks and charges every window atomically, with the
// time taken from Redis (TIME), never from the replicas' clocks.
//
// Replicas register in Redis (a heartbeat with every admission and about
// once a second). A replica whose heartbeat is missing may be cut off from
// Redis and admitting from its fallback share, for at most the fallback
// lease after its last heartbeat: until that lease and one window length
// (plus the in-flight allowance) have passed, its share of each window
// (never more than it can admit at its own rate within the lease) stays
// reserved, and the others admit only from what is left.
#ifndef GAINSIGHT_GATEWAY_SERVER_QUOTA_REDIS_BUDGET_H_
#define GAINSIGHT_GATEWAY_SERVER_QUOTA_REDIS_BUDGET_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/redis_connection.h"
#include "quota/budget.h"

namespace gg {

class RedisBudget {
 public:
  struct Options {
    RedisAddress address;
    // Prefix of every key, so that several tenants can share one Redis.
    std::string key_prefix = "gainsight-gateway";
    // Connect and command timeout: a slow Redis counts as down.
    absl::Duration timeout = absl::Milliseconds(50);
    // This replica, and the share of each limit it admits from while cut
    // off from Redis.
    std::string replica_id = "local";
    double fallback_share = 0.34;
    // A heartbeat older than this is missing.
    absl::Duration heartbeat_timeout = absl::Seconds(3);
    // How long a replica cut off from Redis keeps admitting from its share
    // after its last heartbeat.
    absl::Duration fallback_lease = absl::Minutes(15);
  };

  RedisBudget(Options options, BudgetConfig config);

  // As Budget's methods, but failing when Redis does not answer.
  absl::StatusOr<BudgetDecision> TryAdmit(CallClass call_class,
                                          const std::string& slot, double share,
                                          int ahead, bool admit);
  absl::Status MarkDone(CallClass call_class, const std::string& slot);
  absl::Status Release(CallClass call_class, const std::string& slot);
  absl::Status Close(CallClass call_class, absl::Duration duration);
  absl::Status Reopen(CallClass call_class);
  // This replica is alive (and registered with its fallback share).
  absl::Status Heartbeat();
  // This replica stops cleanly: nothing of its share needs reserving.
  absl::Status Deregister();
  const Options& options() const { return options_; }
  absl::StatusOr<ClassStatus> Status(CallClass call_class);
  // Counts slots admitted elsewhere (while Redis was down), each leaving its
  // window `remaining` from now.
  struct ForeignSlot {
    std::string slot;
    int window = 0;
    absl::Duration remaining;
  };
  absl::Status Adopt(CallClass call_class,
                     const std::vector<ForeignSlot>& slots);
  absl::Status Ping();

 private:
  // The class's window sets, its closed key, the replica registry (sorted
  // set of heartbeat times) and the replicas' fallback shares (hash).
  std::vector<std::string> Keys(CallClass call_class) const;
  std::string RegistryKey() const;
  std::string ClosedKey(CallClass call_class) const;
  std::string SharesKey() const;
  // Arguments every script that computes reservations takes first.
  std::vector<std::string> ReservationArgs() const;
  // Runs EVAL; the reply's integers (flattened one level).
  absl::StatusOr<std::vector<int64_t>> Eval(
      const char* script, const std::vector<std::string>& keys,
      const std::vector<std::string>& args);

  const Options options_;
  const BudgetConfig config_;
  RedisSession redis_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_QUOTA_REDIS_BUDGET_H_
