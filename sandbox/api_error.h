// An error answer of a Gainsight endpoint: HTTP status plus Gainsight code.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_API_ERROR_H_
#define GAINSIGHT_GATEWAY_SANDBOX_API_ERROR_H_

#include <string>
#include <utility>

namespace gg::sandbox {

struct ApiError {
  int http_status = 400;
  std::string code;  // errorCode, from error_codes.h
  std::string desc;  // errorDesc; names fields, never echoes record values
};

inline ApiError BadRequest(std::string code, std::string desc) {
  return ApiError{400, std::move(code), std::move(desc)};
}

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_API_ERROR_H_
