// Every language's example (client/examples/) against a live gateway and
// sandbox tenant. The build installed the stubs packages (client/package.sh)
// into a clean copy of each example's project and built it with the
// language's own tools (client/examples/build.sh); these tests run what that
// made: typed stubs, the service config's retry policy, caller metadata,
// paging, CTA creation (once, however often the example runs), the quota, and
// RESOURCE_EXHAUSTED handled through RetryInfo.
#include <chrono>
#include <ostream>
#include <regex>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gainsight/v1/cta.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/support/build_paths.h"
#include "tests/support/test_env.h"
#include "tests/support/test_pki.h"

namespace gg {
namespace {

using ::testing::ContainsRegex;
using testing::Gateway;
using ::testing::HasSubstr;
using testing::RunCommand;
using testing::Sandbox;

// Window of the gateway under test: small, so that the examples' batch reads
// run into RESOURCE_EXHAUSTED after a few calls.
constexpr char kGatewayLimits[] = "sync=20/2s";

struct Example {
  const char* language;
  bool built;           // the language's toolchain was found at configure time
  std::string command;  // runs the example; "--target HOST:PORT" is appended
};

// Test names and failure messages show the language only.
void PrintTo(const Example& example, std::ostream* os) {
  *os << example.language;
}

std::string ServiceConfigFlag() {
  return absl::StrCat(" --service-config ", testing::build_paths::kSourceDir,
                      "/client/service_config.json");
}

Example PythonExample() {
  return {"python", true,
          absl::StrCat(testing::build_paths::kClientGenDir,
                       "/examples/python/venv/bin/gainsight-quickstart",
                       ServiceConfigFlag())};
}
Example GoExample() {
  // grpc-go 1.33 applies retry policies only with GRPC_GO_RETRY=on.
  return {
      "go", GG_HAVE_GO,
      absl::StrCat("env GRPC_GO_RETRY=on ", testing::build_paths::kClientGenDir,
                   "/examples/go/quickstart", ServiceConfigFlag())};
}
Example JavaExample() {
  return {"java", GG_HAVE_JAVA,
          absl::StrCat("java -XX:+UseSerialGC -Djava.library.path=",
                       testing::build_paths::kClientGenDir,
                       "/examples/java/native -jar ",
                       testing::build_paths::kClientGenDir,
                       "/examples/java/target/gainsight-quickstart-0.1.0.jar",
                       ServiceConfigFlag())};
}
Example NodeExample() {
  return {
      "node", GG_HAVE_NODE,
      absl::StrCat("node ", testing::build_paths::kClientGenDir,
                   "/examples/node/dist/quickstart.js", ServiceConfigFlag())};
}

class ExamplesTest : public ::testing::TestWithParam<Example> {
 protected:
  void SetUp() override {
    if (!GetParam().built) {
      GTEST_SKIP() << GetParam().language << " toolchain not found by CMake";
    }
    auto sandbox = Sandbox::Start();
    ASSERT_TRUE(sandbox.ok()) << sandbox.status();
    sandbox_ = *std::move(sandbox);
    // One attempt per upstream call, so that an upstream 503 reaches the
    // client as UNAVAILABLE and only the client's retry policy can recover.
    auto gateway = Gateway::Start(
        sandbox_->url(), {"--limits", kGatewayLimits, "--max-attempts", "1"});
    ASSERT_TRUE(gateway.ok()) << gateway.status();
    gateway_ = *std::move(gateway);
  }

  testing::CommandResult Run(const std::string& extra = "") {
    return RunCommand(absl::StrCat(GetParam().command, " --target ",
                                   gateway_->target(), extra));
  }

  // Every step the example prints, in order.
  void ExpectEveryStep(const std::string& out) {
    EXPECT_THAT(
        out,
        HasSubstr("upserted 5 companies: 5 inserted, 0 updated, 0 failed"));
    EXPECT_THAT(out, HasSubstr("page 1: Example Co 1, Example Co 2\n"));
    EXPECT_THAT(out, HasSubstr("page 2: Example Co 3, Example Co 4\n"));
    EXPECT_THAT(out, HasSubstr("page 3: Example Co 5\n"));
    EXPECT_THAT(out, HasSubstr("queried 5 companies in 3 pages"));
    EXPECT_THAT(out, HasSubstr("cta config: 3 types, using type Risk"));
    EXPECT_THAT(out, ContainsRegex("quota sync: 20 per 2s, [0-9]+ used, "
                                   "[0-9]+ remaining"));
    EXPECT_THAT(out,
                ContainsRegex("resource exhausted after [0-9]+ calls: retry "
                              "in [0-9]+\\.[0-9]{3}s \\(gainsight:sync:[^,]+, "
                              "QUOTA_WAIT_EXCEEDS_DEADLINE\\)"));
    EXPECT_THAT(out, ContainsRegex("retried after [0-9]+\\.[0-9]{3}s: ok"));
    EXPECT_THAT(out, HasSubstr("done\n"));
  }

  // The CTA service of the gateway under test (plaintext).
  std::unique_ptr<gainsight::v1::CtaService::Stub> Ctas() {
    return gainsight::v1::CtaService::NewStub(grpc::CreateChannel(
        gateway_->target(), grpc::InsecureChannelCredentials()));
  }
  static void WithDeadline(grpc::ClientContext& context) {
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(20));
  }

