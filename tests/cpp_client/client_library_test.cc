// The C++ client library against small in-process gRPC servers: the retry
// service config, the pager, the job follower, RetryInfo handling.
#include <stdlib.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <future>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "gainsight/v1/bulk.grpc.pb.h"
#include "gainsight/v1/company.grpc.pb.h"
#include "gainsight/v1/cta.pb.h"
#include "gainsight/v1/quota.grpc.pb.h"
#include "gainsight_client/channel.h"
#include "gainsight_client/job_follower.h"
#include "gainsight_client/pager.h"
#include "gainsight_client/rate_limit_retry.h"
#include "gainsight_client/request_id.h"
#include "gainsight_client/status_details.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"

namespace gainsight_client {
namespace {

namespace gv1 = gainsight::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Starts `service` on a loopback port of its own choosing.
class InProcessServer {
 public:
  explicit InProcessServer(
      grpc::Service* service,
      std::shared_ptr<grpc::ServerCredentials> credentials =
          grpc::InsecureServerCredentials()) {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", credentials, &port_);
    builder.RegisterService(service);
    server_ = builder.BuildAndStart();
  }
  ~InProcessServer() { server_->Shutdown(); }
  ClientOptions Options() const {
    ClientOptions options;
    options.target = "127.0.0.1:" + std::to_string(port_);
    options.timeout = absl::Seconds(10);
    return options;
  }

 private:
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

// Fails the first `failures` calls with UNAVAILABLE.
class FlakyQuota final : public gv1::QuotaService::Service {
 public:
  explicit FlakyQuota(int failures) : failures_(failures) {}
  grpc::Status GetQuota(grpc::ServerContext*, const gv1::GetQuotaRequest*,
                        gv1::GetQuotaResponse* response) override {
    if (++calls_ <= failures_) {
      return grpc::Status(grpc::StatusCode::UNAVAILABLE, "warming up");
    }
    response->set_mode(gv1::BUDGET_MODE_LOCAL);
    return grpc::Status::OK;
  }
  std::atomic<int> calls_{0};

 private:
  const int failures_;
};

// A service config that retries UNAVAILABLE calls of `service` (up to 3
// attempts, quickly).
std::string RetryConfig(const std::string& service) {
  return R"({
  "methodConfig": [{
    "name": [{"service": ")" +
         service + R"("}],
    "retryPolicy": {
      "maxAttempts": 3,
      "initialBackoff": "0.01s",
      "maxBackoff": "0.05s",
      "backoffMultiplier": 2,
      "retryableStatusCodes": ["UNAVAILABLE"]
    }
  }]
})";
}

TEST(RequestIdTest, NewIdsDifferAndAnExistingIdIsKept) {
  const std::string one = gainsight_client::NewRequestId();
  EXPECT_THAT(one, ::testing::MatchesRegex("req-[0-9a-f]{32}"));
  EXPECT_NE(gainsight_client::NewRequestId(), one);
  gainsight::v1::CreateCtasRequest request;
  const std::string given = gainsight_client::EnsureRequestId(request);
  EXPECT_FALSE(given.empty());
  EXPECT_EQ(gainsight_client::EnsureRequestId(request), given);
  request.set_request_id("mine");
  EXPECT_EQ(gainsight_client::EnsureRequestId(request), "mine");
}

// Records the request_id of every InsertCompanies attempt; fails the first
// `failures` with UNAVAILABLE.
class RecordingCompanies final : public gv1::CompanyService::Service {
 public:
  explicit RecordingCompanies(int failures) : failures_(failures) {}
  grpc::Status InsertCompanies(grpc::ServerContext*,
                               const gv1::InsertCompaniesRequest* request,
                               gv1::InsertCompaniesResponse*) override {
    std::lock_guard<std::mutex> lock(mu_);
    ids_.push_back(request->request_id());
    if (static_cast<int>(ids_.size()) <= failures_) {
      return grpc::Status(grpc::StatusCode::UNAVAILABLE, "connection reset");
    }
    return grpc::Status::OK;
  }
  std::vector<std::string> ids() {
    std::lock_guard<std::mutex> lock(mu_);
    return ids_;
  }

