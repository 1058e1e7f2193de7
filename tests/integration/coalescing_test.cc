// Coalescing end to end: many callers' one-record upserts through real gRPC,
// a gateway whose sync quota is the bottleneck, and the sandbox's call log
// as the judge of how many upstream calls they took and what was written.
// And the optional Get cache, judged the same way.
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "gainsight/v1/company.grpc.pb.h"
#include "gainsight/v1/cta.grpc.pb.h"
#include "gainsight/v1/quota.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/support/test_env.h"

namespace gg {
namespace {

using gainsight::v1::CompanyService;
using gainsight::v1::UpsertCompaniesRequest;
using gainsight::v1::UpsertCompaniesResponse;
using testing::Gateway;
using testing::json;
using testing::Sandbox;

class CoalescingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto sandbox = Sandbox::Start("sync=100000/1s;bulk=100/1s");
    ASSERT_TRUE(sandbox.ok()) << sandbox.status();
    sandbox_ = *std::move(sandbox);
    // Five calls a second: every upsert past the first few waits.
    auto gateway = Gateway::Start(
        sandbox_->url(),
        {"--limits", "sync=5/1s;bulk=100/1s", "--max-deadline", "5m"});
    ASSERT_TRUE(gateway.ok()) << gateway.status();
    gateway_ = *std::move(gateway);
  }

  struct Outcome {
    grpc::Status status;
    UpsertCompaniesResponse response;
  };

  // Sends one single-company upsert by Name per entry of `names`, all at
  // once over `channels` connections, and waits for every answer.
  std::vector<Outcome> UpsertEach(const std::vector<std::string>& names,
                                  int channels) {
    std::vector<std::unique_ptr<CompanyService::Stub>> stubs;
    for (int i = 0; i < channels; ++i) {
      grpc::ChannelArguments args;
      args.SetInt("gg.test.connection", i);
      stubs.push_back(CompanyService::NewStub(grpc::CreateCustomChannel(
          gateway_->target(), grpc::InsecureChannelCredentials(), args)));
    }
    struct Call {
      grpc::ClientContext context;
      UpsertCompaniesRequest request;
    };
    std::vector<Call> calls(names.size());
    std::vector<Outcome> outcomes(names.size());
    absl::Mutex mu;
    size_t finished = 0;
    for (size_t i = 0; i < names.size(); ++i) {
      Call& call = calls[i];
      call.context.set_deadline(
          absl::ToChronoTime(absl::Now() + absl::Minutes(2)));
      call.request.add_keys("Name");
      call.request.add_companies()->set_name(names[i]);
      call.request.set_request_id(absl::StrCat("caller-", i));
      stubs[i % channels]->async()->UpsertCompanies(
          &call.context, &call.request, &outcomes[i].response,
          [&, i](grpc::Status status) {
            absl::MutexLock lock(&mu);
            outcomes[i].status = std::move(status);
            ++finished;
          });
    }
    absl::MutexLock lock(&mu);
    auto all = [&] { return finished == names.size(); };
    mu.Await(absl::Condition(&all));
    return outcomes;
  }

  std::unique_ptr<Sandbox> sandbox_;
  std::unique_ptr<Gateway> gateway_;
};

