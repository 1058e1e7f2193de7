// MetadataService end to end: real gRPC into the gateway, real HTTP into the
// sandbox tenant.
#include <memory>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "common/status_details.h"
#include "gainsight/v1/metadata.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/gainsight_paths.h"
#include "tests/support/test_env.h"

namespace gg {
namespace {

using testing::kDescribePathPrefix;

using gainsight::v1::FieldMetadata;
using gainsight::v1::MetadataService;
using ::testing::Contains;
using testing::Gateway;
using testing::Sandbox;
using ::testing::SizeIs;

class MetadataTest : public ::testing::Test {
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
    stub_ = MetadataService::NewStub(gateway_->NewChannel());
  }
  void SetUp() override { Start(); }

  std::unique_ptr<grpc::ClientContext> Context() {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(20)));
    return context;
  }

  grpc::Status Describe(const std::string& name,
                        gainsight::v1::DescribeObjectResponse* response) {
    gainsight::v1::DescribeObjectRequest request;
    request.set_object_name(name);
    auto context = Context();
    return stub_->DescribeObject(context.get(), request, response);
  }

  size_t DescribeCalls() {
    auto calls = sandbox_->CallsTo("GET", kDescribePathPrefix);
    EXPECT_TRUE(calls.ok()) << calls.status();
    size_t n = 0;
    for (const auto& c : *calls) {
      n += c["path"].get<std::string>().find("/describe") != std::string::npos;
    }
    return n;
  }

  static const FieldMetadata* Field(const gainsight::v1::ObjectMetadata& o,
                                    const std::string& name) {
    for (const auto& f : o.fields()) {
      if (f.field_name() == name) return &f;
    }
    return nullptr;
  }

  std::unique_ptr<Sandbox> sandbox_;
  std::unique_ptr<Gateway> gateway_;
  std::unique_ptr<MetadataService::Stub> stub_;
};

TEST_F(MetadataTest, ListObjectsNamesEveryObjectAndFiltersByType) {
  gainsight::v1::ListObjectsRequest request;
  gainsight::v1::ListObjectsResponse all;
  auto context = Context();
  grpc::Status status = stub_->ListObjects(context.get(), request, &all);
  ASSERT_TRUE(status.ok()) << status.error_message();
  std::vector<std::string> names;
  for (const auto& o : all.objects()) {
    names.push_back(o.object_name());
    EXPECT_THAT(o.fields(), SizeIs(0));
  }
  EXPECT_THAT(names, Contains("Company"));
  EXPECT_THAT(names, Contains("Renewal_Tracker__gc"));
  EXPECT_THAT(names, Contains("Usage_Snapshot__gc"));

  request.add_object_types(gainsight::v1::OBJECT_TYPE_CUSTOM);
  gainsight::v1::ListObjectsResponse custom;
  context = Context();
  ASSERT_TRUE(stub_->ListObjects(context.get(), request, &custom).ok());
  ASSERT_FALSE(custom.objects().empty());
  for (const auto& o : custom.objects()) {
    EXPECT_EQ(o.object_type(), gainsight::v1::OBJECT_TYPE_CUSTOM)
        << o.object_name();
    EXPECT_TRUE(o.transactional());
  }
  auto calls = sandbox_->CallsTo("GET", "/v1/meta/services/objects/list");
  ASSERT_TRUE(calls.ok());
  EXPECT_THAT(*calls, SizeIs(2));
}

