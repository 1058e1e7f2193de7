#include "sandbox/http_server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <thread>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace gg::sandbox {
namespace {

constexpr int kWorkerThreads = 64;
// httplib listens with a backlog of 5: a burst of new connections (a gateway
// opening dozens at once) would lose SYNs and stall a second each.
constexpr int kListenBacklog = 1024;
constexpr size_t kKeepAliveMaxCount = 100000;
// Room for a Bulk API upload just over Gainsight's limit, so that the
// sandbox answers it with Gainsight's error rather than the library's.
constexpr size_t kMaxBodyBytes = 96 << 20;
// Declared length of a dropped response; the body never comes.
constexpr size_t kDroppedLength = 1024;

// A POST, PUT or PATCH that declares no body length at all.
bool HasNoBodyHeaders(const httplib::Request& req) {
  return (req.method == "POST" || req.method == "PUT" ||
          req.method == "PATCH") &&
         !req.has_header("Content-Length") &&
         !req.has_header("Transfer-Encoding");
}

HttpRequest ToRequest(const httplib::Request& req) {
  HttpRequest request;
  request.method = req.method;
  size_t question = req.target.find('?');
  request.path = req.target.substr(0, question);
  if (question != std::string::npos) {
    request.query = req.target.substr(question + 1);
  }
  request.params.insert(req.params.begin(), req.params.end());
  request.headers.assign(req.headers.begin(), req.headers.end());
  request.body = req.body;
  for (const auto& [name, file] : req.files) {
    request.form.push_back(
        FormPart{file.name, file.filename, file.content_type, file.content});
  }
  return request;
}

void WriteResponse(const HttpResponse& response, httplib::Response& res) {
  if (response.drop_connection) {
    // Headers promise a body, then the provider fails: httplib closes the
    // connection, and the client sees a truncated response.
    res.status = 200;
    res.set_content_provider(
        kDroppedLength, "application/json",
        [](size_t, size_t, httplib::DataSink&) { return false; });
    return;
  }
  res.status = response.status;
  for (const auto& [name, value] : response.headers) {
    res.set_header(name, value);
  }
  res.set_content(response.body, response.content_type);
}

}  // namespace

HttpServer::HttpServer(Sandbox* sandbox)
    : sandbox_(*sandbox), server_(std::make_unique<httplib::Server>()) {
  server_->new_task_queue = [] {
    return new httplib::ThreadPool(kWorkerThreads);
  };
  server_->set_keep_alive_max_count(kKeepAliveMaxCount);
  // Headers and body leave in separate writes: without TCP_NODELAY, delayed
  // ACKs add ~40 ms to every keep-alive request.
  server_->set_tcp_nodelay(true);
  server_->set_payload_max_length(kMaxBodyBytes);
  auto handler = [this](const httplib::Request& req, httplib::Response& res) {
    HttpResponse response = sandbox_.Handle(ToRequest(req));
    if (response.delay > absl::ZeroDuration()) absl::SleepFor(response.delay);
    WriteResponse(response, res);
  };
  // A request without Content-Length or Transfer-Encoding has an empty body
  // (RFC 9112 §6.3), but httplib 0.11 waits for one until its read timeout
  // and answers 400 (`curl -X POST URL` does this). Serve those here, before
  // httplib reads the body.
  server_->set_pre_routing_handler(
      [handler](const httplib::Request& req, httplib::Response& res) {
        if (!HasNoBodyHeaders(req)) {
          return httplib::Server::HandlerResponse::Unhandled;
        }
        handler(req, res);
        return httplib::Server::HandlerResponse::Handled;
      });
  constexpr char kAnyPath[] = ".*";
  server_->Get(kAnyPath, handler);
  server_->Post(kAnyPath, handler);
  server_->Put(kAnyPath, handler);
  server_->Delete(kAnyPath, handler);
  server_->Patch(kAnyPath, handler);
}

HttpServer::~HttpServer() = default;

absl::StatusOr<int> HttpServer::Bind(const std::string& host, int port) {
  // Keep the listening socket so that its backlog can be raised after bind.
  server_->set_socket_options([this](int sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    listen_socket_ = sock;
  });
  int bound = port == 0 ? server_->bind_to_any_port(host)
                        : (server_->bind_to_port(host, port) ? port : -1);
  if (bound <= 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", host, ":", port));
  }
  if (listen_socket_ >= 0) ::listen(listen_socket_, kListenBacklog);
  return bound;
}

bool HttpServer::Serve() {
  serving_ = true;
  bool ok = true;
  if (!stopping_) ok = server_->listen_after_bind();
  serving_ = false;
  return ok;
}

void HttpServer::Stop() {
  stopping_ = true;
  // httplib's stop() does nothing until the accept loop runs; wait for it
  // when Serve() has been entered.
  while (serving_ && !server_->is_running()) std::this_thread::yield();
  server_->stop();
}

}  // namespace gg::sandbox
