#include "api/record_check.h"

#include <utility>

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
  auto* open = stage->add_picklist_values();
  open->set_label("Open");
  open->set_gsid("1I00OPEN");
  open->set_active(true);
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

// An import's CSV cells: the text of the values a write takes.
TEST(RecordCheckTest, ImportCellsMustBeTheTextOfTheirFieldsType) {
  const gainsight::v1::ObjectMetadata tracker = Tracker();
  auto problem = [&](const char* field, const char* cell) {
    return CellProblem(*FindField(tracker, field), cell);
  };
  EXPECT_EQ(problem("Amount__gc", "12.5"), "");
  EXPECT_EQ(problem("Amount__gc", "-3e2"), "");
  EXPECT_EQ(problem("Amount__gc", "twelve"), "must be a number");
  EXPECT_EQ(problem("Amount__gc", "inf"), "must be a number");
  EXPECT_EQ(problem("Auto_Renew__gc", "TRUE"), "");
  EXPECT_EQ(problem("Auto_Renew__gc", "false"), "");
  EXPECT_EQ(problem("Auto_Renew__gc", "yes"), "must be true or false");
  EXPECT_EQ(problem("Renewal_Date__gc", "2026-12-31"), "");
  EXPECT_THAT(problem("Renewal_Date__gc", "12/31/2026"),
              ::testing::HasSubstr("YYYY-MM-DD"));
  EXPECT_EQ(problem("Captured_At__gc", "2026-12-31T09:30:00Z"), "");
  EXPECT_THAT(problem("Captured_At__gc", "2026-12-31"),
              ::testing::HasSubstr("RFC 3339"));
  EXPECT_EQ(problem("Stage__gc", "Open"), "");
  EXPECT_EQ(problem("Stage__gc", "1I00OPEN"), "");
  EXPECT_THAT(problem("Stage__gc", "Closed"), ::testing::HasSubstr("Open"));
  // Text takes anything; an empty cell leaves any field unset.
  EXPECT_EQ(problem("Name__gc", "12"), "");
  EXPECT_EQ(problem("Amount__gc", ""), "");
  EXPECT_EQ(problem("Auto_Renew__gc", ""), "");
}

