// A sandbox served over real HTTP on a free port, with a client that sends
// the access key: the fixture of the sandbox's HTTP tests.
#ifndef GAINSIGHT_GATEWAY_TESTS_SANDBOX_SANDBOX_HTTP_FIXTURE_H_
#define GAINSIGHT_GATEWAY_TESTS_SANDBOX_SANDBOX_HTTP_FIXTURE_H_

#include <httplib.h>

#include <memory>
#include <string>
#include <thread>
#include <utility>

#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "sandbox/http_server.h"
#include "sandbox/json.h"
#include "sandbox/sandbox.h"
#include "tests/sandbox/fake_clock.h"

namespace gg::sandbox {

// The access key the HTTP tests start their sandbox with.
inline constexpr char kKey[] = "test-key";

class SandboxHttpFixture : public ::testing::Test {
 protected:
  // The sandbox's clock: 2026-03-10 15:00 UTC until a test moves it.
  SandboxHttpFixture()
      : clock_(absl::FromCivil(absl::CivilSecond(2026, 3, 10, 15, 0, 0),
                               absl::UTCTimeZone())) {}

  void SetUp() override {
    SandboxOptions options;
    options.access_key = kKey;
    options.clock = &clock_;
    Configure(options);
    sandbox_ = std::make_unique<Sandbox>(options);
    server_ = std::make_unique<HttpServer>(sandbox_.get());
    absl::StatusOr<int> port = server_->Bind("127.0.0.1", 0);
    ASSERT_TRUE(port.ok()) << port.status();
    serving_ = std::thread([this] { server_->Serve(); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", *port);
    client_->set_read_timeout(5, 0);
  }

  void TearDown() override {
    client_.reset();
    if (server_ != nullptr) server_->Stop();
    if (serving_.joinable()) serving_.join();
  }

  // Lets a test change the options before the sandbox starts.
  virtual void Configure(SandboxOptions& /*options*/) {}

  // Calls with the access key; the status and the parsed body.
  std::pair<int, Json> Get(const std::string& path) {
    return Answer(path, client_->Get(path, {{"accesskey", kKey}}));
  }
  std::pair<int, Json> Post(const std::string& path, const Json& body) {
    return Answer(path, client_->Post(path, {{"accesskey", kKey}},
                                      DumpJson(body), "application/json"));
  }
  std::pair<int, Json> Put(const std::string& path, const Json& body) {
    return Answer(path, client_->Put(path, {{"accesskey", kKey}},
                                     DumpJson(body), "application/json"));
  }

  FakeClock clock_;
  std::unique_ptr<Sandbox> sandbox_;
  std::unique_ptr<HttpServer> server_;
  std::thread serving_;
  std::unique_ptr<httplib::Client> client_;

 private:
  static std::pair<int, Json> Answer(const std::string& path,
                                     const httplib::Result& res) {
    EXPECT_TRUE(res) << path;
    if (!res) return {0, nullptr};
    return {res->status, ParseJson(res->body)};
  }
};

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_TESTS_SANDBOX_SANDBOX_HTTP_FIXTURE_H_
