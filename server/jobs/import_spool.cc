#include "jobs/import_spool.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"

namespace gg {
namespace {

absl::Status SpoolDiskError(absl::string_view what) {
  return absl::InternalError(
      absl::StrCat("spool: ", what, ": ", std::strerror(errno)));
}

}  // namespace

std::string PartPath(absl::string_view dir, absl::string_view job_id,
                     int64_t index) {
  return absl::StrCat(dir, "/", job_id, ".part-", index, ".csv");
}

ImportSpoolWriter::ImportSpoolWriter(std::string dir, std::string job_id,
                                     int64_t max_part_bytes,
                                     int64_t max_part_rows)
    : dir_(std::move(dir)),
      job_id_(std::move(job_id)),
      max_part_bytes_(max_part_bytes),
      max_part_rows_(max_part_rows) {}

ImportSpoolWriter::~ImportSpoolWriter() {
  if (file_ != nullptr) std::fclose(file_);
}

void ImportSpoolWriter::SetHeader(std::string header_line) {
  header_ = std::move(header_line);
  header_.append("\r\n");
}

absl::Status ImportSpoolWriter::OpenPart() {
  SpooledPart part;
  part.path = PartPath(dir_, job_id_, static_cast<int64_t>(parts_.size()));
  part.first_row = rows_ + 1;
  file_ = std::fopen(part.path.c_str(), "wb");
  if (file_ == nullptr) return SpoolDiskError(part.path);
  parts_.push_back(std::move(part));
  if (std::fwrite(header_.data(), 1, header_.size(), file_) != header_.size()) {
    return SpoolDiskError("write");
  }
  part_bytes_ = static_cast<int64_t>(header_.size());
  bytes_ += part_bytes_;
  return absl::OkStatus();
}

absl::Status ImportSpoolWriter::ClosePart() {
  if (file_ == nullptr) return absl::OkStatus();
  // The data must be on disk before the job that points at it is stored.
  bool ok = std::fflush(file_) == 0 && fsync(fileno(file_)) == 0;
  ok = std::fclose(file_) == 0 && ok;
  file_ = nullptr;
  return ok ? absl::OkStatus() : SpoolDiskError("close");
}

absl::Status ImportSpoolWriter::AddRow(absl::string_view row_line) {
  const int64_t size = static_cast<int64_t>(row_line.size()) + 2;
  if (static_cast<int64_t>(header_.size()) + size > max_part_bytes_) {
    return absl::InvalidArgumentError(
        absl::StrCat("row ", rows_ + 1, " is larger than one upload may be (",
                     max_part_bytes_, " bytes with the header)"));
  }
  const bool part_full = max_part_rows_ > 0 && !parts_.empty() &&
                         parts_.back().row_count >= max_part_rows_;
  if (file_ != nullptr && (part_bytes_ + size > max_part_bytes_ || part_full)) {
    if (absl::Status s = ClosePart(); !s.ok()) return s;
  }
  if (file_ == nullptr) {
    if (absl::Status s = OpenPart(); !s.ok()) return s;
  }
  if (std::fwrite(row_line.data(), 1, row_line.size(), file_) !=
          row_line.size() ||
      std::fwrite("\r\n", 1, 2, file_) != 2) {
    return SpoolDiskError("write");
  }
  part_bytes_ += size;
  bytes_ += size;
  rows_++;
  parts_.back().row_count++;
  return absl::OkStatus();
}

absl::StatusOr<std::vector<SpooledPart>> ImportSpoolWriter::Finish() {
  if (absl::Status s = ClosePart(); !s.ok()) return s;
  return parts_;
}

void ImportSpoolWriter::Discard() {
  if (file_ != nullptr) {
    std::fclose(file_);
    file_ = nullptr;
  }
  std::error_code ignored;
  for (const SpooledPart& part : parts_) {
    std::filesystem::remove(part.path, ignored);
  }
  parts_.clear();
}

void RemoveSpool(absl::string_view dir, absl::string_view job_id) {
  std::error_code ignored;
  const std::string prefix = absl::StrCat(job_id, ".part-");
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(dir), ignored)) {
    if (entry.path().filename().string().rfind(prefix, 0) == 0) {
      std::filesystem::remove(entry.path(), ignored);
    }
  }
}

}  // namespace gg
