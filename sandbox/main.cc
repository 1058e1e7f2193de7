// gainsight-sandbox: a local emulation of Gainsight NXT's REST API for
// tests, benchmarks and CI. See sandbox/README.md.
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "sandbox/flags.h"
#include "sandbox/http_server.h"
#include "sandbox/sandbox.h"

namespace {

// How long a stop waits for calls in flight.
constexpr absl::Duration kDrainTime = absl::Seconds(1);

}  // namespace

int main(int argc, char** argv) {
  using gg::sandbox::SandboxFlags;
  absl::StatusOr<SandboxFlags> flags =
      gg::sandbox::ParseFlags(std::vector<std::string>(argv + 1, argv + argc));
  if (!flags.ok()) {
    std::cerr << "gainsight-sandbox: " << flags.status().message() << "\n"
              << gg::sandbox::kUsage << gg::sandbox::kVariantUsage;
    return 2;
  }
  if (flags->help) {
    std::cout << gg::sandbox::kUsage << gg::sandbox::kVariantUsage;
    return 0;
  }

  // A client hanging up mid-response must not kill the server.
  signal(SIGPIPE, SIG_IGN);
  // Block the stop signals in every thread (server threads inherit the
  // mask); this thread waits for them with sigwait.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  gg::sandbox::Sandbox sandbox(flags->options);
  gg::sandbox::HttpServer server(&sandbox);
  absl::StatusOr<int> port = server.Bind(flags->host, flags->port);
  if (!port.ok()) {
    std::cerr << "gainsight-sandbox: " << port.status().message() << "\n";
    return 1;
  }
  std::cout << "listening on " << flags->host << ":" << *port << std::endl;

  std::atomic<bool> failed{false};
  absl::Notification served;
  std::thread serving([&server, &failed, &served] {
    if (!server.Serve()) {
      failed = true;
      kill(getpid(), SIGTERM);  // wake the main thread
    }
    served.Notify();
  });
  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  server.Stop();
  if (failed) std::cerr << "gainsight-sandbox: serving failed\n";
  // httplib keeps a worker on each idle keep-alive connection until its
  // keep-alive timeout (5 s). Give calls in flight a moment, not that long:
  // the state is in memory only, so there is nothing else to save.
  if (!served.WaitForNotificationWithTimeout(kDrainTime)) {
    std::cout.flush();
    std::cerr.flush();
    std::_Exit(failed ? 1 : 0);
  }
  serving.join();
  return failed ? 1 : 0;
}