 private:
  const int failures_;
  std::mutex mu_;
  std::vector<std::string> ids_;
};

TEST(ClientChannelTest, CreatesGetOneRequestIdThatRetriesKeep) {
  RecordingCompanies service(1);
  InProcessServer server(&service);
  ClientOptions options = server.Options();
  options.service_config_json = RetryConfig("gainsight.v1.CompanyService");
  auto channel = MakeChannel(options);
  ASSERT_TRUE(channel.ok()) << channel.status();
  gv1::CompanyService::Stub stub(*channel);
  gv1::InsertCompaniesRequest request;
  request.add_companies()->set_name("Acme");
  gv1::InsertCompaniesResponse response;
  ASSERT_TRUE(
      stub.InsertCompanies(NewContext(options).get(), request, &response).ok());
  std::vector<std::string> ids = service.ids();
  ASSERT_EQ(ids.size(), 2u) << "the failed attempt and its retry";
  EXPECT_THAT(ids[0], ::testing::MatchesRegex("req-[0-9a-f]{32}"));
  EXPECT_EQ(ids[1], ids[0]);
  EXPECT_TRUE(request.request_id().empty()) << "the caller's copy is kept";

  // The callback API too, and an id of the caller's own is sent as it is.
  request.set_request_id("mine");
  std::promise<grpc::Status> done;
  auto context = NewContext(options);
  stub.async()->InsertCompanies(context.get(), &request, &response,
                                [&done](grpc::Status s) { done.set_value(s); });
  ASSERT_TRUE(done.get_future().get().ok());
  gv1::InsertCompaniesRequest unnamed;
  unnamed.add_companies()->set_name("Globex");
  std::promise<grpc::Status> done_unnamed;
  context = NewContext(options);
  stub.async()->InsertCompanies(
      context.get(), &unnamed, &response,
      [&done_unnamed](grpc::Status s) { done_unnamed.set_value(s); });
  ASSERT_TRUE(done_unnamed.get_future().get().ok());
  ids = service.ids();
  ASSERT_EQ(ids.size(), 4u);
  EXPECT_EQ(ids[2], "mine");
  EXPECT_THAT(ids[3], ::testing::MatchesRegex("req-[0-9a-f]{32}"));
  EXPECT_NE(ids[3], ids[0]);

  // Turned off, nothing is added.
  options.request_ids = false;
  auto plain = MakeChannel(options);
  ASSERT_TRUE(plain.ok());
  gv1::CompanyService::Stub plain_stub(*plain);
  ASSERT_TRUE(
      plain_stub.InsertCompanies(NewContext(options).get(), unnamed, &response)
          .ok());
  EXPECT_EQ(service.ids().back(), "");
}

TEST(ClientChannelTest, ServiceConfigRetriesUnavailable) {
  FlakyQuota service(2);
  InProcessServer server(&service);
  ClientOptions options = server.Options();
  options.service_config_json = RetryConfig("gainsight.v1.QuotaService");
  auto channel = MakeChannel(options);
  ASSERT_TRUE(channel.ok()) << channel.status();
  gv1::QuotaService::Stub stub(*channel);
  gv1::GetQuotaResponse response;
  grpc::Status status = stub.GetQuota(NewContext(options).get(), {}, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(service.calls_, 3);
}

TEST(ClientChannelTest, WithoutServiceConfigNothingIsRetried) {
  FlakyQuota service(2);
  InProcessServer server(&service);
  ClientOptions options = server.Options();
  auto channel = MakeChannel(options);
  ASSERT_TRUE(channel.ok());
  gv1::QuotaService::Stub stub(*channel);
  gv1::GetQuotaResponse response;
  grpc::Status status = stub.GetQuota(NewContext(options).get(), {}, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(service.calls_, 1);
}

TEST(ClientChannelTest, MissingCaFileFails) {
  ClientOptions options;
  options.tls = true;
  options.ca_file = "/nonexistent/ca.pem";
  EXPECT_EQ(MakeChannel(options).status().code(), absl::StatusCode::kNotFound);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(ClientChannelTest, TlsWithCaFile) {
  char pattern[] = "/tmp/gg-tls-XXXXXX";
  std::string dir = mkdtemp(pattern);
  std::string command =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost "
      "-addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout " +
      dir + "/key.pem -out " + dir + "/cert.pem 2>/dev/null";
  ASSERT_EQ(std::system(command.c_str()), 0);
  grpc::SslServerCredentialsOptions ssl;
  ssl.pem_key_cert_pairs.push_back(
      {ReadFile(dir + "/key.pem"), ReadFile(dir + "/cert.pem")});
  FlakyQuota service(0);
  InProcessServer server(&service, grpc::SslServerCredentials(ssl));

  ClientOptions options = server.Options();
  options.tls = true;
  options.ca_file = dir + "/cert.pem";
  auto channel = MakeChannel(options);
  ASSERT_TRUE(channel.ok()) << channel.status();
  gv1::QuotaService::Stub stub(*channel);
  gv1::GetQuotaResponse response;
  grpc::Status status = stub.GetQuota(NewContext(options).get(), {}, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.mode(), gv1::BUDGET_MODE_LOCAL);

  // Plaintext to the TLS port fails.
  options.tls = false;
  options.timeout = absl::Seconds(2);
  gv1::QuotaService::Stub plain(*MakeChannel(options));
  status = plain.GetQuota(NewContext(options).get(), {}, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(service.calls_, 1);
}

// Three pages; records the tokens it was asked for and the metadata sent.
class PagedCompanies final : public gv1::CompanyService::Service {
 public:
  grpc::Status QueryCompanies(grpc::ServerContext* context,
                              const gv1::QueryCompaniesRequest* request,
                              gv1::QueryCompaniesResponse* response) override {
    tokens.push_back(request->page_token());
    auto caller = context->client_metadata().find("x-caller-id");
    if (caller != context->client_metadata().end()) {
      callers.emplace_back(caller->second.data(), caller->second.size());
    }
    if (request->page_token() == "bad") {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "bad token");
    }
    int page =
        request->page_token().empty() ? 0 : request->page_token()[1] - '0';
    for (int i = 0; i < (page < 2 ? 2 : 1); ++i) {
      response->add_companies()->set_name("C" + std::to_string(page * 2 + i));
    }
    if (page < 2) response->set_next_page_token("p" + std::to_string(page + 1));
    return grpc::Status::OK;
  }
  std::vector<std::string> tokens;
  std::vector<std::string> callers;
};

TEST(PagerTest, FollowsNextPageTokensToTheEnd) {
  PagedCompanies service;
  InProcessServer server(&service);
  ClientOptions options = server.Options();
  options.caller_id = "pager-test";
  auto channel = MakeChannel(options);
  ASSERT_TRUE(channel.ok());
  gv1::CompanyService::Stub stub(*channel);
  gv1::QueryCompaniesRequest request;
  request.set_page_size(2);
  Pager<gv1::QueryCompaniesRequest, gv1::QueryCompaniesResponse> pages(
      BindUnary(stub, &gv1::CompanyService::Stub::QueryCompanies), request,
      ContextsFor(options));
  std::vector<std::string> names;
  gv1::QueryCompaniesResponse page;
  while (true) {
    absl::StatusOr<bool> more = pages.Next(&page);
    ASSERT_TRUE(more.ok()) << more.status();
    if (!*more) break;
    for (const auto& c : page.companies()) names.push_back(c.name());
  }
  EXPECT_THAT(names, ElementsAre("C0", "C1", "C2", "C3", "C4"));
  EXPECT_EQ(pages.pages(), 3);
  EXPECT_THAT(service.tokens, ElementsAre("", "p1", "p2"));
  EXPECT_THAT(service.callers,
              ElementsAre("pager-test", "pager-test", "pager-test"));
}

TEST(PagerTest, AFailedPageEndsWithItsStatus) {
  PagedCompanies service;
  InProcessServer server(&service);
  ClientOptions options = server.Options();
  auto channel = MakeChannel(options);
  ASSERT_TRUE(channel.ok());
  gv1::CompanyService::Stub stub(*channel);
  gv1::QueryCompaniesRequest request;
  request.set_page_token("bad");
  Pager<gv1::QueryCompaniesRequest, gv1::QueryCompaniesResponse> pages(
      BindUnary(stub, &gv1::CompanyService::Stub::QueryCompanies), request,
      ContextsFor(options));
  gv1::QueryCompaniesResponse page;
  absl::StatusOr<bool> more = pages.Next(&page);
  EXPECT_EQ(more.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(*pages.Next(&page));
}

// Streams the given snapshots of a job, then ends the stream.
class ScriptedJobs final : public gv1::BulkService::Service {
 public:
  explicit ScriptedJobs(std::vector<gv1::JobState> states)
      : states_(std::move(states)) {}
  grpc::Status WatchJob(
      grpc::ServerContext*, const gv1::WatchJobRequest* request,
      grpc::ServerWriter<gv1::WatchJobResponse>* writer) override {
    for (size_t i = 0; i < states_.size(); ++i) {
      gv1::WatchJobResponse snapshot;
      snapshot.mutable_job()->set_id(request->id());
      snapshot.mutable_job()->set_state(states_[i]);
      snapshot.mutable_job()->set_total_rows(10);
      snapshot.mutable_job()->set_succeeded_rows(
          static_cast<int64_t>(10 * (i + 1) / states_.size()));
      writer->Write(snapshot);
    }
    return grpc::Status::OK;
  }

 private:
  std::vector<gv1::JobState> states_;
};

TEST(JobFollowerTest, ReportsEverySnapshotAndReturnsTheTerminalOne) {
  ScriptedJobs service({gv1::JOB_STATE_QUEUED, gv1::JOB_STATE_IN_PROGRESS,
                        gv1::JOB_STATE_COMPLETED});
  InProcessServer server(&service);
  auto channel = MakeChannel(server.Options());
  ASSERT_TRUE(channel.ok());
  gv1::BulkService::Stub stub(*channel);
  std::vector<gv1::JobState> seen;
  absl::StatusOr<gv1::Job> job =
      FollowJob(stub, "job-1", ContextsFor(server.Options()),
                [&](const gv1::Job& j) { seen.push_back(j.state()); });
  ASSERT_TRUE(job.ok()) << job.status();
  EXPECT_EQ(job->id(), "job-1");
  EXPECT_EQ(job->state(), gv1::JOB_STATE_COMPLETED);
  EXPECT_EQ(job->succeeded_rows(), 10);
  EXPECT_THAT(seen,
              ElementsAre(gv1::JOB_STATE_QUEUED, gv1::JOB_STATE_IN_PROGRESS,
                          gv1::JOB_STATE_COMPLETED));
}

TEST(JobFollowerTest, AStreamEndingEarlyIsAnError) {
  ScriptedJobs service({gv1::JOB_STATE_QUEUED});
  InProcessServer server(&service);
  auto channel = MakeChannel(server.Options());
  ASSERT_TRUE(channel.ok());
  gv1::BulkService::Stub stub(*channel);
  absl::StatusOr<gv1::Job> job =
      FollowJob(stub, "job-2", ContextsFor(server.Options()), nullptr);
  EXPECT_EQ(job.status().code(), absl::StatusCode::kDataLoss);
}

grpc::Status Exhausted(absl::Duration delay) {
  google::rpc::Status rpc;
  rpc.set_code(8);
  rpc.set_message("no slot");
  google::rpc::RetryInfo retry;
  retry.mutable_retry_delay()->set_nanos(
      static_cast<int32_t>(absl::ToInt64Nanoseconds(delay)));
  rpc.add_details()->PackFrom(retry);
  google::rpc::QuotaFailure quota;
  auto* v = quota.add_violations();
  v->set_subject("sync 100/1m");
  v->set_description("window full");
  rpc.add_details()->PackFrom(quota);
  return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, "no slot",
                      rpc.SerializeAsString());
}

TEST(StatusDetailsTest, ReadsRetryInfoAndQuotaFailure) {
  grpc::Status status = Exhausted(absl::Milliseconds(250));
  EXPECT_EQ(RetryDelay(status), absl::Milliseconds(250));
  EXPECT_EQ(RetryDelay(ToAbslStatus(status)), absl::Milliseconds(250));
  EXPECT_THAT(
      DescribeDetails(ParseDetails(status)),
      ElementsAre("retry after 250ms", "quota sync 100/1m: window full"));
  EXPECT_EQ(RetryDelay(grpc::Status(grpc::StatusCode::INTERNAL, "x")),
            std::nullopt);
}

TEST(RateLimitRetryTest, WaitsAsRetryInfoSaysThenSucceeds) {
  int calls = 0;
  std::vector<absl::Duration> waits;
  grpc::Status status = CallWithRateLimitRetry(
      [&] {
        return ++calls == 1 ? Exhausted(absl::Milliseconds(20))
                            : grpc::Status::OK;
      },
      3, [&](absl::Duration d) { waits.push_back(d); });
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(calls, 2);
  EXPECT_THAT(waits, ElementsAre(absl::Milliseconds(20)));
}

TEST(RateLimitRetryTest, GivesUpAfterMaxAttemptsAndSkipsOtherErrors) {
  int calls = 0;
  grpc::Status status = CallWithRateLimitRetry(
      [&] {
        ++calls;
        return Exhausted(absl::Milliseconds(1));
      },
      2);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(calls, 2);
  calls = 0;
  status = CallWithRateLimitRetry(
      [&] {
        ++calls;
        return grpc::Status(grpc::StatusCode::UNAVAILABLE, "down");
      },
      5);
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace gainsight_client
