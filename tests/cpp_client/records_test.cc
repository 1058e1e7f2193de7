#include "records.h"

#include "gainsight/v1/company.pb.h"
#include "gainsight/v1/person.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace gsctl {
namespace {

namespace gv1 = gainsight::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(RecordsTest, JsonArrayWithGainsightNamesFillsTypedFields) {
  auto records = RecordsFromJson(
      R"([{"Name":"Acme","Arr":250000,"RenewalDate":"2027-03-01",
           "Employees":12,"Region__gc":"EMEA"}])");
  ASSERT_TRUE(records.ok()) << records.status();
  ASSERT_EQ(records->records.size(), 1u);
  gv1::Company company;
  ASSERT_TRUE(FillMessage(records->records[0], false, &company).ok());
  EXPECT_EQ(company.name(), "Acme");
  EXPECT_EQ(company.arr(), 250000);
  EXPECT_EQ(company.employees(), 12);
  EXPECT_EQ(company.renewal_date().year(), 2027);
  EXPECT_EQ(company.renewal_date().month(), 3);
  EXPECT_EQ(company.renewal_date().day(), 1);
  EXPECT_EQ(company.custom_fields().fields().at("Region__gc").string_value(),
            "EMEA");
}

TEST(RecordsTest, ProtoAndJsonNamesWorkToo) {
  auto records =
      RecordsFromJson(R"({"renewal_date":{"year":2026,"month":1,"day":2},
                          "companyType":"Partner"})");
  ASSERT_TRUE(records.ok()) << records.status();
  gv1::Company company;
  ASSERT_TRUE(FillMessage(records->records[0], false, &company).ok());
  EXPECT_EQ(company.renewal_date().day(), 2);
  EXPECT_EQ(company.company_type(), "Partner");
}

TEST(RecordsTest, CsvTextIsConvertedToFieldTypes) {
  auto records = RecordsFromCsv(
      "Name,Arr,Employees,RenewalDate,Tier__gc,Empty\n"
      "\"Initech, Inc.\",5000.5,40,2027-12-31,Gold,\n");
  ASSERT_TRUE(records.ok()) << records.status();
  EXPECT_TRUE(records->from_csv);
  EXPECT_THAT(records->columns,
              ElementsAre("Name", "Arr", "Employees", "RenewalDate", "Tier__gc",
                          "Empty"));
  gv1::Company company;
  ASSERT_TRUE(FillMessage(records->records[0], true, &company).ok());
  EXPECT_EQ(company.name(), "Initech, Inc.");
  EXPECT_DOUBLE_EQ(company.arr(), 5000.5);
  EXPECT_EQ(company.employees(), 40);
  EXPECT_EQ(company.renewal_date().month(), 12);
  EXPECT_EQ(company.custom_fields().fields().at("Tier__gc").string_value(),
            "Gold");
  EXPECT_EQ(company.custom_fields().fields().count("Empty"), 0u);
}

TEST(RecordsTest, CsvBooleanAndBadNumber) {
  auto ok = RecordsFromCsv("email,EmailOptOut\na@b.example,true\n");
  ASSERT_TRUE(ok.ok());
  gv1::Person person;
  ASSERT_TRUE(FillMessage(ok->records[0], true, &person).ok());
  EXPECT_TRUE(person.email_opt_out());

  auto bad = RecordsFromCsv("Name,Arr\nAcme,lots\n");
  ASSERT_TRUE(bad.ok());
  gv1::Company company;
  absl::Status status = FillMessage(bad->records[0], true, &company);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("arr"));
}

TEST(RecordsTest, CsvRowWithWrongFieldCountNamesItsFileLine) {
  // The bad row starts on line 4: the quoted field before it spans two.
  auto records = RecordsFromCsv("a,b\n\"x\ny\",2\n1\n");
  ASSERT_FALSE(records.ok());
  EXPECT_THAT(records.status().message(), HasSubstr("CSV line 4 has 1 fields"));
}

TEST(RecordsTest, CsvRecordsKnowTheLineTheyStartOn) {
  auto records = RecordsFromCsv("Name,Note\nA,\"two\nlines\"\n\nB,x\n");
  ASSERT_TRUE(records.ok()) << records.status();
  EXPECT_THAT(records->lines, ElementsAre(2, 5));
}

TEST(RecordsTest, AByteOrderMarkIsNotPartOfTheFirstColumn) {
  auto records = RecordsFromCsv("\xEF\xBB\xBFName,Arr\nAcme,5\n");
  ASSERT_TRUE(records.ok()) << records.status();
  EXPECT_THAT(records->columns, ElementsAre("Name", "Arr"));
  EXPECT_EQ(records->records[0].fields().at("Name").string_value(), "Acme");
  auto json = RecordsFromJson("\xEF\xBB\xBF[{\"Name\":\"Acme\"}]");
  EXPECT_TRUE(json.ok()) << json.status();
}

TEST(RecordsTest, HeaderColumnsMustBeNamedAndDistinct) {
  auto unnamed = RecordsFromCsv("Name,,Arr\nA,b,1\n");
  ASSERT_FALSE(unnamed.ok());
  EXPECT_THAT(unnamed.status().message(),
              HasSubstr("CSV column 2 has no name"));
  auto twice = RecordsFromCsv("Name,Arr,name\nA,1,B\n");
  ASSERT_FALSE(twice.ok());
  EXPECT_THAT(twice.status().message(),
              HasSubstr("CSV columns 1 and 3 are both named \"name\""));
}

TEST(RecordsTest, JsonThatIsNotRecordsIsAnError) {
  EXPECT_FALSE(RecordsFromJson("[1,2]").ok());
  EXPECT_FALSE(RecordsFromJson("{not json").ok());
}

TEST(RecordsTest, UnknownKeyWithoutCustomFieldsIsAnError) {
  auto records = RecordsFromJson(R"({"colour":"red"})");
  ASSERT_TRUE(records.ok());
  gv1::PersonKey key;
  EXPECT_FALSE(FillMessage(records->records[0], false, &key).ok());
}

TEST(RecordsTest, TypeByMetadataConvertsCsvText) {
  gv1::ObjectMetadata object;
  auto add = [&](const std::string& name, gv1::DataType type) {
    gv1::FieldMetadata* f = object.add_fields();
    f->set_field_name(name);
    f->set_data_type(type);
  };
  add("Amount__gc", gv1::DATA_TYPE_NUMBER);
  add("Auto_Renew__gc", gv1::DATA_TYPE_BOOLEAN);
  add("External_Id__gc", gv1::DATA_TYPE_STRING);
  add("Tags__gc", gv1::DATA_TYPE_MULTI_PICKLIST);
  auto records = RecordsFromCsv(
      "Amount__gc,Auto_Renew__gc,External_Id__gc,Tags__gc\n"
      "12.5,true,00123,a; b\n");
  ASSERT_TRUE(records.ok());
  google::protobuf::Struct record = records->records[0];
  TypeByMetadata(object, &record);
  const auto& f = record.fields();
  EXPECT_EQ(f.at("Amount__gc").number_value(), 12.5);
  EXPECT_TRUE(f.at("Auto_Renew__gc").bool_value());
  EXPECT_EQ(f.at("External_Id__gc").string_value(), "00123");
  ASSERT_EQ(f.at("Tags__gc").list_value().values_size(), 2);
  EXPECT_EQ(f.at("Tags__gc").list_value().values(1).string_value(), "b");
}

}  // namespace
}  // namespace gsctl
