// A TCP proxy on a free loopback port, forwarding to 127.0.0.1:target. Cut()
// severs it like a network partition: open connections are closed and new
// ones are closed at once, until Heal().
#ifndef GAINSIGHT_GATEWAY_TESTS_SUPPORT_TCP_PROXY_H_
#define GAINSIGHT_GATEWAY_TESTS_SUPPORT_TCP_PROXY_H_

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace gg::testing {

class TcpProxy {
 public:
  static absl::StatusOr<std::unique_ptr<TcpProxy>> Start(int target_port);
  ~TcpProxy();

  int port() const { return port_; }
  void Cut();
  void Heal();

 private:
  TcpProxy(int listen_fd, int port, int target_port)
      : listen_fd_(listen_fd), port_(port), target_port_(target_port) {}
  void AcceptLoop();
  void Pump(int client, int upstream);

  const int listen_fd_;
  const int port_;
  const int target_port_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> cut_{false};
  // Bumped by Cut(): connections of an older generation close.
  std::atomic<int> generation_{0};
  absl::Mutex mu_;
  std::vector<std::thread> threads_ ABSL_GUARDED_BY(mu_);
  std::thread acceptor_;
};

}  // namespace gg::testing

#endif  // GAINSIGHT_GATEWAY_TESTS_SUPPORT_TCP_PROXY_H_
