// Transport-neutral HTTP request and response. The sandbox's logic works on
// these; http_server.cc is the only code that knows the HTTP library.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_HTTP_MESSAGE_H_
#define GAINSIGHT_GATEWAY_SANDBOX_HTTP_MESSAGE_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace gg::sandbox {

// One part of a multipart/form-data body.
struct FormPart {
  std::string name;
  std::string filename;
  std::string content_type;
  std::string data;
};

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string path;    // as sent: not percent-decoded, no query
  std::string query;   // raw query string without '?', e.g. "keys=Name"
  std::multimap<std::string, std::string> params;  // decoded query parameters
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // The parts of a multipart/form-data body (then `body` is empty).
  std::vector<FormPart> form;

  // The first value of header `name` (compared case-insensitively), or
  // nullptr when absent.
  const std::string* Header(absl::string_view name) const;
  // The first value of query parameter `name`, or nullptr when absent.
  const std::string* Param(absl::string_view name) const;
  // The first form part named `name`, or nullptr.
  const FormPart* Form(absl::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // Wait this long before answering (fault injection).
  absl::Duration delay = absl::ZeroDuration();
  // Close the connection without a valid response (fault injection).
  bool drop_connection = false;
};

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_HTTP_MESSAGE_H_
