// The access log and per-RPC metrics, over real gRPC against the sandbox:
// one line per call with what it cost upstream (checked against the
// sandbox's own call log) and never a value; counters and latency by
// method and code on /metrics.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gainsight/v1/company.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/gateway_test.h"
#include "tests/support/test_env.h"

namespace gg {
namespace {

using gainsight::v1::CompanyService;
using testing::Gateway;
using testing::json;

constexpr char kInsert[] = "gainsight.v1.CompanyService/InsertCompanies";
constexpr char kQuery[] = "gainsight.v1.CompanyService/QueryCompanies";
constexpr char kGet[] = "gainsight.v1.CompanyService/GetCompany";

// The access log lines a gateway wrote so far.
std::vector<json> AccessLines(Gateway& gateway) {
  std::vector<json> lines;
  for (absl::string_view line :
       absl::StrSplit(gateway.process().Stderr(), '\n')) {
    if (line.empty() || line.front() != '{') continue;
    json j = json::parse(line, nullptr, false);
    if (j.is_object() && j.value("event", "") == "rpc") lines.push_back(j);
  }
  return lines;
}

class AccessLogTest : public testing::GatewayTest {
 protected:
  // Access lines are info lines (test gateways log warnings only).
  std::vector<std::string> GatewayArgs() const override {
    return {"--log-level", "info"};
  }

  void SetUp() override {
    GatewayTest::SetUp();
    if (HasFatalFailure()) return;
    stub_ = CompanyService::NewStub(gateway_->NewChannel());
  }

  grpc::Status Insert(const std::vector<std::string>& names) {
    gainsight::v1::InsertCompaniesRequest request;
    request.set_request_id("nightly-42");
    for (const std::string& name : names) {
      request.add_companies()->set_name(name);
    }
    gainsight::v1::InsertCompaniesResponse response;
    auto context = Context();
    context->AddMetadata("x-caller-id", "nightly-sync");
    return stub_->InsertCompanies(context.get(), request, &response);
  }

  std::unique_ptr<CompanyService::Stub> stub_;
};

TEST_F(AccessLogTest, EveryCallGetsOneLineWithWhatItCostUpstream) {
  const size_t calls_before = GainsightCalls().size();
  ASSERT_TRUE(Insert({"Confidential Alpha", "Confidential Beta"}).ok());
  const size_t insert_calls = GainsightCalls().size() - calls_before;
  ASSERT_GE(insert_calls, 1u);

  gainsight::v1::QueryCompaniesRequest query;
  gainsight::v1::QueryCompaniesResponse page;
  auto context = Context();
  ASSERT_TRUE(stub_->QueryCompanies(context.get(), query, &page).ok());

  gainsight::v1::GetCompanyRequest bad_get;  // no gsid: refused locally
  gainsight::v1::GetCompanyResponse got;
  context = Context();
  EXPECT_EQ(stub_->GetCompany(context.get(), bad_get, &got).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  const std::vector<json> lines = AccessLines(*gateway_);
  ASSERT_EQ(lines.size(), 3u) << json(lines).dump();
  const json& insert = lines[0];
  EXPECT_EQ(insert["method"], kInsert);
  EXPECT_EQ(insert["caller"], "nightly-sync");
  EXPECT_EQ(insert["code"], "OK");
  EXPECT_EQ(insert["records"], 2);
  EXPECT_EQ(insert["returned"], 2) << "one result per record";
  EXPECT_EQ(insert["request_id"], "nightly-42");
  EXPECT_GE(insert["ms"].get<double>(), 0);
  // Every Gainsight call the insert caused, with the request id Gainsight
  // (here the sandbox) answered each with.
  EXPECT_EQ(insert["upstream_calls"], insert_calls);
  const std::vector<std::string> ids =
      absl::StrSplit(insert["gainsight_request_ids"].get<std::string>(), ',',
                     absl::SkipEmpty());
  EXPECT_EQ(ids.size(), std::min<size_t>(insert_calls, 10));

  EXPECT_EQ(lines[1]["method"], kQuery);
  EXPECT_EQ(lines[1]["returned"], page.companies_size());
  EXPECT_GE(page.companies_size(), 2);
  EXPECT_EQ(lines[1]["records"], 0);

  EXPECT_EQ(lines[2]["method"], kGet);
  EXPECT_EQ(lines[2]["code"], "INVALID_ARGUMENT");
  EXPECT_EQ(lines[2]["upstream_calls"], 0) << "refused before any quota";

  // Names and counts only: no record value reaches the log.
  EXPECT_THAT(gateway_->process().Stderr(),
              ::testing::Not(::testing::HasSubstr("Confidential")));
}

TEST_F(AccessLogTest, MetricsCountEveryMethodByCodeWithItsLatency) {
  ASSERT_TRUE(Insert({"Gamma"}).ok());
  // The same request_id and request again: answered from the stored
  // result, counted all the same.
  ASSERT_TRUE(Insert({"Gamma"}).ok());
  gainsight::v1::GetCompanyRequest bad_get;
  gainsight::v1::GetCompanyResponse got;
  auto context = Context();
  EXPECT_FALSE(stub_->GetCompany(context.get(), bad_get, &got).ok());

  absl::StatusOr<std::string> metrics = gateway_->Metrics();
  ASSERT_TRUE(metrics.ok()) << metrics.status();
  EXPECT_THAT(*metrics, ::testing::HasSubstr(absl::StrCat(
                            "gainsight_rpc_requests_total{method=\"", kInsert,
                            "\",code=\"OK\"} 2")));
  EXPECT_THAT(*metrics, ::testing::HasSubstr(absl::StrCat(
                            "gainsight_rpc_requests_total{method=\"", kGet,
                            "\",code=\"INVALID_ARGUMENT\"} 1")));
  EXPECT_THAT(*metrics,
              ::testing::HasSubstr(absl::StrCat(
                  "gainsight_rpc_seconds_count{method=\"", kInsert, "\"} 2")));
  // The callers' share of the limiter, by caller.
  EXPECT_THAT(*metrics,
              ::testing::HasSubstr("gainsight_caller_admissions_total{caller="
                                   "\"nightly-sync\",class=\"sync\","
                                   "outcome=\"admitted\"}"));
}

TEST_F(AccessLogTest, TurnedOffItWritesNoLinesButKeepsTheMetrics) {
  absl::StatusOr<std::unique_ptr<Gateway>> quiet = Gateway::Start(
      sandbox_->url(), {"--log-level", "info", "--access-log=false"});
  ASSERT_TRUE(quiet.ok()) << quiet.status();
  auto stub = CompanyService::NewStub((*quiet)->NewChannel());
  gainsight::v1::GetCompanyRequest bad_get;
  gainsight::v1::GetCompanyResponse got;
  auto context = Context();
  EXPECT_FALSE(stub->GetCompany(context.get(), bad_get, &got).ok());
  EXPECT_THAT(AccessLines(**quiet), ::testing::IsEmpty());
  absl::StatusOr<std::string> metrics = (*quiet)->Metrics();
  ASSERT_TRUE(metrics.ok()) << metrics.status();
  EXPECT_THAT(*metrics, ::testing::HasSubstr(absl::StrCat(
                            "gainsight_rpc_requests_total{method=\"", kGet,
                            "\",code=\"INVALID_ARGUMENT\"} 1")));
}

}  // namespace
}  // namespace gg
