// gainsight-gateway: flags and environment -> Config -> Gateway; then wait
// for SIGTERM/SIGINT and drain. SIGUSR1 reopens the call classes closed
// after a Gainsight 429.
#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "common/process_hardening.h"
#include "config/config.h"
#include "gateway.h"
#include "observe/log.h"

int main(int argc, char** argv) {
  // Before the access key is read: no core dump may hold it.
  if (!gg::ForbidCoreDumps()) {
    std::cerr << "gainsight-gateway: cannot make the process non-dumpable\n";
    return 1;
  }
  // Block the signals main handles in every thread; main collects them with
  // sigwait.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGUSR1);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  std::vector<std::string> args(argv + 1, argv + argc);
  absl::StatusOr<gg::Config> config = gg::ParseConfig(args, gg::ProcessEnv());
  // The key now lives in `config` only.
  gg::ScrubEnvironmentVariable("GAINSIGHT_ACCESS_KEY");
  if (!config.ok()) {
    if (config.status().code() == absl::StatusCode::kCancelled) {
      std::cout << config.status().message();  // --help
      return 0;
    }
    std::cerr << "gainsight-gateway: " << config.status().message() << "\n";
    return 2;
  }
  absl::StatusOr<std::unique_ptr<gg::Gateway>> gateway =
      gg::Gateway::Start(*config);
  if (!gateway.ok()) {
    std::cerr << "gainsight-gateway: " << gateway.status().message() << "\n";
    return 1;
  }
  // Tests and scripts read the chosen ports from these lines.
  std::printf("listening on port %d\n", (*gateway)->port());
  if ((*gateway)->metrics_port() > 0) {
    std::printf("metrics on port %d\n", (*gateway)->metrics_port());
  }
  if ((*gateway)->health_port() > 0) {
    std::printf("health on port %d\n", (*gateway)->health_port());
  }
  std::fflush(stdout);

  int signal = 0;
  while (sigwait(&signals, &signal) == 0 && signal == SIGUSR1) {
    gg::Log(gg::LogLevel::kInfo, "signal",
            {{"signal", std::string("SIGUSR1")}});
    (*gateway)->ReopenQuota();
  }
  gg::Log(gg::LogLevel::kInfo, "signal",
          {{"signal", std::string(signal == SIGTERM ? "SIGTERM" : "SIGINT")}});
  (*gateway)->Drain(config->drain_timeout);
  gateway->reset();
  return 0;
}
