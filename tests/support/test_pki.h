// Real X.509 certificates for tests, made with the openssl command line in
// a temporary directory: a CA, a server certificate for 127.0.0.1 and
// localhost, and client certificates of any identity (SPIFFE URI, DNS name
// or CN), expired ones, and ones from a CA the gateway does not trust.
#ifndef GAINSIGHT_GATEWAY_TESTS_SUPPORT_TEST_PKI_H_
#define GAINSIGHT_GATEWAY_TESTS_SUPPORT_TEST_PKI_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/grpcpp.h"

namespace gg::testing {

struct CertAndKey {
  std::string cert;  // PEM file paths
  std::string key;
};

class TestPki {
 public:
  // A fresh directory with a CA (named `ca_name`) and a server certificate
  // it signed.
  static absl::StatusOr<std::unique_ptr<TestPki>> Create(
      const std::string& ca_name = "gateway-test-ca");
  ~TestPki();  // removes the directory

  const std::string& dir() const { return dir_; }
  const std::string& ca_cert() const { return ca_.cert; }
  const CertAndKey& server() const { return server_; }

  // A certificate signed by this CA. `san` is an openssl subjectAltName
  // value ("URI:spiffe://x/y", "DNS:crm.example", "" for none); `days` < 0
  // gives one that expired.
  absl::StatusOr<CertAndKey> IssueClient(const std::string& name,
                                         const std::string& cn,
                                         const std::string& san = "",
                                         int days = 1);
  // A new server certificate from this CA into the given files (for
  // rotation tests), atomically replacing them.
  absl::Status IssueServerInto(const CertAndKey& files);

  // Channel credentials trusting this CA, presenting `client` if given.
  std::shared_ptr<grpc::ChannelCredentials> Credentials(
      const CertAndKey* client = nullptr) const;

 private:
  TestPki() = default;
  absl::StatusOr<CertAndKey> Issue(const std::string& name,
                                   const std::string& cn,
                                   const std::string& san, int days);
  std::string dir_;
  CertAndKey ca_;
  CertAndKey server_;
};

std::string ReadFileOrDie(const std::string& path);
// Writes `text` to `path` through a rename, so readers never see half.
void WriteFileAtomically(const std::string& path, const std::string& text);

}  // namespace gg::testing

#endif  // GAINSIGHT_GATEWAY_TESTS_SUPPORT_TEST_PKI_H_
