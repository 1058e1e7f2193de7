// Where a Redis server is, and one connection to it. Shared by the budget
// shared across replicas and the bulk job store.
#ifndef GAINSIGHT_GATEWAY_SERVER_COMMON_REDIS_CONNECTION_H_
#define GAINSIGHT_GATEWAY_SERVER_COMMON_REDIS_CONNECTION_H_

#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

struct redisContext;
struct redisReply;

namespace gg {

struct RedisAddress {
  std::string host;
  int port = 6379;
  int db = 0;
  // AUTH: `user` is a Redis 6 ACL user (empty: the default user). The
  // password is never logged.
  std::string user;
  std::string password;
  // rediss://: TLS, the server's certificate verified against `ca_file`
  // (empty: the system's CAs) and its host name.
  bool tls = false;
  std::string ca_file;
};
// redis[s]://[USER[:PASSWORD]@]HOST[:PORT][/DB][?ca_file=PATH], user and
// password percent-encoded.
absl::StatusOr<RedisAddress> ParseRedisUrl(const std::string& url);
std::string FormatRedisUrl(const RedisAddress& address);

// A connection to `address` with `timeout` for connecting and for every
// command, authenticated, its database selected. UNAVAILABLE when Redis
// cannot be reached or refuses the credentials. The caller owns the context
// (redisFree).
absl::StatusOr<redisContext*> ConnectRedis(const RedisAddress& address,
                                           absl::Duration timeout);

// One connection to a Redis server, made when first needed and again after
// a command failed on the wire. One command at a time (thread-safe).
class RedisSession {
 public:
  RedisSession(RedisAddress address, absl::Duration timeout);
  ~RedisSession();
  RedisSession(const RedisSession&) = delete;
  RedisSession& operator=(const RedisSession&) = delete;

  // Runs one command (binary-safe arguments): its reply, which the caller
  // frees (freeReplyObject), an error reply included; UNAVAILABLE when
  // Redis cannot be reached or does not answer.
  absl::StatusOr<redisReply*> Command(const std::vector<std::string>& argv);

 private:
  const RedisAddress address_;
  const absl::Duration timeout_;
  absl::Mutex mu_;
  redisContext* context_ ABSL_GUARDED_BY(mu_) = nullptr;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_COMMON_REDIS_CONNECTION_H_
