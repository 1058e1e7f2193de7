// A child process for integration tests: started with arguments and extra
// environment, stdout read line by line (to learn the port it chose),
// stderr kept in a file, stopped by signal.
#ifndef GAINSIGHT_GATEWAY_TESTS_SUPPORT_PROCESS_H_
#define GAINSIGHT_GATEWAY_TESTS_SUPPORT_PROCESS_H_

#include <sys/types.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace gg::testing {

class Process {
 public:
  // Starts `binary` with `args`, the parent's environment plus `env`.
  static absl::StatusOr<Process> Start(
      const std::string& binary, const std::vector<std::string>& args,
      const std::vector<std::pair<std::string, std::string>>& env = {});

  Process(Process&& other) noexcept;
  Process& operator=(Process&& other) noexcept;
  Process(const Process&) = delete;
  ~Process();  // SIGKILL if still running

  // Reads stdout until a line starting with `prefix` arrives; returns the
  // line. Fails after `timeout` or when the process exits.
  absl::StatusOr<std::string> WaitForLine(const std::string& prefix,
                                          absl::Duration timeout);
  // Like WaitForLine, for a line containing `text` anywhere.
  absl::StatusOr<std::string> WaitForLineContaining(const std::string& text,
                                                    absl::Duration timeout);
  // Reads "listening on ...:PORT" / "listening on port PORT" and returns PORT.
  absl::StatusOr<int> WaitForPort(absl::Duration timeout = absl::Seconds(20));

  void Signal(int signal);
  // Waits for exit; returns the exit code (128 + signal when killed), or
  // DEADLINE_EXCEEDED.
  absl::StatusOr<int> Wait(absl::Duration timeout);
  bool running();

  pid_t pid() const { return pid_; }
  // What the process wrote to stderr so far.
  std::string Stderr() const;

 private:
  Process() = default;
  absl::StatusOr<std::string> WaitFor(
      const std::function<bool(const std::string&)>& match,
      const std::string& what, absl::Duration timeout);
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string stderr_path_;
  std::string buffer_;
  int exit_code_ = -1;
};

// A TCP port that was free a moment ago (for servers that cannot report the
// port they chose, e.g. redis-server).
int PickFreePort();

}  // namespace gg::testing

#endif  // GAINSIGHT_GATEWAY_TESTS_SUPPORT_PROCESS_H_
