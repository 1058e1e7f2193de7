#include "observe/metrics_server.h"

#include <httplib.h>
#include <sys/socket.h>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace gg {

absl::StatusOr<std::unique_ptr<MetricsServer>> MetricsServer::Start(
    const std::string& listen, Render render) {
  size_t colon = listen.rfind(':');
  int port = 0;
  if (colon == std::string::npos ||
      !absl::SimpleAtoi(listen.substr(colon + 1), &port)) {
    return absl::InvalidArgumentError(
        absl::StrCat("bad metrics address ", listen));
  }
  std::string host = listen.substr(0, colon);
  std::unique_ptr<MetricsServer> server(new MetricsServer);
  server->server_ = std::make_unique<httplib::Server>();
  server->server_->set_tcp_nodelay(true);
  // One request per connection (scrapes are seconds apart, so reuse gains
  // nothing, and an idle scraper connection would hold up shutdown), which
  // may take a second to arrive: cpp-httplib waits this long for every
  // request, the first included, and with no wait it dropped a request
  // that came 10 ms after its connection, unanswered.
  server->server_->set_keep_alive_max_count(1);
  server->server_->set_keep_alive_timeout(1);
  server->server_->Get(
      "/metrics", [render](const httplib::Request&, httplib::Response& res) {
        res.set_content(render(), "text/plain; version=0.0.4");
      });
  // SO_REUSEADDR alone: cpp-httplib's default adds SO_REUSEPORT, which
  // would let a second process share a taken port instead of failing.
  server->server_->set_socket_options([](int sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  if (port == 0) {
    server->port_ = server->server_->bind_to_any_port(host);
  } else if (server->server_->bind_to_port(host, port)) {
    server->port_ = port;
  } else {
    server->port_ = -1;
  }
  if (server->port_ <= 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", listen,
                     " for metrics: the address is in use or not available"));
  }
  httplib::Server* raw = server->server_.get();
  server->thread_ = std::thread([raw] { raw->listen_after_bind(); });
  return server;
}

MetricsServer::~MetricsServer() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace gg
