// The success plan steps of the Cockpit write pipeline
// (ops/success_plan_write.h): each entity's configuration that a pending
// plan's labels need is loaded once, labels resolve against their entity's,
// and every label a plan gets wrong is named at once.
#include "ops/success_plan_write.h"

#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/client_harness.h"
#include "tests/support/cockpit_steps.h"

namespace gg {
namespace {

using gainsight::v1::EntityType;
using gainsight::v1::PicklistItem;
using gainsight::v1::SuccessPlan;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

PicklistItem PlanTypeItem(const std::string& gsid, const std::string& label) {
  PicklistItem item;
  item.set_gsid(gsid);
  item.set_label(label);
  item.set_active(true);
  return item;
}

SuccessPlan Plan(const char* name) {
  SuccessPlan plan;
  plan.set_name(name);
  plan.set_company_id("1P02COMPANY");
  return plan;
}

class SuccessPlanWriteTest : public ::testing::Test {
 protected:
  SuccessPlanWriteTest()
      : configs_(
            [this](EntityType entity, CallContext,
                   SuccessPlanConfigCache::FetchCallback done) {
              fetched_->push_back(entity);
              if (!config_error_.ok()) {
                done(config_error_);
                return;
              }
              // The labels differ by entity, so a test sees which one a
              // plan resolved against.
              const bool company = entity == gainsight::v1::ENTITY_TYPE_COMPANY;
              SuccessPlanConfig config;
              config.types.push_back(
                  PlanTypeItem("SPT1", company ? "Onboarding" : "Partnership"));
              config.statuses.push_back(PlanTypeItem("SPS1", "Active"));
              done(std::move(config));
            },
            &h_.clock(), absl::Minutes(10)) {}

  absl::Status Load(CockpitObjectWriter& writer, std::vector<int> pending) {
    return testing::LoadConfigsNow(writer, std::move(pending), h_.Context());
  }

  testing::ClientHarness h_;
  std::shared_ptr<std::vector<EntityType>> fetched_ =
      std::make_shared<std::vector<EntityType>>();
  absl::Status config_error_;
  SuccessPlanConfigCache configs_;
};

TEST_F(SuccessPlanWriteTest, EachEntityWhoseLabelsArePendingIsLoadedOnce) {
  SuccessPlan company = Plan("company plan");
  company.set_type("onboarding");
  company.set_status("Active");
  SuccessPlan relationship = Plan("relationship plan");
  relationship.set_relationship_id("1P05REL");
  relationship.set_type("Partnership");
  SuccessPlan unlabelled = Plan("no labels");
  unlabelled.set_relationship_id("1P05OTHER");
  auto writer =
      NewSuccessPlanWriter({company, relationship, Plan("another"), unlabelled},
                           false, &configs_, 2);
  EXPECT_EQ(writer->target().write, EndpointId::kSuccessPlanCreate);
  EXPECT_TRUE(writer->target().not_found.empty());

  ASSERT_TRUE(Load(*writer, {0, 1, 2, 3}).ok());
  EXPECT_THAT(*fetched_,
              UnorderedElementsAre(gainsight::v1::ENTITY_TYPE_COMPANY,
                                   gainsight::v1::ENTITY_TYPE_RELATIONSHIP));
  absl::StatusOr<Json> first =
      writer->Resolve(0, "1P01OWNER", "success_plans[0]");
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_THAT(first->dump(), HasSubstr("\"Onboarding\""));
  EXPECT_THAT(first->dump(), HasSubstr("\"Active\""));
  EXPECT_THAT(first->dump(), HasSubstr("\"1P01OWNER\""));
  absl::StatusOr<Json> second = writer->Resolve(1, "", "success_plans[1]");
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_THAT(second->dump(), HasSubstr("\"Partnership\""));
  EXPECT_TRUE(writer->Resolve(3, "", "success_plans[3]").ok());
  EXPECT_THAT(writer->ReadBackKeyOf(0), ::testing::Not(::testing::IsEmpty()));
}

TEST_F(SuccessPlanWriteTest, APlanWithoutLabelsLoadsNothing) {
  auto writer = NewSuccessPlanWriter({Plan("plain")}, false, &configs_, 2);
  ASSERT_TRUE(Load(*writer, {0}).ok());
  EXPECT_TRUE(fetched_->empty());
  EXPECT_TRUE(writer->Resolve(0, "", "success_plans[0]").ok());
}

TEST_F(SuccessPlanWriteTest, EveryWrongLabelOfAPlanIsNamed) {
  SuccessPlan wrong = Plan("wrong");
  wrong.set_type("Partnership");  // a relationship type, on a company plan
  wrong.set_status("Dormant");
  auto writer = NewSuccessPlanWriter({wrong}, false, &configs_, 2);
  ASSERT_TRUE(Load(*writer, {0}).ok());
  absl::Status refused = writer->Resolve(0, "", "success_plans[0]").status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.message(), HasSubstr("success_plans[0].type"));
  EXPECT_THAT(refused.message(), HasSubstr("success_plans[0].status"));
}

TEST_F(SuccessPlanWriteTest, AConfigurationThatCannotBeReadFailsTheLoad) {
  config_error_ = absl::UnavailableError("picklist endpoint down");
  SuccessPlan typed = Plan("typed");
  typed.set_type("Onboarding");
  auto writer = NewSuccessPlanWriter({typed}, false, &configs_, 2);
  EXPECT_EQ(Load(*writer, {0}).code(), absl::StatusCode::kUnavailable);
}

TEST_F(SuccessPlanWriteTest, AnUpdateIsFoundAgainByItsGsid) {
  SuccessPlan update;
  update.set_gsid("1G01PLAN");
  update.set_status("active");
  auto writer = NewSuccessPlanWriter({update}, true, &configs_, 2);
  EXPECT_EQ(writer->target().write, EndpointId::kSuccessPlanUpdate);
  ASSERT_EQ(writer->target().not_found.size(), 1u);
  EXPECT_EQ(writer->target().not_found[0].reason, kSuccessPlanNotFoundReason);
  ASSERT_TRUE(Load(*writer, {0}).ok());
  EXPECT_TRUE(writer->Resolve(0, "", "success_plans[0]").ok());
  EXPECT_THAT(writer->ReadBackKeyOf(0), ElementsAre(Pair("Gsid", "1G01PLAN")));
}

}  // namespace
}  // namespace gg
