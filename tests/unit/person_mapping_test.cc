#include "gainsight/person_mapping.h"

#include <algorithm>
#include <string>
#include <vector>

#include "gainsight/v1/person.pb.h"
#include "gtest/gtest.h"

namespace gg {
namespace {

using gainsight::v1::CompanyPerson;
using gainsight::v1::Person;
using gainsight::v1::RelationshipPerson;

TEST(PersonMappingTest, UpsertBodyHasSetFieldsAndNestedCompanies) {
  Person p;
  p.set_gsid("1C01IGNORED");
  p.set_email("maria@acme.example");
  p.set_first_name("Maria");
  p.set_email_opt_out(false);  // set to false is still set
  p.set_name("ignored: output only");
  (*p.mutable_custom_fields()->mutable_fields())["Tier__gc"].set_number_value(
      2);
  CompanyPerson* c = p.add_companies();
  c->set_company_id("1P02ABC");
  c->set_title("Director");
  c->set_is_primary(true);
  c->set_person_id("1C01IGNORED");  // output only
  EXPECT_EQ(
      PersonUpsertBody(p).dump(),
      R"({"Email":"maria@acme.example","FirstName":"Maria","EmailOptOut":false,)"
      R"("Tier__gc":2,"companies":[{"Company_ID":"1P02ABC","Title":"Director",)"
      R"("IsPrimaryCompany":true}]})");
}

TEST(PersonMappingTest, AssociationByNameCarriesTheLookupPath) {
  Person p;
  p.set_email("a@b.example");
  p.add_companies()->set_company_name("Acme");
  CompanyPerson* both = p.add_companies();
  both->set_company_id("1P02ABC");
  both->set_company_name("ignored when company_id is set");
  Json body = PersonUpsertBody(p);
  EXPECT_EQ(body[kCompaniesKey][0].dump(), R"({"Company_ID__gr.Name":"Acme"})");
  EXPECT_EQ(body[kCompaniesKey][1].dump(), R"({"Company_ID":"1P02ABC"})");
}

TEST(PersonMappingTest, UpsertBodyWithoutCompaniesHasNoCompaniesKey) {
  Person p;
  p.set_email("a@b.example");
  EXPECT_FALSE(PersonUpsertBody(p).contains(kCompaniesKey));
  EXPECT_FALSE(PersonUpsertBody(p).contains(kRelationshipsKey));
}

TEST(PersonMappingTest, UpsertBodyHasNestedRelationships) {
  Person p;
  p.set_email("a@b.example");
  RelationshipPerson* r = p.add_relationships();
  r->set_relationship_id("1P05REL");
  r->set_role("Sponsor");
  r->set_active(false);
  r->set_person_id("1C01IGNORED");  // output only
  (*r->mutable_custom_fields()->mutable_fields())["Seat__gc"].set_string_value(
      "A");
  EXPECT_EQ(PersonUpsertBody(p).dump(),
            R"({"Email":"a@b.example","relationships":[{"Relationship_ID":)"
            R"("1P05REL","Role":"Sponsor","Active":false,"Seat__gc":"A"}]})");
}

TEST(PersonMappingTest, ReadsAnswerWithCompaniesAndCustomFields) {
  Json answer = Json::parse(R"({
    "Gsid":"1C01X","Email":"maria@acme.example","Name":"Maria Lopez",
    "LastName":"Lopez","MobilePhone":null,"CreatedDate":1700000000123,
    "Region__gc":"EMEA",
    "companies":[{"Gsid":"1C02Y","Company_ID":"1P02A","Person_ID":"1C01X",
                  "Title":"CTO","Active":true,"ModifiedDate":1700000000999}]})");
  Person p;
  ASSERT_TRUE(PersonFromJson(answer, &p).ok());
  EXPECT_EQ(p.gsid(), "1C01X");
  EXPECT_EQ(p.email(), "maria@acme.example");
  EXPECT_EQ(p.name(), "Maria Lopez");
  EXPECT_EQ(p.last_name(), "Lopez");
  EXPECT_FALSE(p.has_mobile_phone());
  EXPECT_EQ(p.create_time().seconds(), 1700000000);
  EXPECT_EQ(p.create_time().nanos(), 123000000);
  EXPECT_EQ(p.custom_fields().fields().at("Region__gc").string_value(), "EMEA");
  EXPECT_FALSE(p.custom_fields().fields().contains("companies"));
  ASSERT_EQ(p.companies_size(), 1);
  EXPECT_EQ(p.companies(0).gsid(), "1C02Y");
  EXPECT_EQ(p.companies(0).company_id(), "1P02A");
  EXPECT_EQ(p.companies(0).person_id(), "1C01X");
  EXPECT_EQ(p.companies(0).title(), "CTO");
  EXPECT_TRUE(p.companies(0).active());
  EXPECT_EQ(p.companies(0).update_time().seconds(), 1700000000);
}

TEST(PersonMappingTest, ReadsAnswerWithRelationships) {
  Json answer = Json::parse(R"({
    "Gsid":"1C01X","Email":"a@b.example",
    "relationships":[{"Gsid":"1C03Z","Relationship_ID":"1P05R",
                      "Person_ID":"1C01X","Role":"Sponsor","Active":true}]})");
  Person p;
  ASSERT_TRUE(PersonFromJson(answer, &p).ok());
  EXPECT_FALSE(p.custom_fields().fields().contains("relationships"));
  EXPECT_EQ(p.companies_size(), 0);
  ASSERT_EQ(p.relationships_size(), 1);
  EXPECT_EQ(p.relationships(0).gsid(), "1C03Z");
  EXPECT_EQ(p.relationships(0).relationship_id(), "1P05R");
  EXPECT_EQ(p.relationships(0).person_id(), "1C01X");
  EXPECT_EQ(p.relationships(0).role(), "Sponsor");
  EXPECT_TRUE(p.relationships(0).active());
}

TEST(PersonMappingTest, DefaultSelectsNameEveryTypedField) {
  std::vector<std::string> person = PersonMapping().DefaultSelect();
  EXPECT_EQ(person.front(), "Gsid");
  EXPECT_NE(std::find(person.begin(), person.end(), "Email"), person.end());
  EXPECT_NE(std::find(person.begin(), person.end(), "Name"), person.end());
  std::vector<std::string> cp = CompanyPersonMapping().DefaultSelect();
  EXPECT_NE(std::find(cp.begin(), cp.end(), "Person_ID"), cp.end());
  EXPECT_NE(std::find(cp.begin(), cp.end(), "Company_ID"), cp.end());
  std::vector<std::string> rp = RelationshipPersonMapping().DefaultSelect();
  EXPECT_NE(std::find(rp.begin(), rp.end(), "Person_ID"), rp.end());
  EXPECT_NE(std::find(rp.begin(), rp.end(), "Relationship_ID"), rp.end());
}

TEST(PersonMappingTest, RejectsAnAnswerThatIsNotAnObject) {
  Person p;
  EXPECT_FALSE(PersonFromJson(Json::array(), &p).ok());
}

}  // namespace
}  // namespace gg
