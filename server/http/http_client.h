// The HTTP seam: the Gainsight client speaks to an HttpClient, so tests can
// put a fake behind it and production uses libcurl.
#ifndef GAINSIGHT_GATEWAY_SERVER_HTTP_HTTP_CLIENT_H_
#define GAINSIGHT_GATEWAY_SERVER_HTTP_HTTP_CLIENT_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/cancellation.h"
#include "http/http_method.h"

namespace gg {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// One part of a multipart/form-data body.
struct FormPart {
  std::string name;
  std::string filename;  // empty for a plain field
  std::string content_type;
  std::string data;       // in memory, or
  std::string file_path;  // streamed from disk when set
};

struct HttpRequest {
  HttpMethod method = HttpMethod::kGet;
  std::string url;
  HttpHeaders headers;
  std::string body;
  // When non-empty, the body is multipart/form-data made of these parts.
  std::vector<FormPart> form;
  // The transfer is aborted (DEADLINE_EXCEEDED) when it has not finished by
  // then.
  absl::Time deadline = absl::InfiniteFuture();
};

struct HttpResponse {
  int status = 0;
  HttpHeaders headers;  // names lower-cased
  std::string body;

  // The first header with this (lower-case) name, or empty.
  absl::string_view Header(absl::string_view lower_name) const;
};

// Transport errors say whether the request reached the server whole. One
// that never did (no connection, or the connection failed before the whole
// body was written) cannot have been acted on; otherwise the outcome of a
// failed transfer is unknown.
absl::Status MarkRequestIncomplete(absl::Status transport_error);
bool RequestIncomplete(const absl::Status& transport_error);

class HttpClient {
 public:
  using Callback = absl::AnyInvocable<void(absl::StatusOr<HttpResponse>)>;
  virtual ~HttpClient() = default;

  // Starts `request`; `done` runs exactly once, on a transport thread, with
  // the response (any HTTP status) or a transport error: UNAVAILABLE (could
  // not connect, connection dropped), DEADLINE_EXCEEDED, CANCELLED (when
  // `cancel` fired first), INTERNAL (the answer was larger than the
  // client's bound: it is not buffered further); marked by
  // MarkRequestIncomplete when the request did not reach the server whole.
  // Never follows redirects.
  virtual void Send(HttpRequest request,
                    std::shared_ptr<CancellationToken> cancel,
                    Callback done) = 0;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_HTTP_HTTP_CLIENT_H_