// How a cell lists several items is undocumented: one item, or items
// separated by ';' or ','; a cell no reading fits is refused.
TEST(RecordCheckTest, AMultiPicklistCellIsRefusedOnlyWhenNoReadingFits) {
  gainsight::v1::FieldMetadata regions;
  regions.set_field_name("Regions__gc");
  regions.set_data_type(gainsight::v1::DATA_TYPE_MULTI_PICKLIST);
  for (const auto& [label, gsid] :
       {std::pair<const char*, const char*>{"EMEA", "1I00EM"},
        {"APAC", "1I00AP"},
        {"North, South", "1I00NS"}}) {
    auto* item = regions.add_picklist_values();
    item->set_label(label);
    item->set_gsid(gsid);
    item->set_active(true);
  }
  EXPECT_EQ(CellProblem(regions, "EMEA"), "");
  EXPECT_EQ(CellProblem(regions, "emea;APAC"), "");
  EXPECT_EQ(CellProblem(regions, "EMEA; APAC;"), "");
  EXPECT_EQ(CellProblem(regions, "EMEA,APAC"), "");
  EXPECT_EQ(CellProblem(regions, "North, South"), "") << "one item's label";
  EXPECT_EQ(CellProblem(regions, "North, South;EMEA"), "");
  EXPECT_EQ(CellProblem(regions, "1I00EM;1I00AP"), "") << "GSIDs";

  EXPECT_THAT(CellProblem(regions, "EMEA;APCA"),
              ::testing::StartsWith("has APCA, which"));
  EXPECT_THAT(CellProblem(regions, "EMEA,APCA"),
              ::testing::StartsWith("has APCA, which"));
  EXPECT_THAT(CellProblem(regions, "Americas"),
              ::testing::StartsWith("has Americas, which"));
  EXPECT_THAT(CellProblem(regions, "EMEA;North, Sooth"),
              ::testing::StartsWith("has North, Sooth, which"));

  // A field whose describe lists no items takes anything.
  regions.clear_picklist_values();
  EXPECT_EQ(CellProblem(regions, "Anything;at all"), "");
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

TEST(RecordCheckTest, FieldNamesMatchInAnyLetterCaseAndSendTheDescribedOne) {
  EXPECT_EQ(FindField(Tracker(), "amount__GC")->field_name(), "Amount__gc");
  EXPECT_EQ(DescribedName(Tracker(), "stage__gc"), "Stage__gc");
  EXPECT_EQ(DescribedName(Tracker(), "company_id__gr.Name"),
            "company_id__gr.Name")
      << "lookup paths are Gainsight's to read";
  EXPECT_EQ(DescribedName(Tracker(), "Unknown__gc"), "Unknown__gc");
  Json record = {{"name__gc", "A"}, {"AMOUNT__GC", 5}};
  EXPECT_EQ(WithDescribedNames(Tracker(), record),
            (Json{{"Name__gc", "A"}, {"Amount__gc", 5}}));
  QuerySpec spec;
  spec.select = {"name__gc"};
  spec.filter.add_conditions()->set_field("auto_renew__gc");
  spec.order_by.emplace_back();
  spec.order_by.back().set_field("AMOUNT__gc");
  UseDescribedNames(Tracker(), &spec);
  EXPECT_THAT(spec.select, ElementsAre("Name__gc"));
  EXPECT_EQ(spec.filter.conditions(0).field(), "Auto_Renew__gc");
  EXPECT_EQ(spec.order_by[0].field(), "Amount__gc");
}

TEST(RecordCheckTest, ARecordInAnyLetterCaseIsCheckedAsTheDescribedOne) {
  Violations out;
  // The required Name__gc is set as name__gc; a key in another case counts.
  CheckRecord(Tracker(),
              Record({{"name__gc", Str("A")}, {"amount__gc", Num(1)}}),
              "records[0]", RecordWrite::kUpsert, {"NAME__GC"}, out);
  EXPECT_THAT(out, IsEmpty());
  // One field twice, in two spellings.
  CheckRecord(Tracker(),
              Record({{"Name__gc", Str("A")}, {"name__gc", Str("B")}}),
              "records[1]", RecordWrite::kInsert, {}, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].field, "records[1].name__gc");
  EXPECT_EQ(out[0].description, "sets Name__gc again (as Name__gc)");
}

TEST(RecordCheckTest, AnUnknownNameSuggestsTheClosestFields) {
  Violations out;
  CheckRecord(Tracker(),
              Record({{"Name__gc", Str("A")}, {"Amuont__gc", Num(1)}}),
              "records[0]", RecordWrite::kInsert, {}, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].description,
            "is not a field of Renewal_Tracker__gc (did you mean Amount__gc?)");
  out.clear();
  CheckKeyFields(Tracker(), {"Stage"}, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].description,
            "is not a field of Renewal_Tracker__gc (did you mean Stage__gc?)");
}

TEST(RecordCheckTest, FilterOperandsMustBeOfTheTypeTheirFieldCompares) {
  QuerySpec spec;
  auto* amount = spec.filter.add_conditions();
  amount->set_field("Amount__gc");
  *amount->add_values() = Num(5);
  *amount->add_values() = Str("five");
  auto* date = spec.filter.add_conditions();
  date->set_field("Renewal_Date__gc");
  *date->add_values() = Str("2027-13-01");
  auto* renew = spec.filter.add_conditions();
  renew->set_field("auto_renew__gc");
  *renew->add_values() = Bool(true);
  auto* name = spec.filter.add_conditions();
  name->set_field("Name__gc");
  *name->add_values() = Str("anything");
  *name->add_values() = Null();
  Violations out;
  CheckQuerySpec(Tracker(), spec, out);
  EXPECT_THAT(Paths(out), ElementsAre("filter.conditions[0].values[1]",
                                      "filter.conditions[1].values[0]"));
  EXPECT_EQ(out[0].description,
            "compares with Amount__gc, so it must be a number");
}

}  // namespace
}  // namespace gg
