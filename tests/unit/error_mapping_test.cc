#include "gainsight/error_mapping.h"

#include "common/status_details.h"
#include "gtest/gtest.h"

namespace gg {
namespace {

HttpResponse Response(int status, std::string body, HttpHeaders headers = {}) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

std::string UpstreamEnvelope(bool result, const std::string& code,
                             const std::string& desc = "x") {
  return absl::StrCat(R"({"result":)", result ? "true" : "false",
                      R"(,"errorCode":")", code, R"(","errorDesc":")", desc,
                      R"(","requestId":"r-1","data":null,"message":null})");
}

std::string Reason(const UpstreamOutcome& o) {
  google::rpc::ErrorInfo info;
  return GetErrorInfo(o.status, &info) ? info.reason() : "";
}

TEST(ErrorMappingTest, SuccessCarriesData) {
  UpstreamOutcome o = ClassifyResponse(
      Response(200, R"({"result":true,"errorCode":null,"data":{"count":1}})"));
  EXPECT_TRUE(o.status.ok());
  EXPECT_EQ(o.data["count"], 1);
}

TEST(ErrorMappingTest, ResultFalseWithHttp200IsAFailure) {
  UpstreamOutcome o =
      ClassifyResponse(Response(200, UpstreamEnvelope(false, "XYZ_1")));
  EXPECT_EQ(o.status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Reason(o), "GAINSIGHT_REJECTED");
}

TEST(ErrorMappingTest, TableRows) {
  struct Row {
    int http;
    std::string code;
    absl::StatusCode want;
    std::string reason;
    bool transient;
  };
  for (const Row& row : std::vector<Row>{
           {400, "GSOBJ_1011", absl::StatusCode::kNotFound,
            "GAINSIGHT_NO_MATCH", false},
           {400, "GSOBJ_1002", absl::StatusCode::kInvalidArgument,
            "GAINSIGHT_INVALID_RECORD", false},
           {400, "GSOBJ_1004", absl::StatusCode::kInvalidArgument,
            "GAINSIGHT_INVALID_RECORD", false},
           {401, "GS_APIG_2401", absl::StatusCode::kPermissionDenied,
            "GAINSIGHT_ACCESS_DENIED", false},
           {200, "GS_APIG_2401", absl::StatusCode::kPermissionDenied,
            "GAINSIGHT_ACCESS_DENIED", false},
           {400, "GSOBJ_1024", absl::StatusCode::kPermissionDenied,
            "GAINSIGHT_ACCESS_DENIED", false},
           {500, "GSOBJ_1003", absl::StatusCode::kUnavailable,
            "GAINSIGHT_UNAVAILABLE", true},
           {503, "", absl::StatusCode::kUnavailable, "GAINSIGHT_UNAVAILABLE",
            true},
           {404, "GS_APIG_1000", absl::StatusCode::kUnimplemented,
            "GAINSIGHT_ROUTE_NOT_FOUND", false},
           {404, "GSOBJ_9999", absl::StatusCode::kNotFound,
            "GAINSIGHT_NOT_FOUND", false},
           {400, "SOMETHING_NEW", absl::StatusCode::kInvalidArgument,
            "GAINSIGHT_REJECTED", false},
       }) {
    UpstreamOutcome o =
        ClassifyResponse(Response(row.http, UpstreamEnvelope(false, row.code)));
    EXPECT_EQ(o.status.code(), row.want) << row.http << " " << row.code;
    EXPECT_EQ(Reason(o), row.reason) << row.http << " " << row.code;
    EXPECT_EQ(o.transient, row.transient) << row.http << " " << row.code;
    EXPECT_FALSE(o.throttled);
  }
}

TEST(ErrorMappingTest, ErrorInfoCarriesGainsightCodeAndRequestId) {
  UpstreamOutcome o =
      ClassifyResponse(Response(400, UpstreamEnvelope(false, "GSOBJ_1002")));
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(GetErrorInfo(o.status, &info));
  EXPECT_EQ(info.domain(), "gainsight-gateway");
  EXPECT_EQ(info.metadata().at("gainsight_error_code"), "GSOBJ_1002");
  EXPECT_EQ(info.metadata().at("gainsight_request_id"), "r-1");
  EXPECT_EQ(info.metadata().at("http_status"), "400");
}

TEST(ErrorMappingTest, RateLimitIsThrottledWithOrWithoutRetryAfter) {
  UpstreamOutcome plain = ClassifyResponse(
      Response(429, UpstreamEnvelope(false, "GU_2400", "Too many request")));
  EXPECT_TRUE(plain.throttled);
  EXPECT_FALSE(plain.retry_after.has_value());
  EXPECT_EQ(plain.status.code(), absl::StatusCode::kResourceExhausted);

  UpstreamOutcome with_header =
      ClassifyResponse(Response(429, "not json", {{"retry-after", "7"}}));
  EXPECT_TRUE(with_header.throttled);
  ASSERT_TRUE(with_header.retry_after.has_value());
  EXPECT_EQ(*with_header.retry_after, absl::Seconds(7));

  EXPECT_TRUE(
      ClassifyResponse(Response(200, UpstreamEnvelope(false, "GS_APIG_2404")))
          .throttled);
}

