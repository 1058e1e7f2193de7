#include "common/redis_connection.h"

#include <hiredis/hiredis.h>
#include <sys/time.h>

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/tls_tunnel.h"

namespace gg {
namespace {

absl::StatusOr<std::string> PercentDecode(absl::string_view in) {
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out.push_back(in[i]);
      continue;
    }
    int value;
    if (i + 2 >= in.size() ||
        !absl::SimpleHexAtoi(in.substr(i + 1, 2), &value)) {
      return absl::InvalidArgumentError("bad %-escape in the Redis URL");
    }
    out.push_back(static_cast<char>(value));
    i += 2;
  }
  return out;
}

std::string PercentEncode(absl::string_view in) {
  std::string out;
  for (char c : in) {
    if (absl::ascii_isalnum(c) || c == '-' || c == '_' || c == '.' ||
        c == '~') {
      out.push_back(c);
    } else {
      absl::StrAppend(
          &out, "%", absl::Hex(static_cast<unsigned char>(c), absl::kZeroPad2));
    }
  }
  return out;
}

bool Reply(redisContext* context, const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  std::vector<size_t> lengths;
  for (const std::string& a : args) {
    argv.push_back(a.data());
    lengths.push_back(a.size());
  }
  auto* reply = static_cast<redisReply*>(redisCommandArgv(
      context, static_cast<int>(argv.size()), argv.data(), lengths.data()));
  bool ok = reply != nullptr && reply->type != REDIS_REPLY_ERROR;
  if (reply != nullptr) freeReplyObject(reply);
  return ok;
}

}  // namespace

absl::StatusOr<RedisAddress> ParseRedisUrl(const std::string& url) {
  absl::string_view rest = url;
  RedisAddress address;
  if (absl::ConsumePrefix(&rest, "rediss://")) {
    address.tls = true;
  } else if (!absl::ConsumePrefix(&rest, "redis://")) {
    return absl::InvalidArgumentError(
        "Redis URL must start with redis:// or rediss://");
  }
  if (size_t query = rest.find('?'); query != absl::string_view::npos) {
    absl::string_view params = rest.substr(query + 1);
    rest = rest.substr(0, query);
    if (!absl::ConsumePrefix(&params, "ca_file=") || !address.tls) {
      return absl::InvalidArgumentError(
          "the only Redis URL parameter is ca_file (with rediss://)");
    }
    absl::StatusOr<std::string> ca_file = PercentDecode(params);
    if (!ca_file.ok()) return ca_file.status();
    address.ca_file = *std::move(ca_file);
  }
  if (size_t at = rest.rfind('@'); at != absl::string_view::npos) {
    absl::string_view userinfo = rest.substr(0, at);
    rest = rest.substr(at + 1);
    absl::string_view user = userinfo;
    absl::string_view password;
    if (size_t colon = userinfo.find(':'); colon != absl::string_view::npos) {
      user = userinfo.substr(0, colon);
      password = userinfo.substr(colon + 1);
    }
    absl::StatusOr<std::string> u = PercentDecode(user);
    absl::StatusOr<std::string> p = PercentDecode(password);
    if (!u.ok()) return u.status();
    if (!p.ok()) return p.status();
    address.user = *std::move(u);
    address.password = *std::move(p);
  }
  if (size_t slash = rest.find('/'); slash != absl::string_view::npos) {
    absl::string_view db = rest.substr(slash + 1);
    if (!db.empty() && !absl::SimpleAtoi(db, &address.db)) {
      return absl::InvalidArgumentError("bad Redis database number");
    }
    rest = rest.substr(0, slash);
  }
  if (size_t colon = rest.rfind(':');
      colon != absl::string_view::npos && !absl::EndsWith(rest, "]")) {
    if (!absl::SimpleAtoi(rest.substr(colon + 1), &address.port)) {
      return absl::InvalidArgumentError("bad Redis port");
    }
    rest = rest.substr(0, colon);
  }
  address.host =
      std::string(absl::StripSuffix(absl::StripPrefix(rest, "["), "]"));
  if (address.host.empty()) {
    return absl::InvalidArgumentError("Redis URL has no host");
  }
  return address;
}

