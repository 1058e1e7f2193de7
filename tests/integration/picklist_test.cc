// Picklists end to end: labels or GSIDs on writes (checked against the
// describe: inactive items, labels of several items), labels on reads
// (GSIDs on request), labels in filters. The sandbox answers reads with item
// GSIDs, as Gainsight's read sample does; one fixture answers labels.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_details.h"
#include "gainsight/v1/company.grpc.pb.h"
#include "gainsight/v1/custom_object.grpc.pb.h"
#include "gainsight/v1/metadata.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "tests/support/gateway_test.h"
#include "tests/support/proto_values.h"
#include "tests/support/test_env.h"

namespace gg {
namespace {

using testing::StringValue;

using gainsight::v1::Company;
using gainsight::v1::CompanyService;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

class PicklistTest : public testing::GatewayTest {
 protected:
  void SetUp() override {
    GatewayTest::SetUp();
    if (HasFatalFailure()) return;
    companies_ = CompanyService::NewStub(gateway_->NewChannel());
    records_ =
        gainsight::v1::CustomObjectService::NewStub(gateway_->NewChannel());
    auto metadata =
        gainsight::v1::MetadataService::NewStub(gateway_->NewChannel());
    gainsight::v1::DescribeObjectRequest request;
    request.set_object_name("Company");
    gainsight::v1::DescribeObjectResponse response;
    auto context = Context();
    ASSERT_TRUE(
        metadata->DescribeObject(context.get(), request, &response).ok());
    for (const auto& field : response.object().fields()) {
      for (const auto& item : field.picklist_values()) {
        gsids_[field.field_name() + "/" + item.label()] = item.gsid();
      }
    }
    ASSERT_FALSE(Gsid("Tier__gc", "Platinum").empty());
  }

  std::string Gsid(const std::string& field, const std::string& label) {
    auto it = gsids_.find(field + "/" + label);
    return it == gsids_.end() ? "" : it->second;
  }

  grpc::Status Insert(const Company& company,
                      gainsight::v1::InsertCompaniesResponse* response) {
    gainsight::v1::InsertCompaniesRequest request;
    *request.add_companies() = company;
    auto context = Context();
    return companies_->InsertCompanies(context.get(), request, response);
  }

  static Company WithTier(const std::string& name, const std::string& tier) {
    Company c;
    c.set_name(name);
    (*c.mutable_custom_fields()->mutable_fields())["Tier__gc"] =
        StringValue(tier);
    return c;
  }

