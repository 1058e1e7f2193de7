// Several tenants behind one gateway, through real gRPC into two sandbox
// tenants: calls go to the tenant they name, the policy says who may use
// which, each tenant has its own budget (its own Redis key space), and one
// tenant's exhaustion never delays another's calls.
#include <future>

#include "absl/strings/match.h"
#include "gainsight/v1/company.grpc.pb.h"
#include "gainsight/v1/quota.grpc.pb.h"
#include "gmock/gmock.h"
#include "tests/integration/security_fixture.h"

namespace gg::testing {
namespace {

using ::testing::HasSubstr;
namespace v1 = gainsight::v1;

constexpr char kToken[] = "tenants-test-token-4d5e6f";

class TenantsTest : public SecurityTest {
 protected:
  // A second sandbox ("sandbox" tenant) with its own key and `limits`.
  void StartSecondTenant(const std::string& gateway_limits,
                         const std::string& sandbox_limits = "sync=1000/1s") {
    auto other = Sandbox::Start(sandbox_limits);
    ASSERT_TRUE(other.ok()) << other.status();
    other_ = *std::move(other);
    // The second sandbox takes the same key; the gateway reads it from a file.
    std::string key = WriteFile("sandbox-key", Sandbox::kAccessKey);
    tenants_file_ =
        WriteFile("tenants.yaml",
                  absl::StrCat("tenants:\n  - name: sandbox\n"
                               "    gainsight_url: ",
                               other_->url(), "\n    access_key_file: ", key,
                               "\n    limits: ", gateway_limits, "\n"));
  }

  static grpc::Status Insert(const std::shared_ptr<grpc::Channel>& channel,
                             const std::string& tenant, const std::string& name,
                             absl::Duration timeout = absl::Seconds(10),
                             grpc::ClientContext* context = nullptr) {
    auto stub = v1::CompanyService::NewStub(channel);
    std::unique_ptr<grpc::ClientContext> own;
    if (context == nullptr) {
      own = Context(kToken, timeout);
      context = own.get();
    }
    if (!tenant.empty()) context->AddMetadata("x-gainsight-tenant", tenant);
    v1::InsertCompaniesRequest request;
    request.add_companies()->set_name(name);
    v1::InsertCompaniesResponse response;
    grpc::Status status = stub->InsertCompanies(context, request, &response);
    if (status.ok() && response.results(0).error().code() != 0) {
      return grpc::Status(
          static_cast<grpc::StatusCode>(response.results(0).error().code()),
          response.results(0).error().message());
    }
    return status;
  }

  size_t CallsTo(Sandbox& sandbox) {
    auto calls = sandbox.CallsTo("POST", "/v1/data/objects/Company");
    EXPECT_TRUE(calls.ok());
    return calls.ok() ? calls->size() : 0;
  }

