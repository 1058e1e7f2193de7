// RelationshipService end to end: real gRPC into the gateway, real HTTP into
// the sandbox tenant (object `relationship`, seeded relationship types).
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_details.h"
#include "gainsight/v1/relationship.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "sandbox/tenant_seeds.h"
#include "tests/support/gateway_test.h"
#include "tests/support/proto_values.h"
#include "tests/support/test_env.h"

namespace gg {
namespace {

using testing::StringValue;

using gainsight::v1::Relationship;
using gainsight::v1::RelationshipService;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAre;

constexpr char kWritePath[] = "/v1/data/objects/relationship";
constexpr char kRelationshipQueryPath[] = "/v1/data/objects/query/relationship";
constexpr const char* kUnitType = sandbox::kSeedRelationshipTypeBusinessUnit;

class RelationshipTest : public testing::GatewayTest {
 protected:
  void SetUp() override {
    GatewayTest::SetUp();
    if (HasFatalFailure()) return;
    stub_ = RelationshipService::NewStub(gateway_->NewChannel());
    acme_ = InsertCompany("Acme Relationships");
    globex_ = InsertCompany("Globex Relationships");
    ASSERT_FALSE(acme_.empty());
    ASSERT_FALSE(globex_.empty());
  }

  static Relationship Product(const std::string& company,
                              const std::string& name) {
    Relationship r;
    r.set_name(name);
    r.set_company_id(company);
    r.set_type_id(sandbox::kSeedRelationshipTypeProduct);
    return r;
  }

  grpc::Status Insert(const std::vector<Relationship>& relationships,
                      gainsight::v1::InsertRelationshipsResponse* response) {
    gainsight::v1::InsertRelationshipsRequest request;
    for (const Relationship& r : relationships) {
      *request.add_relationships() = r;
    }
    auto context = Context();
    return stub_->InsertRelationships(context.get(), request, response);
  }

