// MetadataService.CheckTenant through real gRPC against a sandbox tenant:
// every probe OK within the sync budget when the sandbox serves the
// contract, and exactly the rows a sandbox does not serve reported when it
// serves a wrong one.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "gainsight/v1/metadata.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/gateway_test.h"
#include "tests/support/test_env.h"

namespace gg {
namespace {

using gainsight::v1::CheckTenantRequest;
using gainsight::v1::CheckTenantResponse;
using gainsight::v1::TenantProbe;
using testing::json;

class TenantCheckTest : public testing::GatewayTest {
 protected:
  // Runs the check; counts the sandbox's calls it caused by class.
  CheckTenantResponse Check(bool include_bulk) {
    absl::StatusOr<json> before = sandbox_->Calls();
    EXPECT_TRUE(before.ok()) << before.status();
    CheckTenantRequest request;
    request.set_include_bulk(include_bulk);
    CheckTenantResponse response;
    auto stub = gainsight::v1::MetadataService::NewStub(gateway_->NewChannel());
    grpc::Status status =
        stub->CheckTenant(Context(absl::Seconds(60)).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    absl::StatusOr<json> after = sandbox_->Calls();
    EXPECT_TRUE(after.ok()) << after.status();
    sync_logged_ = bulk_logged_ = 0;
    if (before.ok() && after.ok()) {
      for (size_t i = before->size(); i < after->size(); ++i) {
        ((*after)[i]["call_class"] == "bulk" ? bulk_logged_ : sync_logged_)++;
      }
    }
    return response;
  }

  static std::map<std::string, TenantProbe> ByName(
      const CheckTenantResponse& response) {
    std::map<std::string, TenantProbe> out;
    for (const TenantProbe& probe : response.probes())
      out[probe.name()] = probe;
    return out;
  }

  int sync_logged_ = 0;
  int bulk_logged_ = 0;
};

TEST_F(TenantCheckTest, EveryProbeIsOkAgainstTheSandboxWithinTwentySyncCalls) {
  CheckTenantResponse response = Check(/*include_bulk=*/false);
  EXPECT_TRUE(response.ok());
  ASSERT_EQ(response.probes_size(), 18);
  for (const TenantProbe& probe : response.probes()) {
    if (probe.name() == "bulk_export_submit") {
      EXPECT_EQ(probe.result(), gainsight::v1::PROBE_RESULT_SKIPPED);
    } else {
      EXPECT_EQ(probe.result(), gainsight::v1::PROBE_RESULT_OK)
          << probe.name() << " " << probe.gainsight_call() << ": "
          << probe.detail();
    }
  }
  EXPECT_EQ(response.sync_calls(), sync_logged_);
  EXPECT_LE(sync_logged_, 20);
  EXPECT_GT(sync_logged_, 0);
  EXPECT_EQ(response.bulk_calls(), 0);
  EXPECT_EQ(bulk_logged_, 0);
}

TEST_F(TenantCheckTest, IncludeBulkSubmitsExactlyOneExport) {
  CheckTenantResponse response = Check(/*include_bulk=*/true);
  EXPECT_TRUE(response.ok());
  auto probes = ByName(response);
  EXPECT_EQ(probes["bulk_export_submit"].result(),
            gainsight::v1::PROBE_RESULT_OK)
      << probes["bulk_export_submit"].detail();
  EXPECT_EQ(probes["bulk_export_submit"].gainsight_call(),
            "POST /v3/exports/data/bulk/Company");
  EXPECT_EQ(response.bulk_calls(), 1);
  EXPECT_EQ(bulk_logged_, 1);
  EXPECT_EQ(response.sync_calls(), sync_logged_);
}

// A tenant with the other evidence-backed names (IsActiveUser, ARR) but
// without the playbook list and the bulk import status routes.
class WrongContractTest : public TenantCheckTest {
 protected:
  std::vector<std::string> SandboxArgs() const override {
    return {"--user-active-field",
            "IsActiveUser",
            "--company-revenue",
            "ARR",
            "--unserved",
            "GET /v2/cockpit/playbook",
            "--unserved",
            "GET /v1.0/admin/connector/job/bulkimport/status/{statusId}"};
  }
};

// Exactly the two rows not served are reported, as missing routes.
TEST_F(WrongContractTest, FailsPreciselyOnTheRowsNotServed) {
  CheckTenantResponse response = Check(/*include_bulk=*/false);
  EXPECT_FALSE(response.ok());
  for (const TenantProbe& probe : response.probes()) {
    if (probe.name() == "list_playbooks" ||
        probe.name() == "bulk_import_status") {
      EXPECT_EQ(probe.result(), gainsight::v1::PROBE_RESULT_ROUTE_MISSING)
          << probe.name();
      EXPECT_EQ(probe.detail(), "GS_APIG_1000");
    } else if (probe.name() != "bulk_export_submit") {
      EXPECT_EQ(probe.result(), gainsight::v1::PROBE_RESULT_OK)
          << probe.name() << ": " << probe.detail();
    }
  }
  EXPECT_EQ(ByName(response)["list_playbooks"].gainsight_call(),
            "GET /v2/cockpit/playbook");
  // The sandbox answers unknown routes before its call log: the two calls
  // to them are sent but not logged.
  EXPECT_EQ(response.sync_calls(), sync_logged_ + 2);
}

// A tenant whose CTA list answers 400 (injected): that probe FAILED with
// the codes, never Gainsight's message text; the others stay OK.
TEST_F(TenantCheckTest, RefusedCallIsFailedWithCodesOnly) {
  ASSERT_TRUE(sandbox_
                  ->AddFault({{"status", 403},
                              {"method", "POST"},
                              {"path_prefix", "/v2/cockpit/cta/list"},
                              {"count", 1}})
                  .ok());
  CheckTenantResponse response = Check(/*include_bulk=*/false);
  EXPECT_FALSE(response.ok());
  TenantProbe ctas = ByName(response)["list_ctas"];
  EXPECT_EQ(ctas.result(), gainsight::v1::PROBE_RESULT_FAILED);
  EXPECT_EQ(
      ctas.detail(),
      "PERMISSION_DENIED GAINSIGHT_ACCESS_DENIED SANDBOX_FAULT (HTTP 403)");
  int failed = 0;
  for (const TenantProbe& probe : response.probes()) {
    if (probe.result() != gainsight::v1::PROBE_RESULT_OK &&
        probe.result() != gainsight::v1::PROBE_RESULT_SKIPPED) {
      ++failed;
    }
  }
  EXPECT_EQ(failed, 1);
}

// A tenant whose Success Plan list answers in another shape (injected): that
// probe is UNEXPECTED_SHAPE naming the answer's keys, never its values.
TEST_F(TenantCheckTest, AnswerOfAnotherShapeIsUnexpectedShapeByKeyNames) {
  ASSERT_TRUE(sandbox_
                  ->AddFault({{"method", "POST"},
                              {"path_prefix", "/v2/successPlan/list"},
                              {"count", 1},
                              {"data",
                               {{"items",
                                 {{{"Gsid", "1I0X"}, {"Name", "plan-secret"}}}},
                                {"total", 1}}}})
                  .ok());
  CheckTenantResponse response = Check(/*include_bulk=*/false);
  EXPECT_FALSE(response.ok());
  TenantProbe plans = ByName(response)["list_success_plans"];
  EXPECT_EQ(plans.result(), gainsight::v1::PROBE_RESULT_UNEXPECTED_SHAPE);
  EXPECT_THAT(plans.detail(), ::testing::HasSubstr("items"));
  EXPECT_THAT(plans.detail(), ::testing::HasSubstr("total"));
  EXPECT_THAT(plans.detail(), ::testing::Not(::testing::HasSubstr("secret")));
  for (const TenantProbe& probe : response.probes()) {
    if (probe.name() != "list_success_plans") {
      EXPECT_NE(probe.result(), gainsight::v1::PROBE_RESULT_UNEXPECTED_SHAPE)
          << probe.name();
    }
  }
}

}  // namespace
}  // namespace gg
