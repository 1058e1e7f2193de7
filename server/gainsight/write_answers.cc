#include "gainsight/write_answers.h"

#include "absl/strings/match.h"

namespace gg {

Json MdaWriteBody(const std::vector<Json>& records, const Json& lookups) {
  Json body = Json::object();
  body["records"] = records;
  if (!lookups.is_null()) body["lookups"] = lookups;
  return body;
}

namespace {

// The string under key "Gsid" (any letter case) of `entry`.
std::optional<std::string> AnsweredGsid(const Json& entry) {
  if (!entry.is_object()) return std::nullopt;
  for (auto it = entry.begin(); it != entry.end(); ++it) {
    if (absl::EqualsIgnoreCase(it.key(), "Gsid") && it->is_string() &&
        !it->get_ref<const std::string&>().empty()) {
      return it->get<std::string>();
    }
  }
  return std::nullopt;
}

// `data.records` when it is an array, else `data` when it is one.
const Json* RecordList(const Json& data) {
  if (data.is_array()) return &data;
  if (!data.is_object()) return nullptr;
  auto it = data.find("records");
  return it != data.end() && it->is_array() ? &*it : nullptr;
}

}  // namespace

std::vector<std::optional<std::string>> WrittenGsids(const Json& data,
                                                     int record_count) {
  std::vector<std::optional<std::string>> gsids;
  const Json* records = RecordList(data);
  if (records == nullptr ||
      records->size() != static_cast<size_t>(record_count)) {
    return gsids;
  }
  for (const Json& entry : *records) gsids.push_back(AnsweredGsid(entry));
  return gsids;
}

std::optional<std::string> UpsertedPersonGsid(const Json& data) {
  if (std::optional<std::string> gsid = AnsweredGsid(data)) return gsid;
  if (const Json* records = RecordList(data);
      records != nullptr && records->size() == 1) {
    if (std::optional<std::string> gsid = AnsweredGsid(records->front())) {
      return gsid;
    }
  }
  if (data.is_object()) {
    auto inner = data.find("data");
    if (inner != data.end()) return AnsweredGsid(*inner);
  }
  return std::nullopt;
}

}  // namespace gg
