#include "tests/cpp_client/run_binary.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "tests/support/build_paths.h"

namespace gg::testing {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string TempDir() {
  char pattern[] = "/tmp/gg-client-test-XXXXXX";
  const char* dir = mkdtemp(pattern);
  return dir != nullptr ? dir : "/tmp";
}

}  // namespace

std::string GsctlBinary() { return build_paths::kGsctlBin; }
std::string ClientExampleBinary() { return build_paths::kClientExampleBin; }

std::string WriteTempFile(const std::string& name, const std::string& content) {
  std::string path = TempDir() + "/" + name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

BinaryRun RunBinary(const std::string& binary,
                    const std::vector<std::string>& args,
                    const std::vector<std::pair<std::string, std::string>>& env,
                    int timeout_seconds) {
  BinaryRun run;
  std::string dir = TempDir();
  std::string out_path = dir + "/stdout", err_path = dir + "/stderr";
  pid_t pid = fork();
  if (pid == 0) {
    int in = open("/dev/null", O_RDONLY);
    int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    for (const auto& [key, value] : env) setenv(key.c_str(), value.c_str(), 1);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(binary.c_str()));
    for (const std::string& a : args)
      argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  // A watchdog kills the child if it outlives the timeout.
  std::mutex mu;
  std::condition_variable exited_cv;
  bool exited = false;
  std::thread watchdog([&] {
    std::unique_lock<std::mutex> lock(mu);
    if (!exited_cv.wait_for(lock, std::chrono::seconds(timeout_seconds),
                            [&] { return exited; })) {
      kill(pid, SIGKILL);
    }
  });
  int status = 0;
  waitpid(pid, &status, 0);
  {
    std::lock_guard<std::mutex> lock(mu);
    exited = true;
  }
  exited_cv.notify_one();
  watchdog.join();
  run.exit_code = WIFEXITED(status)     ? WEXITSTATUS(status)
                  : WIFSIGNALED(status) ? 128 + WTERMSIG(status)
                                        : -1;
  run.out = ReadFile(out_path);
  run.err = ReadFile(err_path);
  return run;
}

}  // namespace gg::testing
