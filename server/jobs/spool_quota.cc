#include "jobs/spool_quota.h"

#include <algorithm>
#include <filesystem>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_details.h"

namespace gg {
namespace {

// The directory is measured again after this many bytes written here.
constexpr int64_t kMeasureEvery = 8 << 20;
// A spool with less room than this (or a tenth of its quota) is full.
constexpr int64_t kMinRoom = 1 << 20;

absl::Status Exhausted(absl::string_view reason, absl::string_view flag,
                       std::string description) {
  absl::Status status = absl::ResourceExhaustedError(description);
  AttachErrorInfo(status, reason, {{"limit", std::string(flag)}});
  AttachQuotaFailure(status, absl::StrCat("gateway:", flag), description);
  return status;
}

}  // namespace

SpoolQuota::SpoolQuota(std::string dir, int64_t quota_bytes,
                       int64_t import_max_bytes)
    : dir_(std::move(dir)),
      quota_bytes_(quota_bytes),
      import_max_bytes_(import_max_bytes) {}

int64_t SpoolQuota::DirectoryBytes(const std::string& dir) {
  int64_t total = 0;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    std::error_code size_error;
    if (!entry.is_regular_file(size_error)) continue;
    const uintmax_t size = entry.file_size(size_error);
    if (!size_error) total += static_cast<int64_t>(size);
  }
  return total;
}

absl::Status SpoolQuota::Full(int64_t used) const {
  return Exhausted(
      "BULK_SPOOL_FULL", "bulk-spool-quota-bytes",
      absl::StrCat("the bulk spool is full: unfinished imports hold ", used,
                   " bytes of the ", quota_bytes_,
                   " allowed (--bulk-spool-quota-bytes); try again when "
                   "running jobs have uploaded their rows"));
}

absl::Status SpoolQuota::CheckRoomForImport() {
  const int64_t measured = DirectoryBytes(dir_);
  absl::MutexLock lock(&mu_);
  used_ = measured;
  written_since_measure_ = 0;
  // Full: less room left than a new import could do anything with.
  const int64_t reserve = std::min<int64_t>(kMinRoom, quota_bytes_ / 10);
  if (used_ + reserve > quota_bytes_) return Full(used_);
  return absl::OkStatus();
}

absl::Status SpoolQuota::Charge(int64_t import_bytes, int64_t added) {
  if (import_bytes > import_max_bytes_) {
    return Exhausted(
        "BULK_IMPORT_TOO_LARGE", "bulk-import-max-bytes",
        absl::StrCat("the import is larger than the ", import_max_bytes_,
                     " bytes one import may spool (--bulk-import-max-bytes); "
                     "split it into several imports"));
  }
  bool measure = false;
  {
    absl::MutexLock lock(&mu_);
    used_ += added;
    written_since_measure_ += added;
    measure = written_since_measure_ >= kMeasureEvery;
  }
  if (measure) {
    const int64_t measured = DirectoryBytes(dir_);
    absl::MutexLock lock(&mu_);
    used_ = measured;
    written_since_measure_ = 0;
  }
  absl::MutexLock lock(&mu_);
  if (used_ > quota_bytes_) return Full(used_);
  return absl::OkStatus();
}

}  // namespace gg
