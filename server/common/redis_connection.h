// Where a Redis server is, and one connection to it. Shared by the budget
// shared across replicas and the bulk job store.
#ifndef GAINSIGHT_GATEWAY_SERVER_COMMON_REDIS_CONNECTION_H_
#define GAINSIGHT_GATEWAY_SERVER_COMMON_REDIS_CONNECTION_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

struct redisContext;

namespace gg {

struct RedisAddress {
  std::string host;
  int port = 6379;
  int db = 0;
};
// redis://HOST[:PORT][/DB]
absl::StatusOr<RedisAddress> ParseRedisUrl(const std::string& url);

// A connection to `address` with `timeout` for connecting and for every
// command, its database selected. UNAVAILABLE when Redis cannot be reached.
// The caller owns the context (redisFree).
absl::StatusOr<redisContext*> ConnectRedis(const RedisAddress& address,
                                           absl::Duration timeout);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_COMMON_REDIS_CONNECTION_H_
