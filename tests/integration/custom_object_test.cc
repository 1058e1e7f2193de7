// CustomObjectService end to end: real gRPC into the gateway, real HTTP into
// the sandbox tenant (built-in object Renewal_Tracker__gc).
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/status_details.h"
#include "gainsight/v1/custom_object.grpc.pb.h"
#include "gainsight/v1/metadata.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "tests/support/gainsight_paths.h"
#include "tests/support/gateway_test.h"
#include "tests/support/proto_values.h"
#include "tests/support/test_env.h"

namespace gg {
namespace {

using testing::kDescribePathPrefix;
using testing::StringValue;

using gainsight::v1::CustomObjectService;
using google::protobuf::Struct;
using google::protobuf::Value;
using ::testing::ElementsAre;
using testing::Gateway;
using ::testing::HasSubstr;
using testing::json;
using testing::Sandbox;
using ::testing::SizeIs;

constexpr char kObject[] = "Renewal_Tracker__gc";
constexpr char kDataPrefix[] = "/v1/data/objects/";

Value Num(double d) {
  Value v;
  v.set_number_value(d);
  return v;
}
Value Bool(bool b) {
  Value v;
  v.set_bool_value(b);
  return v;
}

Struct Tracker(const std::string& name, const std::string& external_id) {
  Struct s;
  auto& f = *s.mutable_fields();
  f["Name__gc"] = StringValue(name);
  f["External_Id__gc"] = StringValue(external_id);
  f["Amount__gc"] = Num(1200.5);
  f["Renewal_Date__gc"] = StringValue("2027-03-01");
  f["Auto_Renew__gc"] = Bool(true);
  f["Stage__gc"] = StringValue("Open");
  return s;
}

class CustomObjectTest : public testing::GatewayTest {
 protected:
  void SetUp() override {
    GatewayTest::SetUp();
    if (HasFatalFailure()) return;
    stub_ = CustomObjectService::NewStub(gateway_->NewChannel());
  }

