// CtaService end to end: real gRPC into the gateway, real HTTP into the
// sandbox tenant's Cockpit endpoints.
#include <memory>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "gainsight/v1/cta.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/gainsight_paths.h"
#include "tests/support/test_env.h"

namespace gg {
namespace {

using testing::kCockpitPicklistPath;

using gainsight::v1::CtaService;
using gainsight::v1::CtaTypeConfig;
using gainsight::v1::GetCtaConfigRequest;
using gainsight::v1::GetCtaConfigResponse;
using ::testing::ElementsAre;
using testing::Gateway;
using testing::Sandbox;
using ::testing::SizeIs;

class CtaTest : public ::testing::Test {
 protected:
  void Start(std::vector<std::string> extra_args = {}) {
    auto sandbox = Sandbox::Start();
    ASSERT_TRUE(sandbox.ok()) << sandbox.status();
    sandbox_ = *std::move(sandbox);
    std::vector<std::string> args = {"--limits", "sync=1000/1s;bulk=100/1s",
                                     "--upstream-timeout", "5s"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    auto gateway = Gateway::Start(sandbox_->url(), args);
    ASSERT_TRUE(gateway.ok()) << gateway.status();
    gateway_ = *std::move(gateway);
    stub_ = CtaService::NewStub(gateway_->NewChannel());
  }

  grpc::Status GetConfig(const GetCtaConfigRequest& request,
                         GetCtaConfigResponse* response) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(20)));
    return stub_->GetCtaConfig(&context, request, response);
  }

  size_t ConfigCalls() {
    auto calls = sandbox_->CallsTo("GET", kCockpitPicklistPath);
    EXPECT_TRUE(calls.ok()) << calls.status();
    return calls.ok() ? calls->size() : 0;
  }

  static const CtaTypeConfig* Type(const GetCtaConfigResponse& config,
                                   const std::string& label) {
    for (const CtaTypeConfig& type : config.types()) {
      if (type.type().label() == label) return &type;
    }
    return nullptr;
  }

  static std::vector<std::string> Labels(
      const google::protobuf::RepeatedPtrField<gainsight::v1::PicklistItem>&
          items) {
    std::vector<std::string> labels;
    for (const auto& item : items) labels.push_back(item.label());
    return labels;
  }

  std::unique_ptr<Sandbox> sandbox_;
  std::unique_ptr<Gateway> gateway_;
  std::unique_ptr<CtaService::Stub> stub_;
};

TEST_F(CtaTest, GetCtaConfigGivesEachTypeItsReasonsStatusesAndPriorities) {
  Start();
  GetCtaConfigResponse response;
  grpc::Status status = GetConfig({}, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_THAT(response.types(), SizeIs(3));
  const CtaTypeConfig* risk = Type(response, "Risk");
  ASSERT_NE(risk, nullptr);
  EXPECT_EQ(risk->type().gsid().size(), 36u);
  EXPECT_THAT(Labels(risk->reasons()),
              ElementsAre("Usage Drop", "Bugs Risk", "Survey Response",
                          "Renewal", "Legacy", "Other"));
  EXPECT_THAT(Labels(risk->statuses()),
              ElementsAre("New", "Work In Progress", "Closed Success",
                          "Closed Lost", "Closed Invalid"));
  EXPECT_FALSE(risk->statuses(0).closed());
  EXPECT_TRUE(risk->statuses(2).closed());
  EXPECT_FALSE(risk->reasons(4).active());  // Legacy
  EXPECT_THAT(Labels(risk->priorities()), ElementsAre("High", "Medium", "Low"));
  const CtaTypeConfig* expansion = Type(response, "Expansion");
  ASSERT_NE(expansion, nullptr);
  EXPECT_THAT(Labels(expansion->statuses()),
              ElementsAre("New", "Work In Progress", "Closed Success",
                          "Closed Invalid"));
  EXPECT_THAT(
      Labels(expansion->reasons()),
      ElementsAre("Survey Response", "Upsell", "Renewal", "Legacy", "Other"));

  auto calls = sandbox_->CallsTo("GET", kCockpitPicklistPath);
  ASSERT_TRUE(calls.ok()) << calls.status();
  ASSERT_THAT(*calls, SizeIs(1));
}

TEST_F(CtaTest, GetCtaConfigHitCostsNoUpstreamCall) {
  Start();
  GetCtaConfigResponse first;
  ASSERT_TRUE(GetConfig({}, &first).ok());
  EXPECT_EQ(ConfigCalls(), 1u);
  GetCtaConfigResponse second;
  ASSERT_TRUE(GetConfig({}, &second).ok());
  EXPECT_EQ(second.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(ConfigCalls(), 1u);
  // COMPANY is the default entity; RELATIONSHIP is cached on its own.
  GetCtaConfigRequest company;
  company.set_entity_type(gainsight::v1::ENTITY_TYPE_COMPANY);
  ASSERT_TRUE(GetConfig(company, &second).ok());
  EXPECT_EQ(ConfigCalls(), 1u);
  GetCtaConfigRequest relationship;
  relationship.set_entity_type(gainsight::v1::ENTITY_TYPE_RELATIONSHIP);
  GetCtaConfigResponse rel;
  ASSERT_TRUE(GetConfig(relationship, &rel).ok());
  EXPECT_THAT(rel.types(), SizeIs(3));
  EXPECT_EQ(ConfigCalls(), 2u);
}

TEST_F(CtaTest, GetCtaConfigExpiredEntryIsFetchedAgain) {
  Start({"--metadata-ttl", "1ns"});
  GetCtaConfigResponse response;
  ASSERT_TRUE(GetConfig({}, &response).ok());
  ASSERT_TRUE(GetConfig({}, &response).ok());
  EXPECT_EQ(ConfigCalls(), 2u);
}

TEST_F(CtaTest, GetCtaConfigRejectsUnknownEntityType) {
  Start();
  GetCtaConfigRequest request;
  request.set_entity_type(static_cast<gainsight::v1::EntityType>(7));
  GetCtaConfigResponse response;
  grpc::Status status = GetConfig(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ConfigCalls(), 0u);
}

TEST_F(CtaTest, GetCtaConfigUpstreamFailureIsNotCached) {
  Start();
  ASSERT_TRUE(sandbox_
                  ->AddFault({{"status", 400},
                              {"count", 1},
                              {"method", "GET"},
                              {"path_prefix", kCockpitPicklistPath}})
                  .ok());
  GetCtaConfigResponse response;
  grpc::Status status = GetConfig({}, &response);
  EXPECT_FALSE(status.ok());
  status = GetConfig({}, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(response.types(), SizeIs(3));
  EXPECT_EQ(ConfigCalls(), 2u);
}

}  // namespace
}  // namespace gg
