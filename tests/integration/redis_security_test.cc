// The shared budget over rediss:// (TLS, the server's certificate checked
// against --redis-ca-file) with a password read from --redis-password-file,
// against a real redis-server with TLS and requirepass.
#include "gainsight/v1/company.grpc.pb.h"
#include "gainsight/v1/quota.grpc.pb.h"
#include "gmock/gmock.h"
#include "tests/integration/security_fixture.h"

namespace gg::testing {
namespace {

using ::testing::HasSubstr;
namespace v1 = gainsight::v1;

constexpr char kPassword[] = "redis-password-5a4b3c2d1e";

class RedisSecurityTest : public SecurityTest {
 protected:
  void StartRedis() {
    port_ = PickFreePort();
    auto process = Process::Start(GG_REDIS_SERVER_BIN, {"--port",
                                                        "0",
                                                        "--tls-port",
                                                        absl::StrCat(port_),
                                                        "--bind",
                                                        "127.0.0.1",
                                                        "--tls-cert-file",
                                                        pki_->server().cert,
                                                        "--tls-key-file",
                                                        pki_->server().key,
                                                        "--tls-ca-cert-file",
                                                        pki_->ca_cert(),
                                                        "--tls-auth-clients",
                                                        "no",
                                                        "--requirepass",
                                                        kPassword,
                                                        "--save",
                                                        "",
                                                        "--appendonly",
                                                        "no",
                                                        "--dir",
                                                        pki_->dir()});
    ASSERT_TRUE(process.ok()) << process.status();
    redis_ = std::make_unique<Process>(*std::move(process));
    ASSERT_TRUE(redis_
                    ->WaitForLineContaining("Ready to accept connections",
                                            absl::Seconds(10))
                    .ok())
        << redis_->Stderr();
    RegisterSecret(kPassword);
  }

  // One upstream call: its admission goes through the budget (and Redis).
  grpc::Status Query(Gateway& gateway,
                     absl::Duration timeout = absl::Seconds(10)) {
    auto stub = v1::CompanyService::NewStub(gateway.NewChannel());
    v1::QueryCompaniesRequest request;
    request.add_select("Name");
    v1::QueryCompaniesResponse response;
    return stub->QueryCompanies(Context("", timeout).get(), request, &response);
  }

  v1::BudgetMode Mode(Gateway& gateway) {
    auto stub = v1::QuotaService::NewStub(gateway.NewChannel());
    v1::GetQuotaResponse response;
    grpc::Status status = stub->GetQuota(Context().get(), {}, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.mode();
  }

  int port_ = 0;
  std::unique_ptr<Process> redis_;
};

TEST_F(RedisSecurityTest, SharesTheBudgetOverTlsWithAPasswordFromAFile) {
  StartRedis();
  std::string password = WriteFile("redis-password", kPassword);
  auto gateway = StartGateway(
      {"--redis", absl::StrCat("rediss://127.0.0.1:", port_), "--redis-ca-file",
       pki_->ca_cert(), "--redis-password-file", password});
  ASSERT_NE(gateway, nullptr);
  grpc::Status status = Query(*gateway);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(Mode(*gateway), v1::BUDGET_MODE_SHARED)
      << gateway->process().Stderr();
  // The call was counted in Redis, over TLS, with the password.
  CommandResult keys = RunCommand(
      absl::StrCat("REDISCLI_AUTH=", kPassword, " redis-cli --tls --cacert ",
                   pki_->ca_cert(), " -p ", port_, " --scan"));
  ASSERT_EQ(keys.exit_code, 0) << keys.output;
  EXPECT_THAT(keys.output, HasSubstr("gainsight-gateway:" + sandbox_->url()));
}

TEST_F(RedisSecurityTest, AWrongPasswordOrAnUntrustedServerIsNeverShared) {
  StartRedis();
  std::string wrong = WriteFile("wrong-password", "not-the-password-1234");
  RegisterSecret("not-the-password-1234");
  auto gateway = StartGateway(
      {"--redis", absl::StrCat("rediss://127.0.0.1:", port_), "--redis-ca-file",
       pki_->ca_cert(), "--redis-password-file", wrong});
  ASSERT_NE(gateway, nullptr);
  // A replica that never reached Redis admits nothing (it cannot know what
  // the others use): the call is not admitted, and nothing is shared.
  EXPECT_FALSE(Query(*gateway, absl::Seconds(2)).ok());
  EXPECT_EQ(Mode(*gateway), v1::BUDGET_MODE_DEGRADED);
  EXPECT_THAT(gateway->process().Stderr(), HasSubstr("AUTH failed"));

  // A server whose certificate the given CA did not sign.
  auto other = TestPki::Create("other-ca");
  ASSERT_TRUE(other.ok());
  std::string password = WriteFile("redis-password", kPassword);
  auto untrusting = StartGateway(
      {"--redis", absl::StrCat("rediss://127.0.0.1:", port_), "--redis-ca-file",
       (*other)->ca_cert(), "--redis-password-file", password});
  ASSERT_NE(untrusting, nullptr);
  EXPECT_FALSE(Query(*untrusting, absl::Seconds(2)).ok());
  EXPECT_EQ(Mode(*untrusting), v1::BUDGET_MODE_DEGRADED);
  EXPECT_THAT(untrusting->process().Stderr(), HasSubstr("TLS handshake"));
}

}  // namespace
}  // namespace gg::testing
