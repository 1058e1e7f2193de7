#include "security/policy.h"

#include "common/status_details.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "security/callers_file.h"
#include "security/policy_file.h"
#include "tests/support/error_reason.h"

namespace gg {
namespace {

using testing::ErrorReason;

using ::testing::HasSubstr;

const std::vector<std::string> kTenants = {"default", "sandbox"};

absl::StatusOr<Policy> Parse(const std::string& text) {
  absl::StatusOr<YamlReader> file = YamlReader::Parse("policy.yaml", text);
  if (!file.ok()) return file.status();
  return ParsePolicy(*file, kTenants);
}

const MethodRule& Rule(const char* path) {
  const MethodRule* rule = FindMethodRule(path);
  EXPECT_NE(rule, nullptr) << path;
  return *rule;
}

constexpr char kPolicy[] = R"(
callers:
  - id: spiffe://acme.example/crm
    allow: [read, write]
    objects: [Company, Renewal__c]
    tenants: [sandbox]
    interactive: false
    quota: {share: 0.25, max_in_flight: 4}
  - id: ops
    allow: ["gainsight.v1.BulkService", "gainsight.v1.CompanyService/DeleteCompanies"]
    all_jobs: true
  - id: "*"
    allow: [read]
)";

TEST(PolicyTest, GrantsGroupsServicesMethodsObjectsTenantsAndPriority) {
  absl::StatusOr<Policy> policy = Parse(kPolicy);
  ASSERT_TRUE(policy.ok()) << policy.status();
  const std::string crm = "spiffe://acme.example/crm";
  const MethodRule& upsert =
      Rule("gainsight.v1.CompanyService/UpsertCompanies");
  EXPECT_TRUE(policy->Authorize(crm, upsert, "Company", "sandbox", false).ok());

  absl::Status s = policy->Authorize(
      crm, Rule("gainsight.v1.CompanyService/DeleteCompanies"), "Company",
      "sandbox", false);
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ErrorReason(s), kMethodNotGranted);

  s = policy->Authorize(crm, upsert, "Company", "default", false);
  EXPECT_EQ(ErrorReason(s), kTenantNotGranted);

  s = policy->Authorize(crm, upsert, "Company", "sandbox", true);
  EXPECT_EQ(ErrorReason(s), kInteractiveNotGranted);
  EXPECT_THAT(s.message(), HasSubstr("x-gainsight-priority: batch"));

  s = policy->Authorize(crm,
                        Rule("gainsight.v1.CustomObjectService/InsertRecords"),
                        "Secret__c", "sandbox", false);
  EXPECT_EQ(ErrorReason(s), kObjectNotGranted);
  EXPECT_TRUE(policy
                  ->Authorize(crm,
                              Rule("gainsight.v1.CustomObjectService/"
                                   "InsertRecords"),
                              "Renewal__c", "sandbox", false)
                  .ok());

  const Grant* grant = policy->For(crm);
  ASSERT_NE(grant, nullptr);
  ASSERT_TRUE(grant->quota.has_value());
  EXPECT_DOUBLE_EQ(grant->quota->share, 0.25);
  EXPECT_EQ(grant->quota->max_in_flight, 4);
  EXPECT_FALSE(grant->all_jobs);

  // A service, and one method by name.
  EXPECT_TRUE(policy
                  ->Authorize("ops", Rule("gainsight.v1.BulkService/Export"),
                              "Company", "default", true)
                  .ok());
  EXPECT_TRUE(policy
                  ->Authorize("ops",
                              Rule("gainsight.v1.CompanyService/"
                                   "DeleteCompanies"),
                              "Company", "default", true)
                  .ok());
  EXPECT_EQ(ErrorReason(policy->Authorize(
                "ops", Rule("gainsight.v1.CompanyService/GetCompany"),
                "Company", "default", true)),
            kMethodNotGranted);
  EXPECT_TRUE(policy->For("ops")->all_jobs);

  // "*" covers callers not listed.
  EXPECT_TRUE(policy
                  ->Authorize("anyone",
                              Rule("gainsight.v1.QuotaService/GetQuota"),
                              std::nullopt, "default", true)
                  .ok());
  EXPECT_EQ(ErrorReason(policy->Authorize("anyone", upsert, "Company",
                                          "default", true)),
            kMethodNotGranted);
}

TEST(PolicyTest, CallersNotListedWithoutAFallbackAreDenied) {
  absl::StatusOr<Policy> policy =
      Parse("callers:\n  - id: a\n    allow: ['*']\n");
  ASSERT_TRUE(policy.ok()) << policy.status();
  absl::Status s =
      policy->Authorize("b", Rule("gainsight.v1.QuotaService/GetQuota"),
                        std::nullopt, "default", true);
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ErrorReason(s), kCallerNotInPolicy);
}

