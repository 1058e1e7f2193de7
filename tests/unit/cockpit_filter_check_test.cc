#include "api/cockpit_filter_check.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "common/clock.h"
#include "common/status_details.h"
#include "gainsight/cta_mapping.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace gg {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// The describe every fetch answers (or `failure`), and the objects asked for.
class Describes {
 public:
  MetadataCache::Fetcher AsFetcher() {
    return [this](std::string object, CallContext,
                  MetadataCache::FetchCallback done) {
      requested.push_back(object);
      if (!failure.ok()) {
        done(failure);
        return;
      }
      gainsight::v1::ObjectMetadata described;
      described.set_object_name(object);
      for (const char* name :
           {"Gsid", "CompanyId", "PriorityId", "Escalation_Level__gc"}) {
        described.add_fields()->set_field_name(name);
      }
      auto* closed = described.add_fields();
      closed->set_field_name("IsClosed");
      closed->set_data_type(gainsight::v1::DATA_TYPE_BOOLEAN);
      auto* due = described.add_fields();
      due->set_field_name("DueDate");
      due->set_data_type(gainsight::v1::DATA_TYPE_DATE);
      done(std::move(described));
    };
  }

  absl::Status failure = absl::OkStatus();
  std::vector<std::string> requested;
};

class CockpitFilterCheckTest : public ::testing::Test {
 protected:
  CockpitFilterCheckTest()
      : cache_(describes_.AsFetcher(), &clock_, absl::Minutes(10)) {}

  static CockpitListCall CtaList(std::vector<std::string> fields) {
    CockpitListCall list;
    list.endpoint = EndpointId::kCtaList;
    list.known_names = {"Gsid", "Name", "CompanyId__gr.Name", "StatusName"};
    for (const std::string& field : fields) {
      auto* c = list.filter.add_conditions();
      c->set_field(field);
      c->set_operator_(gainsight::v1::OPERATOR_IS_NOT_NULL);
    }
    return list;
  }

  absl::StatusOr<CockpitListCall> Check(CockpitListCall list,
                                        GatewayCondition gateway_owned) {
    absl::StatusOr<CockpitListCall> out = absl::UnknownError("not run");
    CheckCockpitFilter(&cache_, std::move(list), gateway_owned, CallContext{},
                       [&](absl::StatusOr<CockpitListCall> checked) {
                         out = std::move(checked);
                       });
    return out;
  }

  static std::vector<std::string> Fields(const CockpitListCall& list) {
    std::vector<std::string> fields;
    for (const auto& c : list.filter.conditions()) fields.push_back(c.field());
    return fields;
  }

  FakeClock clock_;
  Describes describes_;
  MetadataCache cache_;
};

TEST_F(CockpitFilterCheckTest, ANameNoFieldOfTheObjectIsRefusedWithTheClosest) {
  absl::StatusOr<CockpitListCall> checked =
      Check(CtaList({"IsClosed", "Prioritty"}), nullptr);
  ASSERT_EQ(checked.status().code(), absl::StatusCode::kInvalidArgument);
  google::rpc::BadRequest bad;
  ASSERT_TRUE(GetBadRequest(checked.status(), &bad));
  ASSERT_EQ(bad.field_violations_size(), 1);
  EXPECT_EQ(bad.field_violations(0).field(), "filter.conditions[1].field");
  EXPECT_THAT(bad.field_violations(0).description(),
              HasSubstr("\"Prioritty\" is not a field of call_to_action "
                        "(did you mean PriorityId"));
  EXPECT_THAT(describes_.requested, ElementsAre("call_to_action"));
}