TEST_F(CoalescingTest, HundredOneRecordUpsertsTakeAFewFullCalls) {
  std::vector<std::string> names;
  for (int i = 0; i < 100; ++i) names.push_back(absl::StrCat("Coalesced ", i));
  std::vector<Outcome> outcomes = UpsertEach(names, 8);
  for (size_t i = 0; i < outcomes.size(); ++i) {
    ASSERT_TRUE(outcomes[i].status.ok())
        << i << " " << outcomes[i].status.error_message();
    ASSERT_EQ(outcomes[i].response.results_size(), 1);
    const auto& result = outcomes[i].response.results(0);
    EXPECT_EQ(result.error().code(), 0) << i << " " << result.error().message();
    EXPECT_EQ(result.action(), gainsight::v1::WRITE_ACTION_INSERTED) << i;
    EXPECT_FALSE(result.gsid().empty()) << i;
  }
  auto writes = sandbox_->CallsTo("POST", "/v1/data/objects/Company");
  auto lookups = sandbox_->CallsTo("POST", "/v1/data/objects/query/Company");
  ASSERT_TRUE(writes.ok() && lookups.ok());
  int written = 0;
  for (const json& call : *writes) written += call["records"].get<int>();
  EXPECT_EQ(written, 100) << "every record written once";
  // Alone, each upsert takes a lookup and an insert: 200 calls, 40 s at
  // five a second. Coalesced, the waiting ones share calls of up to 50.
  const size_t calls = writes->size() + lookups->size();
  EXPECT_LE(calls, 30u) << writes->size() << " writes, " << lookups->size()
                        << " lookups";
  auto metrics = gateway_->Metrics();
  ASSERT_TRUE(metrics.ok());
  EXPECT_NE(metrics->find("gainsight_records_per_call_bucket"),
            std::string::npos);
  // GetQuota tells the same: the write calls and the records they carried.
  auto quota = gainsight::v1::QuotaService::NewStub(gateway_->NewChannel());
  grpc::ClientContext context;
  gainsight::v1::GetQuotaResponse response;
  ASSERT_TRUE(quota->GetQuota(&context, {}, &response).ok());
  const auto& recent = response.recent_writes();
  EXPECT_EQ(recent.write_calls(), static_cast<int64_t>(writes->size()));
  EXPECT_EQ(recent.records(), 100);
  EXPECT_DOUBLE_EQ(recent.records_per_call(),
                   100.0 / static_cast<double>(writes->size()));
  EXPECT_GT(recent.period().seconds() + recent.period().nanos(), 0);
}

// Cockpit creates coalesce too: twenty one-CTA CreateCtas at once share a
// few write calls, and each request gets its own CTA.
TEST_F(CoalescingTest, ConcurrentOneCtaCreatesShareWriteCalls) {
  auto companies = CompanyService::NewStub(gateway_->NewChannel());
  gainsight::v1::InsertCompaniesRequest insert;
  insert.add_companies()->set_name("Cta Owner Co");
  gainsight::v1::InsertCompaniesResponse inserted;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(companies->InsertCompanies(&context, insert, &inserted).ok());
  }
  const std::string company = inserted.results(0).gsid();
  auto ctas = gainsight::v1::CtaService::NewStub(gateway_->NewChannel());
  constexpr int kCreates = 20;
  struct Call {
    grpc::ClientContext context;
    gainsight::v1::CreateCtasRequest request;
    gainsight::v1::CreateCtasResponse response;
    grpc::Status status;
  };
  std::vector<Call> calls(kCreates);
  absl::Mutex mu;
  int finished = 0;
  for (int i = 0; i < kCreates; ++i) {
    Call& call = calls[i];
    call.context.set_deadline(
        absl::ToChronoTime(absl::Now() + absl::Minutes(2)));
    gainsight::v1::Cta* cta = call.request.add_ctas();
    cta->set_name(absl::StrCat("Check in ", i));
    cta->set_company_id(company);
    cta->set_type("Risk");
    cta->set_status("New");
    cta->set_priority("High");
    cta->set_reason("Usage Drop");
    cta->set_owner("csm.one@example.com");
    ctas->async()->CreateCtas(&call.context, &call.request, &call.response,
                              [&, i](grpc::Status status) {
                                absl::MutexLock lock(&mu);
                                calls[i].status = std::move(status);
                                ++finished;
                              });
  }
  {
    absl::MutexLock lock(&mu);
    auto all = [&] { return finished == kCreates; };
    mu.Await(absl::Condition(&all));
  }
  std::set<std::string> gsids;
  for (const Call& call : calls) {
    ASSERT_TRUE(call.status.ok()) << call.status.error_message();
    ASSERT_EQ(call.response.results_size(), 1);
    EXPECT_FALSE(call.response.results(0).has_error())
        << call.response.results(0).error().message();
    gsids.insert(call.response.results(0).gsid());
  }
  EXPECT_EQ(gsids.size(), static_cast<size_t>(kCreates));
  auto writes = sandbox_->CallsTo("POST", "/v2/cockpit/cta");
  ASSERT_TRUE(writes.ok());
  int written = 0;
  size_t write_calls = 0;
  for (const json& call : *writes) {
    if (call["path"] != "/v2/cockpit/cta") continue;  // not the list
    ++write_calls;
    written += call["records"].get<int>();
  }
  EXPECT_EQ(written, kCreates) << "every CTA written once";
  // Alone, twenty creates take twenty calls (four seconds at five a
  // second); the ones that wait share.
  EXPECT_LE(write_calls, 8u);
}

