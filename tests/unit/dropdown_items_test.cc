// The describe call's picklist items: a field whose describe lists no
// options gets its category's items from the Dropdown API (one call per
// category); a failed or unreadable dropdown answer leaves the field
// without items and the describe still answers.
#include <optional>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ops/metadata_calls.h"
#include "tests/support/client_harness.h"

namespace gg {
namespace {

using gainsight::v1::ObjectMetadata;
using testing::ClientHarness;
using testing::OkEnvelope;

constexpr char kCompanyDescribePath[] =
    "/v1/meta/services/objects/Company/describe";

Json PicklistField(const std::string& name, const std::string& category,
                   Json options = Json::array()) {
  return {
      {"fieldName", name},
      {"dataType", "PICKLIST"},
      {"options", std::move(options)},
      {"meta",
       {{"properties",
         {{"PICKLIST_CATEGORY_ID", category}, {"sourceType", "PICKLIST"}}}}}};
}

Json Dropdown(std::initializer_list<std::pair<const char*, bool>> items) {
  Json children = Json::array();
  for (const auto& [name, active] : items) {
    children.push_back({{"gsid", std::string("1I00") + name},
                        {"name", name},
                        {"active", active},
                        {"displayOrder", children.size() + 1}});
  }
  return {{"categoryDetails", {{"gsid", "1I00CAT"}}},
          {"childItems", std::move(children)}};
}

class DropdownItemsTest : public ::testing::Test {
 protected:
  ObjectMetadata Describe() {
    std::optional<absl::StatusOr<ObjectMetadata>> out;
    DescribeObjectCall(harness_.client(), "Company", harness_.Context(),
                       [&](absl::StatusOr<ObjectMetadata> m) { out = m; });
    EXPECT_TRUE(out.has_value()) << "answered on this thread";
    EXPECT_TRUE(out.has_value() && out->ok());
    return out.has_value() && out->ok() ? **out : ObjectMetadata();
  }

  static std::vector<std::string> Labels(const ObjectMetadata& object,
                                         int field) {
    std::vector<std::string> labels;
    for (const auto& item : object.fields(field).picklist_values()) {
      labels.push_back(item.label() + (item.active() ? "" : " (inactive)"));
    }
    return labels;
  }

  ClientHarness harness_;
};

TEST_F(DropdownItemsTest, FieldsWithoutOptionsGetTheirCategorysItemsOnce) {
  Json listed = Json::array(
      {{{"label", "Customer"}, {"value", "1I00CUSTOMER"}, {"active", true}}});
  harness_.http()
      .Expect(HttpMethod::kGet, kCompanyDescribePath)
      .Answer(
          200,
          OkEnvelope(Json::array(
              {{{"objectName", "Company"},
                {"fields",
                 {PicklistField("Stage", "CAT1"), PicklistField("Tags", "CAT2"),
                  PicklistField("Stage_Copy__gc", "CAT1"),
                  PicklistField("CompanyType", "CAT3", listed)}}}})));
  harness_.http()
      .Expect(HttpMethod::kGet, "/v1/meta/services/dropdowns/CAT1")
      .Answer(200, OkEnvelope(Dropdown({{"Launched", true}, {"Old", false}})));
  harness_.http()
      .Expect(HttpMethod::kGet, "/v1/meta/services/dropdowns/CAT2")
      .Answer(200, OkEnvelope(Dropdown({{"Beta", true}})));

  const ObjectMetadata company = Describe();
  ASSERT_EQ(company.fields_size(), 4);
  EXPECT_THAT(Labels(company, 0),
              ::testing::ElementsAre("Launched", "Old (inactive)"));
  EXPECT_EQ(company.fields(0).picklist_values(0).gsid(), "1I00Launched");
  EXPECT_THAT(Labels(company, 1), ::testing::ElementsAre("Beta"));
  EXPECT_THAT(Labels(company, 2),
              ::testing::ElementsAre("Launched", "Old (inactive)"));
  EXPECT_THAT(Labels(company, 3), ::testing::ElementsAre("Customer"));
  EXPECT_EQ(harness_.http().request_count(), 3) << "CAT1 once, CAT3 never";
  EXPECT_EQ(harness_.http().unmet(), 0);
}

TEST_F(DropdownItemsTest, AFailedOrUnreadableDropdownLeavesTheFieldBare) {
  harness_.http()
      .Expect(HttpMethod::kGet, kCompanyDescribePath)
      .Answer(200,
              OkEnvelope(Json::array({{{"objectName", "Company"},
                                       {"fields",
                                        {PicklistField("Stage", "CAT1"),
                                         PicklistField("Tags", "CAT2")}}}})));
  harness_.http()
      .Expect(HttpMethod::kGet, "/v1/meta/services/dropdowns/CAT1")
      .Answer(200, OkEnvelope({{"items", Json::array()}}));
  harness_.http()
      .Expect(HttpMethod::kGet, "/v1/meta/services/dropdowns/CAT2")
      .Answer(404, R"({"result":false,"errorCode":"GS_APIG_1000"})");

  const ObjectMetadata company = Describe();
  ASSERT_EQ(company.fields_size(), 2);
  EXPECT_EQ(company.fields(0).picklist_values_size(), 0);
  EXPECT_EQ(company.fields(1).picklist_values_size(), 0);
  EXPECT_EQ(harness_.http().unmet(), 0);
}

}  // namespace
}  // namespace gg
