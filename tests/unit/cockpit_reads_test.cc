// Cockpit list and playbook reads (ops/cockpit_reads.h) on a scripted
// HttpClient: the gateway's own select names that an endpoint refuses are
// shed and remembered, a caller's refused name fails later calls before
// they are made, what was learned expires after its TTL, Get reads one
// record by GSID, and playbook reads pass Gainsight's answer or error on.
#include "ops/cockpit_reads.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_details.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/client_harness.h"

namespace gg {
namespace {

using testing::ClientHarness;
using ::testing::ElementsAre;
using testing::ErrorEnvelope;
using ::testing::HasSubstr;
using testing::OkEnvelope;

constexpr char kCtaList[] = "/v2/cockpit/cta/list";
constexpr absl::Duration kLearnedTtl = absl::Minutes(10);

std::vector<std::string> SelectOf(const HttpRequest& request) {
  const Json body = Json::parse(request.body);
  return body["select"].get<std::vector<std::string>>();
}

class CockpitReadsTest : public ::testing::Test {
 protected:
  // One page of the CTA list reading the gateway's names `own` and the
  // caller's `select`; the scripted calls answer on this thread.
  absl::StatusOr<std::vector<Json>> List(std::vector<std::string> own,
                                         std::vector<std::string> select = {}) {
    CockpitListCall list;
    list.own_select = std::move(own);
    list.caller_select = std::move(select);
    list.known_names = {"Gsid", "IsImportant", "Name", "DueDate"};
    std::optional<absl::StatusOr<std::vector<Json>>> got;
    reads_.List(list, h_.Context(),
                [&](absl::StatusOr<std::vector<Json>> rows) { got = rows; });
    EXPECT_TRUE(got.has_value()) << "the list did not finish";
    return got.value_or(absl::InternalError("not finished"));
  }

  std::string Rows(const Json& rows) { return OkEnvelope(rows); }

  // The next list call is refused over the select field `name`, as a Fetch
  // API refuses a field it does not know.
  void RefuseSelect(const char* name) {
    h_.http()
        .Expect(HttpMethod::kPost, kCtaList)
        .Answer(400,
                ErrorEnvelope(
                    "COCKPIT_5101",
                    absl::StrCat("Invalid fields in select clause - ", name)));
  }

  void AnswerRows() {
    h_.http()
        .Expect(HttpMethod::kPost, kCtaList)
        .Answer(200, Rows(Json::array({{{"Gsid", "1S01A"}}})));
  }

  ClientHarness h_;
  CockpitReads reads_{h_.client(), &h_.clock(), kLearnedTtl};
};

TEST_F(CockpitReadsTest, ADefaultSelectShedsARefusedNameAndRemembersIt) {
  RefuseSelect("IsImportant");
  h_.http()
      .Expect(HttpMethod::kPost, kCtaList)
      .Times(2)
      .Answer(200, Rows(Json::array({{{"Gsid", "1S01A"}}})));

  absl::StatusOr<std::vector<Json>> rows =
      List({"Gsid", "IsImportant", "Name"});
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(rows->size(), 1u);
  std::vector<HttpRequest> sent = h_.http().requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_THAT(SelectOf(sent[1]), ElementsAre("Gsid", "Name"));
  EXPECT_THAT(reads_.RefusedFields(EndpointId::kCtaList),
              ElementsAre("IsImportant"));
  EXPECT_TRUE(reads_.RefusedFields(EndpointId::kTaskList).empty());

  // The next default read leaves the name out at once.
  ASSERT_TRUE(List({"Gsid", "IsImportant", "Name"}).ok());
  sent = h_.http().requests();
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_THAT(SelectOf(sent[2]), ElementsAre("Gsid", "Name"));
  EXPECT_EQ(h_.http().unmet(), 0);
}

TEST_F(CockpitReadsTest, ACallersRefusedNameFailsLaterCallsBeforeTheyAreMade) {
  RefuseSelect("IsImportnt");
  absl::StatusOr<std::vector<Json>> rows =
      List({"Gsid"}, {"Name", "IsImportnt"});
  ASSERT_FALSE(rows.ok());
  EXPECT_THAT(rows.status().message(), HasSubstr("IsImportnt"));
  ASSERT_EQ(h_.http().request_count(), 1) << "a caller's name is not dropped";
  EXPECT_THAT(SelectOf(h_.http().requests()[0]),
              ElementsAre("Gsid", "Name", "IsImportnt"));
  EXPECT_THAT(reads_.RefusedFields(EndpointId::kCtaList),
              ElementsAre("IsImportnt"));

  // The same name again: refused here, naming the field and the closest
  // known name, without a call.
  rows = List({"Gsid"}, {"Name", "IsImportnt"});
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.status().code(), absl::StatusCode::kInvalidArgument);
  google::rpc::BadRequest bad;
  ASSERT_TRUE(GetBadRequest(rows.status(), &bad));
  ASSERT_EQ(bad.field_violations_size(), 1);
  EXPECT_EQ(bad.field_violations(0).field(), "select[1]");
  EXPECT_THAT(bad.field_violations(0).description(),
              HasSubstr("did you mean IsImportant"));
  EXPECT_EQ(h_.http().request_count(), 1);

