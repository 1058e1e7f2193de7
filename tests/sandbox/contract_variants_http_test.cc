// The sandbox serves each alternative of an open contract question (write
// error shape, Company revenue names, GsUser's active flag, the People
// upsert answer, describe's related objects, the tenant's date zone, routes
// a tenant lacks), so the gateway can be tested against all of them.
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "sandbox/flags.h"
#include "tests/sandbox/sandbox_http_fixture.h"

namespace gg::sandbox {
namespace {

constexpr char kCompanyPath[] = "/v1/data/objects/Company";

// A fixture whose sandbox starts with the variants a test sets first.
class VariantTest : public SandboxHttpFixture {
 protected:
  void Configure(SandboxOptions& options) override {
    options.contract = variants_;
  }
  void Start(ContractVariants variants) {
    variants_ = std::move(variants);
    SandboxHttpFixture::SetUp();
  }
  void SetUp() override {}  // each test calls Start

  ContractVariants variants_;
};

TEST_F(VariantTest, DefaultsAreTheEvidenceBackedShapes) {
  Start({});
  auto [status, body] = Post(
      kCompanyPath,
      {{"records",
        Json::array({{{"Name", "ok"}}, {{"Name", "bad"}, {"Arr", "lots"}}})}});
  EXPECT_EQ(status, 400);
  ASSERT_EQ(body["data"]["errors"].size(), 2u) << "one entry per record";
  EXPECT_TRUE(body["data"]["errors"][0].is_array());
  EXPECT_EQ(body["data"]["errors"][1][0]["errors"][0]["fieldName"], "Arr");
  auto [ok, written] = Post(
      kCompanyPath,
      {{"records", Json::array({{{"Name", "A"}, {"Arr", 1}, {"Mrr", 2}}})}});
  EXPECT_EQ(ok, 200) << DumpJson(written);
}

TEST_F(VariantTest, IndexedWriteErrors) {
  ContractVariants v;
  v.write_errors = WriteErrorShape::kIndexed;
  Start(v);
  auto [status, body] = Post(
      kCompanyPath,
      {{"records",
        Json::array({{{"Name", "ok"}}, {{"Name", "bad"}, {"Arr", "lots"}}})}});
  EXPECT_EQ(status, 400);
  ASSERT_EQ(body["data"]["errors"].size(), 1u);
  EXPECT_EQ(body["data"]["errors"][0]["index"], 1);
  EXPECT_EQ(body["data"]["errors"][0]["fieldName"], "Arr");
}

TEST_F(VariantTest, UpperCaseRevenueNames) {
  ContractVariants v;
  v.company_revenue = "ARR";
  Start(v);
  auto [ok, written] = Post(
      kCompanyPath,
      {{"records", Json::array({{{"Name", "A"}, {"ARR", 1}, {"MRR", 2}}})}});
  EXPECT_EQ(ok, 200) << DumpJson(written);
  auto [refused, body] = Post(
      kCompanyPath, {{"records", Json::array({{{"Name", "B"}, {"Arr", 1}}})}});
  EXPECT_EQ(refused, 400);
  EXPECT_EQ(body["errorCode"], "GSOBJ_1002") << "Arr is no field here";
}

TEST_F(VariantTest, UserActiveFieldName) {
  ContractVariants v;
  v.user_active_field = "IsActiveUser";
  Start(v);
  auto [status, body] = Post("/v1/data/objects/query/GsUser", ParseJson(R"({
      "select": ["Email", "IsActiveUser"],
      "where": {"conditions": [{"name": "Email", "alias": "A",
                                "value": ["former@example.com"],
                                "operator": "EQ"}]}})"));
  ASSERT_EQ(status, 200) << DumpJson(body);
  ASSERT_EQ(body["data"]["records"].size(), 1u);
  EXPECT_EQ(body["data"]["records"][0]["IsActiveUser"], false);
  auto [refused, unused] =
      Post("/v1/data/objects/query/GsUser", {{"select", {"IsActive"}}});
  EXPECT_EQ(refused, 400);
}

TEST_F(VariantTest, PeopleUpsertWithoutGsid) {
  ContractVariants v;
  v.people_upsert_answer = PeopleUpsertAnswer::kNoGsid;
  Start(v);
  auto [status, body] =
      Put("/v1/peoplemgmt/v1.0/people", {{"Email", "ann@example.com"}});
  EXPECT_EQ(status, 200);
  EXPECT_EQ(body["result"], true);
  EXPECT_TRUE(body["data"].is_null());
  auto [q, rows] =
      Post("/v1/data/objects/query/Person", {{"select", {"Gsid"}}});
  EXPECT_EQ(rows["data"]["records"].size(), 1u) << "the person was written";
}

TEST_F(VariantTest, DescribeListsRelatedObjectsUnlessAskedNotTo) {
  Start({});
  const std::string path =
      "/v1/meta/services/objects/Renewal_Tracker__gc/describe";
  auto [s1, alone] =
      Get(path + "?ic=false&cl=0&idd=false&ihc=false&piec=false");
  ASSERT_EQ(alone["data"].size(), 1u);
  EXPECT_EQ(alone["data"][0]["objectName"], "Renewal_Tracker__gc");
  auto [s2, related] = Get(path);
  ASSERT_EQ(related["data"].size(), 2u);
  EXPECT_EQ(related["data"][0]["objectName"], "Renewal_Tracker__gc");
  EXPECT_EQ(related["data"][1]["objectName"], "Company");
}

TEST_F(VariantTest, DescribeWithRelatedObjectsFirst) {
  ContractVariants v;
  v.describe_related_first = true;
  Start(v);
  auto [status, body] = Get(
      "/v1/meta/services/objects/Renewal_Tracker__gc/describe?ic=false&cl=0");
  ASSERT_EQ(body["data"].size(), 2u);
  EXPECT_EQ(body["data"][0]["objectName"], "Company");
  EXPECT_EQ(body["data"][1]["objectName"], "Renewal_Tracker__gc");
}

TEST_F(VariantTest, DatesReadBackAsTheTenantZonesMidnight) {
  ContractVariants v;
  v.date_zone = absl::FixedTimeZone(9 * 3600);
  Start(v);
  Post(kCompanyPath,
       {{"records",
         Json::array({{{"Name", "A"}, {"RenewalDate", "2026-03-01"}}})}});
  auto [status, body] =
      Post("/v1/data/objects/query/Company", {{"select", {"RenewalDate"}}});
  ASSERT_EQ(status, 200);
  const int64_t tokyo_midnight = absl::ToUnixMillis(absl::FromCivil(
      absl::CivilDay(2026, 3, 1), absl::FixedTimeZone(9 * 3600)));
  EXPECT_EQ(body["data"]["records"][0]["RenewalDate"], tokyo_midnight);
}

TEST_F(VariantTest, AnUnservedEndpointIsAnUnknownRoute) {
  ContractVariants v;
  v.unserved = {"DELETE /v1/peoplemgmt/v1.0/people/{gsid}"};
  Start(v);
  httplib::Result res = client_->Delete(
      "/v1/peoplemgmt/v1.0/people/1C01AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      {{"accesskey", kKey}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(ParseJson(res->body)["errorCode"], "GS_APIG_1000");
}

TEST(VariantFlagsTest, EveryVariantFlag) {
  absl::StatusOr<SandboxFlags> flags = ParseFlags(
      {"--access-key", "k", "--write-errors", "indexed", "--company-revenue",
       "ARR", "--user-active-field=IsActiveUser", "--people-upsert-answer",
       "no-gsid", "--describe-related-first", "true", "--tenant-time-zone",
       "+05:30", "--unserved", "DELETE /v1/peoplemgmt/v1.0/people/{gsid}",
       "--unserved", "GET /v1/meta/services/objects/list"});
  ASSERT_TRUE(flags.ok()) << flags.status();
  const ContractVariants& v = flags->options.contract;
  EXPECT_EQ(v.write_errors, WriteErrorShape::kIndexed);
  EXPECT_EQ(v.company_revenue, "ARR");
  EXPECT_EQ(v.CompanyMonthlyRevenue(), "MRR");
  EXPECT_EQ(v.user_active_field, "IsActiveUser");
  EXPECT_EQ(v.people_upsert_answer, PeopleUpsertAnswer::kNoGsid);
  EXPECT_TRUE(v.describe_related_first);
  EXPECT_EQ(v.date_zone, absl::FixedTimeZone(5 * 3600 + 1800));
  EXPECT_EQ(v.unserved.size(), 2u);
}

TEST(VariantFlagsTest, BadValuesNameTheFlag) {
  for (std::vector<std::string> args : std::vector<std::vector<std::string>>{
           {"--write-errors", "flat"},
           {"--company-revenue", "arr"},
           {"--user-active-field", "Active"},
           {"--people-upsert-answer", "maybe"},
           {"--describe-related-first", "yes"},
           {"--tenant-time-zone", "Nowhere/Atlantis"},
           {"--unserved", "GET /v9/nothing"}}) {
    const std::string flag = args[0];
    args.insert(args.begin(), {"--access-key", "k"});
    absl::StatusOr<SandboxFlags> flags = ParseFlags(args);
    ASSERT_FALSE(flags.ok()) << flag;
    EXPECT_NE(flags.status().message().find(flag), std::string::npos)
        << flags.status();
  }
}

}  // namespace
}  // namespace gg::sandbox
