#include "common/tls_tunnel.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <thread>

#include "absl/strings/str_cat.h"

namespace gg {
namespace {

std::string OpenSslError() {
  unsigned long code = ERR_get_error();
  if (code == 0) return "TLS failure";
  char text[256];
  ERR_error_string_n(code, text, sizeof(text));
  ERR_clear_error();
  return text;
}

bool IsIpAddress(const std::string& host) {
  unsigned char buffer[sizeof(in6_addr)];
  return inet_pton(AF_INET, host.c_str(), buffer) == 1 ||
         inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

void SetTimeouts(int fd, absl::Duration timeout) {
  timeval tv{};
  tv.tv_sec = absl::ToInt64Milliseconds(timeout) / 1000;
  tv.tv_usec = (absl::ToInt64Milliseconds(timeout) % 1000) * 1000;
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

absl::StatusOr<int> ConnectTcp(const std::string& host, int port,
                               absl::Duration timeout) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (int err = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints,
                            &found);
      err != 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot resolve ", host, ": ", gai_strerror(err)));
  }
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> list(found, &freeaddrinfo);
  std::string why = "no address";
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    int fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, 0);
    if (fd < 0) continue;
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    int r = connect(fd, a->ai_addr, a->ai_addrlen);
    if (r != 0 && errno == EINPROGRESS) {
      pollfd p{fd, POLLOUT, 0};
      int error = 0;
      socklen_t len = sizeof(error);
      if (poll(&p, 1, static_cast<int>(absl::ToInt64Milliseconds(timeout))) ==
              1 &&
          getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len) == 0 &&
          error == 0) {
        r = 0;
      } else {
        why = error != 0 ? strerror(error) : "connect timed out";
      }
    } else if (r != 0) {
      why = strerror(errno);
    }
    if (r == 0) {
      fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
      return fd;
    }
    close(fd);
  }
  return absl::UnavailableError(
      absl::StrCat("cannot connect to ", host, ":", port, ": ", why));
}

// Moves bytes both ways until either side closes or fails; then closes both.
void Relay(SSL* ssl, int tcp, int local) {
  char buffer[16384];
  bool open = true;
  while (open) {
    pollfd p[2] = {{tcp, POLLIN, 0}, {local, POLLIN, 0}};
    // Bytes OpenSSL has decrypted already do not show on the socket.
    if (SSL_pending(ssl) == 0 && poll(p, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (SSL_pending(ssl) > 0 || (p[0].revents & (POLLIN | POLLHUP | POLLERR))) {
      int n = SSL_read(ssl, buffer, sizeof(buffer));
      if (n <= 0) {
        // A record without application data (a TLS 1.3 session ticket):
        // nothing to pass on yet.
        if (SSL_get_error(ssl, n) == SSL_ERROR_WANT_READ) continue;
        break;
      }
      for (int off = 0; off < n;) {
        ssize_t w = write(local, buffer + off, n - off);
        if (w <= 0) {
          open = false;
          break;
        }
        off += static_cast<int>(w);
      }
    }
    if (open && (p[1].revents & (POLLIN | POLLHUP | POLLERR))) {
      ssize_t n = read(local, buffer, sizeof(buffer));
      if (n <= 0) break;
      if (SSL_write(ssl, buffer, static_cast<int>(n)) <= 0) break;
    }
  }
  SSL_shutdown(ssl);
  SSL_free(ssl);
  close(tcp);
  close(local);
}

}  // namespace

absl::StatusOr<int> OpenTlsTunnel(const std::string& host, int port,
                                  const std::string& ca_file,
                                  absl::Duration timeout) {
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(
      SSL_CTX_new(TLS_client_method()), &SSL_CTX_free);
  if (ctx == nullptr) return absl::UnavailableError(OpenSslError());
  SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION);
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
  if (!ca_file.empty()) {
    if (SSL_CTX_load_verify_locations(ctx.get(), ca_file.c_str(), nullptr) !=
        1) {
      return absl::UnavailableError(absl::StrCat(
          "cannot load CA certificates from ", ca_file, ": ", OpenSslError()));
    }
  } else if (SSL_CTX_set_default_verify_paths(ctx.get()) != 1) {
    return absl::UnavailableError(OpenSslError());
  }
  absl::StatusOr<int> tcp = ConnectTcp(host, port, timeout);
  if (!tcp.ok()) return tcp.status();
  SSL* ssl = SSL_new(ctx.get());
  if (ssl == nullptr) {
    close(*tcp);
    return absl::UnavailableError(OpenSslError());
  }
  if (IsIpAddress(host)) {
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host.c_str());
  } else {
    SSL_set_tlsext_host_name(ssl, host.c_str());
    SSL_set1_host(ssl, host.c_str());
  }
  SSL_set_fd(ssl, *tcp);
  SetTimeouts(*tcp, timeout);
  if (SSL_connect(ssl) != 1) {
    long verify = SSL_get_verify_result(ssl);
    std::string why = verify != X509_V_OK
                          ? X509_verify_cert_error_string(verify)
                          : OpenSslError();
    SSL_free(ssl);
    close(*tcp);
    return absl::UnavailableError(
        absl::StrCat("TLS handshake with ", host, ":", port, ": ", why));
  }
  SetTimeouts(*tcp, absl::ZeroDuration());  // the relay waits in poll
  // Without this, SSL_read on a record that carries no application data
  // (session tickets) would block for the next one, and the relay could not
  // pass the client's request on meanwhile.
  SSL_clear_mode(ssl, SSL_MODE_AUTO_RETRY);
  int pair[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
    SSL_free(ssl);
    close(*tcp);
    return absl::UnavailableError("socketpair failed");
  }
  std::thread(Relay, ssl, *tcp, pair[1]).detach();
  return pair[0];
}

}  // namespace gg
