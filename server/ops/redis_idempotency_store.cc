#include "ops/redis_idempotency_store.h"

#include <hiredis/hiredis.h>

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace gg {
namespace {

// KEYS: the record. ARGV: running value, running ms. Returns "" when the
// claim was made, else the record found.
constexpr char kClaimScript[] = R"lua(
local found = redis.call('GET', KEYS[1])
if found then return found end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return ''
)lua";

// KEYS: the record. ARGV: the owner's running value, done value, ttl ms.
constexpr char kCompleteScript[] = R"lua(
local found = redis.call('GET', KEYS[1])
if found and found ~= ARGV[1] then return '0' end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return '1'
)lua";

// KEYS: the record. ARGV: the owner's running value.
constexpr char kReleaseScript[] = R"lua(
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return '1'
)lua";

std::string Millis(absl::Duration d) {
  return absl::StrCat(std::max<int64_t>(1, absl::ToInt64Milliseconds(d)));
}

std::string RunningValue(absl::string_view fingerprint,
                         absl::string_view owner) {
  return absl::StrCat("R|", fingerprint, "|", owner);
}

// "R|fp|owner" or "D|fp|response"; nullopt for anything else.
std::optional<IdempotencyRecord> ParseRecord(absl::string_view value) {
  if (value.size() < 3 || value[1] != '|' ||
      (value[0] != 'R' && value[0] != 'D')) {
    return std::nullopt;
  }
  const size_t bar = value.find('|', 2);
  if (bar == absl::string_view::npos) return std::nullopt;
  IdempotencyRecord record;
  record.running = value[0] == 'R';
  record.fingerprint = std::string(value.substr(2, bar - 2));
  if (!record.running) record.response = std::string(value.substr(bar + 1));
  return record;
}

}  // namespace

RedisIdempotencyStore::RedisIdempotencyStore(Options options)
    : options_(std::move(options)),
      redis_(options_.address, options_.timeout) {}

std::string RedisIdempotencyStore::Key(absl::string_view key) const {
  return absl::StrCat(options_.key_prefix, ":idempotency:", key);
}

absl::StatusOr<std::string> RedisIdempotencyStore::Eval(
    const std::vector<std::string>& argv) {
  absl::StatusOr<redisReply*> reply = redis_.Command(argv);
  if (!reply.ok()) return reply.status();
  absl::StatusOr<std::string> result;
  if ((*reply)->type == REDIS_REPLY_ERROR) {
    result = absl::UnavailableError(absl::StrCat("Redis: ", (*reply)->str));
  } else if ((*reply)->type == REDIS_REPLY_STRING ||
             (*reply)->type == REDIS_REPLY_STATUS) {
    result = std::string((*reply)->str, (*reply)->len);
  } else {
    result = std::string();
  }
  freeReplyObject(*reply);
  return result;
}

absl::StatusOr<std::optional<IdempotencyRecord>> RedisIdempotencyStore::Claim(
    absl::string_view key, absl::string_view fingerprint,
    absl::string_view owner, absl::Duration running_ttl) {
  absl::StatusOr<std::string> found =
      Eval({"EVAL", kClaimScript, "1", Key(key),
            RunningValue(fingerprint, owner), Millis(running_ttl)});
  if (!found.ok()) return found.status();
  if (found->empty()) return std::nullopt;
  std::optional<IdempotencyRecord> record = ParseRecord(*found);
  if (!record.has_value()) {
    return absl::InternalError(
        "Redis: an idempotency record has an unknown format");
  }
  return record;
}

absl::Status RedisIdempotencyStore::Complete(absl::string_view key,
                                             absl::string_view fingerprint,
                                             absl::string_view owner,
                                             absl::string_view response,
                                             absl::Duration ttl) {
  return Eval({"EVAL", kCompleteScript, "1", Key(key),
               RunningValue(fingerprint, owner),
               absl::StrCat("D|", fingerprint, "|", response), Millis(ttl)})
      .status();
}

absl::Status RedisIdempotencyStore::Release(absl::string_view key,
                                            absl::string_view fingerprint,
                                            absl::string_view owner) {
  return Eval({"EVAL", kReleaseScript, "1", Key(key),
               RunningValue(fingerprint, owner)})
      .status();
}

}  // namespace gg
