#include "sandbox/bulk_jobs.h"

#include <utility>

namespace gg::sandbox {

void BulkJobs::AddDataJob(BulkDataJob job) {
  absl::MutexLock lock(&mu_);
  std::string id = job.job_id;
  data_jobs_[id] = std::move(job);
}

std::optional<BulkDataJob> BulkJobs::FindDataJob(
    absl::string_view job_id) const {
  absl::MutexLock lock(&mu_);
  auto it = data_jobs_.find(job_id);
  if (it == data_jobs_.end()) return std::nullopt;
  return it->second;
}

void BulkJobs::AddUpload(BulkUpload upload) {
  absl::MutexLock lock(&mu_);
  std::string id = upload.status_id;
  uploads_[id] = std::move(upload);
}

std::optional<BulkUpload> BulkJobs::ReadUpload(absl::string_view status_id) {
  absl::MutexLock lock(&mu_);
  auto it = uploads_.find(status_id);
  if (it == uploads_.end()) return std::nullopt;
  it->second.status_reads++;
  return it->second;
}

void BulkJobs::AddExport(BulkExport export_job) {
  absl::MutexLock lock(&mu_);
  std::string id = export_job.job_id;
  exports_[id] = std::move(export_job);
}

std::optional<BulkJobs::ExportStatus> BulkJobs::ReadExport(
    absl::string_view job_id) {
  absl::MutexLock lock(&mu_);
  auto it = exports_.find(job_id);
  if (it == exports_.end()) return std::nullopt;
  it->second.status_reads++;
  return ExportStatus{it->second.status_reads, it->second.total,
                      it->second.chunks.size()};
}

std::optional<std::string> BulkJobs::ExportChunk(absl::string_view job_id,
                                                 size_t index) const {
  absl::MutexLock lock(&mu_);
  auto it = exports_.find(job_id);
  if (it == exports_.end() || index >= it->second.chunks.size()) {
    return std::nullopt;
  }
  return it->second.chunks[index];
}

void BulkJobs::Clear() {
  absl::MutexLock lock(&mu_);
  exports_.clear();
  data_jobs_.clear();
  uploads_.clear();
}

}  // namespace gg::sandbox
