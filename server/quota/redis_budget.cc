#include "quota/redis_budget.h"

#include <hiredis/hiredis.h>
#include <sys/time.h>

#include <cmath>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace gg {
namespace {

// Reads the reservations of replicas whose heartbeat is missing, after
// the common head: KEYS: window sets..., closed key, registry, shares.
// ARGV: self id, heartbeat timeout, lease, in-flight ttl (all us), then per
// window: length_us, usable (from ARGV[5 + extra]). Sets `now`, `n`, `len`,
// `usable` and `reserved` (per window).
constexpr char kReservations[] = R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local self_id = ARGV[1]
local hb = tonumber(ARGV[2])
local lease = tonumber(ARGV[3])
local ttl = tonumber(ARGV[4])
local n = #KEYS - 3
local registry, shares = KEYS[n + 2], KEYS[n + 3]
local len, usable, reserved = {}, {}, {}
local shortest, longest = 1, 1
for i = 1, n do
  len[i] = tonumber(ARGV[first_window + 2 * (i - 1)])
  usable[i] = tonumber(ARGV[first_window + 2 * (i - 1) + 1])
  reserved[i] = 0
  if len[i] < len[shortest] then shortest = i end
  if len[i] > len[longest] then longest = i end
end
local forget = now - (lease + hb + ttl + len[longest])
for _, id in ipairs(redis.call('ZRANGEBYSCORE', registry, '-inf', forget)) do
  redis.call('HDEL', shares, id)
end
redis.call('ZREMRANGEBYSCORE', registry, '-inf', forget)
local missing = redis.call('ZRANGEBYSCORE', registry, '-inf', now - hb - 1,
                           'WITHSCORES')
for j = 1, #missing, 2 do
  local id, seen = missing[j], tonumber(missing[j + 1])
  if id ~= self_id then
    local s = tonumber(redis.call('HGET', shares, id) or '0')
    local periods = math.ceil((lease + hb) / len[shortest]) + 1
    local at_rate = math.max(1, math.floor(usable[shortest] * s)) * periods
    for i = 1, n do
      if now < seen + lease + hb + ttl + len[i] then
        reserved[i] = reserved[i] +
            math.min(math.max(1, math.floor(usable[i] * s)), at_rate)
      end
    end
  end
end
)lua";

// After kReservations (first_window = 9). ARGV[5..8]: admit, slot, share,
// ahead; ARGV[9...]: per window length_us, usable. Also refreshes this
// replica's heartbeat (its fallback share is ARGV[#ARGV]). Returns {admitted,
// wait_us, window, used per window...}; `used` includes reservations.
constexpr char kAdmitScript[] = R"lua(
redis.call('ZADD', registry, now, self_id)
redis.call('HSET', shares, self_id, ARGV[#ARGV])
local admit = ARGV[5] == '1'
local slot = ARGV[6]
local share = tonumber(ARGV[7])
local ahead = tonumber(ARGV[8])
local closed = tonumber(redis.call('GET', KEYS[n + 1]) or '0')
if closed > now then return {0, closed - now, -1} end
local best_wait, best = 0, -1
local used = {}
for i = 1, n do
  local key = KEYS[i]
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
  local count = redis.call('ZCARD', key)
  used[i] = count + reserved[i]
  local avail = usable[i] - reserved[i]
  local a = ahead
  if admit then a = 0 end
  local wait = 0
  if avail < 1 then
    wait = len[i]  -- all reserved: look again within a window
  else
    local cap = math.max(1, math.floor(avail * share + 1e-9))
    local needed = count - cap + a + 1
    if needed > 0 then
      local horizon = now + len[i]
      if needed <= count then
        local e = redis.call('ZRANGE', key, needed - 1, needed - 1,
                             'WITHSCORES')
        wait = math.min(tonumber(e[2]), horizon) - now
      else
        local last = now
        local e = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
        if #e > 0 then last = math.min(tonumber(e[2]), horizon) end
        wait = (last - now) + len[i] * math.ceil((needed - count) / cap)
      end
    end
  end
  if wait > best_wait or (wait > 0 and best < 0) then
    best_wait = wait; best = i - 1
  end
end
if best >= 0 or not admit then
  local out = {0, best_wait, best}
  for i = 1, n do out[3 + i] = used[i] end
  return out
end
for i = 1, n do
  redis.call('ZADD', KEYS[i], now + len[i] + ttl, slot)
  redis.call('PEXPIRE', KEYS[i], math.ceil((len[i] + ttl) / 1000) + 1000)
end
local out = {1, 0, -1}
for i = 1, n do out[3 + i] = used[i] end
return out
)lua";

// KEYS: window sets. ARGV: slot, then per window: length_us.
constexpr char kDoneScript[] = R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
for i = 1, #KEYS do
  if redis.call('ZSCORE', KEYS[i], ARGV[1]) then
    redis.call('ZADD', KEYS[i], now + tonumber(ARGV[1 + i]), ARGV[1])
  end
end
return {1}
)lua";

// KEYS: window sets. ARGV: slot.
constexpr char kReleaseScript[] = R"lua(
for i = 1, #KEYS do redis.call('ZREM', KEYS[i], ARGV[1]) end
return {1}
)lua";