  Company Get(const std::string& gsid, bool picklist_ids = false) {
    gainsight::v1::GetCompanyRequest request;
    request.set_gsid(gsid);
    request.add_extra_fields("Tier__gc");
    request.set_picklist_ids(picklist_ids);
    gainsight::v1::GetCompanyResponse response;
    auto context = Context();
    grpc::Status status =
        companies_->GetCompany(context.get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.company();
  }

  size_t CompanyWrites() {
    auto calls = sandbox_->CallsTo("POST", "/v1/data/objects/Company");
    EXPECT_TRUE(calls.ok()) << calls.status();
    return calls.ok() ? calls->size() : 0;
  }

  static std::string Violation(const grpc::Status& status) {
    google::rpc::BadRequest bad;
    EXPECT_TRUE(GetBadRequest(FromGrpcStatus(status), &bad))
        << status.error_message();
    if (bad.field_violations_size() != 1) return status.error_message();
    return absl::StrCat(bad.field_violations(0).field(), ": ",
                        bad.field_violations(0).description());
  }

  std::unique_ptr<CompanyService::Stub> companies_;
  std::unique_ptr<gainsight::v1::CustomObjectService::Stub> records_;
  std::map<std::string, std::string> gsids_;
};

TEST_F(PicklistTest, ReadsAnswerLabelsAndGsidsOnRequest) {
  Company c = WithTier("Labelled Co", "Gold");
  c.set_status("Active");
  c.set_stage("Launched");
  gainsight::v1::InsertCompaniesResponse inserted;
  ASSERT_TRUE(Insert(c, &inserted).ok());
  const std::string gsid = inserted.results(0).gsid();
  ASSERT_FALSE(gsid.empty()) << inserted.results(0).error().message();

  const Company read = Get(gsid);
  EXPECT_EQ(read.status(), "Active");
  EXPECT_EQ(read.stage(), "Launched");
  EXPECT_EQ(read.custom_fields().fields().at("Tier__gc").string_value(),
            "Gold");

  const Company ids = Get(gsid, /*picklist_ids=*/true);
  EXPECT_EQ(ids.status(), Gsid("Status", "Active"));
  EXPECT_EQ(ids.stage(), Gsid("Stage", "Launched"));
  EXPECT_EQ(ids.custom_fields().fields().at("Tier__gc").string_value(),
            Gsid("Tier__gc", "Gold"));
}

TEST_F(PicklistTest, WritesTakeALabelInAnyCaseOrAGsid) {
  gainsight::v1::InsertCompaniesResponse by_label, by_gsid;
  Company lower = WithTier("Lower Co", "silver");
  lower.set_status("churn");
  ASSERT_TRUE(Insert(lower, &by_label).ok());
  ASSERT_TRUE(
      Insert(WithTier("Gsid Co", Gsid("Tier__gc", "GOLD")), &by_gsid).ok());
  ASSERT_EQ(by_label.results(0).error().code(), 0)
      << by_label.results(0).error().message();
  ASSERT_EQ(by_gsid.results(0).error().code(), 0)
      << by_gsid.results(0).error().message();

  const Company a = Get(by_label.results(0).gsid());
  EXPECT_EQ(a.custom_fields().fields().at("Tier__gc").string_value(), "Silver");
  EXPECT_EQ(a.status(), "Churn");
  const Company b = Get(by_gsid.results(0).gsid());
  EXPECT_EQ(b.custom_fields().fields().at("Tier__gc").string_value(), "GOLD");
}

TEST_F(PicklistTest, ALabelOfTwoItemsIsRefusedListingTheirGsids) {
  gainsight::v1::InsertCompaniesResponse response;
  const size_t writes = CompanyWrites();
  grpc::Status status = Insert(WithTier("Ambiguous Co", "gold"), &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  const std::string violation = Violation(status);
  EXPECT_THAT(violation,
              HasSubstr("companies[0].custom_fields.Tier__gc: matches 2 "
                        "items"));
  EXPECT_THAT(violation, HasSubstr(Gsid("Tier__gc", "Gold")));
  EXPECT_THAT(violation, HasSubstr(Gsid("Tier__gc", "GOLD")));
  EXPECT_EQ(CompanyWrites(), writes) << "nothing was sent";
}

TEST_F(PicklistTest, AnInactiveItemIsRefusedByLabelOrGsidNamingIt) {
  const size_t writes = CompanyWrites();
  for (const std::string& value :
       {std::string("Platinum"), Gsid("Tier__gc", "Platinum")}) {
    gainsight::v1::InsertCompaniesResponse response;
    grpc::Status status = Insert(WithTier("Old Co", value), &response);
    ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << value;
    EXPECT_THAT(Violation(status),
                HasSubstr("companies[0].custom_fields.Tier__gc: names the "
                          "inactive item Platinum"));
  }
  Company typo;
  typo.set_name("Typo Co");
  typo.set_status("Activ");
  gainsight::v1::InsertCompaniesResponse response;
  grpc::Status status = Insert(typo, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(Violation(status),
              HasSubstr("companies[0].status: is not an item of the "
                        "picklist (Active, Inactive, Churn)"));
  EXPECT_EQ(CompanyWrites(), writes);
}

TEST_F(PicklistTest, FiltersTakeLabelsAndUnknownLabelsAreRefused) {
  for (const char* name : {"Filter A", "Filter B"}) {
    Company c;
    c.set_name(name);
    c.set_status(std::string(name) == "Filter A" ? "Active" : "Inactive");
    gainsight::v1::InsertCompaniesResponse response;
    ASSERT_TRUE(Insert(c, &response).ok());
  }
  gainsight::v1::QueryCompaniesRequest request;
  request.add_select("Name");
  request.add_select("Status");
  auto* starts = request.mutable_filter()->add_conditions();
  starts->set_field("Name");
  starts->set_operator_(gainsight::v1::OPERATOR_STARTS_WITH);
  starts->add_values()->set_string_value("Filter ");
  auto* status_is = request.mutable_filter()->add_conditions();
  status_is->set_field("status");
  status_is->set_operator_(gainsight::v1::OPERATOR_EQ);
  status_is->add_values()->set_string_value("active");
  gainsight::v1::QueryCompaniesResponse response;
  auto context = Context();
  grpc::Status status =
      companies_->QueryCompanies(context.get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_THAT(response.companies(), SizeIs(1));
  EXPECT_EQ(response.companies(0).name(), "Filter A");
  EXPECT_EQ(response.companies(0).status(), "Active");

  status_is->mutable_values(0)->set_string_value("Dormant");
  gainsight::v1::QueryCompaniesResponse refused;
  auto again = Context();
  status = companies_->QueryCompanies(again.get(), request, &refused);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(Violation(status),
              HasSubstr("filter.conditions[1].values[0]: is not an item"));
}

TEST_F(PicklistTest, CustomObjectRecordsReadLabelsOrGsids) {
  gainsight::v1::InsertRecordsRequest insert;
  insert.set_object_name("Renewal_Tracker__gc");
  google::protobuf::Struct record;
  (*record.mutable_fields())["Name__gc"] = StringValue("Picklist Renewal");
  (*record.mutable_fields())["Stage__gc"] = StringValue("won");
  *insert.add_records() = record;
  gainsight::v1::InsertRecordsResponse inserted;
  auto context = Context();
  ASSERT_TRUE(records_->InsertRecords(context.get(), insert, &inserted).ok());
  ASSERT_EQ(inserted.results(0).error().code(), 0)
      << inserted.results(0).error().message();

  std::vector<std::string> stages;
  for (bool ids : {false, true}) {
    gainsight::v1::QueryRecordsRequest query;
    query.set_object_name("Renewal_Tracker__gc");
    query.add_select("Stage__gc");
    query.set_picklist_ids(ids);
    auto* condition = query.mutable_filter()->add_conditions();
    condition->set_field("Stage__gc");
    condition->set_operator_(gainsight::v1::OPERATOR_IN);
    condition->add_values()->set_string_value("Won");
    gainsight::v1::QueryRecordsResponse rows;
    auto read = Context();
    grpc::Status status = records_->QueryRecords(read.get(), query, &rows);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_THAT(rows.records(), SizeIs(1));
    stages.push_back(rows.records(0).fields().at("Stage__gc").string_value());
  }
  EXPECT_EQ(stages[0], "Won");
  EXPECT_THAT(stages[1], ::testing::StartsWith("1I00"));
}

// A tenant whose reads answer labels: they pass through as they are.
class LabelReadsTest : public PicklistTest {
 protected:
  std::vector<std::string> SandboxArgs() const override {
    return {"--picklist-reads", "label"};
  }
};

TEST_F(LabelReadsTest, LabelsFromGainsightAreAnsweredAsTheyAre) {
  Company c = WithTier("Label Tenant Co", "Silver");
  c.set_status("Inactive");
  gainsight::v1::InsertCompaniesResponse inserted;
  ASSERT_TRUE(Insert(c, &inserted).ok());
  const std::string gsid = inserted.results(0).gsid();
  ASSERT_FALSE(gsid.empty());
  const Company read = Get(gsid);
  EXPECT_EQ(read.status(), "Inactive");
  EXPECT_EQ(read.custom_fields().fields().at("Tier__gc").string_value(),
            "Silver");
}

// A tenant whose describe lists no picklist options: the items come from
// the Dropdown API, one call per category, cached with the describe.
class DropdownItemsTest : public PicklistTest {
 protected:
  std::vector<std::string> SandboxArgs() const override {
    return {"--describe-options", "absent"};
  }
};

TEST_F(DropdownItemsTest, ItemsFromTheDropdownApiLabelReadsAndRefuseWrites) {
  auto dropdowns = sandbox_->CallsTo("GET", "/v1/meta/services/dropdowns/");
  ASSERT_TRUE(dropdowns.ok()) << dropdowns.status();
  // Company's picklists: Stage, Status, CompanyType and Tier__gc.
  EXPECT_EQ(dropdowns->size(), 4u);

  Company c = WithTier("Dropdown Co", "Silver");
  c.set_status("Active");
  gainsight::v1::InsertCompaniesResponse inserted;
  ASSERT_TRUE(Insert(c, &inserted).ok());
  const Company read = Get(inserted.results(0).gsid());
  EXPECT_EQ(read.status(), "Active");
  EXPECT_EQ(read.custom_fields().fields().at("Tier__gc").string_value(),
            "Silver");

  gainsight::v1::InsertCompaniesResponse refused;
  grpc::Status status =
      Insert(WithTier("Dropdown Old Co", "Platinum"), &refused);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(Violation(status), HasSubstr("inactive item Platinum"));

  dropdowns = sandbox_->CallsTo("GET", "/v1/meta/services/dropdowns/");
  ASSERT_TRUE(dropdowns.ok());
  EXPECT_EQ(dropdowns->size(), 4u) << "cached with the describe";
}

}  // namespace
}  // namespace gg
