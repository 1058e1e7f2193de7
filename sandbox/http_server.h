// Serves a Sandbox over HTTP/1.1 (cpp-httplib).
#ifndef GAINSIGHT_GATEWAY_SANDBOX_HTTP_SERVER_H_
#define GAINSIGHT_GATEWAY_SANDBOX_HTTP_SERVER_H_

#include <atomic>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "sandbox/sandbox.h"

namespace httplib {
class Server;
}  // namespace httplib

namespace gg::sandbox {

class HttpServer {
 public:
  // `sandbox` must outlive the server.
  explicit HttpServer(Sandbox* sandbox);
  ~HttpServer();

  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds `host`:`port` (port 0: a free one); returns the bound port.
  absl::StatusOr<int> Bind(const std::string& host, int port);

  // Serves until Stop(); false when serving failed. Call after Bind().
  bool Serve();

  // Makes Serve() return; callable from any thread, before or during Serve.
  void Stop();

 private:
  Sandbox& sandbox_;
  std::unique_ptr<httplib::Server> server_;
  std::atomic<bool> serving_{false};
  std::atomic<bool> stopping_{false};
  int listen_socket_ = -1;
};

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_HTTP_SERVER_H_
