// SuccessPlanService end to end: real gRPC into the gateway, real HTTP into
// the sandbox tenant's Success Plan endpoints.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/status_details.h"
#include "gainsight/v1/relationship.grpc.pb.h"
#include "gainsight/v1/success_plan.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "tests/integration/cockpit_fixture.h"
#include "tests/support/bad_request.h"
#include "tests/support/gateway_test.h"
#include "tests/support/test_env.h"

namespace gg {
namespace {

using gainsight::v1::SuccessPlan;
using gainsight::v1::SuccessPlanService;
using ::testing::ElementsAre;
using testing::Gateway;
using ::testing::HasSubstr;
using ::testing::Pair;
using testing::Sandbox;
using ::testing::SizeIs;

// A GSID-shaped id that names no company.
constexpr char kPicklistPath[] = "/v2/successPlan/admin/picklist/lite";

class SuccessPlanTest : public testing::GatewayTest {
 protected:
  void SetUp() override {
    GatewayTest::SetUp();
    if (HasFatalFailure()) return;
    stub_ = SuccessPlanService::NewStub(gateway_->NewChannel());
  }

  static SuccessPlan MakePlan(const std::string& name,
                              const std::string& company_id,
                              const std::string& type = "Onboarding") {
    SuccessPlan plan;
    plan.set_name(name);
    plan.set_company_id(company_id);
    plan.set_type(type);
    plan.mutable_due_date()->set_year(2026);
    plan.mutable_due_date()->set_month(6);
    plan.mutable_due_date()->set_day(30);
    plan.set_description("Get the customer live");
    return plan;
  }

  gainsight::v1::CreateSuccessPlansResponse Create(
      const std::vector<SuccessPlan>& plans, grpc::Status* status) {
    gainsight::v1::CreateSuccessPlansRequest request;
    for (const SuccessPlan& p : plans) *request.add_success_plans() = p;
    gainsight::v1::CreateSuccessPlansResponse response;
    auto context = Context();
    *status = stub_->CreateSuccessPlans(context.get(), request, &response);
    return response;
  }

  size_t PicklistCalls() {
    auto calls = sandbox_->CallsTo("GET", kPicklistPath);
    EXPECT_TRUE(calls.ok()) << calls.status();
    return calls.ok() ? calls->size() : 0;
  }

  static google::rpc::BadRequest BadRequestOf(const grpc::Status& status) {
    google::rpc::BadRequest bad;
    GetBadRequest(FromGrpcStatus(status), &bad);
    return bad;
  }

  std::unique_ptr<SuccessPlanService::Stub> stub_;
};

TEST_F(SuccessPlanTest, ARelationshipPlanCarriesItsRelationshipAndType) {
  const std::string company = InsertCompany("Relationship Plan Co");
  auto relationships =
      gainsight::v1::RelationshipService::NewStub(gateway_->NewChannel());
  gainsight::v1::InsertRelationshipsRequest insert;
  auto* r = insert.add_relationships();
  r->set_name("Plan Analytics");
  r->set_company_id(company);
  r->set_type_id("1P06PRODUCT0000000000000000000000000");
  gainsight::v1::InsertRelationshipsResponse inserted;
  auto context = Context();
  ASSERT_TRUE(
      relationships->InsertRelationships(context.get(), insert, &inserted)
          .ok());
  const std::string relationship = inserted.results(0).gsid();
  ASSERT_FALSE(relationship.empty());

  SuccessPlan plan = MakePlan("Relationship plan", company);
  plan.set_relationship_id(relationship);
  grpc::Status status;
  Create({plan}, &status);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("relationship_type_id"));

