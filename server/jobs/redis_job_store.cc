#include "jobs/redis_job_store.h"

#include <hiredis/hiredis.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "jobs/job_state.h"

namespace gg {
namespace {

// Stores a job, if the writer holds its lease (or writes without one).
// KEYS: job, jobs, unfinished, lease, cancel.
// ARGV: bytes, created ms, id, terminal (1/0), retention s, holder.
constexpr char kPutScript[] = R"lua(
if ARGV[6] ~= '' and redis.call('GET', KEYS[4]) ~= ARGV[6] then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
if ARGV[4] == '1' then
  redis.call('EXPIRE', KEYS[1], ARGV[5])
  redis.call('SREM', KEYS[3], ARGV[3])
  redis.call('DEL', KEYS[4], KEYS[5])
else
  redis.call('SADD', KEYS[3], ARGV[3])
end
return 1
)lua";

// KEYS: lease. ARGV: holder, ttl ms.
constexpr char kAcquireScript[] = R"lua(
local holder = redis.call('GET', KEYS[1])
if holder == false or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
)lua";

// KEYS: lease, cancel. ARGV: holder, ttl ms. 0: not held; 1: held; 2: held
// and a cancel was requested.
constexpr char kRenewScript[] = R"lua(
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
if redis.call('EXISTS', KEYS[2]) == 1 then return 2 end
return 1
)lua";

// KEYS: lease. ARGV: holder.
constexpr char kReleaseScript[] = R"lua(
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
)lua";

std::string Millis(absl::Duration d) {
  return absl::StrCat(std::max<int64_t>(1, absl::ToInt64Milliseconds(d)));
}

}  // namespace

RedisJobStore::RedisJobStore(Options options)
    : options_(std::move(options)),
      redis_(options_.address, options_.timeout) {}

std::string RedisJobStore::Key(absl::string_view kind,
                               absl::string_view id) const {
  if (id.empty()) return absl::StrCat(options_.key_prefix, ":bulk:", kind);
  return absl::StrCat(options_.key_prefix, ":bulk:", kind, ":", id);
}

absl::StatusOr<redisReply*> RedisJobStore::Command(
    const std::vector<std::string>& argv) {
  absl::StatusOr<redisReply*> reply = redis_.Command(argv);
  if (!reply.ok() || (*reply)->type != REDIS_REPLY_ERROR) return reply;
  absl::Status error =
      absl::UnavailableError(absl::StrCat("Redis: ", (*reply)->str));
  freeReplyObject(*reply);
  return error;
}

absl::StatusOr<long long> RedisJobStore::Integer(
    const std::vector<std::string>& argv) {
  absl::StatusOr<redisReply*> reply = Command(argv);
  if (!reply.ok()) return reply.status();
  const bool integer = (*reply)->type == REDIS_REPLY_INTEGER;
  const long long value = integer ? (*reply)->integer : 0;
  freeReplyObject(*reply);
  if (!integer) return absl::InternalError("Redis: expected an integer");
  return value;
}

absl::StatusOr<std::string> RedisJobStore::String(
    const std::vector<std::string>& argv) {
  absl::StatusOr<redisReply*> reply = Command(argv);
  if (!reply.ok()) return reply.status();
  std::string value;
  if ((*reply)->type == REDIS_REPLY_STRING) {
    value.assign((*reply)->str, (*reply)->len);
  }
  freeReplyObject(*reply);
  return value;
}

absl::Status RedisJobStore::Put(const gainsight::v1::Job& job,
                                absl::string_view holder) {
  const int64_t created_ms =
      absl::ToUnixMillis(FromTimestamp(job.create_time()));
  absl::StatusOr<long long> written = Integer(
      {"EVAL", kPutScript, "5", Key("job", job.id()), Key("jobs"),
       Key("unfinished"), Key("lease", job.id()), Key("cancel", job.id()),
       job.SerializeAsString(), absl::StrCat(created_ms), job.id(),
       IsTerminal(job.state()) ? "1" : "0",
       absl::StrCat(
           std::max<int64_t>(1, absl::ToInt64Seconds(options_.retention))),
       std::string(holder)});
  if (!written.ok()) return written.status();
  if (*written == 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the lease of job ", job.id(), " is not held by ", holder));
  }
  return absl::OkStatus();
}

absl::StatusOr<gainsight::v1::Job> RedisJobStore::Get(absl::string_view id) {
  absl::StatusOr<redisReply*> reply = Command({"GET", Key("job", id)});
  if (!reply.ok()) return reply.status();
  gainsight::v1::Job job;
  absl::Status status;
  if ((*reply)->type != REDIS_REPLY_STRING) {
    status = absl::NotFoundError("no such job");
  } else if (!job.ParseFromArray((*reply)->str,
                                 static_cast<int>((*reply)->len))) {
    status = absl::DataLossError("job store: cannot parse a job");
  }
  freeReplyObject(*reply);
  if (!status.ok()) return status;
  return job;
}