TEST_F(CoalescingTest, ConcurrentUpsertsOfOneNewKeyInsertItOnce) {
  std::vector<std::string> names(10, "One Key Inc");
  std::vector<Outcome> outcomes = UpsertEach(names, 2);
  int inserted = 0, updated = 0;
  std::set<std::string> gsids;
  for (const Outcome& o : outcomes) {
    ASSERT_TRUE(o.status.ok()) << o.status.error_message();
    const auto& result = o.response.results(0);
    EXPECT_EQ(result.error().code(), 0) << result.error().message();
    if (result.action() == gainsight::v1::WRITE_ACTION_INSERTED) ++inserted;
    if (result.action() == gainsight::v1::WRITE_ACTION_UPDATED) ++updated;
    gsids.insert(result.gsid());
  }
  EXPECT_EQ(inserted, 1);
  EXPECT_EQ(updated, 9);
  EXPECT_EQ(gsids.size(), 1u) << "all name the one record";
  auto writes = sandbox_->CallsTo("POST", "/v1/data/objects/Company");
  ASSERT_TRUE(writes.ok());
  int written = 0;
  for (const json& call : *writes) written += call["records"].get<int>();
  EXPECT_EQ(written, 1) << "one insert of the key";
}

TEST(ReadCacheEndToEndTest, ARepeatedGetIsServedFromTheCacheUntilAWrite) {
  auto sandbox = Sandbox::Start("sync=100000/1s;bulk=100/1s");
  ASSERT_TRUE(sandbox.ok()) << sandbox.status();
  auto gateway = Gateway::Start((*sandbox)->url(), {"--read-cache-ttl", "5m"});
  ASSERT_TRUE(gateway.ok()) << gateway.status();
  auto stub = CompanyService::NewStub((*gateway)->NewChannel());
  auto upsert = [&](double arr) {
    grpc::ClientContext context;
    UpsertCompaniesRequest request;
    request.add_keys("Name");
    auto* company = request.add_companies();
    company->set_name("Cached Co");
    company->set_arr(arr);
    UpsertCompaniesResponse response;
    EXPECT_TRUE(stub->UpsertCompanies(&context, request, &response).ok());
    return response.results(0).gsid();
  };
  auto get = [&](const std::string& gsid) {
    grpc::ClientContext context;
    gainsight::v1::GetCompanyRequest request;
    request.set_gsid(gsid);
    gainsight::v1::GetCompanyResponse response;
    EXPECT_TRUE(stub->GetCompany(&context, request, &response).ok());
    return response.company().arr();
  };
  auto queries = [&] {
    auto calls = (*sandbox)->CallsTo("POST", "/v1/data/objects/query/Company");
    return calls.ok() ? calls->size() : 0u;
  };
  const std::string gsid = upsert(100);
  const size_t before = queries();
  EXPECT_EQ(get(gsid), 100);
  EXPECT_EQ(get(gsid), 100);
  EXPECT_EQ(queries(), before + 1) << "the second Get came from the cache";
  upsert(200);
  const size_t after_write = queries();
  EXPECT_EQ(get(gsid), 200) << "the gateway's own write dropped the answer";
  EXPECT_EQ(queries(), after_write + 1);
}

}  // namespace
}  // namespace gg