TEST_F(CockpitFilterCheckTest, OperandsOfADescribedFieldMustBeOfItsType) {
  // As the Fetch API samples write them: a date "2020-04-14", a boolean
  // false.
  CockpitListCall list = CtaList({"DueDate", "IsClosed"});
  for (auto& condition : *list.filter.mutable_conditions()) {
    condition.set_operator_(gainsight::v1::OPERATOR_EQ);
    condition.add_values();
  }
  list.filter.mutable_conditions(0)->mutable_values(0)->set_string_value(
      "2020-04-14");
  list.filter.mutable_conditions(1)->mutable_values(0)->set_bool_value(false);
  ASSERT_TRUE(Check(list, nullptr).ok());

  list.filter.mutable_conditions(0)->mutable_values(0)->set_string_value(
      "04/14/2020");
  list.filter.mutable_conditions(1)->mutable_values(0)->set_string_value("no");
  absl::StatusOr<CockpitListCall> checked = Check(list, nullptr);
  ASSERT_EQ(checked.status().code(), absl::StatusCode::kInvalidArgument);
  google::rpc::BadRequest bad;
  ASSERT_TRUE(GetBadRequest(checked.status(), &bad));
  ASSERT_EQ(bad.field_violations_size(), 2);
  EXPECT_EQ(bad.field_violations(0).field(), "filter.conditions[0].values[0]");
  EXPECT_THAT(bad.field_violations(0).description(),
              HasSubstr("compares with DueDate, so it must be a date"));
  EXPECT_EQ(bad.field_violations(1).field(), "filter.conditions[1].values[0]");
  EXPECT_THAT(bad.field_violations(1).description(),
              HasSubstr("must be true or false"));
}

TEST_F(CockpitFilterCheckTest, ANameInAnotherLetterCaseIsSentAsDescribed) {
  absl::StatusOr<CockpitListCall> checked =
      Check(CtaList({"isclosed", "DUEDATE", "escalation_level__GC"}), nullptr);
  ASSERT_TRUE(checked.ok()) << checked.status();
  EXPECT_THAT(Fields(*checked),
              ElementsAre("IsClosed", "DueDate", "Escalation_Level__gc"));
}

TEST_F(CockpitFilterCheckTest, NamesTheDescribeNeedNotConfirmCostNoDescribe) {
  // A lookup path, a display name, a default select name in another letter
  // case, and a label condition the gateway rewrites itself.
  CockpitListCall list =
      CtaList({"CompanyId__gr.Name", "Days Due", "statusname", "priority"});
  list.filter.mutable_conditions(3)->set_operator_(gainsight::v1::OPERATOR_EQ);
  list.filter.mutable_conditions(3)->add_values()->set_string_value("High");
  EXPECT_FALSE(FilterNeedsDescribe(list, &IsCtaLabelCondition));
  absl::StatusOr<CockpitListCall> checked = Check(list, &IsCtaLabelCondition);
  ASSERT_TRUE(checked.ok()) << checked.status();
  EXPECT_THAT(Fields(*checked), ElementsAre("CompanyId__gr.Name", "Days Due",
                                            "StatusName", "priority"));
  EXPECT_THAT(describes_.requested, IsEmpty());

  // Without the gateway's own rewrite, "priority" is the caller's to spell.
  list.filter.mutable_conditions(3)->set_field("priority");
  EXPECT_TRUE(FilterNeedsDescribe(list, nullptr));
}

TEST_F(CockpitFilterCheckTest, EachListDescribesTheObjectItReads) {
  CockpitListCall plans = CtaList({"IsClosed"});
  plans.endpoint = EndpointId::kSuccessPlanDeletedList;
  ASSERT_TRUE(Check(std::move(plans), nullptr).ok());
  CockpitListCall deleted = CtaList({"IsClosed"});
  deleted.endpoint = EndpointId::kCtaDeletedList;
  ASSERT_TRUE(Check(std::move(deleted), nullptr).ok());
  EXPECT_THAT(describes_.requested, ElementsAre("cta_group", "call_to_action"));

  CockpitListCall playbooks = CtaList({"Anything"});
  playbooks.endpoint = EndpointId::kPlaybookList;
  EXPECT_FALSE(FilterNeedsDescribe(playbooks, nullptr));
}

TEST_F(CockpitFilterCheckTest, WhenTheDescribeFailsTheNamesGoAsGiven) {
  for (absl::Status failure :
       {absl::NotFoundError("Requested object not found."),
        absl::UnavailableError("upstream down")}) {
    describes_.failure = failure;
    absl::StatusOr<CockpitListCall> checked =
        Check(CtaList({"Prioritty"}), nullptr);
    ASSERT_TRUE(checked.ok()) << failure << " gave " << checked.status();
    EXPECT_THAT(Fields(*checked), ElementsAre("Prioritty"));
  }
  EXPECT_THAT(describes_.requested,
              ElementsAre("call_to_action", "call_to_action"));
}

}  // namespace
}  // namespace gg
