#include "tests/support/process.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

extern char** environ;

namespace gg::testing {

absl::StatusOr<Process> Process::Start(
    const std::string& binary, const std::vector<std::string>& args,
    const std::vector<std::pair<std::string, std::string>>& env) {
  int out[2];
  if (pipe(out) != 0) return absl::InternalError("pipe failed");
  char path[] = "/tmp/gg-test-stderr-XXXXXX";
  int err_fd = mkstemp(path);
  if (err_fd < 0) return absl::InternalError("mkstemp failed");

  std::vector<std::string> argv_storage = {binary};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<std::string> env_storage;
  for (char** e = environ; *e != nullptr; ++e) env_storage.emplace_back(*e);
  for (const auto& [k, v] : env) env_storage.push_back(absl::StrCat(k, "=", v));

  pid_t pid = fork();
  if (pid < 0) return absl::InternalError("fork failed");
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    dup2(err_fd, STDERR_FILENO);
    close(out[0]);
    close(out[1]);
    close(err_fd);
    // Die with the test, even when it crashes (the parent's destructors do
    // not run then).
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() == 1) _exit(127);  // the test is already gone
    std::vector<char*> argv, envp;
    for (auto& a : argv_storage) argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : env_storage) envp.push_back(e.data());
    envp.push_back(nullptr);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    execve(binary.c_str(), argv.data(), envp.data());
    _exit(127);
  }
  close(out[1]);
  close(err_fd);
  Process p;
  p.pid_ = pid;
  p.stdout_fd_ = out[0];
  p.stderr_path_ = path;
  return p;
}

Process::Process(Process&& o) noexcept { *this = std::move(o); }

Process& Process::operator=(Process&& o) noexcept {
  std::swap(pid_, o.pid_);
  std::swap(stdout_fd_, o.stdout_fd_);
  std::swap(stderr_path_, o.stderr_path_);
  std::swap(buffer_, o.buffer_);
  std::swap(exit_code_, o.exit_code_);
  return *this;
}

Process::~Process() {
  if (pid_ > 0 && exit_code_ < 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  if (stdout_fd_ >= 0) close(stdout_fd_);
  if (!stderr_path_.empty()) unlink(stderr_path_.c_str());
}

absl::StatusOr<std::string> Process::WaitForLine(const std::string& prefix,
                                                 absl::Duration timeout) {
  return WaitFor(
      [&](const std::string& line) { return absl::StartsWith(line, prefix); },
      prefix, timeout);
}

absl::StatusOr<std::string> Process::WaitForLineContaining(
    const std::string& text, absl::Duration timeout) {
  return WaitFor(
      [&](const std::string& line) { return absl::StrContains(line, text); },
      text, timeout);
}

absl::StatusOr<std::string> Process::WaitFor(
    const std::function<bool(const std::string&)>& match,
    const std::string& what, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (true) {
    size_t newline;
    while ((newline = buffer_.find('\n')) != std::string::npos) {
      std::string line = buffer_.substr(0, newline);
      buffer_.erase(0, newline + 1);
      if (match(line)) return line;
    }
    absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) {
      return absl::DeadlineExceededError(absl::StrCat(
          "no line '", what, "' from the process; stderr: ", Stderr()));
    }
    pollfd pfd{stdout_fd_, POLLIN, 0};
    int ready =
        poll(&pfd, 1, static_cast<int>(absl::ToInt64Milliseconds(left)));
    if (ready <= 0) continue;
    char chunk[4096];
    ssize_t n = read(stdout_fd_, chunk, sizeof(chunk));
    if (n <= 0) {
      return absl::UnavailableError(
          absl::StrCat("the process closed stdout; stderr: ", Stderr()));
    }
    buffer_.append(chunk, n);
  }
}

absl::StatusOr<int> Process::WaitForPort(absl::Duration timeout) {
  absl::StatusOr<std::string> line = WaitForLine("listening on", timeout);
  if (!line.ok()) return line.status();
  size_t sep = line->find_last_of(": ");
  int port = 0;
  if (sep == std::string::npos ||
      !absl::SimpleAtoi(line->substr(sep + 1), &port)) {
    return absl::InternalError(absl::StrCat("bad port line: ", *line));
  }
  return port;
}

void Process::Signal(int signal) {
  if (pid_ > 0 && exit_code_ < 0) kill(pid_, signal);
}

absl::StatusOr<int> Process::Wait(absl::Duration timeout) {
  if (exit_code_ >= 0) return exit_code_;
  const absl::Time deadline = absl::Now() + timeout;
  while (true) {
    int status = 0;
    pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      exit_code_ =
          WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      return exit_code_;
    }
    if (absl::Now() > deadline) {
      return absl::DeadlineExceededError("process did not exit in time");
    }
    absl::SleepFor(absl::Milliseconds(5));  // polling a child's exit
  }
}

bool Process::running() {
  if (exit_code_ >= 0) return false;
  return !Wait(absl::ZeroDuration()).ok();
}

std::string Process::Stderr() const {
  std::ifstream in(stderr_path_);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

int PickFreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

}  // namespace gg::testing
