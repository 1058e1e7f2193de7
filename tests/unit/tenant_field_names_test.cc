// The tenant's names for the typed Company fields, resolved against its
// describe: a wrong guess (Arr vs ARR) must not fail every call.
#include "gainsight/tenant_field_names.h"

#include "gainsight/company_mapping.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/user_directory.h"

namespace gg {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;

gainsight::v1::ObjectMetadata Described(std::vector<std::string> names) {
  gainsight::v1::ObjectMetadata object;
  object.set_object_name("Company");
  for (const std::string& n : names) object.add_fields()->set_field_name(n);
  return object;
}

TenantFieldNames Resolve(std::vector<std::string> names) {
  return TenantFieldNames::Resolve(CompanyMapping(), CompanyFieldAlternatives(),
                                   Described(std::move(names)));
}

TEST(TenantFieldNamesTest, WithoutADescribeTheMappingsNamesAreUsed) {
  TenantFieldNames guesses(CompanyMapping(), CompanyFieldAlternatives());
  EXPECT_EQ(guesses.ToTenant("Arr"), "Arr");
  EXPECT_EQ(guesses.ToTenant("ARR"), "Arr") << "an alternative of a field";
  EXPECT_EQ(guesses.ToTenant("Region__gc"), "Region__gc");
  EXPECT_EQ(guesses.MappingName("mrr"), "Mrr");
  EXPECT_EQ(guesses.MappingName("Region__gc"), "");
  EXPECT_FALSE(guesses.Absent("Arr"));
  EXPECT_THAT(guesses.DefaultSelect(), Contains("Arr"));
}

TEST(TenantFieldNamesTest, OnlyFieldsWithAlternativesVary) {
  TenantFieldNames guesses(CompanyMapping(), CompanyFieldAlternatives());
  EXPECT_TRUE(guesses.Varies("Arr"));
  EXPECT_TRUE(guesses.Varies("ARR"));  // an alternative, any letter case
  EXPECT_TRUE(guesses.Varies("mrr"));
  EXPECT_FALSE(guesses.Varies("Name"));
  EXPECT_FALSE(guesses.Varies("Gsid"));
  EXPECT_FALSE(guesses.Varies("Tier__gc"));  // custom fields keep their name
}

TEST(TenantFieldNamesTest, TheDescribesNamesWin) {
  TenantFieldNames names =
      Resolve({"Gsid", "Name", "ARR", "MRR", "Renewal_Date", "Industry"});
  EXPECT_EQ(names.ToTenant("Arr"), "ARR");
  EXPECT_EQ(names.ToTenant("arr"), "ARR");
  EXPECT_EQ(names.ToTenant("RenewalDate"), "Renewal_Date");
  EXPECT_EQ(names.TenantName("Mrr"), "MRR");
  Json record = {{"Name", "Acme"}, {"Arr", 5}, {"Region__gc", "EU"}};
  EXPECT_EQ(names.RecordToTenant(record),
            Json({{"Name", "Acme"}, {"ARR", 5}, {"Region__gc", "EU"}}));
  EXPECT_EQ(names.RowFromTenant(Json({{"ARR", 5}, {"Gsid", "G"}})),
            Json({{"Arr", 5}, {"Gsid", "G"}}));
}

TEST(TenantFieldNamesTest, LetterCaseAloneIsMatched) {
  TenantFieldNames names = Resolve({"Name", "arr", "INDUSTRY"});
  EXPECT_EQ(names.TenantName("Arr"), "arr");
  EXPECT_EQ(names.TenantName("Industry"), "INDUSTRY");
}

TEST(TenantFieldNamesTest, DefaultSelectHasOnlyFieldsTheTenantHas) {
  TenantFieldNames names = Resolve({"Gsid", "Name", "ARR", "Stage"});
  EXPECT_THAT(names.DefaultSelect(),
              ElementsAre("Gsid", "Name", "ARR", "Stage"));
  EXPECT_TRUE(names.Absent("Mrr"));
  EXPECT_TRUE(names.Absent("RenewalDate"));
  EXPECT_FALSE(names.Absent("Arr"));
}

TEST(TenantFieldNamesTest, ANameTheDescribeHasIsNeverRenamed) {
  // A tenant with both spellings: each stands for itself.
  TenantFieldNames names = Resolve({"Arr", "ARR"});
  EXPECT_EQ(names.ToTenant("ARR"), "ARR");
  EXPECT_EQ(names.ToTenant("Arr"), "Arr");
}

TEST(TenantFieldNamesTest, QueriesAreRenamed) {
  TenantFieldNames names = Resolve({"Name", "ARR"});
  QuerySpec spec;
  spec.select = {"Name", "Arr", "Csm__gr.Email"};
  auto* condition = spec.filter.add_conditions();
  condition->set_field("arr");
  gainsight::v1::OrderBy order;
  order.set_field("Arr");
  spec.order_by = {order};
  names.RenameQuery(&spec);
  EXPECT_THAT(spec.select, ElementsAre("Name", "ARR", "Csm__gr.Email"));
  EXPECT_EQ(spec.filter.conditions(0).field(), "ARR");
  EXPECT_EQ(spec.order_by[0].field(), "ARR");
}

TEST(UserActiveFieldTest, TheGsUserDescribeDecides) {
  EXPECT_EQ(UserActiveField(Described({"Gsid", "Email", "IsActive"})),
            "IsActive");
  EXPECT_EQ(UserActiveField(Described({"Email", "IsActiveUser"})),
            "IsActiveUser");
  EXPECT_EQ(UserActiveField(Described({"Email", "isactiveuser"})),
            "isactiveuser");
  EXPECT_EQ(UserActiveField(Described({"Email", "Name"})), "");
}

}  // namespace
}  // namespace gg
