// gainsight-gateway: flags and environment -> Config -> Gateway; then wait
// for SIGTERM/SIGINT and drain.
#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "config/config.h"
#include "gateway.h"
#include "observe/log.h"

int main(int argc, char** argv) {
  // Block the stop signals in every thread; main collects them with sigwait.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  std::vector<std::string> args(argv + 1, argv + argc);
  absl::StatusOr<gg::Config> config = gg::ParseConfig(args, gg::ProcessEnv());
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
  sigwait(&stop_signals, &signal);
  gg::Log(gg::LogLevel::kInfo, "signal",
          {{"signal", std::string(signal == SIGTERM ? "SIGTERM" : "SIGINT")}});
  (*gateway)->Drain(config->drain_timeout);
  gateway->reset();
  return 0;
}