TEST(PolicyTest, JsonWorksToo) {
  absl::StatusOr<Policy> policy = Parse(
      R"({"callers": [{"id": "a", "allow": ["export"], "objects": ["*"]}]})");
  ASSERT_TRUE(policy.ok()) << policy.status();
  EXPECT_TRUE(policy
                  ->Authorize("a", Rule("gainsight.v1.BulkService/Export"),
                              "Anything__c", "default", true)
                  .ok());
}

struct BadPolicy {
  const char* text;
  const char* error;  // contains "policy.yaml:LINE: ..."
};

class BadPolicyTest : public ::testing::TestWithParam<BadPolicy> {};

TEST_P(BadPolicyTest, ErrorsNameTheLine) {
  absl::StatusOr<Policy> policy = Parse(GetParam().text);
  ASSERT_FALSE(policy.ok());
  EXPECT_EQ(policy.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(policy.status().message(), HasSubstr(GetParam().error));
}

INSTANTIATE_TEST_SUITE_P(
    Errors, BadPolicyTest,
    ::testing::Values(
        BadPolicy{"callers:\n  - id: a\n    allow: [wrte]\n",
                  "policy.yaml:3: caller a: 'wrte' is no group"},
        BadPolicy{"callers:\n  - id: a\n    allow: [read]\n  - id: a\n    "
                  "allow: [read]\n",
                  "policy.yaml:4: caller a is listed twice"},
        BadPolicy{
            "callers:\n  - id: a\n    allow: [read]\n    tenants: [prod]\n",
            "policy.yaml:4: caller a: no tenant named 'prod'"},
        BadPolicy{"callers:\n  - id: a\n    allow: [read]\n    quota:\n      "
                  "share: 1.5\n",
                  "policy.yaml:5: 'share' must be above 0"},
        BadPolicy{"callers:\n  - id: a\n    allow: [read]\n    colour: red\n",
                  "policy.yaml:4: a caller: unknown key 'colour'"},
        BadPolicy{"callers:\n  - id: a\n",
                  "policy.yaml:2: caller a: 'allow' is "
                  "required"},
        BadPolicy{"callers:\n  - allow: [read]\n",
                  "policy.yaml:2: 'id' is required"},
        BadPolicy{"callers: [\n", "policy.yaml:2: "},
        BadPolicy{"", "policy.yaml:1: the policy must be a map"},
        BadPolicy{
            "callers:\n  - id: a\n    allow: "
            "[gainsight.v1.CompanyService/Nope]\n",
            "policy.yaml:3: caller a: 'gainsight.v1.CompanyService/Nope'"},
        BadPolicy{"callers:\n  - id: a\n    allow: [read]\n    interactive: "
                  "maybe\n",
                  "policy.yaml:4: 'interactive' must be true or false"}));

TEST(PolicyTest, DeepNestingIsRefusedNotRecursedInto) {
  std::string text =
      "callers: " + std::string(5000, '[') + std::string(5000, ']') + "\n";
  absl::StatusOr<Policy> policy = Parse(text);
  ASSERT_FALSE(policy.ok());
  EXPECT_THAT(policy.status().message(), HasSubstr("policy.yaml:1:"));
}

TEST(CallersFileTest, MapsTokenHashesToCallers) {
  const std::string token = "s3cret-token-for-crm";
  absl::StatusOr<YamlReader> file = YamlReader::Parse(
      "callers.yaml",
      "callers:\n  - id: crm\n    token_sha256: " + Sha256Hex(token) +
          "\n  - id: crm\n    token_sha256: " + Sha256Hex("next-token") + "\n");
  ASSERT_TRUE(file.ok()) << file.status();
  absl::StatusOr<CallerTokens> tokens = ParseCallers(*file);
  ASSERT_TRUE(tokens.ok()) << tokens.status();
  EXPECT_EQ(tokens->by_hash.at(Sha256Hex(token)), "crm");
  EXPECT_EQ(tokens->by_hash.at(Sha256Hex("next-token")), "crm");
  EXPECT_EQ(Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(CallersFileTest, ErrorsNameTheLineButNeverTheHash) {
  const std::string hash = "12345678" + std::string(50, 'a');  // 58 digits
  absl::StatusOr<YamlReader> file = YamlReader::Parse(
      "callers.yaml",
      "callers:\n  - id: crm\n    token_sha256: " + hash + "\n");
  ASSERT_TRUE(file.ok());
  absl::StatusOr<CallerTokens> tokens = ParseCallers(*file);
  ASSERT_FALSE(tokens.ok());
  EXPECT_THAT(tokens.status().message(),
              HasSubstr("callers.yaml:2: caller crm: 'token_sha256' must be"));
  EXPECT_THAT(tokens.status().message(), ::testing::Not(HasSubstr("12345678")));
}

}  // namespace
}  // namespace gg
