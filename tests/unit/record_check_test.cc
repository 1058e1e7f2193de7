#include "api/record_check.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace gg {
namespace {

using gainsight::v1::DataType;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::IsEmpty;

gainsight::v1::ObjectMetadata Tracker() {
  gainsight::v1::ObjectMetadata object;
  object.set_object_name("Renewal_Tracker__gc");
  auto add = [&](const char* name, DataType type) {
    auto* f = object.add_fields();
    f->set_field_name(name);
    f->set_data_type(type);
    return f;
  };
  add("Gsid", gainsight::v1::DATA_TYPE_GSID)->set_read_only(true);
  add("Name__gc", gainsight::v1::DATA_TYPE_STRING)->set_required(true);
  add("Amount__gc", gainsight::v1::DATA_TYPE_NUMBER);
  add("Renewal_Date__gc", gainsight::v1::DATA_TYPE_DATE);
  add("Captured_At__gc", gainsight::v1::DATA_TYPE_DATE_TIME);
  add("Auto_Renew__gc", gainsight::v1::DATA_TYPE_BOOLEAN);
  auto* stage = add("Stage__gc", gainsight::v1::DATA_TYPE_PICKLIST);
  stage->add_picklist_values()->set_label("Open");
  add("Company_ID__gc", gainsight::v1::DATA_TYPE_LOOKUP);
  return object;
}

google::protobuf::Struct Record(
    std::initializer_list<std::pair<const char*, google::protobuf::Value>>
        fields) {
  google::protobuf::Struct s;
  for (const auto& [k, v] : fields) (*s.mutable_fields())[k] = v;
  return s;
}

google::protobuf::Value Str(const char* s) {
  google::protobuf::Value v;
  v.set_string_value(s);
  return v;
}
google::protobuf::Value Num(double d) {
  google::protobuf::Value v;
  v.set_number_value(d);
  return v;
}
google::protobuf::Value Bool(bool b) {
  google::protobuf::Value v;
  v.set_bool_value(b);
  return v;
}
google::protobuf::Value Null() {
  google::protobuf::Value v;
  v.set_null_value(google::protobuf::NULL_VALUE);
  return v;
}

std::vector<std::string> Paths(const Violations& v) {
  std::vector<std::string> out;
  for (const auto& x : v) out.push_back(x.field);
  return out;
}

TEST(RecordCheckTest, AValidInsertHasNoViolations) {
  Violations out;
  CheckRecord(Tracker(),
              Record({{"Name__gc", Str("A")},
                      {"Amount__gc", Num(5)},
                      {"Renewal_Date__gc", Str("2027-03-01")},
                      {"Captured_At__gc", Str("2027-03-01T10:00:00Z")},
                      {"Auto_Renew__gc", Bool(true)},
                      {"Stage__gc", Str("Open")},
                      {"Company_ID__gc", Str("1P02ABC")}}),
              "records[0]", RecordWrite::kInsert, {}, out);
  EXPECT_THAT(out, IsEmpty());
}

TEST(RecordCheckTest, UnknownFieldIsNamed) {
  Violations out;
  CheckRecord(Tracker(), Record({{"Name__gc", Str("A")}, {"Nope__gc", Num(1)}}),
              "records[2]", RecordWrite::kInsert, {}, out);
  EXPECT_THAT(Paths(out), ElementsAre("records[2].Nope__gc"));
}

TEST(RecordCheckTest, WrongJsonTypesAreNamed) {
  Violations out;
  CheckRecord(Tracker(),
              Record({{"Name__gc", Num(3)},
                      {"Amount__gc", Str("5")},
                      {"Renewal_Date__gc", Str("03/01/2027")},
                      {"Captured_At__gc", Str("2027-03-01")},
                      {"Auto_Renew__gc", Str("true")},
                      {"Stage__gc", Str("Closed")}}),
              "records[0]", RecordWrite::kInsert, {}, out);
  EXPECT_THAT(
      Paths(out),
      ElementsAre("records[0].Amount__gc", "records[0].Auto_Renew__gc",
                  "records[0].Captured_At__gc", "records[0].Name__gc",
                  "records[0].Renewal_Date__gc", "records[0].Stage__gc"));
}

TEST(RecordCheckTest, InsertRefusesReadOnlyAndRequiresRequired) {
  Violations out;
  CheckRecord(Tracker(), Record({{"Gsid", Str("1CO1X")}}), "records[0]",
              RecordWrite::kInsert, {}, out);
  EXPECT_THAT(Paths(out),
              ElementsAre("records[0].Gsid", "records[0].Name__gc"));
}

TEST(RecordCheckTest, UpdateAllowsGsidAsKeyAndNeedsNoRequiredFields) {
  Violations out;
  CheckRecord(Tracker(),
              Record({{"Gsid", Str("1CO1X")}, {"Amount__gc", Num(1)}}),
              "records[0]", RecordWrite::kUpdate, {"Gsid"}, out);
  EXPECT_THAT(out, IsEmpty());
}

TEST(RecordCheckTest, NullClearsOnlyFieldsThatAreNotRequired) {
  Violations out;
  CheckRecord(Tracker(),
              Record({{"Name__gc", Null()},
                      {"Amount__gc", Null()},
                      {"External__gc", Null()}}),
              "records[0]", RecordWrite::kUpdate, {}, out);
  EXPECT_THAT(Paths(out),
              ElementsAre("records[0].External__gc", "records[0].Name__gc"));
}

TEST(RecordCheckTest, KeyedWritesNeedEveryKey) {
  Violations out;
  CheckRecord(Tracker(), Record({{"Amount__gc", Num(1)}}), "records[1]",
              RecordWrite::kUpdate, {"Name__gc"}, out);
  EXPECT_THAT(Paths(out), ElementsAre("records[1]"));
  out.clear();
  CheckKeyFields(Tracker(), {"Name__gc", "Missing__gc"}, out);
  EXPECT_THAT(Paths(out), ElementsAre("keys[1]"));
}

TEST(RecordCheckTest, QueryFieldsMustExistButPathsPass) {
  google::protobuf::RepeatedPtrField<std::string> select;
  select.Add("Name__gc");
  select.Add("Company_ID__gr.Name");
  select.Add("Bogus");
  gainsight::v1::Filter filter;
  filter.add_conditions()->set_field("Missing__gc");
  google::protobuf::RepeatedPtrField<gainsight::v1::OrderBy> order_by;
  order_by.Add()->set_field("Amount__gc");
  Violations out;
  CheckQueryFields(Tracker(), select, filter, order_by, out);
  EXPECT_THAT(Paths(out),
              ElementsAre("select[2]", "filter.conditions[0].field"));
}

}  // namespace
}  // namespace gg
