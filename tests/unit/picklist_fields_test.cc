#include "api/picklist_fields.h"

#include <string>
#include <tuple>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace gg {
namespace {

using gainsight::v1::FieldMetadata;
using gainsight::v1::ObjectMetadata;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Tier: Gold and GOLD (labels differing in case), Silver, and Platinum no
// longer active. Region: a plain string field.
ObjectMetadata Account() {
  ObjectMetadata object;
  object.set_object_name("Account__gc");
  FieldMetadata* tier = object.add_fields();
  tier->set_field_name("Tier__gc");
  tier->set_data_type(gainsight::v1::DATA_TYPE_PICKLIST);
  for (const auto& [gsid, label, active] :
       {std::tuple{"1I00GOLD", "Gold", true},
        std::tuple{"1I00UPPERGOLD", "GOLD", true},
        std::tuple{"1I00SILVER", "Silver", true},
        std::tuple{"1I00PLATINUM", "Platinum", false}}) {
    auto* item = tier->add_picklist_values();
    item->set_gsid(gsid);
    item->set_label(label);
    item->set_active(active);
  }
  FieldMetadata* tags = object.add_fields();
  tags->set_field_name("Tags__gc");
  tags->set_data_type(gainsight::v1::DATA_TYPE_MULTI_PICKLIST);
  *tags->mutable_picklist_values() = tier->picklist_values();
  FieldMetadata* region = object.add_fields();
  region->set_field_name("Region__gc");
  region->set_data_type(gainsight::v1::DATA_TYPE_STRING);
  return object;
}

std::string Chosen(absl::string_view value, std::string* problem) {
  const ObjectMetadata object = Account();
  const auto* item = ChoosePicklistItem(object.fields(0), value, problem);
  return item == nullptr ? "" : item->gsid();
}

TEST(ChoosePicklistItemTest, AnActiveItemsGsidOrExactLabelNamesIt) {
  std::string problem;
  EXPECT_EQ(Chosen("1I00SILVER", &problem), "1I00SILVER");
  EXPECT_EQ(Chosen("Gold", &problem), "1I00GOLD");
  EXPECT_EQ(Chosen("GOLD", &problem), "1I00UPPERGOLD");
  EXPECT_THAT(problem, IsEmpty());
}

TEST(ChoosePicklistItemTest, AnotherLetterCaseNamesTheOneItemSoLabelled) {
  std::string problem;
  EXPECT_EQ(Chosen(" silver ", &problem), "1I00SILVER");
  EXPECT_THAT(problem, IsEmpty());
}

TEST(ChoosePicklistItemTest, ALabelOfSeveralActiveItemsAsksForTheGsid) {
  std::string problem;
  EXPECT_EQ(Chosen("gold", &problem), "");
  EXPECT_THAT(problem, HasSubstr("matches 2 items"));
  EXPECT_THAT(problem, HasSubstr("1I00GOLD, 1I00UPPERGOLD"));
}

TEST(ChoosePicklistItemTest, AnInactiveItemIsRefusedByLabelOrGsid) {
  for (const char* value : {"Platinum", "platinum", "1I00PLATINUM"}) {
    std::string problem;
    EXPECT_EQ(Chosen(value, &problem), "") << value;
    EXPECT_THAT(problem, HasSubstr("inactive item Platinum (1I00PLATINUM)"));
    EXPECT_THAT(problem, HasSubstr("(Gold, GOLD, Silver)"));
  }
}

TEST(ChoosePicklistItemTest, AnUnknownValueListsTheActiveLabels) {
  std::string problem;
  EXPECT_EQ(Chosen("Bronze", &problem), "");
  EXPECT_EQ(problem, "is not an item of the picklist (Gold, GOLD, Silver)");
}

TEST(ChoosePicklistItemTest, AFieldWithoutDescribedItemsTakesAnything) {
  FieldMetadata bare;
  bare.set_data_type(gainsight::v1::DATA_TYPE_PICKLIST);
  std::string problem = "stale";
  EXPECT_EQ(ChoosePicklistItem(bare, "Anything", &problem), nullptr);
  EXPECT_THAT(problem, IsEmpty());
}

TEST(SendPicklistsAsDescribedTest, LabelsAreSentAsSpelledAndGsidsAsGiven) {
  Json record = {{"Tier__gc", "silver"},
                 {"Tags__gc", {"1I00GOLD", "Silver"}},
                 {"Region__gc", "silver"}};
  SendPicklistsAsDescribed(Account(), record);
  EXPECT_EQ(record["Tier__gc"], "Silver");
  EXPECT_EQ(record["Tags__gc"], Json({"1I00GOLD", "Silver"}));
  EXPECT_EQ(record["Region__gc"], "silver") << "not a picklist";
}

TEST(LabelPicklistsTest, ItemGsidsBecomeLabelsAndOtherValuesStay) {
  Json row = {{"tier__gc", "1I00PLATINUM"},
              {"Tags__gc", {"1I00GOLD", "Unknown"}},
              {"Region__gc", "1I00GOLD"},
              {"Gsid", "1I00GOLD"}};
  LabelPicklists(Account(), row);
  EXPECT_EQ(row["tier__gc"], "Platinum") << "inactive items read too";
  EXPECT_EQ(row["Tags__gc"], Json({"Gold", "Unknown"}));
  EXPECT_EQ(row["Region__gc"], "1I00GOLD");
  EXPECT_EQ(row["Gsid"], "1I00GOLD");
}

gainsight::v1::Condition* AddCondition(QuerySpec& spec, const char* field,
                                       gainsight::v1::Operator op,
                                       std::initializer_list<const char*> v) {
  auto* c = spec.filter.add_conditions();
  c->set_field(field);
  c->set_operator_(op);
  for (const char* value : v) c->add_values()->set_string_value(value);
  return c;
}

std::vector<std::string> Operands(const gainsight::v1::Condition& c) {
  std::vector<std::string> out;
  for (const auto& v : c.values()) out.push_back(v.string_value());
  return out;
}

TEST(UsePicklistIdsTest, LabelsBecomeTheGsidsOfEveryItemSoLabelled) {
  QuerySpec spec;
  auto* eq =
      AddCondition(spec, "Tier__gc", gainsight::v1::OPERATOR_EQ, {"Platinum"});
  auto* several =
      AddCondition(spec, "tier__gc", gainsight::v1::OPERATOR_EQ, {"gold"});
  auto* ne =
      AddCondition(spec, "Tier__gc", gainsight::v1::OPERATOR_NE, {"gold"});
  auto* in = AddCondition(spec, "Tier__gc", gainsight::v1::OPERATOR_IN,
                          {"1I00SILVER", "Gold"});
  auto* other =
      AddCondition(spec, "Region__gc", gainsight::v1::OPERATOR_EQ, {"gold"});
  auto* contains =
      AddCondition(spec, "Tier__gc", gainsight::v1::OPERATOR_CONTAINS, {"ol"});
  Violations violations;
  UsePicklistIds(Account(), &spec, violations);
  EXPECT_THAT(violations, IsEmpty());
  EXPECT_EQ(eq->operator_(), gainsight::v1::OPERATOR_EQ);
  EXPECT_THAT(Operands(*eq), ::testing::ElementsAre("1I00PLATINUM"));
  EXPECT_EQ(several->operator_(), gainsight::v1::OPERATOR_IN);
  EXPECT_THAT(Operands(*several),
              ::testing::ElementsAre("1I00GOLD", "1I00UPPERGOLD"));
  EXPECT_EQ(ne->operator_(), gainsight::v1::OPERATOR_NOT_IN);
  EXPECT_THAT(Operands(*in), ::testing::ElementsAre("1I00SILVER", "1I00GOLD"));
  EXPECT_THAT(Operands(*other), ::testing::ElementsAre("gold"));
  EXPECT_THAT(Operands(*contains), ::testing::ElementsAre("ol"));
}

TEST(UsePicklistIdsTest, AnUnknownLabelIsAViolationAtItsOperand) {
  QuerySpec spec;
  AddCondition(spec, "Region__gc", gainsight::v1::OPERATOR_EQ, {"x"});
  AddCondition(spec, "Tier__gc", gainsight::v1::OPERATOR_IN,
               {"Silver", "Bronze"});
  Violations violations;
  UsePicklistIds(Account(), &spec, violations);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].field, "filter.conditions[1].values[1]");
  EXPECT_THAT(violations[0].description, HasSubstr("Tier__gc"));
}

}  // namespace
}  // namespace gg