std::string FormatRedisUrl(const RedisAddress& address) {
  std::string url = address.tls ? "rediss://" : "redis://";
  if (!address.user.empty() || !address.password.empty()) {
    absl::StrAppend(&url, PercentEncode(address.user));
    if (!address.password.empty()) {
      absl::StrAppend(&url, ":", PercentEncode(address.password));
    }
    url.push_back('@');
  }
  const bool v6 = address.host.find(':') != std::string::npos;
  absl::StrAppend(&url, v6 ? "[" : "", address.host, v6 ? "]" : "", ":",
                  address.port);
  if (address.db != 0) absl::StrAppend(&url, "/", address.db);
  if (!address.ca_file.empty()) {
    absl::StrAppend(&url, "?ca_file=", PercentEncode(address.ca_file));
  }
  return url;
}

absl::StatusOr<redisContext*> ConnectRedis(const RedisAddress& address,
                                           absl::Duration timeout) {
  timeval tv;
  tv.tv_sec = absl::ToInt64Milliseconds(timeout) / 1000;
  tv.tv_usec = (absl::ToInt64Milliseconds(timeout) % 1000) * 1000;
  redisContext* context = nullptr;
  if (address.tls) {
    // hiredis 0.14 speaks no TLS: it talks to a local socket whose other end
    // a relay thread carries over TLS.
    absl::StatusOr<int> fd =
        OpenTlsTunnel(address.host, address.port, address.ca_file, timeout);
    if (!fd.ok()) {
      return absl::UnavailableError(
          absl::StrCat("Redis: ", fd.status().message()));
    }
    context = redisConnectFd(*fd);
  } else {
    context = redisConnectWithTimeout(address.host.c_str(), address.port, tv);
  }
  if (context == nullptr || context->err != 0) {
    std::string why = context ? context->errstr : "out of memory";
    if (context != nullptr) redisFree(context);
    return absl::UnavailableError(absl::StrCat("Redis: ", why));
  }
  redisSetTimeout(context, tv);
  if (!address.password.empty()) {
    std::vector<std::string> auth = {"AUTH"};
    if (!address.user.empty()) auth.push_back(address.user);
    auth.push_back(address.password);
    if (!Reply(context, auth)) {
      redisFree(context);
      // Never the password.
      return absl::UnavailableError(
          absl::StrCat("Redis: AUTH failed for user '",
                       address.user.empty() ? "default" : address.user, "'"));
    }
  }
  if (address.db != 0 &&
      !Reply(context, {"SELECT", absl::StrCat(address.db)})) {
    redisFree(context);
    return absl::UnavailableError("Redis: SELECT failed");
  }
  return context;
}

RedisSession::RedisSession(RedisAddress address, absl::Duration timeout)
    : address_(std::move(address)), timeout_(timeout) {}

RedisSession::~RedisSession() {
  absl::MutexLock lock(&mu_);
  if (context_ != nullptr) redisFree(context_);
}

absl::StatusOr<redisReply*> RedisSession::Command(
    const std::vector<std::string>& argv) {
  std::vector<const char*> ptrs;
  std::vector<size_t> lens;
  for (const std::string& a : argv) {
    ptrs.push_back(a.data());
    lens.push_back(a.size());
  }
  absl::MutexLock lock(&mu_);
  if (context_ != nullptr && context_->err != 0) {
    redisFree(context_);
    context_ = nullptr;
  }
  if (context_ == nullptr) {
    absl::StatusOr<redisContext*> context = ConnectRedis(address_, timeout_);
    if (!context.ok()) return context.status();
    context_ = *context;
  }
  auto* reply = static_cast<redisReply*>(redisCommandArgv(
      context_, static_cast<int>(argv.size()), ptrs.data(), lens.data()));
  if (reply == nullptr) {
    std::string why = context_->errstr;
    redisFree(context_);
    context_ = nullptr;
    return absl::UnavailableError(absl::StrCat("Redis: ", why));
  }
  return reply;
}

}  // namespace gg
