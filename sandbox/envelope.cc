#include "sandbox/envelope.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "sandbox/error_codes.h"
#include "sandbox/ids.h"

namespace gg::sandbox {
namespace {

Json Envelope(bool result, Json code, Json desc, Json data, Json message) {
  Json out = Json::object();
  out["result"] = result;
  out["errorCode"] = std::move(code);
  out["errorDesc"] = std::move(desc);
  out["requestId"] = NewRequestId();
  out["data"] = std::move(data);
  out["message"] = std::move(message);
  return out;
}

HttpResponse JsonResponse(int status, const Json& body) {
  HttpResponse response;
  response.status = status;
  response.body = DumpJson(body);
  return response;
}

}  // namespace

Json SuccessEnvelope(Json data) {
  return Envelope(true, nullptr, nullptr, std::move(data), nullptr);
}

Json ErrorEnvelope(absl::string_view code, absl::string_view desc, Json data,
                   Json message) {
  return Envelope(false, std::string(code), std::string(desc), std::move(data),
                  std::move(message));
}

HttpResponse SuccessResponse(Json data) {
  return JsonResponse(200, SuccessEnvelope(std::move(data)));
}

HttpResponse ErrorResponse(const ApiError& error, Json data) {
  return JsonResponse(error.http_status,
                      ErrorEnvelope(error.code, error.desc, std::move(data)));
}

HttpResponse BadRequestResponse(const std::string& code,
                                const std::string& desc) {
  return ErrorResponse(BadRequest(code, desc));
}

HttpResponse UnauthorizedResponse() {
  return JsonResponse(401, ErrorEnvelope(codes::kUnauthorized, "Unauthorized",
                                         nullptr, "Unauthorized"));
}

HttpResponse RouteNotFoundResponse() {
  return JsonResponse(404, ErrorEnvelope(codes::kRouteNotFound, "Not Found",
                                         nullptr, "Not Found"));
}

HttpResponse TooManyRequestsResponse(
    std::optional<absl::Duration> retry_after) {
  HttpResponse response = JsonResponse(
      429, ErrorEnvelope(codes::kTooManyRequests, "Too many request", nullptr));
  if (retry_after.has_value()) {
    response.headers.emplace_back(
        "Retry-After", absl::StrCat(RetryAfterSeconds(*retry_after)));
  }
  return response;
}

int64_t RetryAfterSeconds(absl::Duration d) {
  return absl::ToInt64Seconds(absl::Ceil(d, absl::Seconds(1)));
}

}  // namespace gg::sandbox
