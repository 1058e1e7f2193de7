#include "security/authenticator.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/status_details.h"

namespace gg {
namespace {

std::string First(const grpc::AuthContext& auth, const char* property,
                  absl::string_view prefix = "") {
  for (const grpc::string_ref& value : auth.FindPropertyValues(property)) {
    absl::string_view v(value.data(), value.size());
    if (absl::StartsWith(v, prefix)) return std::string(v);
  }
  return "";
}

absl::Status Unauthenticated(const char* reason, absl::string_view message) {
  absl::Status status = absl::UnauthenticatedError(message);
  AttachErrorInfo(status, reason);
  return status;
}

}  // namespace

std::string CertificateIdentity(const grpc::AuthContext& auth) {
  if (auth.FindPropertyValues(GRPC_X509_PEM_CERT_PROPERTY_NAME).empty()) {
    return "";
  }
  std::string id = First(auth, GRPC_PEER_URI_PROPERTY_NAME, "spiffe://");
  if (id.empty()) id = First(auth, GRPC_PEER_DNS_PROPERTY_NAME);
  if (id.empty()) id = First(auth, GRPC_X509_CN_PROPERTY_NAME);
  return id;
}

absl::StatusOr<std::string> Authenticator::Authenticate(
    const grpc::AuthContext* auth,
    const std::multimap<grpc::string_ref, grpc::string_ref>& metadata) const {
  std::string token_caller;
  if (tokens_ != nullptr) {
    auto it = metadata.find("authorization");
    if (it != metadata.end()) {
      absl::string_view value(it->second.data(), it->second.size());
      absl::string_view token = value;
      if (!absl::ConsumePrefix(&token, "Bearer ") &&
          !absl::ConsumePrefix(&token, "bearer ")) {
        return Unauthenticated(kAuthorizationMalformed,
                               "the authorization metadata must be "
                               "'Bearer TOKEN'");
      }
      token = absl::StripAsciiWhitespace(token);
      std::shared_ptr<const CallerTokens> known = tokens_->Get();
      auto found = known->by_hash.find(Sha256Hex(token));
      if (found == known->by_hash.end()) {
        return Unauthenticated(kTokenUnknown, "the bearer token is not known");
      }
      token_caller = found->second;
    }
  }
  if (client_certificates_ && auth != nullptr) {
    std::string id = CertificateIdentity(*auth);
    if (!id.empty()) return id;
  }
  if (!token_caller.empty()) return token_caller;
  return Unauthenticated(
      kCredentialsMissing,
      client_certificates_ && tokens_ != nullptr
          ? "no credentials: present a client certificate or "
            "'authorization: Bearer TOKEN'"
      : client_certificates_ ? "no client certificate"
                             : "no credentials: send 'authorization: Bearer "
                               "TOKEN'");
}

}  // namespace gg
