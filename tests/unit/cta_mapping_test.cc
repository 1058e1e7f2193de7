#include "gainsight/cta_mapping.h"

#include "common/status_details.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"

namespace gg {
namespace {

using gainsight::v1::GetCtaConfigResponse;
using ::testing::HasSubstr;
using ::testing::SizeIs;

Json DropdownItem(const std::string& gsid, const std::string& name,
                  const std::string& type_name = kAllCtaTypes,
                  bool active = true) {
  return Json{{"gsid", gsid},
              {"name", name},
              {"active", active},
              {"typeName", type_name}};
}

Json ConfigJson() {
  Json closed = DropdownItem("ST2", "Closed Success");
  closed["closed"] = true;
  return Json{
      {"CTA_TYPE",
       {DropdownItem("T1", "Risk"), DropdownItem("T2", "Expansion")}},
      {"CTA_STATUS", {DropdownItem("ST1", "New"), closed}},
      {"CTA_PRIORITY", {DropdownItem("P1", "High")}},
      {"CTA_REASON",
       {DropdownItem("R1", "Usage Drop", "Risk"),
        DropdownItem("R2", "Upsell", "Expansion"),
        DropdownItem("R3", "Renewal"),
        DropdownItem("R4", "Renewal", "Expansion"),
        DropdownItem("R5", "Legacy", kAllCtaTypes, false)}},
  };
}

TEST(CtaConfigFromJsonTest, ScopesReasonsAndStatusesToTheirType) {
  GetCtaConfigResponse config;
  ASSERT_TRUE(CtaConfigFromJson(ConfigJson(), &config).ok());
  ASSERT_THAT(config.types(), SizeIs(2));
  const auto& risk = config.types(0);
  EXPECT_EQ(risk.type().label(), "Risk");
  EXPECT_EQ(risk.type().gsid(), "T1");
  ASSERT_THAT(risk.reasons(), SizeIs(3));  // Usage Drop, Renewal, Legacy
  EXPECT_EQ(risk.reasons(0).label(), "Usage Drop");
  EXPECT_FALSE(risk.reasons(2).active());
  ASSERT_THAT(risk.statuses(), SizeIs(2));
  EXPECT_FALSE(risk.statuses(0).closed());
  EXPECT_TRUE(risk.statuses(1).closed());
  EXPECT_THAT(risk.priorities(), SizeIs(1));
  const auto& expansion = config.types(1);
  ASSERT_THAT(expansion.reasons(), SizeIs(4));
  EXPECT_EQ(expansion.reasons(0).label(), "Upsell");
}

TEST(CtaConfigFromJsonTest, RejectsMalformedData) {
  GetCtaConfigResponse config;
  EXPECT_FALSE(CtaConfigFromJson(Json::array(), &config).ok());
  EXPECT_FALSE(CtaConfigFromJson(Json{{"CTA_TYPE", "Risk"}}, &config).ok());
  EXPECT_FALSE(
      CtaConfigFromJson(Json{{"CTA_TYPE", {Json{{"name", "Risk"}}}}}, &config)
          .ok());
}

class ResolvePicklistValueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(CtaConfigFromJson(ConfigJson(), &config_).ok());
  }
  GetCtaConfigResponse config_;
};

TEST_F(ResolvePicklistValueTest, LabelHitIsCaseInsensitive) {
  auto gsid = ResolvePicklistValue(config_.types(0).reasons(), " usage drop ",
                                   "ctas[0].reason");
  ASSERT_TRUE(gsid.ok()) << gsid.status();
  EXPECT_EQ(*gsid, "R1");
}

TEST_F(ResolvePicklistValueTest, GsidHit) {
  auto gsid = ResolvePicklistValue(config_.types(0).statuses(), "ST2",
                                   "ctas[0].status");
  ASSERT_TRUE(gsid.ok());
  EXPECT_EQ(*gsid, "ST2");
}

TEST_F(ResolvePicklistValueTest, MissNamesFieldAndAllowedLabels) {
  auto gsid = ResolvePicklistValue(config_.types(0).reasons(), "Upsell",
                                   "ctas[2].reason");
  ASSERT_EQ(gsid.status().code(), absl::StatusCode::kInvalidArgument);
  google::rpc::BadRequest bad;
  ASSERT_TRUE(GetBadRequest(gsid.status(), &bad));
  ASSERT_THAT(bad.field_violations(), SizeIs(1));
  EXPECT_EQ(bad.field_violations(0).field(), "ctas[2].reason");
  // Active labels only; Upsell belongs to another type.
  EXPECT_THAT(bad.field_violations(0).description(),
              HasSubstr("allowed: \"Usage Drop\", \"Renewal\""));
  EXPECT_THAT(bad.field_violations(0).description(),
              ::testing::Not(HasSubstr("Legacy")));
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(GetErrorInfo(gsid.status(), &info));
  EXPECT_EQ(info.reason(), kUnknownLabelReason);
}