  std::unique_ptr<Sandbox> other_;
  std::string tenants_file_;
};

TEST_F(TenantsTest, CallsGoToTheTenantTheyNameAndThePolicySaysWhoMay) {
  StartSecondTenant("sync=500/1s");
  std::string callers =
      CallersFile({{"crm", kToken}, {"prod-only", "prod-only-token-77aa"}});
  std::string policy = WriteFile("policy.yaml", R"(callers:
  - id: crm
    allow: ['*']
  - id: prod-only
    allow: ['*']
    tenants: [default]
)");
  auto gateway =
      StartGateway({"--tenants-file", tenants_file_, "--callers-file", callers,
                    "--policy-file", policy});
  ASSERT_NE(gateway, nullptr);
  auto channel = gateway->NewChannel();
  ASSERT_TRUE(Insert(channel, "", "Default Co").ok());
  ASSERT_TRUE(Insert(channel, "default", "Default Co 2").ok());
  ASSERT_TRUE(Insert(channel, "sandbox", "Sandbox Co").ok());
  EXPECT_EQ(CallsTo(*sandbox_), 2u);
  EXPECT_EQ(CallsTo(*other_), 1u);

  grpc::Status unknown = Insert(channel, "staging", "Nowhere Co");
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::BadRequest bad;
  ASSERT_TRUE(GetBadRequest(FromGrpcStatus(unknown), &bad));
  EXPECT_EQ(bad.field_violations(0).field(), "x-gainsight-tenant");
  EXPECT_THAT(bad.field_violations(0).description(),
              HasSubstr("default, sandbox"));

  auto context = Context("prod-only-token-77aa");
  grpc::Status denied =
      Insert(channel, "sandbox", "Denied Co", absl::Seconds(10), context.get());
  EXPECT_EQ(denied.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ErrorInfoOf(denied).reason(), "TENANT_NOT_GRANTED");
  EXPECT_EQ(CallsTo(*other_), 1u);

  // Each tenant reports its own budget.
  auto quota = v1::QuotaService::NewStub(channel);
  for (const char* tenant : {"default", "sandbox"}) {
    auto c = Context(kToken);
    c->AddMetadata("x-gainsight-tenant", tenant);
    v1::GetQuotaResponse response;
    ASSERT_TRUE(quota->GetQuota(c.get(), {}, &response).ok());
    ASSERT_GT(response.classes_size(), 0);
    EXPECT_EQ(response.classes(0).windows(0).limit(),
              std::string(tenant) == "sandbox" ? 500 : 1000)
        << tenant;
  }
}

TEST_F(TenantsTest, OneTenantsExhaustionNeverDelaysAnothersCalls) {
  // The sandbox tenant allows two calls in 20 seconds.
  StartSecondTenant("sync=2/20s");
  auto gateway = StartGateway({"--tenants-file", tenants_file_});
  ASSERT_NE(gateway, nullptr);
  auto channel = gateway->NewChannel();
  ASSERT_TRUE(Insert(channel, "sandbox", "S1").ok());
  ASSERT_TRUE(Insert(channel, "sandbox", "S2").ok());
  // Exhausted: these wait in the sandbox tenant's queue (20 to 40 s).
  std::vector<std::unique_ptr<grpc::ClientContext>> waiting_contexts;
  std::vector<std::future<grpc::Status>> waiting;
  for (int i = 0; i < 3; ++i) {
    waiting_contexts.push_back(Context(kToken, absl::Seconds(55)));
    grpc::ClientContext* context = waiting_contexts.back().get();
    waiting.push_back(std::async(std::launch::async, [channel, context, i] {
      return Insert(channel, "sandbox", absl::StrCat("Waiting ", i),
                    absl::Seconds(55), context);
    }));
  }
  // Wait until they are queued (the sandbox tenant's gauge says so).
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  bool queued = false;
  while (!queued && absl::Now() < deadline) {
    absl::StatusOr<std::string> metrics = gateway->Metrics();
    queued =
        metrics.ok() &&
        absl::StrContains(*metrics,
                          "gainsight_quota_queue_depth{class=\"sync\","
                          "priority=\"interactive\",tenant=\"sandbox\"} 3");
  }
  ASSERT_TRUE(queued) << gateway->Metrics().value_or("no metrics");
  // The default tenant serves, many times, while they wait (20 to 40 s).
  for (int i = 0; i < 10; ++i) {
    const absl::Time start = absl::Now();
    ASSERT_TRUE(
        Insert(channel, "", absl::StrCat("Default ", i), absl::Seconds(5))
            .ok());
    EXPECT_LT(absl::Now() - start, absl::Seconds(5));
  }
  for (auto& w : waiting) {
    EXPECT_EQ(w.wait_for(std::chrono::seconds(0)), std::future_status::timeout)
        << "a call of the exhausted tenant finished early";
  }
  EXPECT_EQ(CallsTo(*sandbox_), 10u);
  EXPECT_EQ(CallsTo(*other_), 2u);
  for (auto& c : waiting_contexts) c->TryCancel();
  for (auto& w : waiting) {
    EXPECT_EQ(w.get().error_code(), grpc::StatusCode::CANCELLED);
  }
}

TEST_F(TenantsTest, EachTenantHasItsOwnRedisKeySpace) {
  StartSecondTenant("sync=1000/1s");
  auto redis = Redis::Start();
  ASSERT_TRUE(redis.ok()) << redis.status();
  auto gateway = StartGateway(
      {"--tenants-file", tenants_file_, "--redis", (*redis)->url()});
  ASSERT_NE(gateway, nullptr);
  auto channel = gateway->NewChannel();
  ASSERT_TRUE(Insert(channel, "", "Default Co").ok());
  ASSERT_TRUE(Insert(channel, "sandbox", "Sandbox Co").ok());
  CommandResult keys =
      RunCommand(absl::StrCat("redis-cli -p ", (*redis)->port(), " --scan"));
  ASSERT_EQ(keys.exit_code, 0) << keys.output;
  EXPECT_THAT(keys.output, HasSubstr("gainsight-gateway:" + sandbox_->url()));
  EXPECT_THAT(keys.output, HasSubstr("gainsight-gateway:" + other_->url()));
}

}  // namespace
}  // namespace gg::testing
