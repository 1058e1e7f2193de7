// Operability through the tools users have: `buf curl` over server
// reflection (no local protos), grpc.health.v1, and the drain on SIGTERM.
#include <signal.h>

#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "gainsight/v1/bulk.pb.h"
#include "gainsight/v1/common.pb.h"
#include "gainsight/v1/company.grpc.pb.h"
#include "gainsight/v1/cta.pb.h"
#include "gainsight/v1/custom_object.pb.h"
#include "gainsight/v1/metadata.pb.h"
#include "gainsight/v1/person.pb.h"
#include "gainsight/v1/playbook.pb.h"
#include "gainsight/v1/quota.grpc.pb.h"
#include "gainsight/v1/relationship.pb.h"
#include "gainsight/v1/success_plan.pb.h"
#include "gainsight/v1/task.pb.h"
#include "gainsight/v1/types.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.pb.h"
#include "grpc/health/v1/health.pb.h"
#include "gtest/gtest.h"
#include "tests/support/build_paths.h"
#include "tests/support/test_env.h"

namespace gg {
namespace {

using testing::Gateway;
using ::testing::HasSubstr;
using testing::json;
using testing::RunCommand;
using testing::Sandbox;

// Every file of the API, each named by one of its messages (which also links
// the file's descriptor into this binary).
std::vector<const google::protobuf::FileDescriptor*> ApiFiles() {
  return {gainsight::v1::RecordResult::descriptor()->file(),
          gainsight::v1::PicklistItem::descriptor()->file(),
          gainsight::v1::Company::descriptor()->file(),
          gainsight::v1::Person::descriptor()->file(),
          gainsight::v1::InsertRecordsRequest::descriptor()->file(),
          gainsight::v1::Relationship::descriptor()->file(),
          gainsight::v1::LookupInfo::descriptor()->file(),
          gainsight::v1::Cta::descriptor()->file(),
          gainsight::v1::Task::descriptor()->file(),
          gainsight::v1::Playbook::descriptor()->file(),
          gainsight::v1::SuccessPlan::descriptor()->file(),
          gainsight::v1::ImportHeader::descriptor()->file(),
          gainsight::v1::GetQuotaRequest::descriptor()->file()};
}

void AddMessageSymbols(const google::protobuf::Descriptor* message,
                       std::vector<std::string>* symbols) {
  symbols->push_back(message->full_name());
  for (int i = 0; i < message->nested_type_count(); ++i) {
    if (message->nested_type(i)->options().map_entry()) continue;
    AddMessageSymbols(message->nested_type(i), symbols);
  }
  for (int i = 0; i < message->enum_type_count(); ++i) {
    symbols->push_back(message->enum_type(i)->full_name());
  }
}

// Whether `file` defines the top-level or nested `symbol`.
bool Defines(const google::protobuf::FileDescriptorProto& file,
             const std::string& symbol) {
  std::string prefix = file.package().empty() ? "" : file.package() + ".";
  if (symbol.rfind(prefix, 0) != 0) return false;
  std::vector<std::string> parts =
      absl::StrSplit(symbol.substr(prefix.size()), '.');
  for (const auto& service : file.service()) {
    if (parts.size() == 1 && service.name() == parts[0]) return true;
  }
  for (const auto& e : file.enum_type()) {
    if (parts.size() == 1 && e.name() == parts[0]) return true;
  }
  const google::protobuf::DescriptorProto* scope = nullptr;
  for (size_t i = 0; i < parts.size(); ++i) {
    const auto& messages =
        scope == nullptr ? file.message_type() : scope->nested_type();
    const google::protobuf::DescriptorProto* next = nullptr;
    for (const auto& m : messages) {
      if (m.name() == parts[i]) next = &m;
    }
    if (next == nullptr) {
      if (scope == nullptr || i + 1 != parts.size()) return false;
      for (const auto& e : scope->enum_type()) {
        if (e.name() == parts[i]) return true;
      }
      return false;
    }
    scope = next;
  }
  return true;
}

class HealthReflectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto sandbox = Sandbox::Start();
    ASSERT_TRUE(sandbox.ok()) << sandbox.status();
    sandbox_ = *std::move(sandbox);
    auto gateway = Gateway::Start(sandbox_->url());
    ASSERT_TRUE(gateway.ok()) << gateway.status();
    gateway_ = *std::move(gateway);
  }

