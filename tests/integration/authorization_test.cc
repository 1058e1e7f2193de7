// Caller authentication and authorization through real gRPC: bearer tokens
// accepted and refused, every policy denial before any upstream call (the
// sandbox's call log unchanged), bulk jobs owned by their creator, policy
// reload under traffic, and the audit trail.
#include <atomic>
#include <thread>

#include "absl/strings/match.h"
#include "gainsight/v1/bulk.grpc.pb.h"
#include "gainsight/v1/company.grpc.pb.h"
#include "gainsight/v1/custom_object.grpc.pb.h"
#include "gainsight/v1/metadata.grpc.pb.h"
#include "gainsight/v1/quota.grpc.pb.h"
#include "gmock/gmock.h"
#include "tests/integration/security_fixture.h"

namespace gg::testing {
namespace {

using ::testing::HasSubstr;
namespace v1 = gainsight::v1;

constexpr char kAliceToken[] = "alice-token-6f1d2c9e8b7a";
constexpr char kBobToken[] = "bob-token-0a9b8c7d6e5f";
constexpr char kOpsToken[] = "ops-token-13579bdf2468";

class AuthorizationTest : public SecurityTest {
 protected:
  void SetUp() override {
    SecurityTest::SetUp();
    callers_ = CallersFile(
        {{"alice", kAliceToken}, {"bob", kBobToken}, {"ops", kOpsToken}});
  }

  void Start(const std::string& policy_text,
             std::vector<std::string> extra = {}) {
    policy_ = WriteFile("policy.yaml", policy_text);
    std::vector<std::string> args = {"--callers-file",       callers_,
                                     "--policy-file",        policy_,
                                     "--bulk-poll-interval", "50ms"};
    args.insert(args.end(), extra.begin(), extra.end());
    gateway_ = StartGateway(args);
    ASSERT_NE(gateway_, nullptr);
    channel_ = gateway_->NewChannel();
  }

  grpc::Status GetQuota(const std::string& token) {
    auto stub = v1::QuotaService::NewStub(channel_);
    v1::GetQuotaResponse response;
    return stub->GetQuota(Context(token).get(), {}, &response);
  }

  grpc::Status Upsert(const std::string& token, const std::string& name,
                      v1::UpsertCompaniesResponse* response = nullptr,
                      const char* priority = "batch") {
    auto stub = v1::CompanyService::NewStub(channel_);
    v1::UpsertCompaniesRequest request;
    request.add_keys("Name");
    request.add_companies()->set_name(name);
    request.set_request_id("req-" + name.substr(0, 4));
    v1::UpsertCompaniesResponse ignored;
    auto context = Context(token);
    if (priority != nullptr)
      context->AddMetadata("x-gainsight-priority", priority);
    return stub->UpsertCompanies(context.get(), request,
                                 response != nullptr ? response : &ignored);
  }