  // Inserts records External_Id__gc = prefix-i and returns their GSIDs.
  std::vector<std::string> Insert(const std::string& prefix, int n) {
    gainsight::v1::InsertRecordsRequest request;
    request.set_object_name(kObject);
    for (int i = 0; i < n; ++i) {
      *request.add_records() = Tracker(absl::StrCat("Renewal ", prefix, i),
                                       absl::StrCat(prefix, "-", i));
    }
    gainsight::v1::InsertRecordsResponse response;
    auto context = Context();
    grpc::Status status =
        stub_->InsertRecords(context.get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> gsids;
    for (const auto& r : response.results()) {
      EXPECT_EQ(r.error().code(), 0) << r.error().message();
      gsids.push_back(r.gsid());
    }
    return gsids;
  }

  std::vector<Struct> QueryAll(const std::string& external_id = "") {
    gainsight::v1::QueryRecordsRequest request;
    request.set_object_name(kObject);
    request.set_page_size(1000);
    if (!external_id.empty()) {
      auto* c = request.mutable_filter()->add_conditions();
      c->set_field("External_Id__gc");
      c->set_operator_(gainsight::v1::OPERATOR_EQ);
      c->add_values()->set_string_value(external_id);
    }
    gainsight::v1::QueryRecordsResponse response;
    auto context = Context();
    grpc::Status status =
        stub_->QueryRecords(context.get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.records().begin(), response.records().end()};
  }

  size_t Calls(const std::string& method, const std::string& prefix) {
    auto calls = sandbox_->CallsTo(method, prefix);
    EXPECT_TRUE(calls.ok()) << calls.status();
    return calls.ok() ? calls->size() : 0;
  }
  // The BadRequest field paths of `status`.
  static std::vector<std::string> BadFields(const grpc::Status& status) {
    google::rpc::BadRequest bad;
    EXPECT_TRUE(GetBadRequest(FromGrpcStatus(status), &bad))
        << status.error_message();
    std::vector<std::string> fields;
    for (const auto& v : bad.field_violations()) fields.push_back(v.field());
    return fields;
  }

  std::unique_ptr<CustomObjectService::Stub> stub_;
};

TEST_F(CustomObjectTest, InsertThenQueryReturnsRecordsInProtoEncoding) {
  std::vector<std::string> gsids = Insert("ins", 1);
  ASSERT_THAT(gsids, SizeIs(1));
  std::vector<Struct> rows = QueryAll("ins-0");
  ASSERT_THAT(rows, SizeIs(1));
  const auto& f = rows[0].fields();
  EXPECT_EQ(f.at("Gsid").string_value(), gsids[0]);
  EXPECT_EQ(f.at("Name__gc").string_value(), "Renewal ins0");
  EXPECT_DOUBLE_EQ(f.at("Amount__gc").number_value(), 1200.5);
  EXPECT_TRUE(f.at("Auto_Renew__gc").bool_value());
  // Dates back as "YYYY-MM-DD", date-times as RFC 3339 (not epoch ms).
  EXPECT_EQ(f.at("Renewal_Date__gc").string_value(), "2027-03-01");
  ASSERT_TRUE(f.at("CreatedDate").has_string_value());
  absl::Time created;
  std::string err;
  EXPECT_TRUE(absl::ParseTime(
      absl::RFC3339_full, f.at("CreatedDate").string_value(), &created, &err))
      << f.at("CreatedDate").string_value();
}

TEST_F(CustomObjectTest, BatchOf120IsSplitIntoCallsOfAtMost50) {
  std::vector<std::string> gsids = Insert("batch", 120);
  EXPECT_THAT(gsids, SizeIs(120));
  auto calls =
      sandbox_->CallsTo("POST", "/v1/data/objects/Renewal_Tracker__gc");
  ASSERT_TRUE(calls.ok());
  EXPECT_THAT(*calls, SizeIs(3));
  EXPECT_THAT(QueryAll(), SizeIs(120));
}

TEST_F(CustomObjectTest, UpdateByKeysChangesFieldsAndReportsUnmatched) {
  Insert("upd", 1);
  gainsight::v1::UpdateRecordsRequest request;
  request.set_object_name(kObject);
  request.add_keys("External_Id__gc");
  Struct* r = request.add_records();
  (*r->mutable_fields())["External_Id__gc"] = StringValue("upd-0");
  (*r->mutable_fields())["Stage__gc"] = StringValue("Won");
  Struct* missing = request.add_records();
  (*missing->mutable_fields())["External_Id__gc"] = StringValue("nobody");
  (*missing->mutable_fields())["Stage__gc"] = StringValue("Lost");
  gainsight::v1::UpdateRecordsResponse response;
  auto context = Context();
  grpc::Status status = stub_->UpdateRecords(context.get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_THAT(response.results(), SizeIs(2));
  EXPECT_EQ(response.results(0).error().code(), 0);
  EXPECT_EQ(response.results(0).action(), gainsight::v1::WRITE_ACTION_UPDATED);
  EXPECT_EQ(response.results(1).error().code(), grpc::StatusCode::NOT_FOUND);
  std::vector<Struct> rows = QueryAll("upd-0");
  ASSERT_THAT(rows, SizeIs(1));
  EXPECT_EQ(rows[0].fields().at("Stage__gc").string_value(), "Won");
}

TEST_F(CustomObjectTest, UpsertUpdatesMatchesAndInsertsTheRest) {
  Insert("ups", 1);
  gainsight::v1::UpsertRecordsRequest request;
  request.set_object_name(kObject);
  request.add_keys("External_Id__gc");
  *request.add_records() = Tracker("Changed", "ups-0");
  *request.add_records() = Tracker("Brand new", "ups-new");
  gainsight::v1::UpsertRecordsResponse response;
  auto context = Context();
  grpc::Status status = stub_->UpsertRecords(context.get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_THAT(response.results(), SizeIs(2));
  EXPECT_EQ(response.results(0).action(), gainsight::v1::WRITE_ACTION_UPDATED);
  EXPECT_EQ(response.results(1).action(), gainsight::v1::WRITE_ACTION_INSERTED);
  std::vector<Struct> changed = QueryAll("ups-0");
  ASSERT_THAT(changed, SizeIs(1));
  EXPECT_EQ(changed[0].fields().at("Name__gc").string_value(), "Changed");
  EXPECT_THAT(QueryAll("ups-new"), SizeIs(1));
}

TEST_F(CustomObjectTest, QueryPagesWithTokens) {
  Insert("page", 5);
  gainsight::v1::QueryRecordsRequest request;
  request.set_object_name(kObject);
  request.add_select("External_Id__gc");
  auto* order = request.add_order_by();
  order->set_field("External_Id__gc");
  request.set_page_size(2);
  std::vector<std::string> seen;
  for (int page = 0; page < 5; ++page) {
    gainsight::v1::QueryRecordsResponse response;
    auto context = Context();
    grpc::Status status =
        stub_->QueryRecords(context.get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    for (const auto& r : response.records()) {
      EXPECT_TRUE(r.fields().contains("Gsid"));
      seen.push_back(r.fields().at("External_Id__gc").string_value());
    }
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  EXPECT_THAT(seen,
              ElementsAre("page-0", "page-1", "page-2", "page-3", "page-4"));
}

TEST_F(CustomObjectTest, DeleteRemovesRecordsAndReportsUnknownGsids) {
  std::vector<std::string> gsids = Insert("del", 1);
  ASSERT_THAT(gsids, SizeIs(1));
  gainsight::v1::DeleteRecordsRequest request;
  request.set_object_name(kObject);
  request.add_gsids(gsids[0]);
  request.add_gsids("1CO1NOSUCHRECORD00000000000000000000");
  gainsight::v1::DeleteRecordsResponse response;
  auto context = Context();
  grpc::Status status = stub_->DeleteRecords(context.get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_THAT(response.results(), SizeIs(2));
  EXPECT_EQ(response.results(0).error().code(), 0);
  EXPECT_NE(response.results(1).error().code(), 0);
  EXPECT_THAT(QueryAll("del-0"), SizeIs(0));
}

TEST_F(CustomObjectTest, UnknownObjectIsNotFoundWithoutWriteCall) {
  // A name without the __gc suffix of custom objects gets a hint.
  for (const std::string object : {"No_Such_Object__gc", "Renewal_Tracker"}) {
    gainsight::v1::InsertRecordsRequest request;
    request.set_object_name(object);
    *request.add_records() = Tracker("x", "y");
    gainsight::v1::InsertRecordsResponse response;
    auto context = Context();
    grpc::Status status =
        stub_->InsertRecords(context.get(), request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND)
        << status.error_message();
    EXPECT_EQ(status.error_message().find("__gc?") != std::string::npos,
              object == "Renewal_Tracker")
        << status.error_message();
  }
  EXPECT_EQ(Calls("", kDataPrefix), 0u);
}

TEST_F(CustomObjectTest, UnknownFieldIsInvalidArgumentWithoutWriteCall) {
  gainsight::v1::InsertRecordsRequest request;
  request.set_object_name(kObject);
  *request.add_records() = Tracker("ok", "ok-0");
  Struct bad = Tracker("bad", "bad-0");
  (*bad.mutable_fields())["Nope__gc"] = StringValue("x");
  *request.add_records() = bad;
  gainsight::v1::InsertRecordsResponse response;
  auto context = Context();
  grpc::Status status = stub_->InsertRecords(context.get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status), ElementsAre("records[1].Nope__gc"));
  EXPECT_EQ(Calls("", kDataPrefix), 0u);
}

TEST_F(CustomObjectTest, NamesInAnyLetterCaseReachTheTenantsFields) {
  // Written, keyed and queried in lower case: the tenant's spelling goes
  // upstream (the sandbox, as Gainsight, knows only that one).
  gainsight::v1::UpsertRecordsRequest upsert;
  upsert.set_object_name(kObject);
  upsert.add_keys("external_id__gc");
  Struct record;
  (*record.mutable_fields())["name__gc"] = StringValue("Lower Case");
  (*record.mutable_fields())["external_id__gc"] = StringValue("lower-1");
  (*record.mutable_fields())["AMOUNT__GC"] = Num(7);
  *upsert.add_records() = record;
  gainsight::v1::UpsertRecordsResponse upserted;
  auto context = Context();
  grpc::Status status = stub_->UpsertRecords(context.get(), upsert, &upserted);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(upserted.results_size(), 1);
  EXPECT_EQ(upserted.results(0).error().code(), 0)
      << upserted.results(0).error().message();

  gainsight::v1::QueryRecordsRequest query;
  query.set_object_name(kObject);
  query.add_select("name__gc");
  query.add_select("amount__gc");
  auto* c = query.mutable_filter()->add_conditions();
  c->set_field("EXTERNAL_ID__GC");
  c->set_operator_(gainsight::v1::OPERATOR_EQ);
  c->add_values()->set_string_value("lower-1");
  gainsight::v1::QueryRecordsResponse found;
  context = Context();
  status = stub_->QueryRecords(context.get(), query, &found);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(found.records_size(), 1);
  EXPECT_EQ(found.records(0).fields().at("Name__gc").string_value(),
            "Lower Case");
  EXPECT_EQ(found.records(0).fields().at("Amount__gc").number_value(), 7);
}

TEST_F(CustomObjectTest, TyposAreRefusedWithTheClosestNamesBeforeAnyQuota) {
  gainsight::v1::QueryRecordsRequest query;
  query.set_object_name(kObject);
  query.add_select("Amuont__gc");
  auto* c = query.mutable_filter()->add_conditions();
  c->set_field("Amount__gc");
  c->set_operator_(gainsight::v1::OPERATOR_GT);
  c->add_values()->set_string_value("a lot");
  gainsight::v1::QueryRecordsResponse found;
  auto context = Context();
  grpc::Status status = stub_->QueryRecords(context.get(), query, &found);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status),
              ElementsAre("select[0]", "filter.conditions[0].values[0]"));
  EXPECT_THAT(status.error_message(), HasSubstr("did you mean Amount__gc?"));
  EXPECT_EQ(Calls("", kDataPrefix), 0u);
}

TEST_F(CustomObjectTest, WrongTypesAreInvalidArgumentWithoutWriteCall) {
  gainsight::v1::UpdateRecordsRequest request;
  request.set_object_name(kObject);
  request.add_keys("External_Id__gc");
  Struct r;
  (*r.mutable_fields())["External_Id__gc"] = StringValue("x");
  (*r.mutable_fields())["Amount__gc"] = StringValue("a lot");
  (*r.mutable_fields())["Renewal_Date__gc"] = Num(20270301);
  *request.add_records() = r;
  gainsight::v1::UpdateRecordsResponse response;
  auto context = Context();
  grpc::Status status = stub_->UpdateRecords(context.get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status), ElementsAre("records[0].Amount__gc",
                                             "records[0].Renewal_Date__gc"));
  EXPECT_EQ(Calls("", kDataPrefix), 0u);
}

TEST_F(CustomObjectTest, ReadOnlyAndMissingRequiredFieldsFailInsert) {
  gainsight::v1::InsertRecordsRequest request;
  request.set_object_name(kObject);
  Struct r;
  (*r.mutable_fields())["Gsid"] =
      StringValue("1CO1AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  (*r.mutable_fields())["Amount__gc"] = Num(1);
  *request.add_records() = r;
  gainsight::v1::InsertRecordsResponse response;
  auto context = Context();
  grpc::Status status = stub_->InsertRecords(context.get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status),
              ElementsAre("records[0].Gsid", "records[0].Name__gc"));
  EXPECT_EQ(Calls("", kDataPrefix), 0u);
}

TEST_F(CustomObjectTest, BadShapeIsRefusedBeforeAnyUpstreamCall) {
  gainsight::v1::UpsertRecordsRequest request;
  request.set_object_name("bad name");
  gainsight::v1::UpsertRecordsResponse response;
  auto context = Context();
  grpc::Status status = stub_->UpsertRecords(context.get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status), ElementsAre("object_name", "records", "keys"));
  EXPECT_EQ(Calls("", "/v1/"), 0u);
}

TEST_F(CustomObjectTest, SecondWriteWithinTtlCostsNoMetadataCall) {
  Insert("ttl-a", 1);
  Insert("ttl-b", 1);
  QueryAll();
  EXPECT_EQ(Calls("GET", kDescribePathPrefix), 1u);
  EXPECT_EQ(Calls("POST", "/v1/data/objects/Renewal_Tracker__gc"), 2u);
}

}  // namespace
}  // namespace gg
