#include "tests/support/scripted_http_client.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace gg::testing {

std::string OkEnvelope(const nlohmann::ordered_json& data) {
  nlohmann::ordered_json body = {
      {"result", true},        {"errorCode", nullptr}, {"errorDesc", nullptr},
      {"requestId", "req-ok"}, {"data", data},         {"message", nullptr}};
  return body.dump();
}

std::string RecordsAnswer(const nlohmann::ordered_json& rows) {
  return OkEnvelope({{"records", rows}});
}

std::vector<std::string> RecordNamesIn(const HttpRequest& request) {
  std::vector<std::string> names;
  const nlohmann::ordered_json body =
      nlohmann::ordered_json::parse(request.body);
  for (const nlohmann::ordered_json& record : body["records"]) {
    names.push_back(record["Name"].get<std::string>());
  }
  return names;
}

ScriptedHttpClient::Predicate SendsRecordsNamed(
    std::vector<std::string> names) {
  return [names = std::move(names)](const HttpRequest& r) {
    return RecordNamesIn(r) == names;
  };
}

std::string ErrorEnvelope(const std::string& error_code,
                          const std::string& error_desc,
                          const nlohmann::ordered_json& data) {
  nlohmann::ordered_json body = {{"result", false},
                                 {"errorCode", error_code},
                                 {"errorDesc", error_desc},
                                 {"requestId", "req-error"},
                                 {"data", data},
                                 {"message", nullptr}};
  return body.dump();
}

ScriptedHttpClient::Expectation& ScriptedHttpClient::Expectation::When(
    Predicate predicate) {
  predicate_ = std::move(predicate);
  return *this;
}

ScriptedHttpClient::Expectation& ScriptedHttpClient::Expectation::Answer(
    int status, std::string body, HttpHeaders headers) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.headers = std::move(headers);
  answer_ = std::move(response);
  return *this;
}

ScriptedHttpClient::Expectation& ScriptedHttpClient::Expectation::AnswerJson(
    int status, const nlohmann::ordered_json& body) {
  return Answer(status, body.dump());
}

ScriptedHttpClient::Expectation& ScriptedHttpClient::Expectation::Fail(
    absl::Status transport_error) {
  answer_ = std::move(transport_error);
  return *this;
}

ScriptedHttpClient::Expectation& ScriptedHttpClient::Expectation::AnswerFrom(
    std::function<HttpResponse(const HttpRequest&)> f) {
  answer_from_ = std::move(f);
  return *this;
}

ScriptedHttpClient::Expectation& ScriptedHttpClient::Expectation::Hold() {
  hold_ = true;
  return *this;
}

ScriptedHttpClient::Expectation& ScriptedHttpClient::Expectation::Times(int n) {
  remaining_ = n;
  return *this;
}

ScriptedHttpClient::Expectation& ScriptedHttpClient::Expect(HttpMethod method,
                                                            std::string path) {
  absl::MutexLock lock(&mu_);
  auto e = std::make_unique<Expectation>();
  e->method_ = method;
  e->path_ = std::move(path);
  expectations_.push_back(std::move(e));
  return *expectations_.back();
}

std::string ScriptedHttpClient::PathOf(const std::string& url) {
  size_t start = 0;
  if (size_t scheme = url.find("://"); scheme != std::string::npos) {
    start = url.find('/', scheme + 3);
    if (start == std::string::npos) return "/";
  }
  size_t end = url.find('?', start);
  return url.substr(start,
                    end == std::string::npos ? std::string::npos : end - start);
}

std::string ScriptedHttpClient::QueryOf(const std::string& url) {
  size_t q = url.find('?');
  return q == std::string::npos ? "" : url.substr(q + 1);
}

void ScriptedHttpClient::Send(HttpRequest request,
                              std::shared_ptr<CancellationToken> cancel,
                              Callback done) {
  absl::StatusOr<HttpResponse> answer;
  bool hold = false;
  {
    absl::MutexLock lock(&mu_);
    requests_.push_back(request);
    const std::string path = PathOf(request.url);
    Expectation* match = nullptr;
    for (auto& e : expectations_) {
      if (e->remaining_ == 0 || e->method_ != request.method ||
          e->path_ != path) {
        continue;
      }
      if (e->predicate_ && !e->predicate_(request)) continue;
      match = e.get();
      break;
    }
    if (match == nullptr) {
      ADD_FAILURE() << "unexpected request " << HttpMethodName(request.method)
                    << " " << request.url << " body: " << request.body;
      HttpResponse unexpected;
      unexpected.status = 599;
      unexpected.body = "unexpected request";
      answer = std::move(unexpected);
    } else {
      match->remaining_--;
      answer =
          match->answer_from_ ? match->answer_from_(request) : match->answer_;
      hold = match->hold_;
    }
    if (hold) {
      held_.push_back({std::move(done), std::move(answer), std::move(cancel)});
      return;
    }
  }
  done(std::move(answer));
}

int ScriptedHttpClient::Release() {
  std::vector<Held> held;
  {
    absl::MutexLock lock(&mu_);
    held.swap(held_);
  }
  for (Held& h : held) {
    if (h.cancel != nullptr && h.cancel->cancelled()) {
      h.done(absl::CancelledError("call cancelled"));
    } else {
      h.done(std::move(h.answer));
    }
  }
  return static_cast<int>(held.size());
}

std::vector<HttpRequest> ScriptedHttpClient::requests() const {
  absl::MutexLock lock(&mu_);
  return requests_;
}

int ScriptedHttpClient::request_count() const {
  absl::MutexLock lock(&mu_);
  return static_cast<int>(requests_.size());
}

int ScriptedHttpClient::unmet() const {
  absl::MutexLock lock(&mu_);
  int n = 0;
  for (const auto& e : expectations_) n += e->remaining_;
  return n;
}

}  // namespace gg::testing