  std::string callers_;
  std::string policy_;
  std::unique_ptr<Gateway> gateway_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(AuthorizationTest, BearerTokensAreCheckedBeforeAnything) {
  Start("callers:\n  - id: '*'\n    allow: ['*']\n");
  EXPECT_TRUE(GetQuota(kAliceToken).ok());

  grpc::Status missing = GetQuota("");
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(ErrorInfoOf(missing).reason(), "CREDENTIALS_MISSING");

  grpc::Status unknown = GetQuota("not-a-known-token-1234");
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(ErrorInfoOf(unknown).reason(), "TOKEN_UNKNOWN");
  EXPECT_THAT(unknown.error_message(),
              ::testing::Not(HasSubstr("not-a-known")));

  auto stub = v1::QuotaService::NewStub(channel_);
  v1::GetQuotaResponse response;
  auto context = Context();
  context->AddMetadata("authorization", std::string("Basic ") + kAliceToken);
  grpc::Status malformed = stub->GetQuota(context.get(), {}, &response);
  EXPECT_EQ(malformed.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(ErrorInfoOf(malformed).reason(), "AUTHORIZATION_MALFORMED");

  // An unauthenticated write reaches neither Gainsight nor the budget.
  const size_t before = UpstreamCalls();
  EXPECT_EQ(Upsert("", "Nobody Inc").error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(UpstreamCalls(), before);
}

TEST_F(AuthorizationTest, TokensWorkOverServerTlsToo) {
  std::vector<std::string> tls = TlsArgs(/*mutual=*/false);
  Start("callers:\n  - id: alice\n    allow: [read]\n", tls);
  channel_ = gateway_->NewChannel(pki_->Credentials());
  EXPECT_TRUE(GetQuota(kAliceToken).ok());
  EXPECT_EQ(GetQuota("").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  grpc::Status bob = GetQuota(kBobToken);
  EXPECT_EQ(bob.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ErrorInfoOf(bob).reason(), "CALLER_NOT_IN_POLICY");
}

TEST_F(AuthorizationTest, EveryDenialComesBeforeAnyUpstreamCall) {
  ASSERT_TRUE(sandbox_->AddBulkDataJob("company-insert", "Company").ok());
  Start(R"(callers:
  - id: alice
    allow: [read, write, bulk, export]
    objects: [Company]
    interactive: false
  - id: bob
    allow: [read]
)");
  struct Case {
    const char* what;
    std::function<grpc::Status()> call;
    const char* reason;
  };
  auto custom = v1::CustomObjectService::NewStub(channel_);
  auto metadata = v1::MetadataService::NewStub(channel_);
  auto bulk = v1::BulkService::NewStub(channel_);
  const std::vector<Case> cases = {
      {"caller not in the policy", [&] { return Upsert(kOpsToken, "Ops Inc"); },
       "CALLER_NOT_IN_POLICY"},
      {"method of an ungranted group",
       [&] { return Upsert(kBobToken, "Bob Inc"); }, "METHOD_NOT_GRANTED"},
      {"interactive priority",
       [&] { return Upsert(kAliceToken, "Alice Inc", nullptr, nullptr); },
       "INTERACTIVE_NOT_GRANTED"},
      {"custom object",
       [&] {
         v1::InsertRecordsRequest request;
         request.set_object_name("Secret__c");
         request.add_records();
         v1::InsertRecordsResponse response;
         auto context = Context(kAliceToken);
         context->AddMetadata("x-gainsight-priority", "batch");
         return custom->InsertRecords(context.get(), request, &response);
       },
       "OBJECT_NOT_GRANTED"},
      {"describe of an object",
       [&] {
         v1::DescribeObjectRequest request;
         request.set_object_name("Secret__c");
         v1::DescribeObjectResponse response;
         auto context = Context(kAliceToken);
         context->AddMetadata("x-gainsight-priority", "batch");
         return metadata->DescribeObject(context.get(), request, &response);
       },
       "OBJECT_NOT_GRANTED"},
      {"export of an object",
       [&] {
         v1::ExportRequest request;
         request.set_object_name("Secret__c");
         request.add_select("Name");
         auto context = Context(kAliceToken);
         context->AddMetadata("x-gainsight-priority", "batch");
         auto reader = bulk->Export(context.get(), request);
         v1::ExportResponse response;
         while (reader->Read(&response)) {
         }
         return reader->Finish();
       },
       "OBJECT_NOT_GRANTED"},
      {"import of an object (named in the stream's header)",
       [&] {
         auto context = Context(kAliceToken);
         context->AddMetadata("x-gainsight-priority", "batch");
         v1::StartImportResponse response;
         auto writer = bulk->StartImport(context.get(), &response);
         v1::StartImportRequest header;
         header.mutable_header()->set_object_name("Secret__c");
         header.mutable_header()->set_connector_job_id("company-insert");
         header.mutable_header()->add_columns("Name");
         writer->Write(header);
         v1::StartImportRequest rows;
         (*rows.mutable_rows()->add_rows()->mutable_fields())["Name"]
             .set_string_value("x");
         writer->Write(rows);
         writer->WritesDone();
         return writer->Finish();
       },
       "OBJECT_NOT_GRANTED"},
  };
  for (const Case& c : cases) {
    const size_t before = UpstreamCalls();
    grpc::Status status = c.call();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
        << c.what << ": " << status.error_message();
    EXPECT_EQ(ErrorInfoOf(status).reason(), c.reason) << c.what;
    EXPECT_EQ(UpstreamCalls(), before) << c.what << " reached Gainsight";
  }
  // The budget was not touched either.
  auto quota = v1::QuotaService::NewStub(channel_);
  v1::GetQuotaResponse response;
  auto context = Context(kBobToken);
  ASSERT_TRUE(quota->GetQuota(context.get(), {}, &response).ok());
  for (const auto& cls : response.classes()) {
    for (const auto& window : cls.windows()) {
      EXPECT_EQ(window.used(), 0) << cls.call_class();
    }
  }
  // And what is granted works.
  EXPECT_TRUE(Upsert(kAliceToken, "Alice Inc").ok());
}

TEST_F(AuthorizationTest, BulkJobsBelongToTheirCreator) {
  ASSERT_TRUE(sandbox_->AddBulkDataJob("company-insert", "Company").ok());
  Start(R"(callers:
  - id: alice
    allow: [bulk]
  - id: bob
    allow: [bulk]
  - id: ops
    allow: [bulk]
    all_jobs: true
)");
  auto bulk = v1::BulkService::NewStub(channel_);
  v1::StartImportResponse started;
  {
    auto context = Context(kAliceToken);
    auto writer = bulk->StartImport(context.get(), &started);
    v1::StartImportRequest header;
    header.mutable_header()->set_object_name("Company");
    header.mutable_header()->set_connector_job_id("company-insert");
    header.mutable_header()->add_columns("Name");
    ASSERT_TRUE(writer->Write(header));
    v1::StartImportRequest rows;
    (*rows.mutable_rows()->add_rows()->mutable_fields())["Name"]
        .set_string_value("Owned Co");
    ASSERT_TRUE(writer->Write(rows));
    writer->WritesDone();
    grpc::Status status = writer->Finish();
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  const std::string id = started.job().id();
  EXPECT_EQ(started.job().owner(), "alice");

  auto get = [&](const char* token) {
    v1::GetJobRequest request;
    request.set_id(id);
    v1::GetJobResponse response;
    return bulk->GetJob(Context(token).get(), request, &response);
  };
  auto list = [&](const char* token) {
    v1::ListJobsResponse response;
    EXPECT_TRUE(bulk->ListJobs(Context(token).get(), {}, &response).ok());
    return response.jobs_size();
  };
  EXPECT_TRUE(get(kAliceToken).ok());
  EXPECT_TRUE(get(kOpsToken).ok());
  grpc::Status bob = get(kBobToken);
  EXPECT_EQ(bob.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(list(kAliceToken), 1);
  EXPECT_EQ(list(kOpsToken), 1);
  EXPECT_EQ(list(kBobToken), 0);
  {
    v1::WatchJobRequest request;
    request.set_id(id);
    auto context = Context(kBobToken);
    auto reader = bulk->WatchJob(context.get(), request);
    v1::WatchJobResponse response;
    EXPECT_FALSE(reader->Read(&response));
    EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::NOT_FOUND);
  }
}

TEST_F(AuthorizationTest, PolicyChangesApplyUnderTrafficAndABadOneIsIgnored) {
  const char* both = R"(callers:
  - id: alice
    allow: [read]
  - id: bob
    allow: [read]
)";
  Start(both, {"--reload-interval", "100ms"});
  ASSERT_TRUE(GetQuota(kBobToken).ok());
  std::atomic<bool> stop{false};
  std::atomic<int> ok{0}, failed{0};
  std::thread traffic([&] {
    while (!stop) (GetQuota(kAliceToken).ok() ? ok : failed)++;
  });
  WriteFile("policy.yaml", "callers:\n  - id: alice\n    allow: [read]\n");
  const absl::Time deadline = absl::Now() + absl::Seconds(20);
  grpc::Status bob;
  while (absl::Now() < deadline) {
    bob = GetQuota(kBobToken);
    if (!bob.ok()) break;
  }
  EXPECT_EQ(bob.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ErrorInfoOf(bob).reason(), "CALLER_NOT_IN_POLICY");

  // A policy that does not parse leaves the last good one in force.
  WriteFile("policy.yaml", "callers:\n  - id: bob\n    allow: [reed]\n");
  const absl::Time log_deadline = absl::Now() + absl::Seconds(20);
  while (absl::Now() < log_deadline &&
         !absl::StrContains(gateway_->process().Stderr(),
                            "policy_reload_failed")) {
    absl::SleepFor(absl::Milliseconds(20));  // polling the log file
  }
  EXPECT_THAT(gateway_->process().Stderr(), HasSubstr("policy.yaml:3:"));
  EXPECT_EQ(GetQuota(kBobToken).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  stop = true;
  traffic.join();
  EXPECT_GT(ok.load(), 0);
  EXPECT_EQ(failed.load(), 0) << "alice's calls failed during a reload";
}

TEST_F(AuthorizationTest, WritesDeletesImportsAndExportsLeaveAnAuditLine) {
  ASSERT_TRUE(sandbox_->AddBulkDataJob("company-insert", "Company").ok());
  Start(R"(callers:
  - id: alice
    allow: ['*']
  - id: bob
    allow: [read]
)");
  const std::string secret_name = "Audit Secret Name 8e1f";
  v1::UpsertCompaniesResponse upserted;
  ASSERT_TRUE(Upsert(kAliceToken, secret_name, &upserted).ok());
  ASSERT_EQ(upserted.results_size(), 1);
  EXPECT_EQ(Upsert(kBobToken, secret_name).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  {
    auto stub = v1::CompanyService::NewStub(channel_);
    v1::DeleteCompaniesRequest request;
    request.add_gsids(upserted.results(0).gsid());
    request.add_gsids("1P02NOSUCHCOMPANY");
    request.set_request_id("delete-1");
    v1::DeleteCompaniesResponse response;
    ASSERT_TRUE(
        stub->DeleteCompanies(Context(kAliceToken).get(), request, &response)
            .ok());
  }
  auto bulk = v1::BulkService::NewStub(channel_);
  {
    auto context = Context(kAliceToken);
    v1::StartImportResponse response;
    auto writer = bulk->StartImport(context.get(), &response);
    v1::StartImportRequest header;
    header.mutable_header()->set_object_name("Company");
    header.mutable_header()->set_connector_job_id("company-insert");
    header.mutable_header()->add_columns("Name");
    header.mutable_header()->set_request_id("import-1");
    ASSERT_TRUE(writer->Write(header));
    v1::StartImportRequest rows;
    for (const char* name : {"Imported One", "Imported Two", "Imported 3"}) {
      (*rows.mutable_rows()->add_rows()->mutable_fields())["Name"]
          .set_string_value(name);
    }
    ASSERT_TRUE(writer->Write(rows));
    writer->WritesDone();
    ASSERT_TRUE(writer->Finish().ok());
  }
  int exported = 0;
  {
    v1::ExportRequest request;
    request.set_object_name("Company");
    request.add_select("Name");
    request.set_request_id("export-1");
    auto context = Context(kAliceToken, absl::Seconds(30));
    auto reader = bulk->Export(context.get(), request);
    v1::ExportResponse response;
    while (reader->Read(&response)) exported += response.records_size();
    grpc::Status status = reader->Finish();
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  ASSERT_GT(exported, 0);
  // Reads are not audited.
  ASSERT_TRUE(GetQuota(kAliceToken).ok());

  std::vector<nlohmann::json> lines = AuditLines(*gateway_);
  ASSERT_EQ(lines.size(), 5u) << gateway_->process().Stderr();
  EXPECT_EQ(lines[0]["caller"], "alice");
  EXPECT_EQ(lines[0]["tenant"], "default");
  EXPECT_EQ(lines[0]["method"], "gainsight.v1.CompanyService/UpsertCompanies");
  EXPECT_EQ(lines[0]["object"], "Company");
  EXPECT_EQ(lines[0]["records"], 1);
  EXPECT_EQ(lines[0]["failed_records"], 0);
  EXPECT_EQ(lines[0]["request_id"], "req-Audi");
  EXPECT_EQ(lines[0]["outcome"], "OK");
  EXPECT_EQ(lines[1]["caller"], "bob");
  EXPECT_EQ(lines[1]["outcome"], "PERMISSION_DENIED");
  EXPECT_EQ(lines[2]["method"], "gainsight.v1.CompanyService/DeleteCompanies");
  EXPECT_EQ(lines[2]["records"], 2);
  EXPECT_EQ(lines[2]["request_id"], "delete-1");
  EXPECT_EQ(lines[2]["failed_records"], 1);
  EXPECT_EQ(lines[3]["method"], "gainsight.v1.BulkService/StartImport");
  EXPECT_EQ(lines[3]["object"], "Company");
  EXPECT_EQ(lines[3]["records"], 3);
  EXPECT_EQ(lines[3]["request_id"], "import-1");
  EXPECT_EQ(lines[3]["outcome"], "OK");
  EXPECT_EQ(lines[4]["method"], "gainsight.v1.BulkService/Export");
  EXPECT_EQ(lines[4]["object"], "Company");
  EXPECT_EQ(lines[4]["records"], exported);
  EXPECT_EQ(lines[4]["request_id"], "export-1");
  EXPECT_EQ(lines[4]["outcome"], "OK");
  // Never a value.
  EXPECT_THAT(gateway_->process().Stderr(),
              ::testing::Not(HasSubstr(secret_name)));
  EXPECT_THAT(gateway_->process().Stderr(),
              ::testing::Not(HasSubstr("Imported One")));
}

}  // namespace
}  // namespace gg::testing