absl::StatusOr<std::vector<gainsight::v1::Job>> RedisJobStore::Load(
    const std::vector<std::string>& ids) {
  std::vector<gainsight::v1::Job> jobs;
  std::vector<std::string> gone;
  for (const std::string& id : ids) {
    absl::StatusOr<gainsight::v1::Job> job = Get(id);
    if (job.ok()) {
      jobs.push_back(*std::move(job));
    } else if (job.status().code() == absl::StatusCode::kNotFound) {
      gone.push_back(id);  // expired
    } else {
      return job.status();
    }
  }
  if (!gone.empty()) {
    std::vector<std::string> argv = {"ZREM", Key("jobs")};
    argv.insert(argv.end(), gone.begin(), gone.end());
    absl::StatusOr<redisReply*> reply = Command(argv);
    if (reply.ok()) freeReplyObject(*reply);
  }
  return jobs;
}

absl::StatusOr<std::vector<gainsight::v1::Job>> RedisJobStore::List() {
  absl::StatusOr<redisReply*> reply =
      Command({"ZRANGE", Key("jobs"), "0", "-1"});
  if (!reply.ok()) return reply.status();
  std::vector<std::string> ids;
  for (size_t i = 0; i < (*reply)->elements; ++i) {
    const redisReply* e = (*reply)->element[i];
    if (e->type == REDIS_REPLY_STRING) ids.emplace_back(e->str, e->len);
  }
  freeReplyObject(*reply);
  return Load(ids);
}

absl::StatusOr<std::vector<std::string>> RedisJobStore::UnfinishedIds() {
  absl::StatusOr<redisReply*> reply = Command({"SMEMBERS", Key("unfinished")});
  if (!reply.ok()) return reply.status();
  std::vector<std::string> ids;
  for (size_t i = 0; i < (*reply)->elements; ++i) {
    const redisReply* e = (*reply)->element[i];
    if (e->type == REDIS_REPLY_STRING) ids.emplace_back(e->str, e->len);
  }
  freeReplyObject(*reply);
  return ids;
}

absl::StatusOr<bool> RedisJobStore::AcquireLease(absl::string_view id,
                                                 absl::string_view holder,
                                                 absl::Duration ttl) {
  absl::StatusOr<long long> got =
      Integer({"EVAL", kAcquireScript, "1", Key("lease", id),
               std::string(holder), Millis(ttl)});
  if (!got.ok()) return got.status();
  return *got == 1;
}

absl::StatusOr<LeaseRenewal> RedisJobStore::RenewLease(absl::string_view id,
                                                       absl::string_view holder,
                                                       absl::Duration ttl) {
  absl::StatusOr<long long> renewed =
      Integer({"EVAL", kRenewScript, "2", Key("lease", id), Key("cancel", id),
               std::string(holder), Millis(ttl)});
  if (!renewed.ok()) return renewed.status();
  LeaseRenewal renewal;
  renewal.held = *renewed >= 1;
  renewal.cancel_requested = *renewed == 2;
  return renewal;
}

absl::Status RedisJobStore::ReleaseLease(absl::string_view id,
                                         absl::string_view holder) {
  return Integer({"EVAL", kReleaseScript, "1", Key("lease", id),
                  std::string(holder)})
      .status();
}

absl::StatusOr<std::string> RedisJobStore::LeaseHolder(absl::string_view id) {
  return String({"GET", Key("lease", id)});
}

absl::Status RedisJobStore::RequestCancel(absl::string_view id) {
  absl::StatusOr<redisReply*> reply =
      Command({"SET", Key("cancel", id), "1", "EX",
               absl::StrCat(std::max<int64_t>(
                   1, absl::ToInt64Seconds(options_.retention)))});
  if (!reply.ok()) return reply.status();
  freeReplyObject(*reply);
  return absl::OkStatus();
}

absl::Status RedisJobStore::SavePartRows(absl::string_view id, int part,
                                         const std::string& csv) {
  absl::StatusOr<redisReply*> reply =
      Command({"SET", Key("rows", absl::StrCat(id, ":", part)), csv, "EX",
               absl::StrCat(std::max<int64_t>(
                   1, absl::ToInt64Seconds(options_.retention)))});
  if (!reply.ok()) return reply.status();
  freeReplyObject(*reply);
  return absl::OkStatus();
}

absl::StatusOr<std::string> RedisJobStore::LoadPartRows(absl::string_view id,
                                                        int part) {
  absl::StatusOr<redisReply*> reply =
      Command({"GET", Key("rows", absl::StrCat(id, ":", part))});
  if (!reply.ok()) return reply.status();
  absl::StatusOr<std::string> rows =
      absl::NotFoundError("the handed-over rows are gone");
  if ((*reply)->type == REDIS_REPLY_STRING) {
    rows = std::string((*reply)->str, (*reply)->len);
  }
  freeReplyObject(*reply);
  return rows;
}

void RedisJobStore::DropPartRows(absl::string_view id, int parts) {
  if (parts <= 0) return;
  std::vector<std::string> argv = {"DEL"};
  for (int i = 0; i < parts; ++i) {
    argv.push_back(Key("rows", absl::StrCat(id, ":", i)));
  }
  absl::StatusOr<redisReply*> reply = Command(argv);
  if (reply.ok()) freeReplyObject(*reply);
}

}  // namespace gg
