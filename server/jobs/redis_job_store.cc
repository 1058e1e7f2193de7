#include "jobs/redis_job_store.h"

#include <hiredis/hiredis.h>
#include <sys/time.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"

namespace gg {
namespace {

// Jobs are kept this long after they end, then Redis drops them.
constexpr int64_t kTerminalTtlSeconds = 7 * 24 * 3600;

}  // namespace

RedisJobStore::RedisJobStore(Options options) : options_(std::move(options)) {}

RedisJobStore::~RedisJobStore() {
  absl::MutexLock lock(&mu_);
  if (context_ != nullptr) redisFree(context_);
}

std::string RedisJobStore::JobKey(absl::string_view id) const {
  return absl::StrCat(options_.key_prefix, ":bulk:job:", id);
}

absl::Status RedisJobStore::ConnectLocked() {
  if (context_ != nullptr && context_->err == 0) return absl::OkStatus();
  if (context_ != nullptr) {
    redisFree(context_);
    context_ = nullptr;
  }
  absl::StatusOr<redisContext*> context =
      ConnectRedis(options_.address, options_.timeout);
  if (!context.ok()) return context.status();
  context_ = *context;
  return absl::OkStatus();
}

absl::StatusOr<redisReply*> RedisJobStore::Command(
    const std::vector<std::string>& argv) {
  absl::MutexLock lock(&mu_);
  return CommandLocked(argv);
}

absl::StatusOr<redisReply*> RedisJobStore::CommandLocked(
    const std::vector<std::string>& argv) {
  std::vector<const char*> ptrs;
  std::vector<size_t> lens;
  for (const std::string& a : argv) {
    ptrs.push_back(a.data());
    lens.push_back(a.size());
  }
  if (absl::Status s = ConnectLocked(); !s.ok()) return s;
  auto* reply = static_cast<redisReply*>(redisCommandArgv(
      context_, static_cast<int>(argv.size()), ptrs.data(), lens.data()));
  if (reply == nullptr) {
    std::string why = context_->errstr;
    redisFree(context_);
    context_ = nullptr;
    return absl::UnavailableError(absl::StrCat("Redis: ", why));
  }
  if (reply->type == REDIS_REPLY_ERROR) {
    absl::Status error =
        absl::UnavailableError(absl::StrCat("Redis: ", reply->str));
    freeReplyObject(reply);
    return error;
  }
  return reply;
}

absl::Status RedisJobStore::Put(const gainsight::v1::Job& job) {
  const int64_t created_ms =
      google::protobuf::util::TimeUtil::TimestampToMilliseconds(
          job.create_time());
  const bool terminal = job.state() == gainsight::v1::JOB_STATE_COMPLETED ||
                        job.state() == gainsight::v1::JOB_STATE_FAILED;
  // One transaction: the job, its place in the index, its owner.
  std::vector<std::vector<std::string>> commands = {
      {"MULTI"},
      {"SET", JobKey(job.id()), job.SerializeAsString()},
      {"ZADD", absl::StrCat(options_.key_prefix, ":bulk:jobs"),
       absl::StrCat(created_ms), job.id()},
  };
  if (terminal) {
    commands.push_back(
        {"EXPIRE", JobKey(job.id()), absl::StrCat(kTerminalTtlSeconds)});
    commands.push_back(
        {"HDEL", absl::StrCat(options_.key_prefix, ":bulk:owner"), job.id()});
  } else {
    commands.push_back({"HSET",
                        absl::StrCat(options_.key_prefix, ":bulk:owner"),
                        job.id(), options_.replica_id});
  }
  commands.push_back({"EXEC"});
  absl::MutexLock lock(&mu_);  // the transaction's commands stay together
  for (const auto& argv : commands) {
    absl::StatusOr<redisReply*> reply = CommandLocked(argv);
    if (!reply.ok()) {
      // Leave no transaction open on the connection.
      absl::StatusOr<redisReply*> discard = CommandLocked({"DISCARD"});
      if (discard.ok()) freeReplyObject(*discard);
      return reply.status();
    }
    freeReplyObject(*reply);
  }
  return absl::OkStatus();
}

absl::StatusOr<gainsight::v1::Job> RedisJobStore::Get(absl::string_view id) {
  absl::StatusOr<redisReply*> reply = Command({"GET", JobKey(id)});
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
    std::vector<std::string> argv = {
        "ZREM", absl::StrCat(options_.key_prefix, ":bulk:jobs")};
    argv.insert(argv.end(), gone.begin(), gone.end());
    absl::StatusOr<redisReply*> reply = Command(argv);
    if (reply.ok()) freeReplyObject(*reply);
  }
  return jobs;
}

absl::StatusOr<std::vector<gainsight::v1::Job>> RedisJobStore::List() {
  absl::StatusOr<redisReply*> reply = Command(
      {"ZRANGE", absl::StrCat(options_.key_prefix, ":bulk:jobs"), "0", "-1"});
  if (!reply.ok()) return reply.status();
  std::vector<std::string> ids;
  for (size_t i = 0; i < (*reply)->elements; ++i) {
    const redisReply* e = (*reply)->element[i];
    if (e->type == REDIS_REPLY_STRING) ids.emplace_back(e->str, e->len);
  }
  freeReplyObject(*reply);
  return Load(ids);
}

absl::StatusOr<std::vector<gainsight::v1::Job>> RedisJobStore::ListOwn() {
  absl::StatusOr<redisReply*> reply =
      Command({"HGETALL", absl::StrCat(options_.key_prefix, ":bulk:owner")});
  if (!reply.ok()) return reply.status();
  std::vector<std::string> ids;
  for (size_t i = 0; i + 1 < (*reply)->elements; i += 2) {
    const redisReply* id = (*reply)->element[i];
    const redisReply* owner = (*reply)->element[i + 1];
    if (std::string(owner->str, owner->len) == options_.replica_id) {
      ids.emplace_back(id->str, id->len);
    }
  }
  freeReplyObject(*reply);
  return Load(ids);
}

}  // namespace gg