TEST_F(MetadataTest, DescribeObjectGivesTypesFlagsPicklistsAndLookups) {
  gainsight::v1::DescribeObjectResponse response;
  grpc::Status status = Describe("renewal_tracker__gc", &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const auto& o = response.object();
  EXPECT_EQ(o.object_name(), "Renewal_Tracker__gc");
  EXPECT_EQ(o.object_type(), gainsight::v1::OBJECT_TYPE_CUSTOM);
  EXPECT_EQ(o.key_prefix(), "1CO1");

  const FieldMetadata* gsid = Field(o, "Gsid");
  ASSERT_NE(gsid, nullptr);
  EXPECT_EQ(gsid->data_type(), gainsight::v1::DATA_TYPE_GSID);
  EXPECT_TRUE(gsid->read_only());
  EXPECT_EQ(gsid->group(), gainsight::v1::FIELD_GROUP_SYSTEM);

  const FieldMetadata* name = Field(o, "Name__gc");
  ASSERT_NE(name, nullptr);
  EXPECT_EQ(name->data_type(), gainsight::v1::DATA_TYPE_STRING);
  EXPECT_TRUE(name->required());
  EXPECT_EQ(name->length(), 255);
  EXPECT_EQ(name->group(), gainsight::v1::FIELD_GROUP_CUSTOM);

  EXPECT_EQ(Field(o, "Amount__gc")->data_type(),
            gainsight::v1::DATA_TYPE_NUMBER);
  EXPECT_EQ(Field(o, "Renewal_Date__gc")->data_type(),
            gainsight::v1::DATA_TYPE_DATE);
  EXPECT_EQ(Field(o, "Auto_Renew__gc")->data_type(),
            gainsight::v1::DATA_TYPE_BOOLEAN);
  EXPECT_EQ(Field(o, "CreatedDate")->data_type(),
            gainsight::v1::DATA_TYPE_DATE_TIME);

  const FieldMetadata* stage = Field(o, "Stage__gc");
  ASSERT_NE(stage, nullptr);
  EXPECT_EQ(stage->data_type(), gainsight::v1::DATA_TYPE_PICKLIST);
  std::vector<std::string> labels;
  for (const auto& item : stage->picklist_values())
    labels.push_back(item.label());
  EXPECT_EQ(labels,
            (std::vector<std::string>{"Open", "Committed", "Won", "Lost"}));

  const FieldMetadata* company = Field(o, "Company_ID__gc");
  ASSERT_NE(company, nullptr);
  EXPECT_EQ(company->data_type(), gainsight::v1::DATA_TYPE_LOOKUP);
  EXPECT_EQ(company->lookup().relationship_name(), "Company_ID__gr");
  EXPECT_EQ(company->lookup().target_field(), "Gsid");
  EXPECT_THAT(company->lookup().target_objects(), Contains("Company"));
}

TEST_F(MetadataTest, UnknownObjectIsNotFound) {
  gainsight::v1::DescribeObjectResponse response;
  grpc::Status status = Describe("No_Such_Object__gc", &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(GetErrorInfo(FromGrpcStatus(status), &info));
  EXPECT_EQ(info.reason(), "OBJECT_NOT_FOUND");
  // An unknown object is remembered (--max-negative-cache-entries): asking
  // again costs no quota.
  EXPECT_EQ(Describe("No_Such_Object__gc", &response).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(DescribeCalls(), 1u);
}

TEST_F(MetadataTest, BadObjectNameIsInvalidArgumentWithoutUpstreamCall) {
  gainsight::v1::DescribeObjectResponse response;
  EXPECT_EQ(Describe("bad/name", &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Describe("", &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(DescribeCalls(), 0u);
}

TEST_F(MetadataTest, SecondDescribeWithinTtlCostsNoUpstreamCall) {
  gainsight::v1::DescribeObjectResponse first, second;
  ASSERT_TRUE(Describe("Company", &first).ok());
  ASSERT_TRUE(Describe("company", &second).ok());
  EXPECT_EQ(second.object().SerializeAsString(),
            first.object().SerializeAsString());
  EXPECT_EQ(DescribeCalls(), 1u);
}

TEST_F(MetadataTest, ExpiredMetadataIsDescribedAgain) {
  // A TTL shorter than one call's round trip: every describe is a miss.
  gateway_.reset();
  Start({"--metadata-ttl", "1ns"});
  gainsight::v1::DescribeObjectResponse response;
  ASSERT_TRUE(Describe("Company", &response).ok());
  ASSERT_TRUE(Describe("Company", &response).ok());
  EXPECT_EQ(DescribeCalls(), 2u);
}

}  // namespace
}  // namespace gg
