#include "jobs/job_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace gg {
namespace {

constexpr char kSuffix[] = ".job";

absl::Status DiskError(absl::string_view what) {
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

absl::StatusOr<std::unique_ptr<FileJobStore>> FileJobStore::Open(
    std::string dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create ", dir, ": ", error.message()));
  }
  return std::unique_ptr<FileJobStore>(new FileJobStore(std::move(dir)));
}

std::string FileJobStore::PathOf(absl::string_view id) const {
  return absl::StrCat(dir_, "/", id, kSuffix);
}

absl::Status FileJobStore::Put(const gainsight::v1::Job& job) {
  const std::string path = PathOf(job.id());
  const std::string temp = absl::StrCat(path, ".tmp");
  const std::string bytes = job.SerializeAsString();
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return DiskError(temp);
  bool ok = ::write(fd, bytes.data(), bytes.size()) ==
                static_cast<ssize_t>(bytes.size()) &&
            ::fsync(fd) == 0;
  ok = ::close(fd) == 0 && ok;
  if (!ok || std::rename(temp.c_str(), path.c_str()) != 0) {
    return DiskError(path);
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

}  // namespace gg