TEST(ErrorMappingTest, TransportErrors) {
  UpstreamOutcome down = ClassifyResponse(absl::UnavailableError("refused"));
  EXPECT_EQ(down.status.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(Reason(down), "GAINSIGHT_UNREACHABLE");
  EXPECT_TRUE(down.transient);
  UpstreamOutcome slow = ClassifyResponse(absl::DeadlineExceededError("slow"));
  EXPECT_EQ(slow.status.code(), absl::StatusCode::kDeadlineExceeded);
  UpstreamOutcome cancelled = ClassifyResponse(absl::CancelledError("bye"));
  EXPECT_EQ(cancelled.status.code(), absl::StatusCode::kCancelled);
  EXPECT_FALSE(cancelled.transient);
}

TEST(ErrorMappingTest, MalformedBodies) {
  UpstreamOutcome ok_status = ClassifyResponse(Response(200, "<html>"));
  EXPECT_EQ(ok_status.status.code(), absl::StatusCode::kInternal);
  EXPECT_EQ(Reason(ok_status), "GAINSIGHT_MALFORMED_RESPONSE");
  UpstreamOutcome gateway_page = ClassifyResponse(Response(502, "<html>"));
  EXPECT_EQ(gateway_page.status.code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(gateway_page.transient);
}

TEST(ErrorMappingTest, A404WithoutAnEnvelopeIsAMissingRoute) {
  UpstreamOutcome o = ClassifyResponse(Response(404, "<html>Not Found</html>"));
  EXPECT_EQ(o.status.code(), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(Reason(o), "GAINSIGHT_ROUTE_NOT_FOUND");
  EXPECT_FALSE(o.transient);
}

// The 400 a real tenant answered for PUT /v1/data/objects/Company?keys=Name
// (RudderStack's network mock).
constexpr char kPublishedRejection[] = R"({"count":0,"errors":[[{
  "success":false,"parsedValue":210318,"errors":[{
  "errorMessage":"Invalid dateTime format","errorCode":"GSOBJ_1006",
  "fieldName":"OriginalContractDate","invalidValue":210318}]}]],
  "records":null})";

TEST(ErrorMappingTest, PublishedPerRecordShapeIsRead) {
  std::vector<RecordError> errors =
      ParseRecordErrors(Json::parse(kPublishedRejection));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].index, 0);
  EXPECT_EQ(errors[0].field_name, "OriginalContractDate");
  EXPECT_EQ(errors[0].error_code, "GSOBJ_1006");
  EXPECT_EQ(errors[0].error_desc, "Invalid dateTime format");
  absl::Status s = RecordErrorStatus(errors[0], "companies[0]");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  UpstreamOutcome outcome;
  outcome.status = s;
  EXPECT_EQ(Reason(outcome), "GAINSIGHT_INVALID_RECORD");
  google::rpc::BadRequest bad;
  ASSERT_TRUE(GetBadRequest(s, &bad));
  EXPECT_EQ(bad.field_violations(0).field(),
            "companies[0].OriginalContractDate");
  EXPECT_EQ(std::string(s.message()).find("210318"), std::string::npos)
      << "record values never reach messages: " << s.message();
}

TEST(ErrorMappingTest, PerRecordEntriesMapToPositions) {
  Json data = Json::parse(R"({"errors":[
    [], null,
    [{"success":true,"errors":[]},
     {"success":false,"errors":[{"errorMessage":"too long","errorCode":"GSOBJ_1001","fieldName":"Name"}]}],
    {"success":false,"errors":[{"errorMessage":"bad","errorCode":"GSOBJ_1002","fieldName":"Arr"}]},
    [{"success":false}]]})");
  RejectedRecords r = ReadRejectedRecords(data, 5);
  EXPECT_TRUE(r.per_record);
  EXPECT_FALSE(r.unreadable);
  ASSERT_EQ(r.by_position.size(), 3u);
  EXPECT_EQ(r.by_position.at(2)[0].field_name, "Name");
  EXPECT_EQ(r.by_position.at(3)[0].field_name, "Arr");
  EXPECT_EQ(r.by_position.at(4)[0].field_name, "")
      << "a failed result without field errors is about the whole record";
}

TEST(ErrorMappingTest, PerRecordEntriesThatDoNotLineUpCannotBeTied) {
  Json data = Json::parse(kPublishedRejection);  // one entry
  RejectedRecords three = ReadRejectedRecords(data, 3);
  EXPECT_FALSE(three.per_record);
  EXPECT_TRUE(three.unreadable);
  EXPECT_TRUE(three.by_position.empty());
  RejectedRecords one = ReadRejectedRecords(data, 1);
  EXPECT_TRUE(one.per_record);
}

TEST(ErrorMappingTest, NoErrorsMeansNoPerRecordDetail) {
  for (const char* text : {R"(null)", R"({"errors":null})", R"({"errors":[]})",
                           R"({"errors":[[],[]]})"}) {
    RejectedRecords r = ReadRejectedRecords(Json::parse(text), 2);
    EXPECT_FALSE(r.per_record) << text;
    EXPECT_FALSE(r.unreadable) << text;
  }
}

TEST(ErrorMappingTest, ReadingIsBounded) {
  Json errors = Json::array();
  Json many = Json::array();
  for (int i = 0; i < 3 * kMaxRecordErrors; ++i) {
    many.push_back({{"errorMessage", "x"}, {"fieldName", "F"}});
  }
  errors.push_back(Json::array({{{"success", false}, {"errors", many}}}));
  EXPECT_EQ(ParseRecordErrors(Json{{"errors", errors}}).size(),
            static_cast<size_t>(kMaxRecordErrors));
}

TEST(ErrorMappingTest, RecordErrorsNameTheField) {
  Json data = Json::parse(
      R"({"count":0,"errors":[{"index":3,"fieldName":"Arr","errorCode":"GSOBJ_1002","errorDesc":"bad"}]})");
  std::vector<RecordError> errors = ParseRecordErrors(data);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].index, 3);
  absl::Status s = RecordErrorStatus(errors[0], "companies[3]");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  google::rpc::BadRequest bad;
  ASSERT_TRUE(GetBadRequest(s, &bad));
  EXPECT_EQ(bad.field_violations(0).field(), "companies[3].Arr");
}

}  // namespace
}  // namespace gg
