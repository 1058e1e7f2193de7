#include "jobs/spool_sweep.h"

#include <sys/stat.h>

#include <filesystem>
#include <map>

#include "absl/strings/match.h"
#include "jobs/job_state.h"
#include "observe/log.h"

namespace gg {
namespace {

constexpr char kPartMarker[] = ".part-";
constexpr char kTempSuffix[] = ".tmp";

absl::Time ModifiedAt(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return absl::InfiniteFuture();
  return absl::TimeFromTimespec(st.st_mtim);
}

}  // namespace

int SweepSpool(const std::string& dir, JobStore& store, absl::Time now,
               absl::Duration min_age) {
  // Whether each job a file names still needs its rows (cached per sweep).
  std::map<std::string, bool> needed;
  auto needs = [&](const std::string& id) {
    auto it = needed.find(id);
    if (it != needed.end()) return it->second;
    absl::StatusOr<gainsight::v1::Job> job = store.Get(id);
    // A store error keeps the file: better an orphan than lost rows.
    bool keep = job.ok() ? !IsTerminal(job->state())
                         : job.status().code() != absl::StatusCode::kNotFound;
    needed[id] = keep;
    return keep;
  };
  int removed = 0;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    const std::string name = entry.path().filename().string();
    const size_t part = name.find(kPartMarker);
    const bool temp = absl::EndsWith(name, kTempSuffix);
    if (part == std::string::npos && !temp) continue;
    const std::string path = entry.path().string();
    if (now - ModifiedAt(path) < min_age) continue;
    if (!temp && needs(name.substr(0, part))) continue;
    std::error_code ignored;
    if (std::filesystem::remove(path, ignored)) removed++;
  }
  if (removed > 0) {
    Log(LogLevel::kInfo, "bulk_spool_swept",
        {{"dir", dir}, {"files", int64_t{removed}}});
  }
  return removed;
}

}  // namespace gg
