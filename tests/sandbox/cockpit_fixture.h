// Helpers of the Cockpit record tests (CTAs, tasks, playbooks): companies,
// configuration GSIDs looked up over HTTP, and write bodies.
#ifndef GAINSIGHT_GATEWAY_TESTS_SANDBOX_COCKPIT_FIXTURE_H_
#define GAINSIGHT_GATEWAY_TESTS_SANDBOX_COCKPIT_FIXTURE_H_

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "sandbox/json.h"
#include "sandbox/tenant_seeds.h"
#include "tests/sandbox/sandbox_http_fixture.h"
#include "tests/support/gainsight_paths.h"

namespace gg::sandbox {

inline constexpr char kCtaPath[] = "/v2/cockpit/cta";
inline constexpr char kCtaListPath[] = "/v2/cockpit/cta/list";
inline constexpr char kCtaDeletedListPath[] = "/v2/cockpit/cta/deleted/list";
inline constexpr char kNoCascade[] = "?dueDateCascade=NO&ownerCascade=NO";
inline constexpr char kTaskPath[] = "/v2/cockpit/task";
inline constexpr char kTaskListPath[] = "/v2/cockpit/task/list";
inline constexpr char kPlaybookPath[] = "/v2/cockpit/playbook";
inline constexpr char kRiskPlaybook[] = "1C06PLAYBOOKRISK00000000000000000000";

class CockpitFixture : public SandboxHttpFixture {
 protected:
  // These tests read per-record answers as an array; the default
  // success/failure shape has tests of its own.
  void Configure(SandboxOptions& options) override {
    options.cockpit_answer = CockpitAnswerShape::kArray;
  }

  // A new company's GSID.
  std::string CreateCompany(const std::string& name) {
    auto [status, body] =
        Post("/v1/data/objects/Company", {{"records", {{{"Name", name}}}}});
    EXPECT_EQ(status, 200) << body.dump();
    return body["data"]["records"][0]["Gsid"].get<std::string>();
  }

  // The GSID of the configuration item labelled `name` in `category` (the
  // one scoped to `type_name` when given), read from the picklist endpoint.
  std::string Item(const std::string& category, const std::string& name,
                   const std::string& type_name = "") {
    auto [status, body] = Get(std::string(gg::testing::kCockpitPicklistPath) +
                              "?category=" + category + "&et=COMPANY");
    EXPECT_EQ(status, 200) << body.dump();
    for (const Json& item : body["data"][category]) {
      if (item["name"] == name &&
          (type_name.empty() || item["typeName"] == type_name)) {
        return item["gsid"].get<std::string>();
      }
    }
    ADD_FAILURE() << "no " << category << " item " << name;
    return "";
  }

  // A complete Risk CTA record for `company`, owned by Casey One, its
  // picklists by label as Gainsight's samples send them.
  static Json RiskCta(const std::string& company, const std::string& name) {
    return {{"Name", name},
            {"CompanyId", company},
            {"type", "Risk"},
            {"status", "New"},
            {"priority", "High"},
            {"reason", "Usage Drop"},
            {"OwnerId", kSeedUserCaseyOne},
            {"DueDate", "2026-03-31"}};
  }

  static Json Requests(const std::vector<Json>& records) {
    Json requests = Json::array();
    for (const Json& r : records) requests.push_back({{"record", r}});
    return {{"requests", requests}};
  }

  // Creates one CTA that must succeed; its GSID.
  std::string CreateCta(const Json& record) {
    auto [status, body] = Post(kCtaPath, Requests({record}));
    EXPECT_EQ(status, 200) << body.dump();
    EXPECT_EQ(body["data"][0]["success"], true) << body.dump();
    return body["data"][0].value("Gsid", "");
  }

  // Rows of the CTA list for one Gsid.
  Json CtaRow(const std::string& gsid, const Json& select = Json::array()) {
    auto [status, body] = Post(kCtaListPath, {{"select", select},
                                              {"where",
                                               {{"conditions",
                                                 {{{"fieldName", "Gsid"},
                                                   {"alias", "A"},
                                                   {"operator", "EQ"},
                                                   {"value", {gsid}}}}}}}});
    EXPECT_EQ(status, 200) << body.dump();
    EXPECT_EQ(body["data"].size(), 1u) << body.dump();
    return body["data"].empty() ? Json() : body["data"][0];
  }

  // The tasks of one CTA, in creation order.
  Json TasksOf(const std::string& cta) {
    auto [status, body] = Post(kTaskListPath, {{"where",
                                                {{"conditions",
                                                  {{{"fieldName", "CtaId"},
                                                    {"alias", "A"},
                                                    {"operator", "EQ"},
                                                    {"value", {cta}}}}}}},
                                               {"pageSize", 100},
                                               {"pageNumber", 1}});
    EXPECT_EQ(status, 200) << body.dump();
    return body["data"];
  }
};

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_TESTS_SANDBOX_COCKPIT_FIXTURE_H_
