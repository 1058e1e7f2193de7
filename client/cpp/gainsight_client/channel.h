// Channel setup and per-call contexts for clients of the gateway: plaintext
// or TLS, an optional gRPC service config (retry policy, per-method
// timeouts), a default deadline and the request metadata the gateway reads.
#ifndef GAINSIGHT_CLIENT_CHANNEL_H_
#define GAINSIGHT_CLIENT_CHANNEL_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"

namespace gainsight_client {

struct ClientOptions {
  // host:port, or any gRPC target such as dns:///gateway:50051.
  std::string target = "localhost:50051";
  // TLS instead of plaintext; `ca_file` holds PEM roots (empty: system roots).
  bool tls = false;
  std::string ca_file;
  // A gRPC service config in JSON (see client/service_config.json): retry
  // policy and per-method timeouts. Empty: none.
  std::string service_config_json;
  // Deadline of each call made with NewContext; zero or infinite: none.
  absl::Duration timeout = absl::Seconds(30);
  // Sent as `x-gainsight-priority: batch` when true.
  bool batch_priority = false;
  // Sent as `x-caller-id` when not empty.
  std::string caller_id;
  // Creates sent without a request_id get a new one (request_id.h), so
  // that retries write them once.
  bool request_ids = true;
};

// A channel to the gateway as `options` describe. Fails when the CA file
// cannot be read.
absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeChannel(
    const ClientOptions& options);

// A context with the deadline (`options.timeout` from now) and metadata of
// `options`.
std::unique_ptr<grpc::ClientContext> NewContext(const ClientOptions& options);

// Makes a fresh context for every call (a context serves one call only).
using ContextFactory = std::function<std::unique_ptr<grpc::ClientContext>()>;
ContextFactory ContextsFor(const ClientOptions& options);

}  // namespace gainsight_client

#endif  // GAINSIGHT_CLIENT_CHANNEL_H_
