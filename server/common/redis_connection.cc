#include "common/redis_connection.h"

#include <hiredis/hiredis.h>
#include <sys/time.h>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace gg {

absl::StatusOr<RedisAddress> ParseRedisUrl(const std::string& url) {
  absl::string_view rest = url;
  if (!absl::ConsumePrefix(&rest, "redis://")) {
    return absl::InvalidArgumentError("Redis URL must start with redis://");
  }
  RedisAddress address;
  if (size_t slash = rest.find('/'); slash != absl::string_view::npos) {
    absl::string_view db = rest.substr(slash + 1);
    if (!db.empty() && !absl::SimpleAtoi(db, &address.db)) {
      return absl::InvalidArgumentError("bad Redis database number");
    }
    rest = rest.substr(0, slash);
  }
  if (size_t colon = rest.rfind(':'); colon != absl::string_view::npos) {
    if (!absl::SimpleAtoi(rest.substr(colon + 1), &address.port)) {
      return absl::InvalidArgumentError("bad Redis port");
    }
    rest = rest.substr(0, colon);
  }
  address.host = std::string(rest);
  if (address.host.empty()) {
    return absl::InvalidArgumentError("Redis URL has no host");
  }
  return address;
}

absl::StatusOr<redisContext*> ConnectRedis(const RedisAddress& address,
                                           absl::Duration timeout) {
  timeval tv;
  tv.tv_sec = absl::ToInt64Milliseconds(timeout) / 1000;
  tv.tv_usec = (absl::ToInt64Milliseconds(timeout) % 1000) * 1000;
  redisContext* context =
      redisConnectWithTimeout(address.host.c_str(), address.port, tv);
  if (context == nullptr || context->err != 0) {
    std::string why = context ? context->errstr : "out of memory";
    if (context != nullptr) redisFree(context);
    return absl::UnavailableError(absl::StrCat("Redis: ", why));
  }
  redisSetTimeout(context, tv);
  if (address.db != 0) {
    auto* reply = static_cast<redisReply*>(
        redisCommand(context, "SELECT %d", address.db));
    bool ok = reply != nullptr && reply->type != REDIS_REPLY_ERROR;
    if (reply != nullptr) freeReplyObject(reply);
    if (!ok) {
      redisFree(context);
      return absl::UnavailableError("Redis: SELECT failed");
    }
  }
  return context;
}

}  // namespace gg
