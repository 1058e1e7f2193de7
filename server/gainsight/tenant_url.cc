#include "gainsight/tenant_url.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/status_details.h"
#include "gainsight/error_mapping.h"

namespace gg {
namespace {

// Longest URL followed.
constexpr size_t kMaxUrlLength = 4096;

struct Origin {
  std::string scheme;     // lower case
  std::string authority;  // host[:port], lower case, default port removed
};

// The origin of an absolute http(s) URL and the rest (path and query);
// false when `url` is not one.
bool SplitOrigin(absl::string_view url, Origin& origin,
                 absl::string_view& rest) {
  size_t colon = url.find("://");
  if (colon == absl::string_view::npos) return false;
  origin.scheme = absl::AsciiStrToLower(url.substr(0, colon));
  if (origin.scheme != "http" && origin.scheme != "https") return false;
  absl::string_view after = url.substr(colon + 3);
  size_t slash = after.find_first_of("/?#");
  absl::string_view authority = after.substr(0, slash);
  rest = slash == absl::string_view::npos ? "" : after.substr(slash);
  if (authority.empty() || absl::StrContains(authority, "@")) return false;
  origin.authority = absl::AsciiStrToLower(authority);
  const std::string default_port = origin.scheme == "https" ? ":443" : ":80";
  if (absl::EndsWith(origin.authority, default_port)) {
    origin.authority.resize(origin.authority.size() - default_port.size());
  }
  return true;
}

absl::Status Refused(std::string message) {
  absl::Status status = absl::InternalError(std::move(message));
  AttachErrorInfo(status, reason::kMalformed, {});
  return status;
}

}  // namespace

absl::StatusOr<std::string> ResolveTenantUrl(absl::string_view base_url,
                                             absl::string_view returned) {
  returned = absl::StripAsciiWhitespace(returned);
  if (returned.empty() || returned.size() > kMaxUrlLength) {
    return Refused("Gainsight returned an empty or overlong URL to follow");
  }
  for (char c : returned) {
    if (absl::ascii_iscntrl(c) || c == ' ') {
      return Refused("Gainsight returned a URL with spaces or control bytes");
    }
  }
  Origin tenant;
  absl::string_view base_rest;
  if (!SplitOrigin(base_url, tenant, base_rest)) {
    return Refused("the tenant URL is not an http(s) URL");
  }
  const std::string base(absl::StripSuffix(base_url, "/"));
  if (absl::StrContains(returned, "://")) {
    Origin origin;
    absl::string_view rest;
    if (!SplitOrigin(returned, origin, rest)) {
      return Refused("Gainsight returned a URL that is not http(s)");
    }
    if (origin.scheme != tenant.scheme ||
        origin.authority != tenant.authority) {
      return Refused(absl::StrCat(
          "Gainsight returned a URL on another host (", origin.scheme, "://",
          origin.authority, "); the gateway sends the tenant's key to ",
          tenant.scheme, "://", tenant.authority, " only"));
    }
    return std::string(returned);
  }
  // A path: "{customer domain}/{URL}", with the doubled slash of the docs
  // read as one (never as a protocol-relative URL to another host).
  while (absl::ConsumePrefix(&returned, "/")) {
  }
  return absl::StrCat(base, "/", returned);
}

}  // namespace gg
