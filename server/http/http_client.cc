#include "http/http_client.h"

#include "absl/strings/cord.h"

namespace gg {
namespace {

constexpr char kIncompleteUrl[] = "type.gainsight-gateway/request-incomplete";

}  // namespace

absl::string_view HttpResponse::Header(absl::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return value;
  }
  return {};
}

absl::Status MarkRequestIncomplete(absl::Status transport_error) {
  if (!transport_error.ok()) {
    transport_error.SetPayload(kIncompleteUrl, absl::Cord("1"));
  }
  return transport_error;
}

bool RequestIncomplete(const absl::Status& transport_error) {
  return transport_error.GetPayload(kIncompleteUrl).has_value();
}

}  // namespace gg
