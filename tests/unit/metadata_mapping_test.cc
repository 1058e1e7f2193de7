#include "gainsight/metadata_mapping.h"

#include "gtest/gtest.h"

namespace gg {
namespace {

// A describe answer in the digest's shape (§7.3), cut down.
constexpr char kDescribeAnswer[] = R"json([{
  "objectName": "Renewal_Tracker__gc", "label": "Renewal Tracker",
  "labelPlural": "Renewal Trackers", "objectType": "CUSTOM",
  "keyPrefix": "1CO1", "transactional": true, "readable": true,
  "createable": true, "schemaUpdateable": true,
  "fields": [
    {"fieldName": "Gsid", "label": "GSID", "dataType": "GSID",
     "meta": {"readOnly": true, "createable": false, "updateable": false,
              "fieldGroupType": "SYSTEM", "length": 220, "nillable": false}},
    {"fieldName": "Name__gc", "label": "Name", "dataType": "STRING",
     "meta": {"required": true, "createable": true, "updateable": true,
              "fieldGroupType": "CUSTOM", "length": 255, "nameField": true,
              "filterable": true, "sortable": true}},
    {"fieldName": "Stage__gc", "label": "Stage", "dataType": "PICKLIST",
     "meta": {"properties": {"sourceType": "PICKLIST",
                             "PICKLIST_CATEGORY_ID": "1I00CAT"}},
     "options": [{"label": "Open", "value": "1I00OPEN", "displayOrder": 1,
                  "active": true, "defaultValue": true},
                 {"label": "Won", "value": "1I00WON", "displayOrder": 2,
                  "active": false}]},
    {"fieldName": "Company_ID__gc", "label": "Company", "dataType": "LOOKUP",
     "meta": {"hasLookup": true, "lookupDetail": {
       "lookupName": "Company_ID__gr", "fieldName": "Gsid",
       "lookupObjects": [{"objectName": "Company"}]}}},
    {"fieldName": "Odd__gc", "dataType": "WHOID", "required": true}
  ]}])json";

TEST(MetadataMappingTest, DescribeMapsObjectAndFields) {
  gainsight::v1::ObjectMetadata object;
  ASSERT_TRUE(DescribeFromJson(Json::parse(kDescribeAnswer),
                               "Renewal_Tracker__gc", &object)
                  .ok());
  EXPECT_EQ(object.object_name(), "Renewal_Tracker__gc");
  EXPECT_EQ(object.label_plural(), "Renewal Trackers");
  EXPECT_EQ(object.object_type(), gainsight::v1::OBJECT_TYPE_CUSTOM);
  EXPECT_EQ(object.key_prefix(), "1CO1");
  EXPECT_TRUE(object.transactional());
  EXPECT_TRUE(object.schema_updateable());
  ASSERT_EQ(object.fields_size(), 5);

  const auto& gsid = object.fields(0);
  EXPECT_EQ(gsid.data_type(), gainsight::v1::DATA_TYPE_GSID);
  EXPECT_TRUE(gsid.read_only());
  EXPECT_FALSE(gsid.createable());
  EXPECT_EQ(gsid.group(), gainsight::v1::FIELD_GROUP_SYSTEM);
  EXPECT_EQ(gsid.length(), 220);

  const auto& name = object.fields(1);
  EXPECT_TRUE(name.required());
  EXPECT_TRUE(name.name_field());
  EXPECT_TRUE(name.filterable());
  EXPECT_EQ(name.group(), gainsight::v1::FIELD_GROUP_CUSTOM);

  const auto& stage = object.fields(2);
  EXPECT_EQ(stage.data_type(), gainsight::v1::DATA_TYPE_PICKLIST);
  EXPECT_EQ(stage.picklist_category_id(), "1I00CAT");
  ASSERT_EQ(stage.picklist_values_size(), 2);
  EXPECT_EQ(stage.picklist_values(0).label(), "Open");
  EXPECT_EQ(stage.picklist_values(0).gsid(), "1I00OPEN");
  EXPECT_TRUE(stage.picklist_values(0).is_default());
  EXPECT_FALSE(stage.picklist_values(1).active());
  EXPECT_EQ(stage.picklist_values(1).display_order(), 2);

  const auto& company = object.fields(3);
  EXPECT_EQ(company.data_type(), gainsight::v1::DATA_TYPE_LOOKUP);
  EXPECT_EQ(company.lookup().relationship_name(), "Company_ID__gr");
  EXPECT_EQ(company.lookup().target_field(), "Gsid");
  ASSERT_EQ(company.lookup().target_objects_size(), 1);
  EXPECT_EQ(company.lookup().target_objects(0), "Company");

  // Unknown type names keep Gainsight's name; flags outside `meta` are read.
  const auto& odd = object.fields(4);
  EXPECT_EQ(odd.data_type(), gainsight::v1::DATA_TYPE_UNSPECIFIED);
  EXPECT_EQ(odd.gainsight_data_type(), "WHOID");
  EXPECT_TRUE(odd.required());
}