TEST_F(ResolvePicklistValueTest, InactiveLabelDoesNotResolve) {
  EXPECT_FALSE(
      ResolvePicklistValue(config_.types(0).reasons(), "Legacy", "r").ok());
}

TEST_F(ResolvePicklistValueTest, AmbiguousLabelListsCandidates) {
  auto gsid = ResolvePicklistValue(config_.types(1).reasons(), "renewal",
                                   "ctas[1].reason");
  ASSERT_EQ(gsid.status().code(), absl::StatusCode::kInvalidArgument);
  google::rpc::BadRequest bad;
  ASSERT_TRUE(GetBadRequest(gsid.status(), &bad));
  EXPECT_EQ(bad.field_violations(0).field(), "ctas[1].reason");
  EXPECT_THAT(bad.field_violations(0).description(), HasSubstr("ambiguous"));
  EXPECT_THAT(bad.field_violations(0).description(), HasSubstr("R3, R4"));
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(GetErrorInfo(gsid.status(), &info));
  EXPECT_EQ(info.reason(), kAmbiguousLabelReason);
}

TEST_F(ResolvePicklistValueTest, CtaLabelsResolveWithinTheirType) {
  gainsight::v1::Cta cta;
  cta.set_type("expansion");
  cta.set_status("Closed Success");
  cta.set_priority("HIGH");
  cta.set_reason("Upsell");
  auto picklists = ResolveCtaPicklists(cta, config_, "ctas[0]");
  ASSERT_TRUE(picklists.ok()) << picklists.status();
  EXPECT_EQ(picklists->type.gsid(), "T2");
  EXPECT_EQ(picklists->type.label(), "Expansion");
  EXPECT_EQ(picklists->status.gsid(), "ST2");
  EXPECT_TRUE(picklists->status.closed());
  EXPECT_EQ(picklists->priority.gsid(), "P1");
  EXPECT_EQ(picklists->reason.gsid(), "R2");
}

TEST_F(ResolvePicklistValueTest, CtaReasonOfAnotherTypeNamesItsField) {
  gainsight::v1::Cta cta;
  cta.set_type("Risk");
  cta.set_reason("Upsell");
  auto ids = ResolveCtaPicklists(cta, config_, "ctas[3]");
  ASSERT_EQ(ids.status().code(), absl::StatusCode::kInvalidArgument);
  google::rpc::BadRequest bad;
  ASSERT_TRUE(GetBadRequest(ids.status(), &bad));
  EXPECT_EQ(bad.field_violations(0).field(), "ctas[3].reason");
}

TEST_F(ResolvePicklistValueTest, CtaUpdateUsesTheExistingType) {
  gainsight::v1::Cta cta;
  cta.set_status("new");
  auto picklists = ResolveCtaPicklists(cta, config_, "ctas[0]", "T1");
  ASSERT_TRUE(picklists.ok()) << picklists.status();
  EXPECT_EQ(picklists->type.gsid(), "");
  EXPECT_EQ(picklists->status.gsid(), "ST1");
  EXPECT_EQ(picklists->status.label(), "New");
  auto without_type = ResolveCtaPicklists(cta, config_, "ctas[0]");
  ASSERT_EQ(without_type.status().code(), absl::StatusCode::kInvalidArgument);
  google::rpc::BadRequest bad;
  ASSERT_TRUE(GetBadRequest(without_type.status(), &bad));
  EXPECT_EQ(bad.field_violations(0).field(), "ctas[0].type");
}

TEST_F(ResolvePicklistValueTest, AGsidWhoseLabelIsSharedCannotBeSentByName) {
  // R3 and R4 are both labelled "Renewal": a GSID picks one, but a write
  // sends the label, which would not tell them apart.
  auto item = ResolvePicklistItem(ItemsOf(config_.types(1).reasons()), "R3",
                                  "ctas[0].reason");
  ASSERT_EQ(item.status().code(), absl::StatusCode::kInvalidArgument);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(GetErrorInfo(item.status(), &info));
  EXPECT_EQ(info.reason(), kAmbiguousLabelReason);
  EXPECT_TRUE(ResolvePicklistItem(ItemsOf(config_.types(1).reasons()), "R3",
                                  "r", /*by_label_only=*/false)
                  .ok());
}

