// HTTP methods the transport sends.
#ifndef GAINSIGHT_GATEWAY_SERVER_HTTP_HTTP_METHOD_H_
#define GAINSIGHT_GATEWAY_SERVER_HTTP_HTTP_METHOD_H_

#include "absl/strings/string_view.h"

namespace gg {

enum class HttpMethod { kGet, kPost, kPut, kDelete };
absl::string_view HttpMethodName(HttpMethod m);  // "GET", "POST", ...

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_HTTP_HTTP_METHOD_H_
