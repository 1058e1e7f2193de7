// A scripted HttpClient for unit tests: each expected request (method and
// URL path, optionally a predicate on the whole request) is answered with a
// canned response or transport error. Requests are matched against the first
// unused expectation that fits, so concurrent calls need no fixed order.
// Unexpected requests fail the test and answer HTTP 599.
#ifndef GAINSIGHT_GATEWAY_TESTS_SUPPORT_SCRIPTED_HTTP_CLIENT_H_
#define GAINSIGHT_GATEWAY_TESTS_SUPPORT_SCRIPTED_HTTP_CLIENT_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "http/http_client.h"
#include "nlohmann/json.hpp"

namespace gg::testing {

// Gainsight envelopes, for canned bodies.
std::string OkEnvelope(const nlohmann::ordered_json& data);
std::string ErrorEnvelope(const std::string& error_code,
                          const std::string& error_desc,
                          const nlohmann::ordered_json& data = nullptr);

// A query answer carrying `rows` (data.records).
std::string RecordsAnswer(const nlohmann::ordered_json& rows);
// The Name of each record a write request carries, in order.
std::vector<std::string> RecordNamesIn(const HttpRequest& request);

class ScriptedHttpClient : public HttpClient {
 public:
  using Predicate = std::function<bool(const HttpRequest&)>;

  class Expectation {
   public:
    // Only requests for which `predicate` holds match (e.g. on the body).
    Expectation& When(Predicate predicate);
    Expectation& Answer(int status, std::string body, HttpHeaders headers = {});
    Expectation& AnswerJson(int status, const nlohmann::ordered_json& body);
    Expectation& Fail(absl::Status transport_error);
    // The answer computed from the request (for expectations that match
    // several requests and answer each by its content).
    Expectation& AnswerFrom(std::function<HttpResponse(const HttpRequest&)> f);
    // The answer waits until Release() (to test cancellation, ordering, or
    // what happens while a call is in flight).
    Expectation& Hold();
    // Matches this many requests (default 1).
    Expectation& Times(int n);

   private:
    friend class ScriptedHttpClient;
    HttpMethod method_ = HttpMethod::kGet;
    std::string path_;
    Predicate predicate_;
    absl::StatusOr<HttpResponse> answer_ = HttpResponse{200, {}, "{}"};
    std::function<HttpResponse(const HttpRequest&)> answer_from_;
    bool hold_ = false;
    int remaining_ = 1;
  };

  // The next request with this method whose URL path (without scheme, host
  // and query string) equals `path`.
  Expectation& Expect(HttpMethod method, std::string path);

  void Send(HttpRequest request, std::shared_ptr<CancellationToken> cancel,
            Callback done) override;

  // Answers the held requests, oldest first (CANCELLED for those whose
  // token fired meanwhile). Returns how many.
  int Release();
  // Every request received, in order.
  std::vector<HttpRequest> requests() const;
  int request_count() const;
  // Expectations not yet used up.
  int unmet() const;

  // The path of a URL (no scheme, host or query).
  static std::string PathOf(const std::string& url);
  // The query string of a URL, without '?'.
  static std::string QueryOf(const std::string& url);

 private:
  struct Held {
    Callback done;
    absl::StatusOr<HttpResponse> answer;
    std::shared_ptr<CancellationToken> cancel;
  };
  mutable absl::Mutex mu_;
  std::vector<std::unique_ptr<Expectation>> expectations_ ABSL_GUARDED_BY(mu_);
  std::vector<HttpRequest> requests_ ABSL_GUARDED_BY(mu_);
  std::vector<Held> held_ ABSL_GUARDED_BY(mu_);
};

// Matches a write whose records are named exactly `names`, in order.
ScriptedHttpClient::Predicate SendsRecordsNamed(std::vector<std::string> names);

}  // namespace gg::testing

#endif  // GAINSIGHT_GATEWAY_TESTS_SUPPORT_SCRIPTED_HTTP_CLIENT_H_
