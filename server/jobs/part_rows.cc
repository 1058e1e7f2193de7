#include "jobs/part_rows.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "jobs/import_spool.h"
#include "observe/log.h"

namespace gg {

absl::Status EnsurePartRows(JobStore& store, const std::string& path,
                            const gainsight::v1::Job& job,
                            const gainsight::v1::JobPart& part) {
  std::error_code error;
  if (std::filesystem::exists(path, error)) return absl::OkStatus();
  if (!part.handed_over()) {
    return absl::NotFoundError(
        absl::StrCat("the spool file of part ", part.index(), " is missing"));
  }
  absl::StatusOr<std::string> rows = store.LoadPartRows(job.id(), part.index());
  if (!rows.ok()) return rows.status();
  const std::string temp = absl::StrCat(path, ".tmp");
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(rows->data(), static_cast<std::streamsize>(rows->size()));
    if (!out.flush()) {
      std::filesystem::remove(temp, error);
      return absl::InternalError(absl::StrCat("cannot write ", temp));
    }
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    std::filesystem::remove(temp, error);
    return absl::InternalError(absl::StrCat("cannot write ", path));
  }
  return absl::OkStatus();
}

int HandOverRows(JobStore& store, const std::string& spool_dir,
                 gainsight::v1::Job& job) {
  int handed = 0;
  for (gainsight::v1::JobPart& part : *job.mutable_parts()) {
    if (part.state() != gainsight::v1::JOB_STATE_QUEUED || part.handed_over()) {
      continue;
    }
    std::ifstream in(PartPath(spool_dir, job.id(), part.index()),
                     std::ios::binary);
    if (!in) continue;
    std::stringstream rows;
    rows << in.rdbuf();
    absl::Status saved = store.SavePartRows(job.id(), part.index(), rows.str());
    if (!saved.ok()) {
      Log(LogLevel::kError, "bulk_hand_over_failed",
          {{"job", job.id()},
           {"part", int64_t{part.index()}},
           {"error", std::string(saved.message())}});
      continue;
    }
    part.set_handed_over(true);
    handed++;
  }
  return handed;
}

}  // namespace gg