  plan.set_relationship_type_id("1P06PRODUCT0000000000000000000000000");
  auto created = Create({plan}, &status);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_THAT(created.results(), SizeIs(1));
  ASSERT_FALSE(created.results(0).has_error())
      << created.results(0).error().message();
  gainsight::v1::GetSuccessPlanRequest get;
  get.set_gsid(created.results(0).gsid());
  get.add_extra_fields("EntityType");
  get.add_extra_fields("RelationshipId");
  gainsight::v1::GetSuccessPlanResponse got;
  auto again = Context();
  ASSERT_TRUE(stub_->GetSuccessPlan(again.get(), get, &got).ok());
  EXPECT_EQ(got.success_plan().entity_type(),
            gainsight::v1::ENTITY_TYPE_RELATIONSHIP);
  EXPECT_EQ(got.success_plan().relationship_id(), relationship);
}

TEST_F(SuccessPlanTest, GetConfigListsTypesAndStatusesAndCachesThem) {
  gainsight::v1::GetSuccessPlanConfigResponse response;
  auto context = Context();
  grpc::Status status = stub_->GetSuccessPlanConfig(
      context.get(), gainsight::v1::GetSuccessPlanConfigRequest(), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_THAT(response.types(), SizeIs(3));
  EXPECT_EQ(response.types(0).label(), "Onboarding");
  EXPECT_TRUE(response.types(0).is_default());
  ASSERT_THAT(response.statuses(), SizeIs(4));
  EXPECT_EQ(response.statuses(0).label(), "Draft");
  EXPECT_FALSE(response.statuses(0).closed());
  EXPECT_TRUE(response.statuses(2).closed());
  EXPECT_EQ(PicklistCalls(), 1u);

  // A second read, and a create that resolves labels, are cache hits.
  gainsight::v1::GetSuccessPlanConfigResponse again;
  auto context2 = Context();
  ASSERT_TRUE(stub_
                  ->GetSuccessPlanConfig(
                      context2.get(),
                      gainsight::v1::GetSuccessPlanConfigRequest(), &again)
                  .ok());
  EXPECT_EQ(again.SerializeAsString(), response.SerializeAsString());
  const std::string company = InsertCompany("Cache Co");
  grpc::Status create_status;
  auto created = Create({MakePlan("Cached plan", company)}, &create_status);
  ASSERT_TRUE(create_status.ok()) << create_status.error_message();
  EXPECT_EQ(PicklistCalls(), 1u);
}

TEST_F(SuccessPlanTest, CreateResolvesLabelsAndGetReadsThePlanBack) {
  const std::string company = InsertCompany("Acme Plans");
  SuccessPlan plan = MakePlan("FY26 Onboarding - Acme", company);
  plan.set_status("active");              // labels match case-insensitively
  plan.set_owner("CSM.One@example.com");  // a seeded user, any letter case
  grpc::Status status;
  auto response = Create({plan}, &status);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_THAT(response.results(), SizeIs(1));
  ASSERT_FALSE(response.results(0).has_error())
      << response.results(0).error().message();
  EXPECT_EQ(response.results(0).action(), gainsight::v1::WRITE_ACTION_INSERTED);
  const std::string gsid = response.results(0).gsid();
  ASSERT_FALSE(gsid.empty());

  gainsight::v1::GetSuccessPlanRequest get;
  get.set_gsid(gsid);
  // Beyond the default select (the public list sample's names), by name.
  for (const char* f : {"SuccessPlanTypeId", "StatusId", "EntityType",
                        "Description", "ActiveDate", "CreatedDate"}) {
    get.add_extra_fields(f);
  }
  gainsight::v1::GetSuccessPlanResponse got;
  auto context = Context();
  status = stub_->GetSuccessPlan(context.get(), get, &got);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const SuccessPlan& read = got.success_plan();
  EXPECT_EQ(read.gsid(), gsid);
  EXPECT_EQ(read.name(), "FY26 Onboarding - Acme");
  EXPECT_EQ(read.company_id(), company);
  EXPECT_EQ(read.company_name(), "Acme Plans");
  EXPECT_EQ(read.type(), "Onboarding");
  EXPECT_FALSE(read.type_id().empty());
  EXPECT_EQ(read.status(), "Active");
  EXPECT_FALSE(read.status_id().empty());
  EXPECT_EQ(read.entity_type(), gainsight::v1::ENTITY_TYPE_COMPANY);
  EXPECT_EQ(read.due_date().year(), 2026);
  EXPECT_EQ(read.due_date().month(), 6);
  EXPECT_EQ(read.due_date().day(), 30);
  EXPECT_EQ(read.description(), "Get the customer live");
  EXPECT_EQ(read.owner(), "csm.one@example.com");
  EXPECT_FALSE(read.owner_id().empty());
  EXPECT_FALSE(read.is_closed());
  EXPECT_TRUE(read.has_active_time());
  EXPECT_TRUE(read.has_create_time());
}

TEST_F(SuccessPlanTest, UnknownLabelIsInvalidArgumentNamingFieldAndLabels) {
  const std::string company = InsertCompany("Label Co");
  SuccessPlan bad_status = MakePlan("Second", company);
  bad_status.set_status("Paused");
  grpc::Status status;
  Create({MakePlan("First", company), bad_status}, &status);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::BadRequest bad = BadRequestOf(status);
  ASSERT_THAT(bad.field_violations(), SizeIs(1));
  EXPECT_EQ(bad.field_violations(0).field(), "success_plans[1].status");
  EXPECT_THAT(bad.field_violations(0).description(),
              HasSubstr(R"("Draft", "Active", "Completed", "Cancelled")"));
  // Nothing was written.
  auto creates = sandbox_->CallsTo("POST", "/v2/successPlan");
  ASSERT_TRUE(creates.ok());
  for (const auto& c : *creates) {
    EXPECT_NE(c["path"].get<std::string>(), "/v2/successPlan");
  }
}

TEST_F(SuccessPlanTest, CreateBatchAnswersEachPlanInOrder) {
  const std::string company = InsertCompany("Batch Co");
  grpc::Status first;
  Create({MakePlan("Existing", company)}, &first);
  ASSERT_TRUE(first.ok()) << first.error_message();
  std::vector<SuccessPlan> plans;
  for (int i = 0; i < 60; ++i) {
    plans.push_back(MakePlan(absl::StrCat("Plan ", i), company, "Renewal"));
  }
  plans[7].set_company_id(testing::kNoSuchCompany);
  plans[55] = MakePlan("Existing", company);  // a taken name
  grpc::Status status;
  auto response = Create(plans, &status);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_THAT(response.results(), SizeIs(60));
  for (int i = 0; i < 60; ++i) {
    const auto& r = response.results(i);
    EXPECT_EQ(r.index(), i);
    if (i == 7 || i == 55) {
      EXPECT_TRUE(r.has_error()) << i;
      continue;
    }
    EXPECT_FALSE(r.has_error()) << i << ": " << r.error().message();
  }
  EXPECT_EQ(response.results(7).error().code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::BadRequest bad;
  for (const auto& detail : response.results(7).error().details()) {
    detail.UnpackTo(&bad);
  }
  ASSERT_THAT(bad.field_violations(), SizeIs(1));
  EXPECT_EQ(bad.field_violations(0).field(), "success_plans[7].company_id");
  auto creates = sandbox_->CallsTo("POST", "/v2/successPlan");
  ASSERT_TRUE(creates.ok());
  EXPECT_THAT(*creates, SizeIs(3));  // 1, then 50 + 10
}

TEST_F(SuccessPlanTest, CreateRejectsMissingFieldsBeforeAnyCall) {
  SuccessPlan plan;
  plan.set_name("No company");
  grpc::Status status;
  Create({plan}, &status);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::BadRequest bad = BadRequestOf(status);
  std::vector<std::string> fields;
  for (const auto& v : bad.field_violations()) fields.push_back(v.field());
  EXPECT_THAT(fields,
              ::testing::UnorderedElementsAre("success_plans[0].company_id",
                                              "success_plans[0].type",
                                              "success_plans[0].due_date"));
  auto calls = sandbox_->CallsTo("", "/v2/successPlan");
  ASSERT_TRUE(calls.ok());
  EXPECT_THAT(*calls, SizeIs(0));
}

TEST_F(SuccessPlanTest, UpdateChangesStatusAndUnknownGsidIsNotFound) {
  const std::string company = InsertCompany("Update Co");
  grpc::Status status;
  auto created = Create({MakePlan("To close", company)}, &status);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const std::string gsid = created.results(0).gsid();

  gainsight::v1::UpdateSuccessPlansRequest request;
  SuccessPlan* close = request.add_success_plans();
  close->set_gsid(gsid);
  close->set_status("Completed");
  SuccessPlan* missing = request.add_success_plans();
  missing->set_gsid("1C03NOSUCHPLAN0000000000000000000000");
  missing->set_name("Nope");
  gainsight::v1::UpdateSuccessPlansResponse response;
  auto context = Context();
  status = stub_->UpdateSuccessPlans(context.get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_THAT(response.results(), SizeIs(2));
  EXPECT_FALSE(response.results(0).has_error())
      << response.results(0).error().message();
  EXPECT_EQ(response.results(0).action(), gainsight::v1::WRITE_ACTION_UPDATED);
  EXPECT_EQ(response.results(1).error().code(), grpc::StatusCode::NOT_FOUND);

  gainsight::v1::GetSuccessPlanRequest get;
  get.set_gsid(gsid);
  for (const char* f : {"IsClosed", "ClosedDate", "Description"}) {
    get.add_extra_fields(f);
  }
  gainsight::v1::GetSuccessPlanResponse got;
  auto context2 = Context();
  ASSERT_TRUE(stub_->GetSuccessPlan(context2.get(), get, &got).ok());
  EXPECT_EQ(got.success_plan().status(), "Completed");
  EXPECT_TRUE(got.success_plan().is_closed());
  EXPECT_TRUE(got.success_plan().has_close_time());
  EXPECT_EQ(got.success_plan().description(), "Get the customer live");
}

TEST_F(SuccessPlanTest, UpdateRejectsCreateOnlyFields) {
  gainsight::v1::UpdateSuccessPlansRequest request;
  SuccessPlan* plan = request.add_success_plans();
  plan->set_company_id("1P02ABC0000000000000000000000000000B");
  gainsight::v1::UpdateSuccessPlansResponse response;
  auto context = Context();
  grpc::Status status =
      stub_->UpdateSuccessPlans(context.get(), request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  std::vector<std::string> fields;
  const google::rpc::BadRequest bad = BadRequestOf(status);
  for (const auto& v : bad.field_violations()) {
    fields.push_back(v.field());
  }
  EXPECT_THAT(fields,
              ::testing::UnorderedElementsAre("success_plans[0].gsid",
                                              "success_plans[0].company_id"));
}

TEST_F(SuccessPlanTest, GetUnknownPlanIsNotFound) {
  gainsight::v1::GetSuccessPlanRequest get;
  get.set_gsid("1C03NOSUCHPLAN0000000000000000000000");
  gainsight::v1::GetSuccessPlanResponse got;
  auto context = Context();
  EXPECT_EQ(stub_->GetSuccessPlan(context.get(), get, &got).error_code(),
            grpc::StatusCode::NOT_FOUND);
  get.set_gsid("not a gsid!");
  auto context2 = Context();
  EXPECT_EQ(stub_->GetSuccessPlan(context2.get(), get, &got).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(SuccessPlanTest, ListFiltersAndPages) {
  const std::string a = InsertCompany("List A");
  const std::string b = InsertCompany("List B");
  std::vector<SuccessPlan> plans;
  for (int i = 0; i < 5; ++i) {
    plans.push_back(MakePlan(absl::StrCat("A plan ", i), a));
  }
  plans.push_back(MakePlan("B plan", b));
  grpc::Status status;
  Create(plans, &status);
  ASSERT_TRUE(status.ok()) << status.error_message();

  gainsight::v1::ListSuccessPlansRequest request;
  auto* c = request.mutable_filter()->add_conditions();
  c->set_field("CompanyId");
  c->set_operator_(gainsight::v1::OPERATOR_EQ);
  c->add_values()->set_string_value(a);
  request.set_page_size(2);
  std::vector<std::string> names;
  for (int page = 0; page < 5; ++page) {
    gainsight::v1::ListSuccessPlansResponse response;
    auto context = Context();
    status = stub_->ListSuccessPlans(context.get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    for (const SuccessPlan& p : response.success_plans()) {
      EXPECT_EQ(p.company_id(), a);
      EXPECT_EQ(p.company_name(), "List A");
      names.push_back(p.name());
    }
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  EXPECT_THAT(names, ::testing::ElementsAre("A plan 0", "A plan 1", "A plan 2",
                                            "A plan 3", "A plan 4"));

  // A token from another filter is refused.
  request.mutable_filter()
      ->mutable_conditions(0)
      ->mutable_values(0)
      ->set_string_value(b);
  gainsight::v1::ListSuccessPlansResponse response;
  auto context = Context();
  EXPECT_EQ(
      stub_->ListSuccessPlans(context.get(), request, &response).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(SuccessPlanTest, ListSelectsAndDeletedListIsEmpty) {
  const std::string company = InsertCompany("Select Co");
  grpc::Status status;
  Create({MakePlan("Selected", company)}, &status);
  ASSERT_TRUE(status.ok()) << status.error_message();
  gainsight::v1::ListSuccessPlansRequest request;
  request.add_select("Name");
  gainsight::v1::ListSuccessPlansResponse response;
  auto context = Context();
  status = stub_->ListSuccessPlans(context.get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_THAT(response.success_plans(), SizeIs(1));
  EXPECT_EQ(response.success_plans(0).name(), "Selected");
  EXPECT_FALSE(response.success_plans(0).gsid().empty());
  EXPECT_TRUE(response.success_plans(0).company_id().empty());

  // An unknown select field: Gainsight's COCKPIT_5101 refusal.
  request.add_select("NoSuchField");
  auto context2 = Context();
  status = stub_->ListSuccessPlans(context2.get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << status.error_message();

  gainsight::v1::ListSuccessPlansRequest deleted;
  deleted.set_deleted_only(true);
  gainsight::v1::ListSuccessPlansResponse none;
  auto context3 = Context();
  status = stub_->ListSuccessPlans(context3.get(), deleted, &none);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(none.success_plans(), SizeIs(0));
  auto calls = sandbox_->CallsTo("POST", "/v2/successPlan/deleted/list");
  ASSERT_TRUE(calls.ok());
  EXPECT_THAT(*calls, SizeIs(1));
}

TEST_F(SuccessPlanTest,
       ListFilterNamesAreCheckedAgainstThePlanObjectsDescribe) {
  const std::string company = InsertCompany("Described Plans");
  grpc::Status status;
  Create({MakePlan("described plan", company)}, &status);
  ASSERT_TRUE(status.ok()) << status.error_message();

  // The describe of cta_group spells it Description: sent so.
  gainsight::v1::ListSuccessPlansRequest request;
  auto* by_company = request.mutable_filter()->add_conditions();
  by_company->set_field("CompanyId");
  by_company->set_operator_(gainsight::v1::OPERATOR_EQ);
  by_company->add_values()->set_string_value(company);
  auto* c = request.mutable_filter()->add_conditions();
  c->set_field("description");
  c->set_operator_(gainsight::v1::OPERATOR_CONTAINS);
  c->add_values()->set_string_value("customer");
  gainsight::v1::ListSuccessPlansResponse response;
  auto context = Context();
  status = stub_->ListSuccessPlans(context.get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_THAT(response.success_plans(), SizeIs(1));
  auto lists = sandbox_->CallsTo("POST", "/v2/successPlan/list");
  ASSERT_TRUE(lists.ok());
  ASSERT_THAT(*lists, SizeIs(1));

  c->set_field("Descriptoin");
  context = Context();
  status = stub_->ListSuccessPlans(context.get(), request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << status.error_message();
  EXPECT_THAT(testing::Violations(status),
              ElementsAre(Pair("filter.conditions[1].field",
                               HasSubstr("is not a field of cta_group (did you "
                                         "mean Description"))));
  lists = sandbox_->CallsTo("POST", "/v2/successPlan/list");
  ASSERT_TRUE(lists.ok());
  EXPECT_THAT(*lists, SizeIs(1)) << "no list call for the misspelt name";
}

TEST_F(SuccessPlanTest, ASelectNameGainsightRefusedIsRefusedAgainWithoutACall) {
  gainsight::v1::ListSuccessPlansRequest request;
  request.add_select("Name");
  request.add_select("Nmae");
  gainsight::v1::ListSuccessPlansResponse response;
  auto first = Context();
  grpc::Status status =
      stub_->ListSuccessPlans(first.get(), request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("Nmae"));
  auto calls = sandbox_->CallsTo("POST", "/v2/successPlan/list");
  ASSERT_TRUE(calls.ok());
  ASSERT_THAT(*calls, SizeIs(1));

  // Again: the gateway knows the name is refused, and says which field.
  auto second = Context();
  status = stub_->ListSuccessPlans(second.get(), request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(testing::Violations(status),
              ElementsAre(Pair("select[1]", HasSubstr("did you mean Name"))));
  calls = sandbox_->CallsTo("POST", "/v2/successPlan/list");
  ASSERT_TRUE(calls.ok());
  EXPECT_THAT(*calls, SizeIs(1)) << "no second call upstream";
}

}  // namespace
}  // namespace gg
