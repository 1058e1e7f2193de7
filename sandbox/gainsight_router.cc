#include "sandbox/gainsight_router.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_replace.h"

namespace gg::sandbox {
namespace {

std::vector<std::string> PlaceholderNames(absl::string_view path_template) {
  std::vector<std::string> names;
  size_t open;
  while ((open = path_template.find('{')) != absl::string_view::npos) {
    size_t close = path_template.find('}', open);
    names.emplace_back(path_template.substr(open + 1, close - open - 1));
    path_template.remove_prefix(close + 1);
  }
  return names;
}

int HexValue(char c) {
  if (absl::ascii_isdigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

const std::string& RouteMatch::Param(absl::string_view name) const {
  static const std::string* const kEmpty = new std::string();
  for (const auto& [key, value] : params) {
    if (key == name) return value;
  }
  return *kEmpty;
}

GainsightRouter::GainsightRouter() {
  for (const Endpoint& endpoint : AllEndpoints()) {
    std::string pattern = PathPattern(endpoint);
    std::string empty_allowed =
        absl::StrReplaceAll(pattern, {{"([^/]+)", "([^/]*)"}});
    routes_.push_back(Route{&endpoint, std::regex(pattern),
                            std::regex(empty_allowed),
                            PlaceholderNames(endpoint.path_template)});
  }
}

std::optional<RouteMatch> GainsightRouter::Match(absl::string_view method,
                                                 absl::string_view path) const {
  std::string path_string(path);
  std::optional<RouteMatch> match = MatchWith(method, path_string, false);
  if (!match.has_value()) match = MatchWith(method, path_string, true);
  return match;
}

std::optional<RouteMatch> GainsightRouter::MatchWith(absl::string_view method,
                                                     const std::string& path,
                                                     bool empty_allowed) const {
  std::smatch groups;
  for (const Route& route : routes_) {
    if (HttpMethodName(route.endpoint->method) != method) continue;
    const std::regex& re = empty_allowed ? route.empty_allowed : route.pattern;
    if (!std::regex_match(path, groups, re)) continue;
    RouteMatch match;
    match.endpoint = route.endpoint;
    for (size_t i = 0; i < route.names.size() && i + 1 < groups.size(); ++i) {
      match.params.emplace_back(route.names[i],
                                PercentDecode(groups[i + 1].str()));
    }
    return match;
  }
  return std::nullopt;
}

std::string PercentDecode(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int hi = HexValue(text[i + 1]);
      int lo = HexValue(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

}  // namespace gg::sandbox
