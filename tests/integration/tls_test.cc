// Transport security through real gRPC with openssl-made certificates:
// server TLS, mTLS (missing, expired and untrusted client certificates),
// caller identity from the certificate, certificate rotation under traffic,
// the plaintext health port, and start-up refusals.
#include <atomic>
#include <thread>

#include "absl/strings/match.h"
#include "gainsight/v1/company.grpc.pb.h"
#include "gainsight/v1/quota.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.pb.h"
#include "tests/integration/security_fixture.h"

namespace gg::testing {
namespace {

using ::testing::HasSubstr;
namespace v1 = gainsight::v1;

grpc::Status GetQuota(const std::shared_ptr<grpc::Channel>& channel,
                      absl::Duration timeout = absl::Seconds(5)) {
  auto stub = v1::QuotaService::NewStub(channel);
  v1::GetQuotaResponse response;
  auto context = SecurityTest::Context("", timeout);
  return stub->GetQuota(context.get(), {}, &response);
}

// Identity as the gateway sees it: the caller named in the PERMISSION_DENIED
// of a call the policy grants nobody.
std::string CallerSeenBy(const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = v1::CompanyService::NewStub(channel);
  auto context = SecurityTest::Context();
  context->AddMetadata("x-caller-id", "someone-else");
  v1::DeleteCompaniesRequest request;
  request.add_gsids("1P02ABC");
  v1::DeleteCompaniesResponse response;
  grpc::Status status =
      stub->DeleteCompanies(context.get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
      << status.error_message();
  return SecurityTest::ErrorInfoOf(status).metadata().at("caller");
}

using TlsTest = SecurityTest;

TEST_F(TlsTest, ServerTlsServesClientsThatTrustItsCaOnly) {
  auto gateway = StartGateway(TlsArgs(/*mutual=*/false));
  ASSERT_NE(gateway, nullptr);
  EXPECT_TRUE(GetQuota(gateway->NewChannel(pki_->Credentials())).ok());
  // Plaintext to a TLS port: no handshake, no call.
  EXPECT_EQ(GetQuota(gateway->NewChannel()).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  // A client that trusts another CA refuses the server's certificate.
  auto other = TestPki::Create("other-ca");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(GetQuota(gateway->NewChannel((*other)->Credentials())).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(TlsTest, MutualTlsRefusesMissingExpiredAndUntrustedCertificates) {
  auto gateway = StartGateway(TlsArgs());
  ASSERT_NE(gateway, nullptr);
  CertAndKey good = Client("good", "crm-sync");
  EXPECT_TRUE(GetQuota(gateway->NewChannel(pki_->Credentials(&good))).ok());

  EXPECT_EQ(GetQuota(gateway->NewChannel(pki_->Credentials())).error_code(),
            grpc::StatusCode::UNAVAILABLE)
      << "no client certificate";
  CertAndKey expired = Client("expired", "crm-sync", "", /*days=*/-1);
  EXPECT_EQ(
      GetQuota(gateway->NewChannel(pki_->Credentials(&expired))).error_code(),
      grpc::StatusCode::UNAVAILABLE)
      << "expired client certificate";
  auto other = TestPki::Create("other-ca");
  ASSERT_TRUE(other.ok());
  absl::StatusOr<CertAndKey> stranger =
      (*other)->IssueClient("stranger", "crm-sync");
  ASSERT_TRUE(stranger.ok());
  // Trusts the gateway's CA, presents a certificate of another CA.
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = ReadFileOrDie(pki_->ca_cert());
  options.pem_cert_chain = ReadFileOrDie(stranger->cert);
  options.pem_private_key = ReadFileOrDie(stranger->key);
  EXPECT_EQ(
      GetQuota(gateway->NewChannel(grpc::SslCredentials(options))).error_code(),
      grpc::StatusCode::UNAVAILABLE)
      << "untrusted client certificate";
  // The refused handshakes never reached a handler.
  EXPECT_TRUE(AuditLines(*gateway).empty());
}

TEST_F(TlsTest, CallerIsTheSpiffeIdElseTheDnsNameElseTheCommonName) {
  std::string policy = WriteFile("policy.yaml", R"(callers:
  - id: "*"
    allow: [read]
)");
  std::vector<std::string> args = TlsArgs();
  args.insert(args.end(), {"--policy-file", policy});
  auto gateway = StartGateway(args);
  ASSERT_NE(gateway, nullptr);
  CertAndKey spiffe =
      Client("spiffe", "cn-a",
             "URI:spiffe://acme.example/ns/crm/sa/sync,DNS:a.acme.example");
  CertAndKey dns = Client("dns", "cn-b", "DNS:b.acme.example,DNS:c.example");
  CertAndKey cn = Client("cn", "cn-only");
  // x-caller-id ("someone-else") is ignored for authenticated callers.
  EXPECT_EQ(CallerSeenBy(gateway->NewChannel(pki_->Credentials(&spiffe))),
            "spiffe://acme.example/ns/crm/sa/sync");
  EXPECT_EQ(CallerSeenBy(gateway->NewChannel(pki_->Credentials(&dns))),
            "b.acme.example");
  EXPECT_EQ(CallerSeenBy(gateway->NewChannel(pki_->Credentials(&cn))),
            "cn-only");
}

TEST_F(TlsTest, RotatedCertificatesApplyWithoutARestartUnderTraffic) {
  // The gateway reads its files from here; they are replaced in place.
  CertAndKey files{WriteFile("tls.crt", ReadFileOrDie(pki_->server().cert)),
                   WriteFile("tls.key", ReadFileOrDie(pki_->server().key))};
  std::string client_ca =
      WriteFile("client-ca.crt", ReadFileOrDie(pki_->ca_cert()));
  auto gateway = StartGateway({"--tls-cert-file", files.cert, "--tls-key-file",
                               files.key, "--tls-client-ca-file", client_ca,
                               "--reload-interval", "1s"});
  ASSERT_NE(gateway, nullptr);
  CertAndKey client = Client("client", "steady");
  auto steady = gateway->NewChannel(pki_->Credentials(&client));
  ASSERT_TRUE(GetQuota(steady).ok());

  // Traffic on an open connection while the certificates change.
  std::atomic<bool> stop{false};
  std::atomic<int> ok{0}, failed{0};
  std::thread traffic([&] {
    while (!stop) {
      (GetQuota(steady).ok() ? ok : failed)++;
    }
  });

  // A new CA signs both the server's certificate and the clients'.
  auto next = TestPki::Create("next-ca");
  ASSERT_TRUE(next.ok());
  ASSERT_TRUE((*next)->IssueServerInto(files).ok());
  WriteFileAtomically(client_ca, ReadFileOrDie((*next)->ca_cert()));
  absl::StatusOr<CertAndKey> next_client =
      (*next)->IssueClient("next-client", "rotated");
  ASSERT_TRUE(next_client.ok());

  // New connections see the new certificates once the watcher has read them.
  const absl::Time deadline = absl::Now() + absl::Seconds(20);
  bool rotated = false;
  while (!rotated && absl::Now() < deadline) {
    grpc::ChannelArguments fresh;  // a connection of its own
    fresh.SetInt(
        "grpc.gateway_test_nonce",
        static_cast<int>(absl::ToUnixMicros(absl::Now()) & 0x7fffffff));
    auto channel = grpc::CreateCustomChannel(
        gateway->target(), (*next)->Credentials(&*next_client), fresh);
    rotated = GetQuota(channel, absl::Milliseconds(500)).ok();
  }
  EXPECT_TRUE(rotated) << "the rotated certificates never applied";
  stop = true;
  traffic.join();
  EXPECT_GT(ok.load(), 0);
  EXPECT_EQ(failed.load(), 0) << "calls failed on an open connection";
}

TEST_F(TlsTest, HealthPortServesHealthAloneInPlaintext) {
  std::vector<std::string> args = TlsArgs();
  args.insert(args.end(), {"--health-listen", "127.0.0.1:0"});
  auto gateway = StartGateway(args);
  ASSERT_NE(gateway, nullptr);
  ASSERT_GT(gateway->health_port(), 0);
  const std::string health =
      absl::StrCat("http://127.0.0.1:", gateway->health_port());
  const std::string buf = absl::StrCat(
      BufBinary(), " curl --protocol grpc --http2-prior-knowledge --schema ",
      "/usr/share/grpc-proto/grpc/health/v1/health.proto ");
  for (const char* name :
       {"gainsight-gateway.liveness", "gainsight-gateway.readiness", ""}) {
    CommandResult r = RunCommand(absl::StrCat(
        buf, health, "/grpc.health.v1.Health/Check -d '{\"service\":\"", name,
        "\"}'"));
    EXPECT_EQ(r.exit_code, 0) << name << ": " << r.output;
    EXPECT_THAT(r.output, HasSubstr("SERVING")) << name;
  }
  // Nothing else: no gateway service, no reflection.
  auto plain =
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", gateway->health_port()),
                          grpc::InsecureChannelCredentials());
  EXPECT_EQ(GetQuota(plain).error_code(), grpc::StatusCode::UNIMPLEMENTED);
  CommandResult list =
      RunCommand(absl::StrCat(BufBinary(),
                              " curl --protocol grpc --http2-prior-knowledge "
                              "--list-services ",
                              health));
  EXPECT_NE(list.exit_code, 0) << list.output;
}

TEST_F(TlsTest, BufCurlCallsWithAClientCertificateAndReflectionNeedsNoGrant) {
  // The caller may call nothing of the gateway's own...
  std::string policy = WriteFile("policy.yaml", R"(callers:
  - id: somebody-else
    allow: ["*"]
)");
  std::vector<std::string> args = TlsArgs();
  args.insert(args.end(), {"--policy-file", policy});
  auto gateway = StartGateway(args);
  ASSERT_NE(gateway, nullptr);
  CertAndKey client = Client("buf", "buf-user");
  const std::string buf = absl::StrCat(
      BufBinary(), " curl --protocol grpc --cacert ", pki_->ca_cert(),
      " --cert ", client.cert, " --key ", client.key, " ");
  const std::string url = absl::StrCat("https://127.0.0.1:", gateway->port());
  // ...but reflection and health answer it.
  CommandResult services =
      RunCommand(absl::StrCat(buf, "--list-services ", url));
  ASSERT_EQ(services.exit_code, 0) << services.output;
  EXPECT_THAT(services.output, HasSubstr("gainsight.v1.CompanyService"));
  CommandResult health = RunCommand(
      absl::StrCat(buf, url, "/grpc.health.v1.Health/Check -d '{}'"));
  EXPECT_EQ(health.exit_code, 0) << health.output;
  EXPECT_THAT(health.output, HasSubstr("SERVING"));
  CommandResult denied = RunCommand(
      absl::StrCat(buf, url, "/gainsight.v1.QuotaService/GetQuota -d '{}'"));
  EXPECT_EQ(denied.exit_code, 7 * 8) << denied.output;  // PERMISSION_DENIED
  EXPECT_THAT(denied.output, HasSubstr("has no grant in the gateway's policy"));
  // Without the client certificate there is no connection at all.
  CommandResult anonymous =
      RunCommand(absl::StrCat(BufBinary(), " curl --protocol grpc --cacert ",
                              pki_->ca_cert(), " --list-services ", url));
  EXPECT_NE(anonymous.exit_code, 0);
}

struct Refusal {
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> env;
  const char* message;
};

TEST_F(TlsTest, UnsafeSettingsStopTheGatewayAtStartNamingTheFlag) {
  std::string bad_policy =
      WriteFile("bad-policy.yaml", "callers:\n  - id: a\n    allow: [wrte]\n");
  std::string callers = CallersFile({{"a", "token-for-a-0123456789"}});
  const std::vector<Refusal> cases = {
      {{"--listen", "0.0.0.0:0"}, {}, "--listen"},
      {{"--listen", "0.0.0.0:0", "--tls-cert-file", pki_->server().cert,
        "--tls-key-file", pki_->server().key},
       {},
       "authenticate callers"},
      {{"--tls-cert-file", pki_->server().cert, "--tls-key-file",
        pki_->ca_cert()},
       {},
       "--tls-key-file"},
      {{"--callers-file", callers, "--policy-file", bad_policy},
       {},
       "bad-policy.yaml:3:"},
      {{"--gainsight-url", "http://gainsight.example.com"},
       {},
       "--allow-insecure-upstream"},
  };
  for (const Refusal& c : cases) {
    std::vector<std::string> args = {"--gainsight-url",  sandbox_->url(),
                                     "--listen",         "127.0.0.1:0",
                                     "--metrics-listen", ""};
    args.insert(args.end(), c.args.begin(), c.args.end());
    auto env = c.env;
    env.emplace_back("GAINSIGHT_ACCESS_KEY", Sandbox::kAccessKey);
    auto process = Process::Start(GatewayBinary(), args, env);
    ASSERT_TRUE(process.ok());
    absl::StatusOr<int> code = process->Wait(absl::Seconds(10));
    ASSERT_TRUE(code.ok()) << c.message;
    EXPECT_NE(*code, 0) << c.message;
    EXPECT_THAT(process->Stderr(), HasSubstr(c.message));
  }
  // --insecure is the explicit way out.
  auto gateway =
      Gateway::Start(sandbox_->url(), {"--listen", "0.0.0.0:0", "--insecure"});
  EXPECT_TRUE(gateway.ok()) << gateway.status();
}

}  // namespace
}  // namespace gg::testing
