// Fixture of the Cockpit integration tests (CTAs, tasks, playbooks): a
// gateway in front of a fresh sandbox tenant, stubs of the Cockpit services,
// and helpers that make a company and CTAs through the gateway.
#ifndef GAINSIGHT_GATEWAY_TESTS_INTEGRATION_COCKPIT_FIXTURE_H_
#define GAINSIGHT_GATEWAY_TESTS_INTEGRATION_COCKPIT_FIXTURE_H_

#include <memory>
#include <string>
#include <vector>

#include "common/status_details.h"
#include "gainsight/v1/company.grpc.pb.h"
#include "gainsight/v1/cta.grpc.pb.h"
#include "gainsight/v1/playbook.grpc.pb.h"
#include "gainsight/v1/task.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "tests/support/gateway_test.h"

namespace gg::testing {

// Users every sandbox tenant has (sandbox/README.md).
inline constexpr char kCsmOne[] = "csm.one@example.com";
inline constexpr char kSharedEmail[] = "shared@example.com";
// GSID-shaped ids that name nothing.
inline constexpr char kNoSuchCompany[] = "1P02NOSUCHCOMPANY0000000000000000000";
inline constexpr char kNoSuchCta[] = "1S01NOSUCHCTA00000000000000000000000";

class CockpitTest : public GatewayTest {
 protected:
  void SetUp() override {
    GatewayTest::SetUp();
    if (HasFatalFailure()) return;
    auto channel = gateway_->NewChannel();
    ctas_ = gainsight::v1::CtaService::NewStub(channel);
    tasks_ = gainsight::v1::TaskService::NewStub(channel);
    playbooks_ = gainsight::v1::PlaybookService::NewStub(channel);
    companies_ = gainsight::v1::CompanyService::NewStub(channel);
  }

  // A CTA with every field a create requires, by label.
  static gainsight::v1::Cta RiskCta(const std::string& name,
                                    const std::string& company_id) {
    gainsight::v1::Cta cta;
    cta.set_name(name);
    cta.set_company_id(company_id);
    cta.set_type("Risk");
    cta.set_status("New");
    cta.set_priority("High");
    cta.set_reason("Usage Drop");
    cta.set_owner(kCsmOne);
    cta.mutable_due_date()->set_year(2026);
    cta.mutable_due_date()->set_month(12);
    cta.mutable_due_date()->set_day(31);
    return cta;
  }

  grpc::Status CreateCtas(const std::vector<gainsight::v1::Cta>& ctas,
                          gainsight::v1::CreateCtasResponse* response) {
    gainsight::v1::CreateCtasRequest request;
    for (const auto& cta : ctas) *request.add_ctas() = cta;
    auto context = Context();
    return ctas_->CreateCtas(context.get(), request, response);
  }

  // Creates one CTA and answers its GSID (empty on failure).
  std::string CreateCta(const gainsight::v1::Cta& cta) {
    gainsight::v1::CreateCtasResponse response;
    grpc::Status status = CreateCtas({cta}, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (response.results_size() != 1) return "";
    EXPECT_FALSE(response.results(0).has_error())
        << response.results(0).error().message();
    return response.results(0).gsid();
  }

  // Every call the sandbox received on Gainsight endpoints.
  std::vector<json> AllCalls() {
    auto calls = sandbox_->CallsTo("", "/");
    EXPECT_TRUE(calls.ok()) << calls.status();
    return calls.ok() ? *calls : std::vector<json>{};
  }

  // Calls the sandbox received on `path` (exactly, any query) by `method`.
  size_t CallsOn(const std::string& method, const std::string& path) {
    size_t n = 0;
    for (const json& call : AllCalls()) {
      if (call["method"] == method && call["path"] == path) ++n;
    }
    return n;
  }

  static google::rpc::BadRequest BadRequestOf(const grpc::Status& status) {
    google::rpc::BadRequest bad;
    GetBadRequest(FromGrpcStatus(status), &bad);
    return bad;
  }

  static google::rpc::BadRequest BadRequestOf(const google::rpc::Status& s) {
    google::rpc::BadRequest bad;
    GetBadRequest(FromRpcStatus(s), &bad);
    return bad;
  }

  std::unique_ptr<gainsight::v1::CtaService::Stub> ctas_;
  std::unique_ptr<gainsight::v1::TaskService::Stub> tasks_;
  std::unique_ptr<gainsight::v1::PlaybookService::Stub> playbooks_;
  std::unique_ptr<gainsight::v1::CompanyService::Stub> companies_;
};

}  // namespace gg::testing

#endif  // GAINSIGHT_GATEWAY_TESTS_INTEGRATION_COCKPIT_FIXTURE_H_
