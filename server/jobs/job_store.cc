#include "jobs/job_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "google/protobuf/util/time_util.h"
#include "jobs/job_state.h"

namespace gg {
namespace {

constexpr char kSuffix[] = ".job";

absl::Status StoreDiskError(absl::string_view what) {
  return absl::InternalError(
      absl::StrCat("job store: ", what, ": ", std::strerror(errno)));
}

absl::StatusOr<gainsight::v1::Job> ReadJob(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError("no such job");
  gainsight::v1::Job job;
  if (!job.ParseFromIstream(&in)) {
    return absl::DataLossError(absl::StrCat("job store: cannot parse ", path));
  }
  return job;
}

}  // namespace

// Leases and cancel requests of the one process that uses the directory.
struct FileJobStore::Local {
  absl::Mutex mu;
  absl::flat_hash_map<std::string, std::string> holders ABSL_GUARDED_BY(mu);
  absl::flat_hash_set<std::string> cancels ABSL_GUARDED_BY(mu);
};

FileJobStore::FileJobStore(std::string dir, absl::Duration retention)
    : dir_(std::move(dir)),
      retention_(retention),
      local_(std::make_unique<Local>()) {}

FileJobStore::~FileJobStore() = default;

absl::StatusOr<std::unique_ptr<FileJobStore>> FileJobStore::Open(
    std::string dir, absl::Duration retention) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create ", dir, ": ", error.message()));
  }
  return std::unique_ptr<FileJobStore>(
      new FileJobStore(std::move(dir), retention));
}

std::string FileJobStore::PathOf(absl::string_view id) const {
  return absl::StrCat(dir_, "/", id, kSuffix);
}

absl::Status FileJobStore::Put(const gainsight::v1::Job& job,
                               absl::string_view holder) {
  {
    absl::MutexLock lock(&local_->mu);
    if (!holder.empty()) {
      auto it = local_->holders.find(job.id());
      if (it == local_->holders.end() || it->second != holder) {
        return absl::FailedPreconditionError("the job's lease is not held");
      }
    }
    if (IsTerminal(job.state())) {
      local_->holders.erase(job.id());
      local_->cancels.erase(job.id());
    }
  }
  const std::string path = PathOf(job.id());
  const std::string temp = absl::StrCat(path, ".tmp");
  const std::string bytes = job.SerializeAsString();
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return StoreDiskError(temp);
  bool ok = ::write(fd, bytes.data(), bytes.size()) ==
                static_cast<ssize_t>(bytes.size()) &&
            ::fsync(fd) == 0;
  ok = ::close(fd) == 0 && ok;
  if (!ok || std::rename(temp.c_str(), path.c_str()) != 0) {
    return StoreDiskError(path);
  }
  return absl::OkStatus();
}

absl::StatusOr<gainsight::v1::Job> FileJobStore::Get(absl::string_view id) {
  return ReadJob(PathOf(id));
}

absl::StatusOr<std::vector<gainsight::v1::Job>> FileJobStore::List() {
  std::vector<gainsight::v1::Job> jobs;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir_, error)) {
    const std::string name = entry.path().filename().string();
    if (!absl::EndsWith(name, kSuffix)) continue;
    absl::StatusOr<gainsight::v1::Job> job = ReadJob(entry.path().string());
    if (job.ok()) jobs.push_back(*std::move(job));
  }
  if (error) {
    return absl::InternalError(
        absl::StrCat("job store: cannot list ", dir_, ": ", error.message()));
  }
  return jobs;
}

absl::StatusOr<std::vector<std::string>> FileJobStore::UnfinishedIds() {
  absl::StatusOr<std::vector<gainsight::v1::Job>> jobs = List();
  if (!jobs.ok()) return jobs.status();
  std::vector<std::string> ids;
  for (const auto& job : *jobs) {
    if (!IsTerminal(job.state())) ids.push_back(job.id());
  }
  return ids;
}

absl::StatusOr<bool> FileJobStore::AcquireLease(absl::string_view id,
                                                absl::string_view holder,
                                                absl::Duration) {
  absl::MutexLock lock(&local_->mu);
  auto [it, inserted] =
      local_->holders.emplace(std::string(id), std::string(holder));
  return inserted || it->second == holder;
}

absl::StatusOr<LeaseRenewal> FileJobStore::RenewLease(absl::string_view id,
                                                      absl::string_view holder,
                                                      absl::Duration) {
  absl::MutexLock lock(&local_->mu);
  auto it = local_->holders.find(id);
  LeaseRenewal renewal;
  renewal.held = it != local_->holders.end() && it->second == holder;
  renewal.cancel_requested = local_->cancels.contains(id);
  return renewal;
}

absl::Status FileJobStore::ReleaseLease(absl::string_view id,
                                        absl::string_view holder) {
  absl::MutexLock lock(&local_->mu);
  auto it = local_->holders.find(id);
  if (it != local_->holders.end() && it->second == holder) {
    local_->holders.erase(it);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> FileJobStore::LeaseHolder(absl::string_view id) {
  absl::MutexLock lock(&local_->mu);
  auto it = local_->holders.find(id);
  return it == local_->holders.end() ? std::string() : it->second;
}

absl::Status FileJobStore::RequestCancel(absl::string_view id) {
  absl::MutexLock lock(&local_->mu);
  local_->cancels.insert(std::string(id));
  return absl::OkStatus();
}

absl::Status FileJobStore::SavePartRows(absl::string_view, int,
                                        const std::string&) {
  return absl::UnimplementedError(
      "the file job store keeps no rows: the spool directory does");
}

absl::StatusOr<std::string> FileJobStore::LoadPartRows(absl::string_view, int) {
  return absl::NotFoundError("the file job store keeps no rows");
}

void FileJobStore::DropPartRows(absl::string_view, int) {}

void FileJobStore::ForgetExpired(absl::Time now) {
  absl::StatusOr<std::vector<gainsight::v1::Job>> jobs = List();
  if (!jobs.ok()) return;
  for (const auto& job : *jobs) {
    if (!IsTerminal(job.state()) || !job.has_end_time()) continue;
    const absl::Time ended = absl::FromUnixMillis(
        google::protobuf::util::TimeUtil::TimestampToMilliseconds(
            job.end_time()));
    if (ended + retention_ > now) continue;
    std::error_code ignored;
    std::filesystem::remove(PathOf(job.id()), ignored);
  }
}

}  // namespace gg