// KEYS: closed key. ARGV: duration_us.
constexpr char kCloseScript[] = R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local until_us = now + tonumber(ARGV[1])
local closed = tonumber(redis.call('GET', KEYS[1]) or '0')
if until_us > closed then
  redis.call('SET', KEYS[1], until_us, 'PX', math.ceil(tonumber(ARGV[1]) / 1000) + 1000)
end
return {1}
)lua";

// After kReservations (first_window = 5). Returns {now, closed_until, then
// per window: used (reservations included), next_free (0: none)}.
constexpr char kStatusScript[] = R"lua(
local out = {now, tonumber(redis.call('GET', KEYS[n + 1]) or '0')}
for i = 1, n do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now)
  out[#out + 1] = redis.call('ZCARD', KEYS[i]) + reserved[i]
  local e = redis.call('ZRANGE', KEYS[i], 0, 0, 'WITHSCORES')
  if #e > 0 then
    out[#out + 1] = math.min(tonumber(e[2]), now + len[i])
  else
    out[#out + 1] = 0
  end
end
return out
)lua";

// KEYS: registry, shares. ARGV: replica id, share.
constexpr char kHeartbeatScript[] = R"lua(
local t = redis.call('TIME')
redis.call('ZADD', KEYS[1], tonumber(t[1]) * 1000000 + tonumber(t[2]), ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return {1}
)lua";

// KEYS: registry, shares. ARGV: replica id.
constexpr char kDeregisterScript[] = R"lua(
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
return {1}
)lua";

// KEYS: closed key.
constexpr char kReopenScript[] = R"lua(
redis.call('DEL', KEYS[1])
return {1}
)lua";

std::string WithReservations(int first_window, const char* script) {
  return absl::StrCat("local first_window = ", first_window, "\n",
                      kReservations, script);
}

// KEYS: window sets. ARGV: triples (slot, window index 0-based, remaining_us),
// then per window ttl for PEXPIRE is not needed: keys keep their own.
constexpr char kAdoptScript[] = R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
for j = 1, #ARGV, 3 do
  local key = KEYS[tonumber(ARGV[j + 1]) + 1]
  redis.call('ZADD', key, 'NX', now + tonumber(ARGV[j + 2]), ARGV[j])
end
return {1}
)lua";

// Scripts count time in microseconds (Redis TIME's resolution): coarser
// units would let a slot leave its window up to a unit early.
int64_t Us(absl::Duration d) { return absl::ToInt64Microseconds(d); }

}  // namespace

RedisBudget::RedisBudget(Options options, BudgetConfig config)
    : options_(std::move(options)),
      config_(std::move(config)),
      redis_(options_.address, options_.timeout) {}

std::string RedisBudget::RegistryKey() const {
  return absl::StrCat(options_.key_prefix, ":replicas");
}

std::string RedisBudget::SharesKey() const {
  return absl::StrCat(options_.key_prefix, ":replica-shares");
}

std::vector<std::string> RedisBudget::ReservationArgs() const {
  return {options_.replica_id, absl::StrCat(Us(options_.heartbeat_timeout)),
          absl::StrCat(Us(options_.fallback_lease)),
          absl::StrCat(Us(config_.inflight_ttl))};
}

std::vector<std::string> RedisBudget::Keys(CallClass call_class) const {
  std::vector<std::string> keys;
  const auto& windows = config_.limits.For(call_class);
  for (size_t i = 0; i < windows.size(); ++i) {
    keys.push_back(absl::StrCat(options_.key_prefix, ":",
                                CallClassName(call_class), ":",
                                FormatWindowLength(windows[i].length)));
  }
  keys.push_back(ClosedKey(call_class));
  keys.push_back(RegistryKey());
  keys.push_back(SharesKey());
  return keys;
}

std::string RedisBudget::ClosedKey(CallClass call_class) const {
  return absl::StrCat(options_.key_prefix, ":", CallClassName(call_class),
                      ":closed");
}

absl::StatusOr<std::vector<int64_t>> RedisBudget::Eval(
    const char* script, const std::vector<std::string>& keys,
    const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"EVAL", script, absl::StrCat(keys.size())};
  argv.insert(argv.end(), keys.begin(), keys.end());
  argv.insert(argv.end(), args.begin(), args.end());
  absl::StatusOr<redisReply*> answer = redis_.Command(argv);
  if (!answer.ok()) return answer.status();
  redisReply* reply = *answer;
  std::vector<int64_t> out;
  absl::Status status;
  if (reply->type == REDIS_REPLY_ERROR) {
    status = absl::InternalError(absl::StrCat("Redis script: ", reply->str));
  } else if (reply->type == REDIS_REPLY_ARRAY) {
    for (size_t i = 0; i < reply->elements; ++i) {
      out.push_back(reply->element[i]->type == REDIS_REPLY_INTEGER
                        ? reply->element[i]->integer
                        : 0);
    }
  }
  freeReplyObject(reply);
  if (!status.ok()) return status;
  return out;
}

