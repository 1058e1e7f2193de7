#include "sandbox/record_validation.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "sandbox/builtin_objects.h"
#include "sandbox/error_codes.h"

namespace gg::sandbox {
namespace {

class RecordValidationTest : public ::testing::Test {
 protected:
  RecordValidationTest() : company_(CompanyObject()) {}

  ValidatedBatch Insert(Json records) {
    return ValidateRecords(company_, records, WriteMode::kInsert, {});
  }

  ValidatedBatch Update(Json records, std::vector<std::string> keys) {
    std::vector<int> fields;
    for (const std::string& key : keys) {
      fields.push_back(company_.FieldIndex(key));
    }
    return ValidateRecords(company_, records, WriteMode::kUpdate, fields);
  }

  // The single error of inserting `record`.
  RecordError OnlyError(Json record) {
    ValidatedBatch batch = Insert(Json::array({std::move(record)}));
    EXPECT_EQ(batch.errors.size(), 1u);
    return batch.errors.empty() ? RecordError{} : batch.errors[0];
  }

  ObjectDef company_;
};

TEST_F(RecordValidationTest, DecodesAValidRecord) {
  ValidatedBatch batch = Insert(Json::array({{
      {"Name", "Northwind"},
      {"Arr", 250000},
      {"Employees", 420.5},
      {"RenewalDate", "2025-03-01"},
      {"OriginalContractDate", "03-01-2025"},
      {"Stage", "New Customer"},
      {"IsStrategic__gc", false},
      {"Csm", "1P01AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
      {"Industry", nullptr},
  }}));
  ASSERT_TRUE(batch.ok());
  ASSERT_EQ(batch.records.size(), 1u);
  const RecordFields& fields = batch.records[0];
  ASSERT_EQ(fields.size(), 9u);  // in the order given
  EXPECT_EQ(fields[0].field, company_.FieldIndex("Name"));
  EXPECT_EQ(std::get<std::string>(fields[0].value), "Northwind");
  EXPECT_EQ(std::get<double>(fields[1].value), 250000.0);
  EXPECT_EQ(std::get<int64_t>(fields[3].value), 1740787200000);
  EXPECT_EQ(std::get<int64_t>(fields[4].value), 1740787200000);
  EXPECT_EQ(std::get<bool>(fields[6].value), false);
  EXPECT_TRUE(IsNull(fields[8].value));
}

TEST_F(RecordValidationTest, EachRuleHasItsCode) {
  struct Case {
    const char* what;
    Json record;
    const char* field;
    const char* code;
  };
  const std::string long_name(256, 'x');
  const Case cases[] = {
      {"unknown field",
       {{"Name", "a"}, {"Nope", 1}},
       "Nope",
       codes::kInvalidField},
      {"string for a number",
       {{"Name", "a"}, {"Arr", "1"}},
       "Arr",
       codes::kInvalidField},
      {"number for a string", {{"Name", 5}}, "Name", codes::kInvalidField},
      {"too long", {{"Name", long_name}}, "Name", codes::kFieldTooLong},
      {"bad date",
       {{"Name", "a"}, {"RenewalDate", "2025-02-30"}},
       "RenewalDate",
       codes::kInvalidDate},
      {"date-time for a date",
       {{"Name", "a"}, {"RenewalDate", "2025-03-01T00:00:00Z"}},
       "RenewalDate",
       codes::kInvalidDate},
      {"number for a date",
       {{"Name", "a"}, {"RenewalDate", 1740787200000}},
       "RenewalDate",
       codes::kInvalidDate},
      {"null required", {{"Name", nullptr}}, "Name", codes::kNullValue},
      {"missing required", {{"Industry", "Retail"}}, "Name", codes::kNullValue},
      {"picklist label not in list",
       {{"Name", "a"}, {"Stage", "Won"}},
       "Stage",
       codes::kInvalidField},
      {"picklist label in another case",
       {{"Name", "a"}, {"Status", "active"}},
       "Status",
       codes::kInvalidField},
      {"read-only Gsid",
       {{"Name", "a"}, {"Gsid", "1P02AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}},
       "Gsid",
       codes::kInvalidField},
      {"read-only CreatedDate",
       {{"Name", "a"}, {"CreatedDate", "2025-03-01T00:00:00Z"}},
       "CreatedDate",
       codes::kInvalidField},
      {"bad GSID",
       {{"Name", "a"}, {"Csm", "user-1"}},
       "Csm",
       codes::kInvalidField},
      {"bad boolean",
       {{"Name", "a"}, {"IsStrategic__gc", "true"}},
       "IsStrategic__gc",
       codes::kValidation},
  };
  for (const Case& c : cases) {
    RecordError error = OnlyError(c.record);
    EXPECT_EQ(error.index, 0) << c.what;
    EXPECT_EQ(error.field_name, c.field) << c.what;
    EXPECT_EQ(error.code, c.code) << c.what;
  }
}

TEST_F(RecordValidationTest, CountsCharactersNotBytes) {
  std::string name;
  for (int i = 0; i < 255; ++i) name += "\xC3\xA9";  // 255 x 'é', 510 bytes
  EXPECT_TRUE(Insert(Json::array({{{"Name", name}}})).ok());
  name += "\xC3\xA9";
  EXPECT_FALSE(Insert(Json::array({{{"Name", name}}})).ok());
}

TEST_F(RecordValidationTest, AllOrNothingListsEveryBadRecord) {
  ValidatedBatch batch = Insert(Json::array({
      {{"Name", "good"}},
      {{"Name", "bad Arr"}, {"Arr", "lots"}},
      {{"Name", "good too"}},
      {{"Industry", "no name"}, {"Stage", "Won"}},
  }));
  EXPECT_FALSE(batch.ok());
  EXPECT_TRUE(batch.records.empty());  // nothing to write
  ASSERT_EQ(batch.errors.size(), 3u);
  EXPECT_EQ(batch.errors[0].index, 1);
  EXPECT_EQ(batch.errors[0].field_name, "Arr");
  EXPECT_EQ(batch.errors[1].index, 3);
  EXPECT_EQ(batch.errors[1].field_name, "Stage");
  EXPECT_EQ(batch.errors[2].index, 3);
  EXPECT_EQ(batch.errors[2].field_name, "Name");
}

TEST_F(RecordValidationTest, ErrorsNeverEchoValues) {
  ValidatedBatch batch = Insert(Json::array({{
      {"Name", "SECRET-1"},
      {"Arr", "SECRET-2"},
      {"RenewalDate", "SECRET-3"},
      {"CreatedDate", "SECRET-4"},
      {"Stage", "SECRET-5"},
      {"Csm", "SECRET-6"},
      {"IsStrategic__gc", "SECRET-7"},
      {"Industry", std::string(300, 'S')},
  }}));
  ASSERT_EQ(batch.errors.size(), 7u);
  for (const RecordError& error : batch.errors) {
    EXPECT_EQ(error.desc.find("SECRET"), std::string::npos) << error.desc;
    EXPECT_EQ(error.desc.find("SSSS"), std::string::npos) << error.desc;
    EXPECT_NE(error.desc.find(error.field_name), std::string::npos);
  }
}

TEST_F(RecordValidationTest, RecordThatIsNotAnObject) {
  ValidatedBatch batch = Insert(Json::array({{{"Name", "ok"}}, "text"}));
  ASSERT_EQ(batch.errors.size(), 1u);
  EXPECT_EQ(batch.errors[0].index, 1);
  EXPECT_EQ(batch.errors[0].field_name, "");
  EXPECT_EQ(batch.errors[0].code, codes::kValidation);
}

TEST_F(RecordValidationTest, UpdateMayOmitRequiredFieldsButNotKeys) {
  EXPECT_TRUE(
      Update(Json::array({{{"Industry", "x"}, {"Arr", 1}}}), {"Industry"})
          .ok());
  ValidatedBatch missing_key =
      Update(Json::array({{{"Arr", 1}}}), {"Industry"});
  ASSERT_EQ(missing_key.errors.size(), 1u);
  EXPECT_EQ(missing_key.errors[0].field_name, "Industry");
  EXPECT_EQ(missing_key.errors[0].code, codes::kNullValue);
  ValidatedBatch null_key =
      Update(Json::array({{{"Industry", nullptr}}}), {"Industry"});
  ASSERT_EQ(null_key.errors.size(), 1u);
  EXPECT_EQ(null_key.errors[0].code, codes::kNullValue);
  // A required field may be left out but not cleared.
  ValidatedBatch null_required = Update(
      Json::array({{{"Industry", "x"}, {"Name", nullptr}}}), {"Industry"});
  ASSERT_EQ(null_required.errors.size(), 1u);
  EXPECT_EQ(null_required.errors[0].field_name, "Name");
}

TEST_F(RecordValidationTest, UpdateAllowsReadOnlyFieldsOnlyAsKeys) {
  Json by_gsid = Json::array(
      {{{"Gsid", "1P02AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}, {"Arr", 5}}});
  EXPECT_TRUE(Update(by_gsid, {"Gsid"}).ok());
  ValidatedBatch not_key = Update(by_gsid, {"Arr"});
  ASSERT_EQ(not_key.errors.size(), 1u);
  EXPECT_EQ(not_key.errors[0].field_name, "Gsid");
  EXPECT_EQ(not_key.errors[0].code, codes::kInvalidField);
}

TEST_F(RecordValidationTest, ErrorsAsJson) {
  Json json = RecordErrorsJson(
      {{2, "Arr", "GSOBJ_1002", "bad"}, {3, "", "GSOBJ_1008", "worse"}});
  EXPECT_EQ(json.dump(),
            R"([{"index":2,"fieldName":"Arr","errorCode":"GSOBJ_1002",)"
            R"("errorDesc":"bad"},{"index":3,"fieldName":null,)"
            R"("errorCode":"GSOBJ_1008","errorDesc":"worse"}])");
}

}  // namespace
}  // namespace gg::sandbox
