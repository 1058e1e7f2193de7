#include "sandbox/http_message.h"

#include "absl/strings/match.h"

namespace gg::sandbox {

const std::string* HttpRequest::Header(absl::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (absl::EqualsIgnoreCase(key, name)) return &value;
  }
  return nullptr;
}

const std::string* HttpRequest::Param(absl::string_view name) const {
  auto it = params.find(std::string(name));
  return it == params.end() ? nullptr : &it->second;
}

const FormPart* HttpRequest::Form(absl::string_view name) const {
  for (const FormPart& part : form) {
    if (part.name == name) return &part;
  }
  return nullptr;
}

}  // namespace gg::sandbox
