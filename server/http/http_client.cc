#include "http/http_client.h"

namespace gg {

absl::string_view HttpResponse::Header(absl::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return value;
  }
  return {};
}

}  // namespace gg
