// Gainsight's response envelope and the standard error answers:
// {"result","errorCode","errorDesc","requestId","data","message"}, with a
// fresh requestId on every response.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_ENVELOPE_H_
#define GAINSIGHT_GATEWAY_SANDBOX_ENVELOPE_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "sandbox/api_error.h"
#include "sandbox/http_message.h"
#include "sandbox/json.h"

namespace gg::sandbox {

Json SuccessEnvelope(Json data);
Json ErrorEnvelope(absl::string_view code, absl::string_view desc, Json data,
                   Json message = nullptr);

// 200 with `data` in a success envelope.
HttpResponse SuccessResponse(Json data);
// `error.http_status` with the error envelope carrying `data`.
HttpResponse ErrorResponse(const ApiError& error, Json data = nullptr);

// 400 with Gainsight's error `code` and `desc`.
HttpResponse BadRequestResponse(const std::string& code,
                                const std::string& desc);

// 401 GS_APIG_2401, message "Unauthorized".
HttpResponse UnauthorizedResponse();
// 404 GS_APIG_1000, message "Not Found".
HttpResponse RouteNotFoundResponse();
// 429 GU_2400 "Too many request"; a Retry-After header (whole seconds,
// rounded up) when `retry_after` is given.
HttpResponse TooManyRequestsResponse(std::optional<absl::Duration> retry_after);

// Whole seconds in `d`, rounded up: the value of a Retry-After header.
int64_t RetryAfterSeconds(absl::Duration d);

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_ENVELOPE_H_