TEST(MetadataMappingTest, ListMapsEveryEntryWithoutFields) {
  gainsight::v1::ListObjectsResponse list;
  ASSERT_TRUE(ObjectListFromJson(Json::parse(R"json([
      {"objectName": "company", "label": "Company", "objectType": "STANDARD",
       "multiCurrencySupported": true},
      {"objectName": "gsuser", "objectType": "SYSTEM", "readable": "true"}])json"),
                                 &list)
                  .ok());
  ASSERT_EQ(list.objects_size(), 2);
  EXPECT_EQ(list.objects(0).object_type(), gainsight::v1::OBJECT_TYPE_STANDARD);
  EXPECT_TRUE(list.objects(0).multi_currency());
  EXPECT_EQ(list.objects(1).object_type(), gainsight::v1::OBJECT_TYPE_SYSTEM);
  EXPECT_TRUE(list.objects(1).readable());
  EXPECT_EQ(list.objects(1).fields_size(), 0);
}

TEST(MetadataMappingTest, MalformedAnswersAreInternal) {
  gainsight::v1::ObjectMetadata object;
  EXPECT_EQ(DescribeFromJson(Json::array(), "Company", &object).code(),
            absl::StatusCode::kInternal);
  EXPECT_EQ(
      DescribeFromJson(Json::parse(R"([{"label": "x"}])"), "Company", &object)
          .code(),
      absl::StatusCode::kInternal);
  gainsight::v1::ListObjectsResponse list;
  EXPECT_EQ(ObjectListFromJson(Json::object(), &list).code(),
            absl::StatusCode::kInternal);
}

TEST(MetadataMappingTest, DescribePicksTheObjectByNameNotPosition) {
  // Related objects may come first (a describe without ic=false&cl=0).
  Json data = Json::parse(R"([
    {"objectName": "Company", "fields": [{"fieldName": "Name"}]},
    {"objectName": "renewal_tracker__gc", "fields": [{"fieldName": "Name__gc"}]}
  ])");
  gainsight::v1::ObjectMetadata object;
  ASSERT_TRUE(DescribeFromJson(data, "Renewal_Tracker__gc", &object).ok());
  EXPECT_EQ(object.object_name(), "renewal_tracker__gc");
  ASSERT_EQ(object.fields_size(), 1);
  EXPECT_EQ(object.fields(0).field_name(), "Name__gc");
  EXPECT_EQ(DescribeFromJson(data, "Person", &object).code(),
            absl::StatusCode::kInternal)
      << "no entry of that name: never another object's fields";
  ASSERT_TRUE(DescribeFromJson(data[0], "company", &object).ok())
      << "a single entry outside an array is tolerated";
}

TEST(MetadataMappingTest, DataTypeNamesAreCaseInsensitive) {
  EXPECT_EQ(DataTypeFromName("datetime"), gainsight::v1::DATA_TYPE_DATE_TIME);
  EXPECT_EQ(DataTypeFromName("MULTISELECTDROPDOWNLIST"),
            gainsight::v1::DATA_TYPE_MULTI_PICKLIST);
  EXPECT_EQ(DataTypeFromName("IMAGE"), gainsight::v1::DATA_TYPE_UNSPECIFIED);
}

}  // namespace
}  // namespace gg
