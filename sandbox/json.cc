#include "sandbox/json.h"

#include "common/json_depth.h"

namespace gg::sandbox {

Json ParseJson(absl::string_view text) {
  // Handlers and DumpJson recurse once per level: deeper is not valid here.
  if (JsonNestingDepth(text, kMaxJsonDepth + 1) > kMaxJsonDepth) {
    return Json(Json::value_t::discarded);
  }
  return Json::parse(text.begin(), text.end(), /*cb=*/nullptr,
                     /*allow_exceptions=*/false);
}

std::string DumpJson(const Json& json) {
  return json.dump(/*indent=*/-1, /*indent_char=*/' ', /*ensure_ascii=*/false,
                   Json::error_handler_t::replace);
}

}  // namespace gg::sandbox
