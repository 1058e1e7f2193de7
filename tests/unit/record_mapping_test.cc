#include "gainsight/record_mapping.h"

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gainsight/company_mapping.h"
#include "gainsight/v1/company.pb.h"
#include "gtest/gtest.h"

namespace gg {
namespace {

using gainsight::v1::Company;

TEST(RecordMappingTest, WritesOnlySetFields) {
  Company c;
  c.set_name("Acme");
  c.set_arr(0);  // set to zero is still set
  c.mutable_renewal_date()->set_year(2026);
  c.mutable_renewal_date()->set_month(2);
  c.mutable_renewal_date()->set_day(5);
  (*c.mutable_custom_fields()->mutable_fields())["Tier__gc"].set_number_value(
      2);
  (*c.mutable_custom_fields()->mutable_fields())["Notes__gc"].set_null_value(
      google::protobuf::NULL_VALUE);
  c.set_gsid("1P02ABC");
  EXPECT_EQ(
      CompanyMapping().ToRecord(c, false).dump(),
      R"({"Name":"Acme","Arr":0.0,"RenewalDate":"2026-02-05","Notes__gc":null,"Tier__gc":2})");
  EXPECT_EQ(CompanyMapping().ToRecord(c, true)["Gsid"], "1P02ABC");
}

TEST(RecordMappingTest, ReadsRowsWithEpochMillisecondDates) {
  Json row = Json::parse(
      R"({"Gsid":"1P02X","Name":"Acme","Employees":12,"RenewalDate":1772236800000,
          "CreatedDate":1700000000123,"Region__gc":"EMEA","Industry":null})");
  Company c;
  ASSERT_TRUE(CompanyMapping().FromRow(row, &c).ok());
  EXPECT_EQ(c.gsid(), "1P02X");
  EXPECT_EQ(c.employees(), 12);
  EXPECT_FALSE(c.has_industry());
  EXPECT_EQ(c.renewal_date().year(), 2026);
  EXPECT_EQ(c.renewal_date().month(), 2);
  EXPECT_EQ(c.renewal_date().day(), 28);
  EXPECT_EQ(c.create_time().seconds(), 1700000000);
  EXPECT_EQ(c.create_time().nanos(), 123000000);
  EXPECT_EQ(c.custom_fields().fields().at("Region__gc").string_value(), "EMEA");
}

TEST(RecordMappingTest, EpochDatesAreTheDayInTheTenantsZone) {
  // 2026-03-01 00:00 in UTC+9 is 2026-02-28 15:00 UTC.
  const int64_t tokyo_midnight = absl::ToUnixMillis(absl::FromCivil(
      absl::CivilDay(2026, 3, 1), absl::FixedTimeZone(9 * 3600)));
  Json row = {{"RenewalDate", tokyo_midnight}};
  Company utc, tokyo;
  ASSERT_TRUE(CompanyMapping().FromRow(row, &utc).ok());
  EXPECT_EQ(utc.renewal_date().day(), 28) << "the default zone is UTC";
  ASSERT_TRUE(CompanyMapping()
                  .FromRow(row, &tokyo, absl::FixedTimeZone(9 * 3600))
                  .ok());
  EXPECT_EQ(tokyo.renewal_date().month(), 3);
  EXPECT_EQ(tokyo.renewal_date().day(), 1);
  // A DATE given as the sample's non-midnight instant is still its day.
  Company sample;
  ASSERT_TRUE(CompanyMapping()
                  .FromRow(Json{{"RenewalDate", 1521743018667}}, &sample,
                           absl::FixedTimeZone(-5 * 3600))
                  .ok());
  EXPECT_EQ(sample.renewal_date().day(), 22);
}

TEST(RecordMappingTest, WrongTypeFromGainsightIsAnError) {
  Company c;
  EXPECT_FALSE(CompanyMapping()
                   .FromRow(Json::parse(R"({"Employees":"many"})"), &c)
                   .ok());
}

TEST(RecordMappingTest, DefaultSelectStartsWithGsid) {
  std::vector<std::string> select = CompanyMapping().DefaultSelect();
  ASSERT_FALSE(select.empty());
  EXPECT_EQ(select.front(), "Gsid");
  EXPECT_NE(std::find(select.begin(), select.end(), "RenewalDate"),
            select.end());
}

}  // namespace
}  // namespace gg
