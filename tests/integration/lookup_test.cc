// Write-time lookups end to end: Gainsight (the sandbox) resolves a GSID
// field from helper values in the write call itself, so naming a company by
// name costs no query; each no-match and multi-match option; the checks
// that refuse a malformed lookup before any call.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_details.h"
#include "gainsight/v1/company.grpc.pb.h"
#include "gainsight/v1/custom_object.grpc.pb.h"
#include "gainsight/v1/relationship.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "sandbox/tenant_seeds.h"
#include "tests/support/gateway_test.h"
#include "tests/support/proto_values.h"
#include "tests/support/test_env.h"

namespace gg {
namespace {

using testing::StringValue;

using gainsight::v1::Lookup;
using google::protobuf::Struct;
using ::testing::HasSubstr;
using ::testing::SizeIs;

constexpr char kTracker[] = "Renewal_Tracker__gc";

Lookup CompanyByName(const std::string& field, const std::string& source) {
  Lookup lookup;
  lookup.set_field(field);
  lookup.set_object_name("Company");
  (*lookup.mutable_match())[source] = "Name";
  return lookup;
}

class LookupTest : public testing::GatewayTest {
 protected:
  void SetUp() override {
    GatewayTest::SetUp();
    if (HasFatalFailure()) return;
    companies_ = gainsight::v1::CompanyService::NewStub(gateway_->NewChannel());
    records_ =
        gainsight::v1::CustomObjectService::NewStub(gateway_->NewChannel());
    relationships_ =
        gainsight::v1::RelationshipService::NewStub(gateway_->NewChannel());
  }

  static Struct Tracker(const std::string& name, const std::string& company) {
    Struct s;
    (*s.mutable_fields())["Name__gc"] = StringValue(name);
    (*s.mutable_fields())["CompanyName"] = StringValue(company);
    return s;
  }

  grpc::Status InsertTrackers(const std::vector<Struct>& records,
                              const Lookup& lookup,
                              gainsight::v1::InsertRecordsResponse* response) {
    gainsight::v1::InsertRecordsRequest request;
    request.set_object_name(kTracker);
    for (const Struct& r : records) *request.add_records() = r;
    *request.add_lookups() = lookup;
    auto context = Context();
    return records_->InsertRecords(context.get(), request, response);
  }

  // Company_ID__gc of the tracker named `name` ("<null>" when unset).
  std::string CompanyOf(const std::string& name) {
    gainsight::v1::QueryRecordsRequest request;
    request.set_object_name(kTracker);
    request.add_select("Company_ID__gc");
    auto* c = request.mutable_filter()->add_conditions();
    c->set_field("Name__gc");
    c->set_operator_(gainsight::v1::OPERATOR_EQ);
    c->add_values()->set_string_value(name);
    gainsight::v1::QueryRecordsResponse response;
    auto context = Context();
    EXPECT_TRUE(records_->QueryRecords(context.get(), request, &response).ok());
    if (response.records_size() != 1) return "<missing>";
    auto it = response.records(0).fields().find("Company_ID__gc");
    if (it == response.records(0).fields().end() ||
        it->second.has_null_value()) {
      return "<null>";
    }
    return it->second.string_value();
  }

  size_t Calls(const std::string& method, const std::string& path) {
    auto calls = sandbox_->CallsTo(method, path);
    EXPECT_TRUE(calls.ok()) << calls.status();
    return calls.ok() ? calls->size() : 0;
  }

  static std::string Violations(const grpc::Status& status) {
    google::rpc::BadRequest bad;
    EXPECT_TRUE(GetBadRequest(FromGrpcStatus(status), &bad))
        << status.error_message();
    std::string out;
    for (const auto& v : bad.field_violations()) {
      absl::StrAppend(&out, v.field(), ": ", v.description(), "\n");
    }
    return out;
  }

