// A TLS client connection carried for a library that speaks only plain
// sockets (hiredis 0.14 has no TLS): the library gets one end of a local
// socket pair, and a relay thread moves bytes between the other end and the
// TLS connection until either side closes.
#ifndef GAINSIGHT_GATEWAY_SERVER_COMMON_TLS_TUNNEL_H_
#define GAINSIGHT_GATEWAY_SERVER_COMMON_TLS_TUNNEL_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace gg {

// Connects to host:port, completes a TLS handshake (TLS 1.2 or later) that
// verifies the server's certificate against `ca_file` (PEM; empty: the
// system's CAs) and its name or IP address, and returns the local end. The
// caller owns it (closing it ends the relay). UNAVAILABLE on any failure;
// `timeout` bounds the connect and the handshake.
absl::StatusOr<int> OpenTlsTunnel(const std::string& host, int port,
                                  const std::string& ca_file,
                                  absl::Duration timeout);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_COMMON_TLS_TUNNEL_H_