  // The CTA the example reported is in the tenant as the example asked: the
  // first type of the sandbox's configuration with its first status,
  // priority and reason, owned by a seeded user, on the first company.
  void ExpectCtaInTenant(const std::string& gsid) {
    auto stub = Ctas();
    grpc::ClientContext context;
    WithDeadline(context);
    gainsight::v1::GetCtaRequest request;
    request.set_gsid(gsid);
    gainsight::v1::GetCtaResponse response;
    grpc::Status status = stub->GetCta(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    const gainsight::v1::Cta& cta = response.cta();
    EXPECT_EQ(cta.gsid(), gsid);
    EXPECT_EQ(cta.company_name(), "Example Co 1");
    EXPECT_EQ(cta.type(), "Risk");
    EXPECT_EQ(cta.status(), "New");
    EXPECT_EQ(cta.priority(), "High");
    EXPECT_EQ(cta.reason(), "Usage Drop");
    EXPECT_EQ(cta.owner(), "csm.one@example.com");
    EXPECT_FALSE(cta.is_closed());
  }

  // GSIDs of the CTAs named as the examples name theirs, read through the
  // gateway.
  std::vector<std::string> ExampleCtasInTenant() {
    auto stub = Ctas();
    grpc::ClientContext context;
    WithDeadline(context);
    gainsight::v1::ListCtasRequest request;
    auto* name = request.mutable_filter()->add_conditions();
    name->set_field("Name");
    name->set_operator_(gainsight::v1::OPERATOR_EQ);
    name->add_values()->set_string_value("Example: renewal at risk");
    gainsight::v1::ListCtasResponse response;
    grpc::Status status = stub->ListCtas(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> gsids;
    for (const gainsight::v1::Cta& cta : response.ctas()) {
      gsids.push_back(cta.gsid());
    }
    return gsids;
  }

  std::unique_ptr<Sandbox> sandbox_;
  std::unique_ptr<Gateway> gateway_;
};

TEST_P(ExamplesTest, RunsEveryStepAgainstALiveGateway) {
  testing::CommandResult r = Run();
  ASSERT_EQ(r.exit_code, 0) << r.output;
  ExpectEveryStep(r.output);
  std::smatch created;
  ASSERT_TRUE(std::regex_search(r.output, created,
                                std::regex("cta created: (1S01[0-9A-Z]+)\n")))
      << r.output;
  ExpectCtaInTenant(created[1]);
}

TEST_P(ExamplesTest, RunningTwiceCreatesNoSecondCta) {
  testing::CommandResult first = Run();
  ASSERT_EQ(first.exit_code, 0) << first.output;
  std::smatch created;
  ASSERT_TRUE(std::regex_search(first.output, created,
                                std::regex("cta created: (1S01[0-9A-Z]+)\n")))
      << first.output;
  const std::string gsid = created[1];

  testing::CommandResult second = Run();
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_THAT(
      second.output,
      HasSubstr("upserted 5 companies: 0 inserted, 5 updated, 0 failed"));
  EXPECT_THAT(second.output, HasSubstr(absl::StrCat("cta exists: ", gsid)));
  EXPECT_THAT(second.output, ::testing::Not(HasSubstr("cta created")));
  EXPECT_THAT(second.output, HasSubstr("done\n"));
  EXPECT_THAT(ExampleCtasInTenant(), ::testing::ElementsAre(gsid));
}

TEST_P(ExamplesTest, RetriesUnavailableAsTheServiceConfigSays) {
  // The first CTA configuration call upstream fails (503): the gateway, with
  // one attempt, answers UNAVAILABLE, and the example only gets past
  // GetCtaConfig if its channel retries as client/service_config.json says.
  ASSERT_TRUE(sandbox_
                  ->AddFault({{"status", 503},
                              {"count", 1},
                              {"path_prefix", "/v2/cockpit/admin/picklist"}})
                  .ok());
  testing::CommandResult r = Run();
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("cta config: 3 types, using type Risk"));
  auto calls = sandbox_->CallsTo("GET", "/v2/cockpit/admin/picklist");
  ASSERT_TRUE(calls.ok()) << calls.status();
  EXPECT_EQ(calls->size(), 2u) << "one failed call, one retried call";
}

TEST_P(ExamplesTest, ConnectsWithAClientCertificateOverMutualTls) {
  // A gateway that takes only clients with a certificate of its CA, and a
  // policy that grants this example's certificate (its CN) everything.
  auto pki = testing::TestPki::Create();
  ASSERT_TRUE(pki.ok()) << pki.status();
  auto client = (*pki)->IssueClient("example", "example-client");
  ASSERT_TRUE(client.ok()) << client.status();
  std::string policy = (*pki)->dir() + "/policy.yaml";
  testing::WriteFileAtomically(
      policy, "callers:\n  - id: example-client\n    allow: ['*']\n");
  gateway_.reset();
  auto gateway = Gateway::Start(
      sandbox_->url(),
      {"--limits", kGatewayLimits, "--max-attempts", "1", "--tls-cert-file",
       (*pki)->server().cert, "--tls-key-file", (*pki)->server().key,
       "--tls-client-ca-file", (*pki)->ca_cert(), "--policy-file", policy});
  ASSERT_TRUE(gateway.ok()) << gateway.status();
  gateway_ = *std::move(gateway);
  testing::CommandResult r =
      Run(absl::StrCat(" --ca-file ", (*pki)->ca_cert(), " --cert-file ",
                       client->cert, " --key-file ", client->key));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  ExpectEveryStep(r.output);
  // Without its certificate the example cannot even connect.
  testing::CommandResult refused =
      Run(absl::StrCat(" --ca-file ", (*pki)->ca_cert()));
  EXPECT_NE(refused.exit_code, 0) << refused.output;
}

INSTANTIATE_TEST_SUITE_P(Languages, ExamplesTest,
                         ::testing::Values(PythonExample(), GoExample(),
                                           JavaExample(), NodeExample()),
                         [](const ::testing::TestParamInfo<Example>& info) {
                           return std::string(info.param.language);
                         });

}  // namespace
}  // namespace gg