  testing::CommandResult Buf(const std::string& args) {
    return RunCommand(
        absl::StrCat(testing::BufBinary(),
                     " curl --protocol grpc --http2-prior-knowledge ", args));
  }
  std::string Url(const std::string& method = "") {
    return absl::StrCat("http://", gateway_->target(), method);
  }

  std::unique_ptr<Sandbox> sandbox_;
  std::unique_ptr<Gateway> gateway_;
};

TEST_F(HealthReflectionTest, ReflectionListsEveryService) {
  testing::CommandResult r = Buf("--list-services " + Url());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const char* service :
       {"gainsight.v1.CompanyService", "gainsight.v1.PersonService",
        "gainsight.v1.CustomObjectService", "gainsight.v1.RelationshipService",
        "gainsight.v1.CtaService", "gainsight.v1.TaskService",
        "gainsight.v1.PlaybookService", "gainsight.v1.SuccessPlanService",
        "gainsight.v1.MetadataService", "gainsight.v1.BulkService",
        "gainsight.v1.QuotaService", "grpc.health.v1.Health"}) {
    EXPECT_THAT(r.output, HasSubstr(service));
  }
}

TEST_F(HealthReflectionTest, BufCurlCallsAnRpcThroughReflection) {
  testing::CommandResult r =
      Buf(Url("/gainsight.v1.CompanyService/InsertCompanies") +
          " -d '{\"companies\":[{\"name\":\"Reflected Inc\"}]}'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("WRITE_ACTION_INSERTED"));
}

TEST_F(HealthReflectionTest, BufCurlShowsErrorDetails) {
  testing::CommandResult r =
      Buf(Url("/gainsight.v1.CompanyService/InsertCompanies") +
          " -d '{\"companies\":[{\"industry\":\"Retail\"}]}'");
  EXPECT_EQ(r.exit_code, 3 * 8) << r.output;  // INVALID_ARGUMENT x 8
  EXPECT_THAT(r.output, HasSubstr("google.rpc.BadRequest"));
  EXPECT_THAT(r.output, HasSubstr("companies[0].name"));
}

TEST_F(HealthReflectionTest, ReflectionListsEveryMethod) {
  testing::CommandResult r = Buf("--list-methods " + Url());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  int methods = 0;
  for (const auto* file : ApiFiles()) {
    for (int s = 0; s < file->service_count(); ++s) {
      const auto* service = file->service(s);
      for (int m = 0; m < service->method_count(); ++m, ++methods) {
        EXPECT_THAT(r.output,
                    HasSubstr(absl::StrCat(service->full_name(), "/",
                                           service->method(m)->name(), "\n")));
      }
    }
  }
  EXPECT_GE(methods, 38);  // the API had 38 methods when this was written
  EXPECT_THAT(r.output, HasSubstr("grpc.health.v1.Health/Check\n"));
  EXPECT_THAT(r.output, HasSubstr("grpc.health.v1.Health/Watch\n"));
}

// Through buf curl (a bidi stream on the reflection service itself): every
// service, message and enum of the API, every error detail the gateway sends
// and the health service are described by the file that defines them.
TEST_F(HealthReflectionTest, ReflectionDescribesEveryTypeAndErrorDetail) {
  std::vector<std::string> symbols = {
      "google.rpc.Status",
      "google.rpc.ErrorInfo",
      "google.rpc.RetryInfo",
      "google.rpc.QuotaFailure",
      "google.rpc.BadRequest",
      "grpc.health.v1.Health",
      "grpc.health.v1.HealthCheckResponse.ServingStatus"};
  for (const auto* file : ApiFiles()) {
    for (int i = 0; i < file->service_count(); ++i) {
      symbols.push_back(file->service(i)->full_name());
    }
    for (int i = 0; i < file->message_type_count(); ++i) {
      AddMessageSymbols(file->message_type(i), &symbols);
    }
    for (int i = 0; i < file->enum_type_count(); ++i) {
      symbols.push_back(file->enum_type(i)->full_name());
    }
  }
  ASSERT_GE(symbols.size(), 130u);  // 131 when this was written
  std::vector<std::string> requests;
  for (const auto& symbol : symbols) {
    requests.push_back(json{{"file_containing_symbol", symbol}}.dump());
  }
  testing::CommandResult r = Buf(
      Url("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo") +
      " -d '" + absl::StrJoin(requests, " ") + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output.substr(0, 2000);

  // buf prints one JSON document per response.
  std::map<std::string, bool> described;
  size_t start = 0;
  int depth = 0;
  for (size_t i = 0; i < r.output.size(); ++i) {
    if (r.output[i] == '{' && depth++ == 0) start = i;
    if (r.output[i] == '}' && --depth == 0) {
      json response = json::parse(r.output.substr(start, i - start + 1));
      std::string symbol = response["originalRequest"]["fileContainingSymbol"];
      bool found = false;
      for (const auto& encoded :
           response["fileDescriptorResponse"]["fileDescriptorProto"]) {
        std::string bytes;
        ASSERT_TRUE(absl::Base64Unescape(encoded.get<std::string>(), &bytes));
        google::protobuf::FileDescriptorProto file;
        ASSERT_TRUE(file.ParseFromString(bytes));
        if (Defines(file, symbol)) found = true;
      }
      described[symbol] = found;
    }
  }
  for (const auto& symbol : symbols) {
    EXPECT_TRUE(described[symbol]) << symbol;
  }
}

// Caller identity and priority travel as buf curl headers; a refusal for
// want of quota carries ErrorInfo, RetryInfo and QuotaFailure, which
// `buf convert` decodes with the local protos (as README shows).
TEST_F(HealthReflectionTest, BufCurlSendsMetadataAndShowsRetryInfo) {
  // Three calls a minute: batch calls may use 80% of them (two: the first
  // QueryCompanies reads the Company describe, cached after, and queries),
  // interactive calls all three.
  auto gateway = Gateway::Start(sandbox_->url(), {"--limits", "sync=3/1m"});
  ASSERT_TRUE(gateway.ok()) << gateway.status();
  gateway_ = *std::move(gateway);
  const std::string batch =
      "--timeout 5s -H 'x-caller-id: nightly-sync' "
      "-H 'x-gainsight-priority: batch' " +
      Url("/gainsight.v1.CompanyService/QueryCompanies") + " -d '{}'";
  testing::CommandResult first = Buf(batch);
  ASSERT_EQ(first.exit_code, 0) << first.output;
  testing::CommandResult refused = Buf(batch);
  ASSERT_EQ(refused.exit_code, 8 * 8) << refused.output;  // RESOURCE_EXHAUSTED

  json error = json::parse(refused.output.substr(refused.output.find('{')));
  EXPECT_EQ(error["code"], "resource_exhausted");
  std::map<std::string, std::string> details;
  for (const auto& detail : error["details"]) {
    details[detail["type"]] = detail["value"];
  }
  ASSERT_EQ(details.count("google.rpc.ErrorInfo"), 1u) << refused.output;
  ASSERT_EQ(details.count("google.rpc.QuotaFailure"), 1u) << refused.output;
  ASSERT_EQ(details.count("google.rpc.RetryInfo"), 1u) << refused.output;
  auto decode = [](const std::string& type, std::string value) {
    while (value.size() % 4 != 0) value += '=';
    return RunCommand(absl::StrCat("printf '%s' '", value, "' | base64 -d | ",
                                   testing::BufBinary(), " convert ",
                                   testing::build_paths::kThirdPartyProtos,
                                   " --type ", type, " --from -#format=binpb"));
  };
  testing::CommandResult retry =
      decode("google.rpc.RetryInfo", details["google.rpc.RetryInfo"]);
  ASSERT_EQ(retry.exit_code, 0) << retry.output;
  EXPECT_THAT(retry.output,
              ::testing::ContainsRegex("\\{\"retryDelay\":\"[0-9.]+s\"\\}"));
  testing::CommandResult info =
      decode("google.rpc.ErrorInfo", details["google.rpc.ErrorInfo"]);
  EXPECT_THAT(info.output, HasSubstr("QUOTA_WAIT_EXCEEDS_DEADLINE"));
  testing::CommandResult quota =
      decode("google.rpc.QuotaFailure", details["google.rpc.QuotaFailure"]);
  EXPECT_THAT(quota.output, HasSubstr("gainsight:sync:"));

  // The same call without the batch header is interactive, and may use the
  // slot that batch calls must leave.
  testing::CommandResult interactive =
      Buf("--timeout 5s -H 'x-caller-id: dashboard' " +
          Url("/gainsight.v1.CompanyService/QueryCompanies") + " -d '{}'");
  EXPECT_EQ(interactive.exit_code, 0) << interactive.output;
}

TEST_F(HealthReflectionTest, HealthReportsEachService) {
  for (const char* service :
       {"", "gainsight.v1.CompanyService", "gainsight.v1.QuotaService"}) {
    testing::CommandResult r =
        Buf(Url("/grpc.health.v1.Health/Check") +
            absl::StrCat(" -d '{\"service\":\"", service, "\"}'"));
    ASSERT_EQ(r.exit_code, 0) << service << r.output;
    // "NOT_SERVING" must not pass for "SERVING".
    EXPECT_THAT(r.output, HasSubstr("\"SERVING\"")) << service;
  }
}

TEST_F(HealthReflectionTest, SigtermDrainsInFlightCallsAndExitsZero) {
  // A slow upstream keeps a call in flight while the gateway is told to stop.
  ASSERT_TRUE(sandbox_
                  ->AddFault({{"delay_ms", 1500},
                              {"count", 1},
                              {"path_prefix", "/v1/data/objects/query"}})
                  .ok());
  auto channel = gateway_->NewChannel();
  auto stub = gainsight::v1::CompanyService::NewStub(channel);
  grpc::Status in_flight;
  std::thread caller([&] {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(20)));
    gainsight::v1::QueryCompaniesRequest request;
    gainsight::v1::QueryCompaniesResponse response;
    in_flight = stub->QueryCompanies(&context, request, &response);
  });
  // Wait until the call reached the sandbox, then stop the gateway.
  for (int i = 0; i < 200; ++i) {
    auto calls = sandbox_->CallsTo("POST", "/v1/data/objects/query");
    if (calls.ok() && !calls->empty()) break;
    absl::SleepFor(absl::Milliseconds(10));
  }
  gateway_->process().Signal(SIGTERM);
  caller.join();
  EXPECT_TRUE(in_flight.ok()) << in_flight.error_message();
  auto code = gateway_->process().Wait(absl::Seconds(20));
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(*code, 0) << gateway_->process().Stderr();
}