TEST(CtaMappingTest, RecordCarriesPicklistLabelsAndOnlySetFields) {
  gainsight::v1::Cta cta;
  cta.set_name("Usage fell");
  cta.set_company_id("1P02C");
  cta.set_type("risk");  // any case: the configuration's label is sent
  cta.set_owner("csm@example.com");
  cta.mutable_due_date()->set_year(2026);
  cta.mutable_due_date()->set_month(3);
  cta.mutable_due_date()->set_day(31);
  cta.set_is_important(false);
  (*cta.mutable_custom_fields()->mutable_fields())["Arr__gc"].set_number_value(
      5);
  CtaPicklists picklists;
  picklists.type.set_gsid("T1");
  picklists.type.set_label("Risk");
  picklists.reason.set_gsid("R1");
  picklists.reason.set_label("Usage Drop");
  Json record = CtaRecord(cta, /*update=*/false, picklists, "U1");
  EXPECT_EQ(record.dump(),
            R"({"Name":"Usage fell","CompanyId":"1P02C",)"
            R"("DueDate":"2026-03-31","IsImportant":false,"Arr__gc":5,)"
            R"("type":"Risk","reason":"Usage Drop","OwnerId":"U1"})");
}

TEST(CtaMappingTest, DefaultSelectNamesOnlyFieldsGainsightSamplesShow) {
  const std::vector<std::string> select = CtaDefaultSelect();
  for (const char* unconfirmed :
       {"SuccessPlanId", "CtaGroupId", "PlaybookId", "PlaybookId__gr.Name",
        "RelationshipId", "ClosedDate", "CreatedDate"}) {
    EXPECT_THAT(select, ::testing::Not(::testing::Contains(unconfirmed)));
  }
  EXPECT_THAT(select, ::testing::Contains("TypeId__gr.Name"));
}

TEST(CtaMappingTest, UpdateQueryNamesBothCascades) {
  EXPECT_EQ(CtaUpdateQuery(gainsight::v1::DUE_DATE_CASCADE_UNSPECIFIED,
                           gainsight::v1::OWNER_CASCADE_ALL_OPEN_TASKS),
            "dueDateCascade=NO&ownerCascade=ALL_OPEN_TASKS");
}

TEST(CtaMappingTest, RowGivesLabelsIdsIsoDatesAndEntity) {
  Json row = Json::parse(R"({
    "Gsid": "1S01A", "Name": "n", "CompanyId": "1P02C",
    "CompanyId__gr.Name": "Acme", "EntityType": "RELATIONSHIP",
    "TypeId": "T1", "TypeId__gr.Name": "Risk", "StatusId": "S1",
    "ReasonId": "R1", "OwnerId": "U1", "OwnerId__gr.Email": "csm@example.com",
    "DueDate": "2026-03-31", "IsClosed": true,
    "ClosedDate": "2026-04-01T10:15:30.120Z", "Score__gc": 3})");
  gainsight::v1::Cta cta;
  ASSERT_TRUE(CtaFromRow(row, &cta).ok());
  EXPECT_EQ(cta.gsid(), "1S01A");
  EXPECT_EQ(cta.company_name(), "Acme");
  EXPECT_EQ(cta.entity_type(), gainsight::v1::ENTITY_TYPE_RELATIONSHIP);
  EXPECT_EQ(cta.type(), "Risk");
  EXPECT_EQ(cta.type_id(), "T1");
  EXPECT_EQ(cta.status(), "S1");  // no label in the row: the GSID
  EXPECT_EQ(cta.owner(), "csm@example.com");
  EXPECT_EQ(cta.due_date().day(), 31);
  EXPECT_TRUE(cta.is_closed());
  EXPECT_EQ(cta.close_time().seconds(), 1775038530);
  EXPECT_EQ(cta.close_time().nanos(), 120000000);
  EXPECT_EQ(cta.custom_fields().fields().at("Score__gc").number_value(), 3);
}

TEST(CtaMappingTest, ErrorFieldsNameProtoFields) {
  EXPECT_EQ(CtaProtoField("TypeId"), "type");
  EXPECT_EQ(CtaProtoField("reason"), "reason");
  EXPECT_EQ(CtaProtoField("OwnerId"), "owner");
  EXPECT_EQ(CtaProtoField("CompanyId"), "company_id");
  EXPECT_EQ(CtaProtoField("DueDate"), "due_date");
  EXPECT_EQ(CtaProtoField("Tier__gc"), "custom_fields.Tier__gc");
}

}  // namespace
}  // namespace gg

