// The credentials of the gRPC port: TLS from PEM files that gRPC's file
// watcher reads again every reload interval (cert-manager rotates them in
// place), with client certificates required and verified when a client CA
// is set (mTLS); plaintext otherwise.
#ifndef GAINSIGHT_GATEWAY_SERVER_SECURITY_SERVER_CREDENTIALS_H_
#define GAINSIGHT_GATEWAY_SERVER_SECURITY_SERVER_CREDENTIALS_H_

#include <memory>

#include "absl/status/statusor.h"
#include "config/config.h"
#include "grpcpp/security/server_credentials.h"

namespace gg {

// Checks the files first (readable PEM, the key matching the certificate),
// naming the flag of a bad one.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const Config& config);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_SECURITY_SERVER_CREDENTIALS_H_