  std::unique_ptr<gainsight::v1::CompanyService::Stub> companies_;
  std::unique_ptr<gainsight::v1::CustomObjectService::Stub> records_;
  std::unique_ptr<gainsight::v1::RelationshipService::Stub> relationships_;
};

TEST_F(LookupTest, ARelationshipNamesItsCompanyByNameWithoutAQuery) {
  const std::string acme = InsertCompany("Lookup Acme");
  ASSERT_FALSE(acme.empty());
  const size_t queries = Calls("POST", "/v1/data/objects/query/Company");

  gainsight::v1::InsertRelationshipsRequest request;
  for (const char* name : {"Acme Analytics", "Acme Mobile"}) {
    auto* r = request.add_relationships();
    r->set_name(name);
    r->set_type_id(sandbox::kSeedRelationshipTypeProduct);
    (*r->mutable_custom_fields()->mutable_fields())["CompanyName"] =
        StringValue("Lookup Acme");
  }
  *request.add_lookups() = CompanyByName("companyid", "CompanyName");
  gainsight::v1::InsertRelationshipsResponse response;
  auto context = Context();
  grpc::Status status =
      relationships_->InsertRelationships(context.get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_THAT(response.results(), SizeIs(2));
  for (const auto& result : response.results()) {
    ASSERT_EQ(result.error().code(), 0) << result.error().message();
  }
  EXPECT_EQ(Calls("POST", "/v1/data/objects/query/Company"), queries)
      << "Gainsight resolved the name";
  EXPECT_EQ(Calls("POST", "/v1/data/objects/relationship"), 1u);

  gainsight::v1::GetRelationshipRequest get;
  get.set_gsid(response.results(0).gsid());
  gainsight::v1::GetRelationshipResponse read;
  auto again = Context();
  ASSERT_TRUE(relationships_->GetRelationship(again.get(), get, &read).ok());
  EXPECT_EQ(read.relationship().company_id(), acme);
  EXPECT_EQ(read.relationship().custom_fields().fields().count("CompanyName"),
            0u)
      << "the helper value is not written";
}

TEST_F(LookupTest, ACompanysCsmIsNamedByEmailWithoutAUserQuery) {
  gainsight::v1::InsertCompaniesRequest request;
  for (const char* email : {"csm.one@example.com", "shared@example.com"}) {
    auto* company = request.add_companies();
    company->set_name(absl::StrCat("Managed by ", email));
    (*company->mutable_custom_fields()->mutable_fields())["CsmEmail"] =
        StringValue(email);
  }
  Lookup csm;
  csm.set_field("csm");
  csm.set_object_name("GsUser");
  (*csm.mutable_match())["CsmEmail"] = "Email";
  *request.add_lookups() = csm;
  gainsight::v1::InsertCompaniesResponse response;
  auto context = Context();
  grpc::Status status =
      companies_->InsertCompanies(context.get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_THAT(response.results(), SizeIs(2));
  ASSERT_EQ(response.results(0).error().code(), 0)
      << response.results(0).error().message();
  // Two users share that address: the lookup refuses to guess.
  EXPECT_NE(response.results(1).error().code(), 0);
  EXPECT_EQ(Calls("POST", "/v1/data/objects/query/GsUser"), 0u);

  gainsight::v1::GetCompanyRequest get;
  get.set_gsid(response.results(0).gsid());
  gainsight::v1::GetCompanyResponse read;
  auto again = Context();
  ASSERT_TRUE(companies_->GetCompany(again.get(), get, &read).ok());
  EXPECT_EQ(read.company().csm(), "1P01CSMONE00000000000000000000000000");
}

TEST_F(LookupTest, NoMatchFailsTheRecordWritesNullOrLeavesTheField) {
  const std::string found = InsertCompany("Lookup Found");
  ASSERT_FALSE(found.empty());
  struct Case {
    gainsight::v1::LookupNoMatch option;
    const char* name;
    std::string expected;  // Company_ID__gc of the unmatched record
  };
  for (const Case& c :
       {Case{gainsight::v1::LOOKUP_NO_MATCH_UNSPECIFIED, "error", ""},
        Case{gainsight::v1::LOOKUP_NO_MATCH_NULL, "nullable", "<null>"},
        Case{gainsight::v1::LOOKUP_NO_MATCH_DEFAULT, "default", "<null>"}}) {
    Lookup lookup = CompanyByName("Company_ID__gc", "CompanyName");
    lookup.set_no_match(c.option);
    gainsight::v1::InsertRecordsResponse response;
    const std::string matched = absl::StrCat("Matched ", c.name);
    const std::string unmatched = absl::StrCat("Unmatched ", c.name);
    grpc::Status status =
        InsertTrackers({Tracker(matched, "Lookup Found"),
                        Tracker(unmatched, "No Such Company")},
                       lookup, &response);
    ASSERT_TRUE(status.ok()) << c.name << ": " << status.error_message();
    ASSERT_THAT(response.results(), SizeIs(2));
    EXPECT_EQ(response.results(0).error().code(), 0) << c.name;
    EXPECT_EQ(CompanyOf(matched), found) << c.name;
    if (c.expected.empty()) {
      EXPECT_NE(response.results(1).error().code(), 0) << c.name;
      EXPECT_THAT(response.results(1).error().message(),
                  HasSubstr("Company_ID__gc"));
      EXPECT_EQ(CompanyOf(unmatched), "<missing>") << "not written";
    } else {
      EXPECT_EQ(response.results(1).error().code(), 0)
          << c.name << ": " << response.results(1).error().message();
      EXPECT_EQ(CompanyOf(unmatched), c.expected) << c.name;
    }
  }
}

TEST_F(LookupTest, SeveralMatchesFailTheRecordUnlessTheFirstIsTaken) {
  const std::string first = InsertCompany("Lookup Twin");
  ASSERT_FALSE(first.empty());
  ASSERT_FALSE(InsertCompany("Lookup Twin").empty());
  Lookup lookup = CompanyByName("Company_ID__gc", "CompanyName");
  gainsight::v1::InsertRecordsResponse refused;
  ASSERT_TRUE(
      InsertTrackers({Tracker("Twin A", "Lookup Twin")}, lookup, &refused)
          .ok());
  ASSERT_THAT(refused.results(), SizeIs(1));
  EXPECT_NE(refused.results(0).error().code(), 0);
  EXPECT_THAT(refused.results(0).error().message(), HasSubstr("matched 2"));

  lookup.set_multi_match(gainsight::v1::LOOKUP_MULTI_MATCH_FIRST);
  gainsight::v1::InsertRecordsResponse taken;
  ASSERT_TRUE(
      InsertTrackers({Tracker("Twin B", "Lookup Twin")}, lookup, &taken).ok());
  ASSERT_EQ(taken.results(0).error().code(), 0)
      << taken.results(0).error().message();
  EXPECT_EQ(CompanyOf("Twin B"), first);
}

TEST_F(LookupTest, MalformedLookupsAreRefusedBeforeAnyWrite) {
  Lookup not_gsid = CompanyByName("Name__gc", "CompanyName");
  Lookup no_match;
  no_match.set_field("Company_ID__gc");
  no_match.set_object_name("Company");
  Struct sets_target = Tracker("Sets Target", "Acme");
  (*sets_target.mutable_fields())["Company_ID__gc"] = StringValue("1P02X");
  Struct no_source;
  (*no_source.mutable_fields())["Name__gc"] = StringValue("No Source");

  gainsight::v1::InsertRecordsRequest request;
  request.set_object_name(kTracker);
  *request.add_records() = sets_target;
  *request.add_records() = no_source;
  *request.add_lookups() = not_gsid;
  *request.add_lookups() = no_match;
  *request.add_lookups() = CompanyByName("Company_ID__gc", "CompanyName");
  gainsight::v1::InsertRecordsResponse response;
  auto context = Context();
  grpc::Status status =
      records_->InsertRecords(context.get(), request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  const std::string violations = Violations(status);
  EXPECT_THAT(violations, HasSubstr("lookups[0].field: Name__gc holds no "
                                    "GSID"));
  EXPECT_THAT(violations, HasSubstr("lookups[1].match: must pair 1 to 3"));
  EXPECT_THAT(violations, HasSubstr("records[0].Company_ID__gc: is filled by "
                                    "lookups[1]"));
  EXPECT_THAT(violations,
              HasSubstr("records[1]: has no value for CompanyName, the "
                        "source of lookups[2]"));
  EXPECT_THAT(violations, HasSubstr("lookups[2].field: is filled by another "
                                    "lookup"));
  EXPECT_EQ(Calls("POST", absl::StrCat("/v1/data/objects/", kTracker)), 0u);
}

}  // namespace
}  // namespace gg