absl::StatusOr<BudgetDecision> RedisBudget::TryAdmit(CallClass call_class,
                                                     const std::string& slot,
                                                     double share, int ahead,
                                                     bool admit) {
  static const std::string* script =
      new std::string(WithReservations(9, kAdmitScript));
  std::vector<std::string> args = ReservationArgs();
  for (std::string a : {std::string(admit ? "1" : "0"), slot,
                        absl::StrCat(share), absl::StrCat(ahead)}) {
    args.push_back(std::move(a));
  }
  for (const WindowSpec& w : config_.limits.For(call_class)) {
    args.push_back(absl::StrCat(Us(w.length)));
    args.push_back(absl::StrCat(UsableLimit(w, config_.headroom)));
  }
  args.push_back(absl::StrCat(options_.fallback_share));
  absl::StatusOr<std::vector<int64_t>> r =
      Eval(script->c_str(), Keys(call_class), args);
  if (!r.ok()) return r.status();
  if (r->size() < 3) return absl::InternalError("Redis script: bad reply");
  BudgetDecision decision;
  decision.admitted = (*r)[0] == 1;
  decision.wait = absl::Microseconds((*r)[1]);
  decision.window = static_cast<int>((*r)[2]);
  decision.used.assign(r->begin() + 3, r->end());
  return decision;
}

absl::Status RedisBudget::MarkDone(CallClass call_class,
                                   const std::string& slot) {
  std::vector<std::string> keys = Keys(call_class);
  keys.resize(keys.size() - 3);
  std::vector<std::string> args = {slot};
  for (const WindowSpec& w : config_.limits.For(call_class)) {
    args.push_back(absl::StrCat(Us(w.length)));
  }
  return Eval(kDoneScript, keys, args).status();
}

absl::Status RedisBudget::Release(CallClass call_class,
                                  const std::string& slot) {
  std::vector<std::string> keys = Keys(call_class);
  keys.resize(keys.size() - 3);
  return Eval(kReleaseScript, keys, {slot}).status();
}

absl::Status RedisBudget::Close(CallClass call_class, absl::Duration duration) {
  return Eval(kCloseScript, {ClosedKey(call_class)},
              {absl::StrCat(std::max<int64_t>(1, Us(duration)))})
      .status();
}

absl::Status RedisBudget::Reopen(CallClass call_class) {
  return Eval(kReopenScript, {ClosedKey(call_class)}, {}).status();
}

absl::Status RedisBudget::Heartbeat() {
  return Eval(kHeartbeatScript, {RegistryKey(), SharesKey()},
              {options_.replica_id, absl::StrCat(options_.fallback_share)})
      .status();
}

absl::Status RedisBudget::Deregister() {
  return Eval(kDeregisterScript, {RegistryKey(), SharesKey()},
              {options_.replica_id})
      .status();
}

absl::StatusOr<ClassStatus> RedisBudget::Status(CallClass call_class) {
  static const std::string* script =
      new std::string(WithReservations(5, kStatusScript));
  const auto& windows = config_.limits.For(call_class);
  std::vector<std::string> args = ReservationArgs();
  for (const WindowSpec& w : windows) {
    args.push_back(absl::StrCat(Us(w.length)));
    args.push_back(absl::StrCat(UsableLimit(w, config_.headroom)));
  }
  absl::StatusOr<std::vector<int64_t>> r =
      Eval(script->c_str(), Keys(call_class), args);
  if (!r.ok()) return r.status();
  if (r->size() != 2 + 2 * windows.size()) {
    return absl::InternalError("Redis script: bad reply");
  }
  // Report times on this replica's clock: now + (redis time - redis now).
  const int64_t redis_now = (*r)[0];
  const absl::Time now = absl::Now();
  auto local = [&](int64_t redis_us) {
    return now + absl::Microseconds(redis_us - redis_now);
  };
  ClassStatus status;
  status.call_class = call_class;
  if ((*r)[1] > redis_now) status.closed_until = local((*r)[1]);
  for (size_t i = 0; i < windows.size(); ++i) {
    WindowStatus w;
    w.spec = windows[i];
    w.usable = UsableLimit(windows[i], config_.headroom);
    w.used = (*r)[2 + 2 * i];
    if ((*r)[3 + 2 * i] > 0) w.next_free = local((*r)[3 + 2 * i]);
    status.windows.push_back(w);
  }
  return status;
}

absl::Status RedisBudget::Adopt(CallClass call_class,
                                const std::vector<ForeignSlot>& slots) {
  if (slots.empty()) return absl::OkStatus();
  std::vector<std::string> keys = Keys(call_class);
  keys.resize(keys.size() - 3);
  std::vector<std::string> args;
  for (const ForeignSlot& s : slots) {
    args.push_back(s.slot);
    args.push_back(absl::StrCat(s.window));
    args.push_back(absl::StrCat(std::max<int64_t>(1, Us(s.remaining))));
  }
  return Eval(kAdoptScript, keys, args).status();
}

absl::Status RedisBudget::Ping() {
  absl::StatusOr<redisReply*> reply = redis_.Command({"PING"});
  if (!reply.ok()) return reply.status();
  freeReplyObject(*reply);
  return absl::OkStatus();
}

}  // namespace gg
