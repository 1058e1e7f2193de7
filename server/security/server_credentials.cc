#include "security/server_credentials.h"

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <algorithm>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "grpcpp/security/tls_certificate_provider.h"
#include "grpcpp/security/tls_credentials_options.h"

namespace gg {
namespace {

struct FileCloser {
  void operator()(FILE* f) const { fclose(f); }
};
using File = std::unique_ptr<FILE, FileCloser>;

absl::Status Bad(const char* flag, const std::string& path,
                 absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("--", flag, ": ", path, ": ", why));
}

absl::Status CheckTlsFiles(const Config& config) {
  File cert_file(fopen(config.tls_cert_file.c_str(), "r"));
  if (cert_file == nullptr) {
    return Bad("tls-cert-file", config.tls_cert_file, "cannot read the file");
  }
  std::unique_ptr<X509, decltype(&X509_free)> cert(
      PEM_read_X509(cert_file.get(), nullptr, nullptr, nullptr), &X509_free);
  if (cert == nullptr) {
    return Bad("tls-cert-file", config.tls_cert_file,
               "holds no PEM certificate");
  }
  File key_file(fopen(config.tls_key_file.c_str(), "r"));
  if (key_file == nullptr) {
    return Bad("tls-key-file", config.tls_key_file, "cannot read the file");
  }
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      PEM_read_PrivateKey(key_file.get(), nullptr, nullptr, nullptr),
      &EVP_PKEY_free);
  if (key == nullptr) {
    return Bad("tls-key-file", config.tls_key_file,
               "holds no PEM private key (or it is encrypted)");
  }
  if (X509_check_private_key(cert.get(), key.get()) != 1) {
    return Bad("tls-key-file", config.tls_key_file,
               "is not the key of --tls-cert-file");
  }
  if (!config.tls_client_ca_file.empty()) {
    File ca_file(fopen(config.tls_client_ca_file.c_str(), "r"));
    if (ca_file == nullptr) {
      return Bad("tls-client-ca-file", config.tls_client_ca_file,
                 "cannot read the file");
    }
    std::unique_ptr<X509, decltype(&X509_free)> ca(
        PEM_read_X509(ca_file.get(), nullptr, nullptr, nullptr), &X509_free);
    if (ca == nullptr) {
      return Bad("tls-client-ca-file", config.tls_client_ca_file,
                 "holds no PEM certificate");
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const Config& config) {
  if (config.tls_cert_file.empty()) return grpc::InsecureServerCredentials();
  if (absl::Status s = CheckTlsFiles(config); !s.ok()) return s;
  // gRPC's watcher re-reads every interval (whole seconds, at least one).
  const unsigned int refresh = static_cast<unsigned int>(
      std::max<int64_t>(1, absl::ToInt64Seconds(config.reload_interval)));
  auto provider =
      std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
          config.tls_key_file, config.tls_cert_file, config.tls_client_ca_file,
          refresh);
  grpc::experimental::TlsServerCredentialsOptions options(provider);
  options.watch_identity_key_cert_pairs();
  if (config.tls_client_ca_file.empty()) {
    options.set_cert_request_type(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  } else {
    options.watch_root_certs();
    options.set_cert_request_type(
        GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  }
  return grpc::experimental::TlsServerCredentials(options);
}

}  // namespace gg
