// The CTA steps of the Cockpit write pipeline (ops/cta_write.h), each on
// its own: which existing CTAs an update reads, which configurations a
// write loads, company names looked up 50 a query, and what a CTA resolves
// to (labels, company, owner), with a scripted HttpClient for the company
// queries and a counting fetcher for the configurations.
#include "ops/cta_write.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_details.h"
#include "gainsight/cta_mapping.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "ops/record_ops.h"
#include "tests/support/client_harness.h"
#include "tests/support/cockpit_steps.h"
#include "tests/support/gainsight_paths.h"

namespace gg {
namespace {

using testing::kCompanyQueryPath;
using testing::RecordsAnswer;

using gainsight::v1::Cta;
using gainsight::v1::GetCtaConfigResponse;
using testing::ClientHarness;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::OkEnvelope;
using ::testing::Pair;

Json CtaConfigItem(const std::string& gsid, const std::string& name,
                   const std::string& type_name = kAllCtaTypes) {
  return Json{{"gsid", gsid},
              {"name", name},
              {"active", true},
              {"typeName", type_name}};
}

// A configuration whose labels carry the entity (so a test sees which one a
// CTA resolved against): types Risk and Expansion, one status, priority and
// reason each.
GetCtaConfigResponse CtaConfigOf(const std::string& entity) {
  GetCtaConfigResponse config;
  const Json json{
      {"CTA_TYPE",
       {CtaConfigItem(entity + "-T1", "Risk"),
        CtaConfigItem(entity + "-T2", "Expansion")}},
      {"CTA_STATUS", {CtaConfigItem(entity + "-S1", "New")}},
      {"CTA_PRIORITY", {CtaConfigItem(entity + "-P1", "High")}},
      {"CTA_REASON", {CtaConfigItem(entity + "-R1", "Usage Drop", "Risk")}},
  };
  EXPECT_TRUE(CtaConfigFromJson(json, &config).ok());
  return config;
}

Cta RiskCta(const std::string& name) {
  Cta cta;
  cta.set_name(name);
  cta.set_company_id("1P02COMPANY");
  cta.set_type("Risk");
  cta.set_status("New");
  cta.set_priority("High");
  cta.set_reason("Usage Drop");
  return cta;
}

// The names a company query asked for.
std::vector<std::string> NamesAsked(const HttpRequest& request) {
  const Json body = Json::parse(request.body);
  std::vector<std::string> names;
  for (const Json& v : body["where"]["conditions"][0]["value"]) {
    names.push_back(v.get<std::string>());
  }
  return names;
}

class CtaWriteTest : public ::testing::Test {
 protected:
  CtaWriteTest()
      : records_(h_.client()),
        configs_(
            [this](std::string key, CallContext,
                   CtaConfigCache::FetchCallback done) {
              fetched_->push_back(key);
              if (config_error_.ok()) {
                done(CtaConfigOf(key));
              } else {
                done(config_error_);
              }
            },
            &h_.clock(), absl::Minutes(10)) {}

  std::unique_ptr<CockpitObjectWriter> Writer(std::vector<Cta> ctas,
                                              bool update = false) {
    CtaWriteRequest request;
    request.ctas = std::move(ctas);
    request.update = update;
    return NewCtaWriter(std::move(request), &configs_, &records_, 2);
  }

  absl::Status Load(CockpitObjectWriter& writer, std::vector<int> pending) {
    return testing::LoadConfigsNow(writer, std::move(pending), h_.Context());
  }

