// A configuration file read at start and again whenever it changes (its
// inode, size or modification time; Kubernetes swaps ConfigMap and Secret
// files by symlink). A change that does not parse is logged and the last
// good value stays in force.
#ifndef GAINSIGHT_GATEWAY_SERVER_SECURITY_RELOADING_FILE_H_
#define GAINSIGHT_GATEWAY_SERVER_SECURITY_RELOADING_FILE_H_

#include <sys/stat.h>

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "observe/log.h"

namespace gg {

template <typename T>
class ReloadingFile {
 public:
  using Parser = std::function<absl::StatusOr<T>(const std::string& path)>;

  // Reads the file once (its error is returned as is) and checks it every
  // `interval`. `what` names it in logs ("policy", "callers").
  static absl::StatusOr<std::unique_ptr<ReloadingFile>> Start(
      std::string path, Parser parse, absl::Duration interval,
      std::string what) {
    const Stamp stamp = StampOf(path);
    absl::StatusOr<T> first = parse(path);
    if (!first.ok()) return first.status();
    std::unique_ptr<ReloadingFile> file(
        new ReloadingFile(std::move(path), std::move(parse), std::move(what),
                          std::make_shared<const T>(*std::move(first)), stamp));
    file->watcher_ =
        std::thread([f = file.get(), interval] { f->Watch(interval); });
    return file;
  }

  ~ReloadingFile() {
    {
      absl::MutexLock lock(&mu_);
      stopping_ = true;
    }
    if (watcher_.joinable()) watcher_.join();
  }

  // The value in force; callers keep the snapshot for one decision.
  std::shared_ptr<const T> Get() const {
    absl::MutexLock lock(&mu_);
    return value_;
  }

 private:
  struct Stamp {
    dev_t dev = 0;
    ino_t ino = 0;
    off_t size = -1;
    int64_t mtime_ns = 0;
    bool operator==(const Stamp& o) const {
      return dev == o.dev && ino == o.ino && size == o.size &&
             mtime_ns == o.mtime_ns;
    }
  };
  static Stamp StampOf(const std::string& path) {
    struct stat st {};
    Stamp s;
    if (stat(path.c_str(), &st) != 0) return s;
    s.dev = st.st_dev;
    s.ino = st.st_ino;
    s.size = st.st_size;
    s.mtime_ns = int64_t{st.st_mtim.tv_sec} * 1000000000 + st.st_mtim.tv_nsec;
    return s;
  }

  ReloadingFile(std::string path, Parser parse, std::string what,
                std::shared_ptr<const T> value, Stamp stamp)
      : path_(std::move(path)),
        parse_(std::move(parse)),
        what_(std::move(what)),
        stamp_(stamp),
        value_(std::move(value)) {}

  void Watch(absl::Duration interval) {
    while (true) {
      {
        absl::MutexLock lock(&mu_);
        if (mu_.AwaitWithTimeout(absl::Condition(&stopping_), interval)) {
          return;
        }
      }
      const Stamp stamp = StampOf(path_);
      if (stamp == stamp_) continue;
      stamp_ = stamp;
      absl::StatusOr<T> next = parse_(path_);
      if (!next.ok()) {
        Log(LogLevel::kError, absl::StrCat(what_, "_reload_failed"),
            {{"file", path_}, {"error", std::string(next.status().message())}});
        continue;
      }
      {
        absl::MutexLock lock(&mu_);
        value_ = std::make_shared<const T>(*std::move(next));
      }
      Log(LogLevel::kInfo, absl::StrCat(what_, "_reloaded"), {{"file", path_}});
    }
  }

  const std::string path_;
  const Parser parse_;
  const std::string what_;
  Stamp stamp_;  // the watcher's own
  mutable absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::shared_ptr<const T> value_ ABSL_GUARDED_BY(mu_);
  std::thread watcher_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_SECURITY_RELOADING_FILE_H_
