#include "gainsight/success_plan_mapping.h"

#include <string>

#include "absl/time/time.h"
#include "common/status_details.h"
#include "gainsight/picklist.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace gg {
namespace {

using gainsight::v1::PicklistItem;
using gainsight::v1::SuccessPlan;
using ::testing::HasSubstr;
using ::testing::SizeIs;

SuccessPlanConfig PlanConfig() {
  Json data = Json::parse(R"({
    "SUCCESS_PLAN_TYPE": [
      {"gsid": "T1", "name": "Onboarding", "systemName": "ONB",
       "active": true, "default": true, "displayOrder": 1},
      {"gsid": "T2", "name": "Legacy", "active": false, "displayOrder": 2}],
    "SUCCESS_PLAN_STATUS": [
      {"gsid": "S1", "name": "Draft", "active": true, "displayOrder": 1},
      {"gsid": "S2", "name": "Closed", "active": true, "closed": true,
       "displayOrder": 2}]})");
  absl::StatusOr<SuccessPlanConfig> config = ParseSuccessPlanConfig(data);
  EXPECT_TRUE(config.ok()) << config.status();
  return config.ok() ? *config : SuccessPlanConfig();
}

TEST(SuccessPlanMappingTest, ParsesConfig) {
  SuccessPlanConfig config = PlanConfig();
  ASSERT_THAT(config.types, SizeIs(2));
  EXPECT_EQ(config.types[0].gsid(), "T1");
  EXPECT_EQ(config.types[0].label(), "Onboarding");
  EXPECT_EQ(config.types[0].system_name(), "ONB");
  EXPECT_TRUE(config.types[0].is_default());
  EXPECT_FALSE(config.types[1].active());
  ASSERT_THAT(config.statuses, SizeIs(2));
  EXPECT_TRUE(config.statuses[1].closed());
  EXPECT_FALSE(ParseSuccessPlanConfig(Json::array()).ok());
  EXPECT_FALSE(
      ParseSuccessPlanConfig(Json::parse(R"({"SUCCESS_PLAN_TYPE": [{}]})"))
          .ok());
}

TEST(SuccessPlanMappingTest, ConfigQueryNamesBothCategoriesAndEntity) {
  EXPECT_EQ(SuccessPlanConfigQuery(gainsight::v1::ENTITY_TYPE_UNSPECIFIED),
            "category=SUCCESS_PLAN_TYPE,SUCCESS_PLAN_STATUS&et=COMPANY");
  EXPECT_EQ(SuccessPlanConfigQuery(gainsight::v1::ENTITY_TYPE_RELATIONSHIP),
            "category=SUCCESS_PLAN_TYPE,SUCCESS_PLAN_STATUS&et=RELATIONSHIP");
}

TEST(SuccessPlanMappingTest, ResolvesLabelCaseInsensitivelyOrGsid) {
  SuccessPlanConfig config = PlanConfig();
  auto by_label = ResolvePicklistItem(ItemsOf(config.types), "onboarding", "f");
  ASSERT_TRUE(by_label.ok()) << by_label.status();
  EXPECT_EQ(by_label->gsid(), "T1");
  EXPECT_EQ(by_label->label(), "Onboarding");
  auto by_gsid = ResolvePicklistItem(ItemsOf(config.statuses), "S2", "f");
  ASSERT_TRUE(by_gsid.ok());
  EXPECT_EQ(by_gsid->gsid(), "S2");
}

TEST(SuccessPlanMappingTest, UnresolvedLabelNamesFieldAndAllowedLabels) {
  SuccessPlanConfig config = PlanConfig();
  // Inactive items do not resolve and are not offered.
  auto miss = ResolvePicklistItem(ItemsOf(config.types), "Legacy",
                                  "success_plans[1].type");
  ASSERT_EQ(miss.status().code(), absl::StatusCode::kInvalidArgument);
  google::rpc::BadRequest bad;
  ASSERT_TRUE(GetBadRequest(miss.status(), &bad));
  ASSERT_THAT(bad.field_violations(), SizeIs(1));
  EXPECT_EQ(bad.field_violations(0).field(), "success_plans[1].type");
  EXPECT_THAT(bad.field_violations(0).description(), HasSubstr("Onboarding"));
  EXPECT_THAT(bad.field_violations(0).description(),
              ::testing::Not(HasSubstr("Legacy\",")));
}

