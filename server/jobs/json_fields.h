// Lenient reads of one key of a JSON object, for answers whose fields may
// be missing or of another type: 0 or "" then.
#ifndef GAINSIGHT_GATEWAY_SERVER_JOBS_JSON_FIELDS_H_
#define GAINSIGHT_GATEWAY_SERVER_JOBS_JSON_FIELDS_H_

#include <cstdint>
#include <string>

#include "gainsight/envelope.h"

namespace gg {

inline int64_t JsonInt(const Json& data, const char* key) {
  if (!data.is_object()) return 0;
  auto it = data.find(key);
  return it != data.end() && it->is_number() ? it->get<int64_t>() : 0;
}

inline std::string JsonString(const Json& data, const char* key) {
  if (!data.is_object()) return "";
  auto it = data.find(key);
  return it != data.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_JOBS_JSON_FIELDS_H_
