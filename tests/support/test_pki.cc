#include "tests/support/test_pki.h"

#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/support/test_env.h"

namespace gg::testing {
namespace {

absl::Status Run(const std::string& command) {
  CommandResult r = RunCommand(command);
  if (r.exit_code != 0) {
    return absl::InternalError(absl::StrCat(command, ": ", r.output));
  }
  return absl::OkStatus();
}

}  // namespace

std::string ReadFileOrDie(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in) << "cannot read " << path;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void WriteFileAtomically(const std::string& path, const std::string& text) {
  const std::string temp = path + ".new";
  {
    std::ofstream out(temp, std::ios::trunc);
    out << text;
  }
  std::filesystem::rename(temp, path);
}

absl::StatusOr<std::unique_ptr<TestPki>> TestPki::Create(
    const std::string& ca_name) {
  std::unique_ptr<TestPki> pki(new TestPki);
  std::string pattern = ::testing::TempDir() + "gg-pki-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) {
    return absl::InternalError("mkdtemp failed");
  }
  pki->dir_ = pattern;
  pki->ca_ = {pki->dir_ + "/ca.pem", pki->dir_ + "/ca.key"};
  if (absl::Status s = Run(absl::StrCat(
          "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
          "-nodes -days 2 -subj /CN=",
          ca_name, " -keyout ", pki->ca_.key, " -out ", pki->ca_.cert,
          " -addext basicConstraints=critical,CA:TRUE "
          "-addext keyUsage=critical,keyCertSign,cRLSign"));
      !s.ok()) {
    return s;
  }
  absl::StatusOr<CertAndKey> server =
      pki->Issue("server", "gateway", "IP:127.0.0.1,DNS:localhost", 1);
  if (!server.ok()) return server.status();
  pki->server_ = *std::move(server);
  return pki;
}

TestPki::~TestPki() {
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

absl::StatusOr<CertAndKey> TestPki::Issue(const std::string& name,
                                          const std::string& cn,
                                          const std::string& san, int days) {
  CertAndKey out{absl::StrCat(dir_, "/", name, ".pem"),
                 absl::StrCat(dir_, "/", name, ".key")};
  const std::string csr = absl::StrCat(dir_, "/", name, ".csr");
  const std::string ext = absl::StrCat(dir_, "/", name, ".ext");
  {
    std::ofstream e(ext);
    e << "basicConstraints=CA:FALSE\n";
    if (!san.empty()) e << "subjectAltName=" << san << "\n";
  }
  if (absl::Status s = Run(absl::StrCat(
          "openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
          "-nodes -subj '/CN=",
          cn, "' -keyout ", out.key, " -out ", csr));
      !s.ok()) {
    return s;
  }
  if (absl::Status s =
          Run(absl::StrCat("openssl x509 -req -in ", csr, " -CA ", ca_.cert,
                           " -CAkey ", ca_.key, " -CAcreateserial -days ", days,
                           " -extfile ", ext, " -out ", out.cert));
      !s.ok()) {
    return s;
  }
  return out;
}

absl::StatusOr<CertAndKey> TestPki::IssueClient(const std::string& name,
                                                const std::string& cn,
                                                const std::string& san,
                                                int days) {
  return Issue(name, cn, san, days);
}

absl::Status TestPki::IssueServerInto(const CertAndKey& files) {
  absl::StatusOr<CertAndKey> fresh =
      Issue("server-next", "gateway", "IP:127.0.0.1,DNS:localhost", 1);
  if (!fresh.ok()) return fresh.status();
  // Key first: a reader that sees the new certificate sees its key.
  WriteFileAtomically(files.key, ReadFileOrDie(fresh->key));
  WriteFileAtomically(files.cert, ReadFileOrDie(fresh->cert));
  return absl::OkStatus();
}

std::shared_ptr<grpc::ChannelCredentials> TestPki::Credentials(
    const CertAndKey* client) const {
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = ReadFileOrDie(ca_.cert);
  if (client != nullptr) {
    options.pem_private_key = ReadFileOrDie(client->key);
    options.pem_cert_chain = ReadFileOrDie(client->cert);
  }
  return grpc::SslCredentials(options);
}

}  // namespace gg::testing