  std::string InsertOne(const Relationship& relationship) {
    gainsight::v1::InsertRelationshipsResponse response;
    grpc::Status status = Insert({relationship}, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (response.results_size() != 1) return "";
    EXPECT_EQ(response.results(0).error().code(), 0)
        << response.results(0).error().message();
    return response.results(0).gsid();
  }

  grpc::Status Get(const std::string& gsid, Relationship* out) {
    gainsight::v1::GetRelationshipRequest request;
    request.set_gsid(gsid);
    gainsight::v1::GetRelationshipResponse response;
    auto context = Context();
    grpc::Status status =
        stub_->GetRelationship(context.get(), request, &response);
    *out = response.relationship();
    return status;
  }

  size_t Calls(const std::string& method, const std::string& prefix) {
    auto calls = sandbox_->CallsTo(method, prefix);
    EXPECT_TRUE(calls.ok()) << calls.status();
    return calls.ok() ? calls->size() : 0;
  }

  // The BadRequest (field, description) pairs of `status`.
  static std::vector<std::string> BadFields(const grpc::Status& status) {
    google::rpc::BadRequest bad;
    EXPECT_TRUE(GetBadRequest(FromGrpcStatus(status), &bad))
        << status.error_message();
    std::vector<std::string> fields;
    for (const auto& v : bad.field_violations()) {
      fields.push_back(absl::StrCat(v.field(), ": ", v.description()));
    }
    return fields;
  }

  std::unique_ptr<RelationshipService::Stub> stub_;
  std::string acme_;
  std::string globex_;
};

TEST_F(RelationshipTest, InsertThenGetReadsEveryFieldBack) {
  Relationship r = Product(acme_, "Acme Analytics");
  r.set_arr(120000);
  r.set_mrr(10000);
  r.set_status("Active");
  (*r.mutable_custom_fields()->mutable_fields())["Product__gc"] =
      StringValue("Analytics");
  (*r.mutable_custom_fields()->mutable_fields())["Renewal_Date__gc"] =
      StringValue("2027-03-01");
  const std::string gsid = InsertOne(r);
  ASSERT_FALSE(gsid.empty());

  Relationship read;
  grpc::Status status = Get(gsid, &read);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(read.gsid(), gsid);
  EXPECT_EQ(read.name(), "Acme Analytics");
  EXPECT_EQ(read.company_id(), acme_);
  EXPECT_EQ(read.type_id(), sandbox::kSeedRelationshipTypeProduct);
  EXPECT_EQ(read.arr(), 120000);
  EXPECT_EQ(read.mrr(), 10000);
  EXPECT_EQ(read.status(), "Active");
  EXPECT_TRUE(read.has_create_time());
  EXPECT_TRUE(read.has_update_time());
  const auto& custom = read.custom_fields().fields();
  EXPECT_EQ(custom.at("Product__gc").string_value(), "Analytics");
  EXPECT_EQ(custom.at("Renewal_Date__gc").string_value(), "2027-03-01");
  EXPECT_EQ(custom.count("Name"), 0u) << "typed fields are not repeated";
  EXPECT_EQ(custom.count("CompanyId"), 0u);
}

TEST_F(RelationshipTest, AnUnknownCompanyOrTypeFailsThatRelationshipOnly) {
  Relationship no_company =
      Product("1P02NOSUCHCOMPANY0000000000000000000", "Orphan");
  Relationship no_type = Product(acme_, "Untyped");
  no_type.set_type_id("1P06NOSUCHTYPE0000000000000000000000");
  gainsight::v1::InsertRelationshipsResponse response;
  grpc::Status status = Insert({Product(acme_, "Fine One"), no_company, no_type,
                                Product(globex_, "Fine Two")},
                               &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_THAT(response.results(), SizeIs(4));
  EXPECT_EQ(response.results(0).error().code(), 0);
  EXPECT_FALSE(response.results(0).gsid().empty());
  EXPECT_NE(response.results(1).error().code(), 0);
  EXPECT_THAT(response.results(1).error().message(), HasSubstr("CompanyId"));
  EXPECT_NE(response.results(2).error().code(), 0);
  EXPECT_THAT(response.results(2).error().message(), HasSubstr("TypeId"));
  EXPECT_EQ(response.results(3).error().code(), 0);
  EXPECT_FALSE(response.results(3).gsid().empty());

  gainsight::v1::QueryRelationshipsRequest query;
  gainsight::v1::QueryRelationshipsResponse page;
  auto context = Context();
  ASSERT_TRUE(stub_->QueryRelationships(context.get(), query, &page).ok());
  std::vector<std::string> names;
  for (const Relationship& r : page.relationships()) names.push_back(r.name());
  EXPECT_THAT(names, UnorderedElementsAre("Fine One", "Fine Two"));
}

TEST_F(RelationshipTest, MalformedRelationshipsAreRefusedBeforeAnyCall) {
  Relationship empty;  // no name, company or type
  Relationship bad = Product(acme_, "Bad");
  bad.set_gsid("1P05SET0000000000000000000000000000");
  bad.set_type_id("not a gsid");
  bad.mutable_create_time()->set_seconds(1);
  (*bad.mutable_custom_fields()->mutable_fields())["companyid"] =
      StringValue(acme_);
  gainsight::v1::InsertRelationshipsResponse response;
  grpc::Status status = Insert({empty, bad}, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(
      BadFields(status),
      UnorderedElementsAre(
          "relationships[0].name: is required",
          "relationships[0].company_id: is required",
          "relationships[0].type_id: is required",
          "relationships[1].gsid: is assigned by Gainsight; leave it empty",
          "relationships[1].type_id: must be a GSID (a digit, then upper-case "
          "letters and digits)",
          "relationships[1].create_time: is output only",
          "relationships[1].custom_fields.companyid: has a typed field in "
          "Relationship: set that instead"));
  EXPECT_EQ(Calls("", "/v1/meta/services/objects/relationship"), 0u);
  EXPECT_EQ(Calls("POST", kWritePath), 0u);
}

TEST_F(RelationshipTest, TheDescribeCheckNamesProtoFieldsAndSuggestsNames) {
  Relationship r = Product(acme_, "Typo");
  r.set_status("Bogus");
  (*r.mutable_custom_fields()->mutable_fields())["Prodcut__gc"] =
      StringValue("Analytics");
  gainsight::v1::InsertRelationshipsResponse response;
  grpc::Status status = Insert({r}, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  const std::vector<std::string> fields = BadFields(status);
  ASSERT_THAT(fields, SizeIs(2));
  EXPECT_THAT(fields, Contains(HasSubstr("relationships[0].status: ")));
  EXPECT_THAT(fields, Contains(::testing::AllOf(
                          HasSubstr("relationships[0].custom_fields."
                                    "Prodcut__gc: is not a field"),
                          HasSubstr("Product__gc"))));
  EXPECT_EQ(Calls("POST", kWritePath), 0u);
}

TEST_F(RelationshipTest, UpsertUpdatesMatchesAndInsertsTheRestByKeys) {
  Relationship first = Product(acme_, "Acme Platform");
  first.set_arr(1000);
  ASSERT_FALSE(InsertOne(first).empty());

  gainsight::v1::UpsertRelationshipsRequest request;
  // Key names in any letter case are sent as the describe spells them.
  request.add_keys("companyid");
  request.add_keys("NAME");
  Relationship changed = first;
  changed.set_arr(2000);
  *request.add_relationships() = changed;
  Relationship added = Product(acme_, "Acme Mobile");
  added.set_type_id(kUnitType);
  *request.add_relationships() = added;
  gainsight::v1::UpsertRelationshipsResponse response;
  auto context = Context();
  grpc::Status status =
      stub_->UpsertRelationships(context.get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_THAT(response.results(), SizeIs(2));
  EXPECT_EQ(response.results(0).action(), gainsight::v1::WRITE_ACTION_UPDATED);
  EXPECT_EQ(response.results(1).action(), gainsight::v1::WRITE_ACTION_INSERTED);
  auto puts = sandbox_->CallsTo("PUT", kWritePath);
  ASSERT_TRUE(puts.ok()) << puts.status();
  ASSERT_THAT(*puts, SizeIs(1));
  EXPECT_THAT((*puts)[0]["query"].get<std::string>(),
              HasSubstr("keys=CompanyId"));

  Relationship read;
  ASSERT_TRUE(Get(response.results(0).gsid(), &read).ok());
  EXPECT_EQ(read.arr(), 2000);
  ASSERT_TRUE(Get(response.results(1).gsid(), &read).ok());
  EXPECT_EQ(read.type_id(), kUnitType);
}

TEST_F(RelationshipTest, UpdateByGsidChangesOnlyWhatItSetsAndNamesMisses) {
  Relationship r = Product(acme_, "Acme Support");
  r.set_status("Active");
  r.set_mrr(50);
  const std::string gsid = InsertOne(r);
  ASSERT_FALSE(gsid.empty());

  gainsight::v1::UpdateRelationshipsRequest request;
  request.add_keys("Gsid");
  Relationship change;
  change.set_gsid(gsid);
  change.set_status("Churn");
  *request.add_relationships() = change;
  Relationship missing;
  missing.set_gsid("1P05NOSUCHRELATIONSHIP00000000000000");
  missing.set_status("Churn");
  *request.add_relationships() = missing;
  gainsight::v1::UpdateRelationshipsResponse response;
  auto context = Context();
  grpc::Status status =
      stub_->UpdateRelationships(context.get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_THAT(response.results(), SizeIs(2));
  EXPECT_EQ(response.results(0).error().code(), 0);
  EXPECT_EQ(response.results(1).error().code(), grpc::StatusCode::NOT_FOUND);

  Relationship read;
  ASSERT_TRUE(Get(gsid, &read).ok());
  EXPECT_EQ(read.status(), "Churn");
  EXPECT_EQ(read.mrr(), 50);
  EXPECT_EQ(read.name(), "Acme Support");
}

TEST_F(RelationshipTest, QueryFiltersByCompanyAndPages) {
  for (const char* name : {"A1", "A2", "A3"}) {
    ASSERT_FALSE(InsertOne(Product(acme_, name)).empty());
  }
  ASSERT_FALSE(InsertOne(Product(globex_, "G1")).empty());

  gainsight::v1::QueryRelationshipsRequest request;
  auto* condition = request.mutable_filter()->add_conditions();
  condition->set_field("CompanyId");
  condition->set_operator_(gainsight::v1::OPERATOR_EQ);
  condition->add_values()->set_string_value(acme_);
  request.add_order_by()->set_field("Name");
  request.set_page_size(2);
  std::vector<std::string> names;
  for (int pages = 0; pages < 3; ++pages) {
    gainsight::v1::QueryRelationshipsResponse response;
    auto context = Context();
    grpc::Status status =
        stub_->QueryRelationships(context.get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    for (const Relationship& r : response.relationships()) {
      EXPECT_EQ(r.company_id(), acme_);
      names.push_back(r.name());
    }
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  EXPECT_THAT(names, ::testing::ElementsAre("A1", "A2", "A3"));
}

TEST_F(RelationshipTest, AQueryTypoIsRefusedWithTheClosestField) {
  gainsight::v1::QueryRelationshipsRequest request;
  request.add_select("CompanyIdd");
  gainsight::v1::QueryRelationshipsResponse response;
  auto context = Context();
  grpc::Status status =
      stub_->QueryRelationships(context.get(), request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status), Contains(HasSubstr("CompanyId")));
  EXPECT_EQ(Calls("POST", kRelationshipQueryPath), 0u);
}

TEST_F(RelationshipTest, DeleteRemovesTheRelationshipAndGetIsNotFound) {
  const std::string gsid = InsertOne(Product(acme_, "Short Lived"));
  ASSERT_FALSE(gsid.empty());
  gainsight::v1::DeleteRelationshipsRequest request;
  request.add_gsids(gsid);
  request.add_gsids("1P05NOSUCHRELATIONSHIP00000000000000");
  gainsight::v1::DeleteRelationshipsResponse response;
  auto context = Context();
  grpc::Status status =
      stub_->DeleteRelationships(context.get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_THAT(response.results(), SizeIs(2));
  EXPECT_EQ(response.results(0).error().code(), 0);
  EXPECT_EQ(response.results(1).error().code(), grpc::StatusCode::NOT_FOUND);

  Relationship read;
  status = Get(gsid, &read);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr(gsid));
}

}  // namespace
}  // namespace gg
