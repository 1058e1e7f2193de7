// Who is calling: the identity of a verified client certificate (mTLS), or
// the caller a bearer token names (--callers-file). Unknown or missing
// credentials are UNAUTHENTICATED; tokens are compared by their SHA-256 and
// never logged.
#ifndef GAINSIGHT_GATEWAY_SERVER_SECURITY_AUTHENTICATOR_H_
#define GAINSIGHT_GATEWAY_SERVER_SECURITY_AUTHENTICATOR_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/grpcpp.h"
#include "security/callers_file.h"
#include "security/reloading_file.h"

namespace gg {

// ErrorInfo reasons of UNAUTHENTICATED.
inline constexpr char kCredentialsMissing[] = "CREDENTIALS_MISSING";
inline constexpr char kTokenUnknown[] = "TOKEN_UNKNOWN";
inline constexpr char kAuthorizationMalformed[] = "AUTHORIZATION_MALFORMED";

// The identity a verified client certificate names: its SPIFFE ID (a
// spiffe:// URI SAN), else its first DNS SAN, else its subject CN; empty
// when the connection carries none.
std::string CertificateIdentity(const grpc::AuthContext& auth);

class Authenticator {
 public:
  // `client_certificates`: the server verifies client certificates (mTLS).
  // `tokens`: bearer tokens, or nullptr when none are accepted.
  Authenticator(bool client_certificates,
                const ReloadingFile<CallerTokens>* tokens)
      : client_certificates_(client_certificates), tokens_(tokens) {}

  // The caller of a call with this peer and metadata. A token, when the
  // gateway takes tokens and the call sends one, must be known even
  // alongside a certificate; the certificate's identity then wins.
  absl::StatusOr<std::string> Authenticate(
      const grpc::AuthContext* auth,
      const std::multimap<grpc::string_ref, grpc::string_ref>& metadata) const;

 private:
  const bool client_certificates_;
  const ReloadingFile<CallerTokens>* const tokens_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_SECURITY_AUTHENTICATOR_H_