  ClientHarness h_;
  RecordOps records_;
  std::shared_ptr<std::vector<std::string>> fetched_ =
      std::make_shared<std::vector<std::string>>();
  absl::Status config_error_;
  CtaConfigCache configs_;
};

TEST_F(CtaWriteTest, ACreateReadsNoExistingCtaAndResolvesItsLabels) {
  auto writer = Writer({RiskCta("renewal")});
  EXPECT_FALSE(writer->target().update);
  EXPECT_EQ(writer->target().write, EndpointId::kCtaCreate);
  EXPECT_TRUE(writer->ExistingToRead().empty());

  ASSERT_TRUE(Load(*writer, {0}).ok());
  EXPECT_THAT(*fetched_, ElementsAre("COMPANY"));
  EXPECT_EQ(h_.http().request_count(), 0) << "no company named: no query";

  absl::StatusOr<Json> record = writer->Resolve(0, "1P01OWNER", "ctas[0]");
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_EQ((*record)["type"], "Risk");
  EXPECT_EQ((*record)["reason"], "Usage Drop");
  EXPECT_EQ((*record)["OwnerId"], "1P01OWNER");
  EXPECT_EQ((*record)["CompanyId"], "1P02COMPANY");
  EXPECT_FALSE(record->contains("EntityType"));
  EXPECT_THAT(
      writer->ReadBackKeyOf(0),
      ElementsAre(Pair("Name", "renewal"), Pair("CompanyId", "1P02COMPANY")));
}

TEST_F(CtaWriteTest, EachEntityTheWriteNeedsIsLoadedOnce) {
  Cta relationship = RiskCta("on a relationship");
  relationship.set_relationship_id("1P05REL");
  Cta no_labels;
  no_labels.set_name("no picklists");
  no_labels.set_company_id("1P02COMPANY");
  no_labels.set_relationship_id("1P05OTHER");
  auto writer = Writer({RiskCta("a"), relationship, RiskCta("b"), no_labels});

  // The last CTA sets no picklist: its entity's configuration is not needed.
  ASSERT_TRUE(Load(*writer, {0, 1, 2, 3}).ok());
  EXPECT_THAT(*fetched_,
              ::testing::UnorderedElementsAre("COMPANY", "RELATIONSHIP"));

  absl::StatusOr<Json> record = writer->Resolve(1, "", "ctas[1]");
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_EQ((*record)["EntityType"], "RELATIONSHIP");
  EXPECT_FALSE(record->contains("OwnerId"));
  ASSERT_TRUE(writer->Resolve(3, "", "ctas[3]").ok());
}

TEST_F(CtaWriteTest, AConfigurationThatCannotBeReadFailsTheLoad) {
  config_error_ = absl::UnavailableError("configuration down");
  auto writer = Writer({RiskCta("a")});
  absl::Status status = Load(*writer, {0});
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
}

TEST_F(CtaWriteTest, ALabelTheConfigurationLacksFailsThatCtaOnly) {
  Cta unknown = RiskCta("unknown priority");
  unknown.set_priority("Urgent");
  auto writer = Writer({RiskCta("fine"), unknown});
  ASSERT_TRUE(Load(*writer, {0, 1}).ok());
  EXPECT_TRUE(writer->Resolve(0, "", "ctas[0]").ok());
  absl::StatusOr<Json> refused = writer->Resolve(1, "", "ctas[1]");
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.status().message(), HasSubstr("ctas[1].priority"));
}

TEST_F(CtaWriteTest, AnUpdateReadsTheTypeOfEachCtaWhosePicklistsItChanges) {
  Cta status_only;
  status_only.set_gsid("1S01A");
  status_only.set_status("New");
  Cta name_only;
  name_only.set_gsid("1S01B");
  name_only.set_name("renamed");
  auto writer = Writer({status_only, name_only}, /*update=*/true);
  EXPECT_EQ(writer->target().write, EndpointId::kCtaUpdate);
  EXPECT_THAT(writer->target().query, HasSubstr("dueDateCascade="));
  EXPECT_THAT(writer->ExistingToRead(), ElementsAre(Pair(0, "1S01A")));
  EXPECT_EQ(writer->ExistingSelect(), CtaScopeSelect());

  // The CTA is a relationship CTA of type Expansion: its labels resolve
  // against the relationship configuration, within that type.
  writer->UseExisting(0, Json{{"Gsid", "1S01A"},
                              {"TypeId", "RELATIONSHIP-T2"},
                              {"EntityType", "RELATIONSHIP"}});
  ASSERT_TRUE(Load(*writer, {0, 1}).ok());
  EXPECT_THAT(*fetched_, ElementsAre("RELATIONSHIP"));
  absl::StatusOr<Json> record = writer->Resolve(0, "", "ctas[0]");
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_EQ((*record)["status"], "New");
  EXPECT_EQ((*record)["Gsid"], "1S01A");
  EXPECT_THAT(writer->ReadBackKeyOf(0), ElementsAre(Pair("Gsid", "1S01A")));
}

TEST_F(CtaWriteTest, AnExistingRowItCannotReadLeavesTheCtaAsTheRequestSaysIt) {
  Cta status_only;
  status_only.set_gsid("1S01A");
  status_only.set_status("New");
  auto writer = Writer({status_only}, /*update=*/true);
  writer->UseExisting(0, Json::array());  // not a CTA row: ignored
  ASSERT_TRUE(Load(*writer, {0}).ok());
  EXPECT_THAT(*fetched_, ElementsAre("COMPANY"));
}

TEST_F(CtaWriteTest, CompanyNamesAreLookedUpOnceEachFiftyAQuery) {
  std::vector<Cta> ctas;
  for (int i = 0; i < 60; ++i) {
    Cta cta = RiskCta(absl::StrCat("cta ", i));
    cta.clear_company_id();
    // 51 distinct names, one of them given twice.
    cta.set_company_name(absl::StrCat("Company ", i == 59 ? 0 : i % 51));
    ctas.push_back(cta);
  }
  auto writer = Writer(ctas);
  std::vector<std::vector<std::string>> asked;
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyQueryPath)
      .Times(2)
      .AnswerFrom([&](const HttpRequest& r) {
        asked.push_back(NamesAsked(r));
        Json rows = Json::array();
        for (const std::string& name : asked.back()) {
          rows.push_back({{"Gsid", "1P02-" + name}, {"Name", name}});
        }
        // A row for a name nobody asked for (a shared lookup) is ignored.
        rows.push_back({{"Gsid", "1P02-STRAY"}, {"Name", "Stray"}});
        return HttpResponse{200, {}, RecordsAnswer(rows)};
      });
  std::vector<int> pending;
  for (int i = 0; i < 60; ++i) pending.push_back(i);
  ASSERT_TRUE(Load(*writer, pending).ok());
  ASSERT_EQ(asked.size(), 2u);
  EXPECT_EQ(asked[0].size() + asked[1].size(), 51u);
  EXPECT_EQ(asked[0].size(), 50u);