  // The same name spelt otherwise is a different name: it is sent.
  AnswerRows();
  EXPECT_TRUE(List({"Gsid"}, {"ISIMPORTNT"}).ok());
  EXPECT_EQ(h_.http().request_count(), 2);
}

TEST_F(CockpitReadsTest, WhatAnEndpointRefusedIsTriedAgainAfterTheTtl) {
  RefuseSelect("NewField__gc");
  ASSERT_FALSE(List({"Gsid"}, {"NewField__gc"}).ok());
  h_.clock().Advance(kLearnedTtl - absl::Seconds(1));
  ASSERT_FALSE(List({"Gsid"}, {"NewField__gc"}).ok());
  EXPECT_EQ(h_.http().request_count(), 1) << "still refused locally";

  // The tenant has added the field since.
  h_.clock().Advance(absl::Seconds(1));
  EXPECT_TRUE(reads_.RefusedFields(EndpointId::kCtaList).empty());
  AnswerRows();
  EXPECT_TRUE(List({"Gsid"}, {"NewField__gc"}).ok());
  EXPECT_EQ(h_.http().request_count(), 2);
}

TEST_F(CockpitReadsTest, AnOwnNameRefusedBesideTheCallersIsShedAndRetried) {
  // A get with extra fields: the default select, then the caller's names.
  RefuseSelect("IsImportant");
  AnswerRows();
  ASSERT_TRUE(List({"Gsid", "IsImportant"}, {"DueDate"}).ok());
  std::vector<HttpRequest> sent = h_.http().requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_THAT(SelectOf(sent[1]), ElementsAre("Gsid", "DueDate"));
}

TEST_F(CockpitReadsTest, ACallersNameTheGatewayAlsoSelectsIsSentOnce) {
  AnswerRows();
  ASSERT_TRUE(List({"Gsid"}, {"Name", "Gsid"}).ok());
  EXPECT_THAT(SelectOf(h_.http().requests()[0]), ElementsAre("Gsid", "Name"));
}

TEST_F(CockpitReadsTest, ADefaultSelectIsRetriedOnceOnly) {
  RefuseSelect("IsImportant");
  RefuseSelect("Name");
  absl::StatusOr<std::vector<Json>> rows =
      List({"Gsid", "IsImportant", "Name"});
  EXPECT_FALSE(rows.ok());
  EXPECT_EQ(h_.http().request_count(), 2);
}

TEST_F(CockpitReadsTest, AnotherErrorIsAnsweredWithoutARetry) {
  h_.http()
      .Expect(HttpMethod::kPost, kCtaList)
      .Answer(400, ErrorEnvelope("COCKPIT_5000", "something else"));
  EXPECT_FALSE(List({"Gsid"}).ok());
  EXPECT_EQ(h_.http().request_count(), 1);
  EXPECT_TRUE(reads_.RefusedFields(EndpointId::kCtaList).empty());
}

TEST_F(CockpitReadsTest, GetReadsOneRecordByGsid) {
  h_.http()
      .Expect(HttpMethod::kPost, kCtaList)
      .Answer(200, Rows(Json::array({{{"Gsid", "1S01A"}, {"Name", "x"}}})));
  h_.http()
      .Expect(HttpMethod::kPost, kCtaList)
      .Answer(200, Rows(Json::array()));
  h_.http()
      .Expect(HttpMethod::kPost, kCtaList)
      .Answer(400, ErrorEnvelope("COCKPIT_5000", "down"));

  std::vector<absl::StatusOr<std::optional<Json>>> got;
  for (int i = 0; i < 3; ++i) {
    CockpitListCall get;
    get.own_select = {"Gsid", "Name"};
    reads_.Get(
        get, "1S01A", h_.Context(),
        [&](absl::StatusOr<std::optional<Json>> row) { got.push_back(row); });
  }
  ASSERT_EQ(got.size(), 3u);
  ASSERT_TRUE(got[0].ok());
  ASSERT_TRUE(got[0]->has_value());
  EXPECT_EQ((**got[0])["Name"], "x");
  ASSERT_TRUE(got[1].ok());
  EXPECT_FALSE(got[1]->has_value()) << "no CTA has that GSID";
  EXPECT_FALSE(got[2].ok());

  const Json body = Json::parse(h_.http().requests()[0].body);
  EXPECT_EQ(body["pageSize"], 1);
  EXPECT_EQ(body["where"]["conditions"][0]["fieldName"], "Gsid");
  EXPECT_EQ(body["where"]["conditions"][0]["value"][0], "1S01A");
}

TEST_F(CockpitReadsTest, PlaybookReadsPassTheAnswerOrTheErrorOn) {
  h_.http()
      .Expect(HttpMethod::kGet, "/v2/cockpit/playbook")
      .Answer(200, OkEnvelope({{"playbooks", Json::array()}}));
  h_.http()
      .Expect(HttpMethod::kGet, "/v2/cockpit/playbook/1P0BPLAY")
      .Answer(200, OkEnvelope({{"Gsid", "1P0BPLAY"}}));
  h_.http()
      .Expect(HttpMethod::kGet, "/v2/cockpit/playbook/1P0BGONE")
      .Answer(404, ErrorEnvelope("COCKPIT_4040", "not found"));

  std::optional<absl::StatusOr<Json>> list, found, missing;
  reads_.ListPlaybooks(25, 2, "1I00TYPE", "COMPANY", true, h_.Context(),
                       [&](absl::StatusOr<Json> d) { list = d; });
  reads_.GetPlaybook("1P0BPLAY", h_.Context(),
                     [&](absl::StatusOr<Json> d) { found = d; });
  reads_.GetPlaybook("1P0BGONE", h_.Context(),
                     [&](absl::StatusOr<Json> d) { missing = d; });
  ASSERT_TRUE(list.has_value() && found.has_value() && missing.has_value());
  ASSERT_TRUE(list->ok()) << list->status();
  EXPECT_TRUE((*list)->contains("playbooks"));
  ASSERT_TRUE(found->ok()) << found->status();
  EXPECT_EQ((**found)["Gsid"], "1P0BPLAY");
  EXPECT_FALSE(missing->ok());

  const std::string url = h_.http().requests()[0].url;
  EXPECT_THAT(url, ::testing::HasSubstr("pageSize=25&pageNumber=2"));
  EXPECT_THAT(url, ::testing::HasSubstr("ctaTypeId=1I00TYPE"));
  EXPECT_THAT(url, ::testing::HasSubstr("entityType=COMPANY"));
  EXPECT_THAT(url, ::testing::HasSubstr("includeInactive=true"));
}

}  // namespace
}  // namespace gg
