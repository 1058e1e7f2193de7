// Fixture for the security integration tests: a sandbox tenant, a test PKI
// (real certificates from openssl) and helpers to start gateways with TLS,
// tokens and policies, and to read what they logged.
#ifndef GAINSIGHT_GATEWAY_TESTS_INTEGRATION_SECURITY_FIXTURE_H_
#define GAINSIGHT_GATEWAY_TESTS_INTEGRATION_SECURITY_FIXTURE_H_

#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/status_details.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "security/callers_file.h"
#include "tests/support/test_env.h"
#include "tests/support/test_pki.h"

namespace gg::testing {

class SecurityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto pki = TestPki::Create();
    ASSERT_TRUE(pki.ok()) << pki.status();
    pki_ = *std::move(pki);
    auto sandbox = Sandbox::Start();
    ASSERT_TRUE(sandbox.ok()) << sandbox.status();
    sandbox_ = *std::move(sandbox);
  }

  // A file in the test's directory.
  std::string WriteFile(const std::string& name, const std::string& text) {
    std::string path = absl::StrCat(pki_->dir(), "/", name);
    WriteFileAtomically(path, text);
    return path;
  }

  // A callers file naming each caller by its token (registered as secrets).
  std::string CallersFile(
      const std::vector<std::pair<std::string, std::string>>& id_token) {
    std::string text = "callers:\n";
    for (const auto& [id, token] : id_token) {
      RegisterSecret(token);
      absl::StrAppend(&text, "  - id: ", id,
                      "\n    token_sha256: ", Sha256Hex(token), "\n");
    }
    return WriteFile("callers.yaml", text);
  }

  std::vector<std::string> TlsArgs(bool mutual = true) const {
    std::vector<std::string> args = {"--tls-cert-file", pki_->server().cert,
                                     "--tls-key-file", pki_->server().key};
    if (mutual) {
      args.push_back("--tls-client-ca-file");
      args.push_back(pki_->ca_cert());
    }
    return args;
  }

  std::unique_ptr<Gateway> StartGateway(std::vector<std::string> args) {
    std::vector<std::string> all = {"--limits", "sync=1000/1s;bulk=100/1s",
                                    "--upstream-timeout", "5s"};
    all.insert(all.end(), args.begin(), args.end());
    auto gateway = Gateway::Start(sandbox_->url(), all);
    EXPECT_TRUE(gateway.ok()) << gateway.status();
    return gateway.ok() ? *std::move(gateway) : nullptr;
  }

  CertAndKey Client(const std::string& name, const std::string& cn,
                    const std::string& san = "", int days = 1) {
    absl::StatusOr<CertAndKey> c = pki_->IssueClient(name, cn, san, days);
    EXPECT_TRUE(c.ok()) << c.status();
    return c.ok() ? *c : CertAndKey{};
  }

  // Also for helpers outside the fixture.
 public:
  static std::unique_ptr<grpc::ClientContext> Context(
      const std::string& token = "",
      absl::Duration timeout = absl::Seconds(10)) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(absl::ToChronoTime(absl::Now() + timeout));
    if (!token.empty())
      context->AddMetadata("authorization", "Bearer " + token);
    return context;
  }

  // The ErrorInfo of a failed call.
  static google::rpc::ErrorInfo ErrorInfoOf(const grpc::Status& status) {
    google::rpc::ErrorInfo info;
    GetErrorInfo(FromGrpcStatus(status), &info);
    return info;
  }

 protected:
  // Calls to Gainsight endpoints so far.
  size_t UpstreamCalls() {
    auto calls = sandbox_->CallsTo("", "/v");
    EXPECT_TRUE(calls.ok()) << calls.status();
    return calls.ok() ? calls->size() : 0;
  }

  // The audit lines a gateway wrote so far.
  static std::vector<nlohmann::json> AuditLines(Gateway& gateway) {
    std::vector<nlohmann::json> lines;
    for (absl::string_view line :
         absl::StrSplit(gateway.process().Stderr(), '\n')) {
      if (line.empty() || line.front() != '{') continue;
      nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_object() && j.value("event", "") == "audit") lines.push_back(j);
    }
    return lines;
  }

  std::unique_ptr<TestPki> pki_;
  std::unique_ptr<Sandbox> sandbox_;
};

}  // namespace gg::testing

#endif  // GAINSIGHT_GATEWAY_TESTS_INTEGRATION_SECURITY_FIXTURE_H_
