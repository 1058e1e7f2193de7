#include "sandbox/bulk_jobs.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "sandbox/ids.h"

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

std::string BulkJobs::ExportUrlPath(const ExportUrlTarget& target) {
  absl::MutexLock lock(&mu_);
  constexpr char kPrefix[] = "/v3/exports/data/bulk/";
  std::string path;
  const std::string& job = target.job_id;
  if (shapes_.url_layout == "job-first") {
    path = target.chunk < 0
               ? absl::StrCat(kPrefix, job, "/status")
               : absl::StrCat(kPrefix, job, "/chunks/", target.chunk);
  } else if (shapes_.url_layout == "opaque") {
    // A token per job: nothing in the URL a client could build.
    path =
        absl::StrCat(kPrefix, "results/", NewRequestId(),
                     target.chunk < 0 ? "" : absl::StrCat("/", target.chunk));
  } else {
    path = target.chunk < 0
               ? absl::StrCat(kPrefix, "status/", job)
               : absl::StrCat(kPrefix, job, "/chunk/", target.chunk);
  }
  export_urls_[path] = target;
  return path;
}

std::optional<ExportUrlTarget> BulkJobs::FindExportUrl(
    absl::string_view path) const {
  absl::MutexLock lock(&mu_);
  auto it = export_urls_.find(path);
  if (it == export_urls_.end()) return std::nullopt;
  return it->second;
}

BulkShapes BulkJobs::shapes() const {
  absl::MutexLock lock(&mu_);
  return shapes_;
}

absl::Status BulkJobs::SetShapes(const Json& body) {
  absl::MutexLock lock(&mu_);
  return ApplyBulkShapes(body, shapes_);
}

void BulkJobs::Clear() {
  absl::MutexLock lock(&mu_);
  exports_.clear();
  export_urls_.clear();
  data_jobs_.clear();
  uploads_.clear();
  shapes_ = BulkShapes();
}

}  // namespace gg::sandbox