  absl::StatusOr<Json> record = writer->Resolve(59, "", "ctas[59]");
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_EQ((*record)["CompanyId"], "1P02-Company 0");
  EXPECT_THAT(
      writer->ReadBackKeyOf(59),
      ElementsAre(Pair("Name", "cta 59"), Pair("CompanyId", "1P02-Company 0")));
}

TEST_F(CtaWriteTest, ANameOfNoCompanyOrOfSeveralFailsThatCtaWithItsReason) {
  Cta none = RiskCta("none");
  none.clear_company_id();
  none.set_company_name("Nobody");
  Cta several = RiskCta("several");
  several.clear_company_id();
  several.set_company_name("Twin");
  auto writer = Writer({none, several});
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyQueryPath)
      .AnswerJson(200, Json::parse(RecordsAnswer(Json::array({
                           {{"Gsid", "1P02TWINA"}, {"Name", "Twin"}},
                           {{"Gsid", "1P02TWINB"}, {"Name", "Twin"}},
                           {{"Name", "Twin"}},  // no Gsid: ignored
                       }))));
  ASSERT_TRUE(Load(*writer, {0, 1}).ok());

  absl::Status missing = writer->Resolve(0, "", "ctas[0]").status();
  EXPECT_EQ(missing.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(missing.message(), HasSubstr("no company is named \"Nobody\""));
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(GetErrorInfo(missing, &info));
  EXPECT_EQ(info.reason(), kCompanyNotFoundReason);
  EXPECT_EQ(info.metadata().at("field"), "ctas[0].company_name");

  absl::Status ambiguous = writer->Resolve(1, "", "ctas[1]").status();
  EXPECT_EQ(ambiguous.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ambiguous.message(), HasSubstr("2 companies are named \"Twin\""));
  ASSERT_TRUE(GetErrorInfo(ambiguous, &info));
  EXPECT_EQ(info.reason(), kCompanyNameAmbiguousReason);
  EXPECT_EQ(info.metadata().at("candidate_gsids"), "1P02TWINA, 1P02TWINB");
}

TEST_F(CtaWriteTest, AnAmbiguousNameListsTenCandidatesAtMost) {
  Cta cta = RiskCta("many");
  cta.clear_company_id();
  cta.set_company_name("Common");
  auto writer = Writer({cta});
  Json rows = Json::array();
  for (int i = 0; i < 12; ++i) {
    rows.push_back({{"Gsid", absl::StrCat("1P02C", i)}, {"Name", "Common"}});
  }
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyQueryPath)
      .AnswerJson(200, Json::parse(RecordsAnswer(rows)));
  ASSERT_TRUE(Load(*writer, {0}).ok());
  absl::Status ambiguous = writer->Resolve(0, "", "ctas[0]").status();
  EXPECT_THAT(ambiguous.message(), HasSubstr("12 companies are named"));
  EXPECT_THAT(ambiguous.message(), HasSubstr("1P02C9, ..."));
  EXPECT_THAT(ambiguous.message(), ::testing::Not(HasSubstr("1P02C10")));
}

TEST_F(CtaWriteTest, ACompanyQueryThatFailsFailsTheLoad) {
  Cta cta = RiskCta("named");
  cta.clear_company_id();
  cta.set_company_name("Acme");
  auto writer = Writer({cta});
  h_.http()
      .Expect(HttpMethod::kPost, kCompanyQueryPath)
      .AnswerJson(400, {{"result", false},
                        {"errorCode", "GSOBJ_1008"},
                        {"errorDesc", "bad query"}});
  EXPECT_FALSE(Load(*writer, {0}).ok());
}

TEST_F(CtaWriteTest, AnUpdateNeverLooksCompaniesUpByName) {
  Cta update;
  update.set_gsid("1S01A");
  update.set_company_name("Acme");  // output only on updates: not looked up
  auto writer = Writer({update}, /*update=*/true);
  ASSERT_TRUE(Load(*writer, {0}).ok());
  EXPECT_EQ(h_.http().request_count(), 0);
  EXPECT_TRUE(writer->Resolve(0, "", "ctas[0]").ok());
}

}  // namespace
}  // namespace gg