namespace gg {
namespace {

gainsight::v1::Condition* AddCondition(gainsight::v1::Filter& filter,
                                       const std::string& field,
                                       gainsight::v1::Operator op,
                                       std::vector<std::string> values) {
  auto* c = filter.add_conditions();
  c->set_field(field);
  c->set_operator_(op);
  for (const std::string& v : values) c->add_values()->set_string_value(v);
  return c;
}

std::vector<std::string> Values(const gainsight::v1::Condition& c) {
  std::vector<std::string> out;
  for (const auto& v : c.values()) out.push_back(v.string_value());
  return out;
}

TEST(CtaFilterLabelsTest, LabelsAreSentAsTheGsidsOfTheirItems) {
  GetCtaConfigResponse config;
  ASSERT_TRUE(CtaConfigFromJson(ConfigJson(), &config).ok());
  gainsight::v1::Filter filter;
  AddCondition(filter, "priority", gainsight::v1::OPERATOR_EQ, {"high"});
  // "Renewal" labels one item for every type and another for Expansion.
  AddCondition(filter, "Reason", gainsight::v1::OPERATOR_EQ, {"Renewal"});
  AddCondition(filter, "StatusId", gainsight::v1::OPERATOR_NE, {"ST2"});
  AddCondition(filter, "type", gainsight::v1::OPERATOR_IN,
               {"Risk", "expansion"});
  AddCondition(filter, "Name", gainsight::v1::OPERATOR_EQ, {"High"});
  AddCondition(filter, "priority", gainsight::v1::OPERATOR_CONTAINS, {"Hi"});
  ASSERT_TRUE(FiltersCtaPicklists(filter));
  ASSERT_TRUE(ResolveCtaFilterLabels(config, &filter).ok());

  EXPECT_EQ(filter.conditions(0).field(), "PriorityId");
  EXPECT_EQ(filter.conditions(0).operator_(), gainsight::v1::OPERATOR_EQ);
  EXPECT_THAT(Values(filter.conditions(0)), ::testing::ElementsAre("P1"));
  EXPECT_EQ(filter.conditions(1).field(), "ReasonId");
  EXPECT_EQ(filter.conditions(1).operator_(), gainsight::v1::OPERATOR_IN);
  EXPECT_THAT(Values(filter.conditions(1)),
              ::testing::UnorderedElementsAre("R3", "R4"));
  EXPECT_EQ(filter.conditions(2).field(), "StatusId");
  EXPECT_THAT(Values(filter.conditions(2)), ::testing::ElementsAre("ST2"));
  EXPECT_THAT(Values(filter.conditions(3)), ::testing::ElementsAre("T1", "T2"));
  // Other fields, and operators other than (NOT) EQUAL / IN, stay as given.
  EXPECT_EQ(filter.conditions(4).field(), "Name");
  EXPECT_THAT(Values(filter.conditions(4)), ::testing::ElementsAre("High"));
  EXPECT_EQ(filter.conditions(5).field(), "priority");
}

TEST(CtaFilterLabelsTest, ALabelOfNoItemIsRefusedListingTheLabels) {
  GetCtaConfigResponse config;
  ASSERT_TRUE(CtaConfigFromJson(ConfigJson(), &config).ok());
  gainsight::v1::Filter filter;
  AddCondition(filter, "Name", gainsight::v1::OPERATOR_EQ, {"x"});
  AddCondition(filter, "priority", gainsight::v1::OPERATOR_EQ,
               {"High", "Urgent"});
  absl::Status status = ResolveCtaFilterLabels(config, &filter);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  google::rpc::BadRequest bad;
  ASSERT_TRUE(GetBadRequest(status, &bad));
  EXPECT_EQ(bad.field_violations(0).field(), "filter.conditions[1].values[1]");
  EXPECT_THAT(bad.field_violations(0).description(),
              HasSubstr("\"Urgent\" is no priority of a CTA; known: \"High\""));
}

TEST(CtaFilterLabelsTest, FiltersWithoutPicklistsNeedNoConfiguration) {
  gainsight::v1::Filter filter;
  AddCondition(filter, "CompanyId", gainsight::v1::OPERATOR_EQ, {"1P02"});
  EXPECT_FALSE(FiltersCtaPicklists(filter));
}

}  // namespace
}  // namespace gg