TEST(SuccessPlanMappingTest, RecordHasSetFieldsAndResolvedIds) {
  SuccessPlan plan;
  plan.set_name("Plan");
  plan.set_company_id("C1");
  plan.set_type("Onboarding");
  plan.mutable_due_date()->set_year(2026);
  plan.mutable_due_date()->set_month(6);
  plan.mutable_due_date()->set_day(3);
  (*plan.mutable_custom_fields()->mutable_fields())["Goal__gc"]
      .set_string_value("x");
  Json record = SuccessPlanRecord(plan, false, "Onboarding", "", "U1");
  EXPECT_EQ(record["Name"], "Plan");
  EXPECT_EQ(record["CompanyId"], "C1");
  EXPECT_EQ(record["SuccessPlanType"], "Onboarding");
  EXPECT_EQ(record["OwnerId"], "U1");
  EXPECT_FALSE(record.contains("status"));
  EXPECT_FALSE(record.contains("SuccessPlanTypeId"));
  EXPECT_FALSE(record.contains("Gsid"));
  EXPECT_EQ(record["DueDate"], "2026-06-03");
  EXPECT_EQ(record["Goal__gc"], "x");

  plan.set_gsid("G1");
  Json update = SuccessPlanRecord(plan, true, "", "Active", "");
  EXPECT_EQ(update["Gsid"], "G1");
  EXPECT_FALSE(update.contains("CompanyId"));
  EXPECT_EQ(update["status"], "Active");
}

TEST(SuccessPlanMappingTest, ReadsCockpitRow) {
  Json row = Json::parse(R"({
    "Gsid": "G1", "Name": "Plan", "CompanyId": "C1",
    "CompanyId__gr.Name": "Acme", "SuccessPlanTypeId": "T1",
    "TypeName": "Onboarding", "StatusId": "S1", "StatusName": null,
    "EntityType": "COMPANY", "DueDate": "2026-06-30",
    "ActiveDate": "2026-02-01T10:15:30.120Z", "IsClosed": false,
    "PercentComplete": 12.5, "OpenTaskCount": 3, "Goal__gc": 7})");
  SuccessPlan plan;
  ASSERT_TRUE(SuccessPlanFromRow(row, &plan).ok());
  EXPECT_EQ(plan.gsid(), "G1");
  EXPECT_EQ(plan.company_name(), "Acme");
  EXPECT_EQ(plan.type(), "Onboarding");
  EXPECT_EQ(plan.type_id(), "T1");
  EXPECT_EQ(plan.status(), "S1");  // no label: the GSID
  EXPECT_EQ(plan.due_date().day(), 30);
  EXPECT_EQ(
      plan.active_time().seconds(),
      absl::ToUnixSeconds(absl::FromCivil(
          absl::CivilSecond(2026, 2, 1, 10, 15, 30), absl::UTCTimeZone())));
  EXPECT_EQ(plan.active_time().nanos(), 120000000);
  EXPECT_DOUBLE_EQ(plan.percent_complete(), 12.5);
  EXPECT_EQ(plan.open_task_count(), 3);
  EXPECT_EQ(plan.custom_fields().fields().at("Goal__gc").number_value(), 7);

  SuccessPlan bad;
  EXPECT_FALSE(
      SuccessPlanFromRow(Json::parse(R"({"DueDate": "soon"})"), &bad).ok());
}

TEST(SuccessPlanMappingTest, ProtoFieldOfApiName) {
  EXPECT_EQ(SuccessPlanProtoField("CompanyId"), "company_id");
  EXPECT_EQ(SuccessPlanProtoField("OwnerId"), "owner");
  EXPECT_EQ(SuccessPlanProtoField("StatusId"), "status");
  EXPECT_EQ(SuccessPlanProtoField("Goal__gc"), "custom_fields.Goal__gc");
}

}  // namespace
}  // namespace gg