// After --max-connection-age the gateway sends GOAWAY: the client's
// connection leaves READY and the next call goes over a new one.
TEST(ConnectionAgeTest, ClientsAreAskedToReconnectAfterTheMaxAge) {
  auto sandbox = Sandbox::Start();
  ASSERT_TRUE(sandbox.ok()) << sandbox.status();
  for (const char* age : {"1s", "inf"}) {
    auto gateway =
        Gateway::Start((*sandbox)->url(), {"--max-connection-age", age});
    ASSERT_TRUE(gateway.ok()) << gateway.status();
    std::shared_ptr<grpc::Channel> channel = (*gateway)->NewChannel();
    auto quota = gainsight::v1::QuotaService::NewStub(channel);
    gainsight::v1::GetQuotaResponse response;
    grpc::ClientContext context;
    ASSERT_TRUE(quota->GetQuota(&context, {}, &response).ok());
    ASSERT_EQ(channel->GetState(false), GRPC_CHANNEL_READY);
    const bool left_ready = channel->WaitForStateChange(
        GRPC_CHANNEL_READY,
        absl::ToChronoTime(
            absl::Now() +
            absl::Milliseconds(std::string(age) == "inf" ? 2500 : 10000)));
    EXPECT_EQ(left_ready, std::string(age) == "1s") << age;
    grpc::ClientContext again;
    EXPECT_TRUE(quota->GetQuota(&again, {}, &response).ok()) << age;
  }
}

}  // namespace
}  // namespace gg
