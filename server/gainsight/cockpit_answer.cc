#include "gainsight/cockpit_answer.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace gg {
namespace {

std::string StringOf(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return absl::StrCat(v.get<int64_t>());
  return "";
}

std::string FirstStringAt(const Json& entry,
                          std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    auto it = entry.find(key);
    if (it != entry.end() && !StringOf(*it).empty()) return StringOf(*it);
  }
  return "";
}

// "CODE" looks like GSOBJ_1011, COCKPIT_9700, GS_APIG_1000.
bool LooksLikeCode(absl::string_view s) {
  if (s.empty() || s.size() > 40) return false;
  bool digit = false;
  for (char c : s) {
    if (absl::ascii_isdigit(c)) {
      digit = true;
    } else if (!absl::ascii_isupper(c) && c != '_') {
      return false;
    }
  }
  return digit;
}

// A failure given as an object: flat keys, or an `errors` list whose first
// entry has them.
CockpitRecordAnswer FailureFromObject(const Json& entry) {
  CockpitRecordAnswer a;
  a.error_code = FirstStringAt(entry, {"errorCode", "code"});
  a.error_text = FirstStringAt(entry, {"errorDesc", "errorMessage", "message"});
  a.field_name = FirstStringAt(entry, {"fieldName", "field"});
  auto errors = entry.find("errors");
  if (errors != entry.end() && errors->is_array() && !errors->empty()) {
    const Json& first = (*errors)[0];
    if (first.is_object()) {
      if (a.error_code.empty())
        a.error_code = FirstStringAt(first, {"errorCode"});
      if (a.error_text.empty()) {
        a.error_text = FirstStringAt(first, {"errorMessage", "errorDesc"});
      }
      if (a.field_name.empty())
        a.field_name = FirstStringAt(first, {"fieldName"});
    } else if (first.is_string()) {
      SplitCodeAndText(first.get<std::string>(), &a.error_code, &a.error_text);
    }
  }
  return a;
}

// An entry of the array shape: {"referenceId", "success", "Gsid", ...}.
bool ReadEntry(const Json& entry, CockpitAnswer& out) {
  if (!entry.is_object()) return false;
  const std::string ref = FirstStringAt(entry, {"referenceId", "referenceID"});
  if (ref.empty()) return false;
  const std::string gsid = FirstStringAt(entry, {"Gsid", "gsid", "GSID", "id"});
  auto success = entry.find("success");
  const bool ok = success != entry.end() && success->is_boolean()
                      ? success->get<bool>()
                      : !gsid.empty() && !entry.contains("errorCode");
  CockpitRecordAnswer a = ok ? CockpitRecordAnswer{} : FailureFromObject(entry);
  a.success = ok;
  if (ok) a.gsid = gsid;
  out.records[ref] = std::move(a);
  return true;
}

// success: [{"ref": "gsid"}] | {"ref": "gsid"} | [{"referenceId", "Gsid"}].
// failure: [{"ref": "CODE: text"}] | {"ref": "CODE: text"} |
//          [{"referenceId", "errorCode", ...}] | [{"ref": {...}}].
bool ReadSide(const Json& side, bool success, CockpitAnswer& out,
              size_t max_entries) {
  auto add_keyed = [&](const std::string& ref, const Json& value) {
    CockpitRecordAnswer a;
    a.success = success;
    if (success) {
      a.gsid = value.is_object() ? FirstStringAt(value, {"Gsid", "gsid"})
                                 : StringOf(value);
    } else if (value.is_object()) {
      a = FailureFromObject(value);
    } else {
      SplitCodeAndText(StringOf(value), &a.error_code, &a.error_text);
    }
    out.records[ref] = std::move(a);
  };
  if (side.is_null()) return true;
  if (side.is_object()) {
    for (auto it = side.begin(); it != side.end(); ++it) {
      if (out.records.size() >= max_entries) break;
      add_keyed(it.key(), it.value());
    }
    return true;
  }
  if (!side.is_array()) return false;
  for (const Json& entry : side) {
    if (out.records.size() >= max_entries) break;
    if (!entry.is_object()) return false;
    if (entry.contains("referenceId")) {
      Json copy = entry;
      if (!copy.contains("success")) copy["success"] = success;
      if (!ReadEntry(copy, out)) return false;
      continue;
    }
    for (auto it = entry.begin(); it != entry.end(); ++it) {
      add_keyed(it.key(), it.value());
    }
  }
  return true;
}

std::string ShapeOf(const Json& data) {
  if (data.is_array()) return absl::StrCat("data[", data.size(), "]");
  if (!data.is_object()) return absl::StrCat("data:", data.type_name());
  std::vector<std::string> keys;
  for (auto it = data.begin(); it != data.end() && keys.size() < 16; ++it) {
    keys.push_back(it.key().size() > 40 ? it.key().substr(0, 40) : it.key());
  }
  return absl::StrCat("data{", absl::StrJoin(keys, ","), "}");
}

}  // namespace

Json CockpitWriteBody(
    const std::vector<std::pair<std::string, Json>>& records) {
  Json requests = Json::array();
  for (const auto& [reference, record] : records) {
    Json r = record;
    r["referenceId"] = reference;
    requests.push_back({{"record", std::move(r)}});
  }
  return Json{{"requests", std::move(requests)}};
}

void SplitCodeAndText(const std::string& message, std::string* code,
                      std::string* text) {
  const size_t colon = message.find(':');
  if (colon != std::string::npos &&
      LooksLikeCode(absl::StripAsciiWhitespace(
          absl::string_view(message).substr(0, colon)))) {
    *code = std::string(absl::StripAsciiWhitespace(
        absl::string_view(message).substr(0, colon)));
    *text = std::string(absl::StripAsciiWhitespace(
        absl::string_view(message).substr(colon + 1)));
    return;
  }
  if (LooksLikeCode(message)) {
    *code = message;
    text->clear();
    return;
  }
  code->clear();
  *text = message;
}

CockpitAnswer ReadCockpitAnswer(const Json& data, size_t max_entries) {
  CockpitAnswer out;
  out.shape = ShapeOf(data);
  bool readable = false;
  if (data.is_array()) {
    readable = true;
    for (const Json& entry : data) {
      if (out.records.size() >= max_entries) break;
      ReadEntry(entry, out);  // an entry it cannot read is not reported on
    }
  } else if (data.is_object()) {
    auto success = data.find("success");
    auto failure = data.find("failure");
    auto records = data.find("records");
    if (success != data.end() || failure != data.end()) {
      // A side in an unknown form reports nothing; the other still counts.
      // Both sides are read, whatever the first one gave.
      const bool successes_read =
          success != data.end() && ReadSide(*success, true, out, max_entries);
      const bool failures_read =
          failure != data.end() && ReadSide(*failure, false, out, max_entries);
      readable = successes_read || failures_read;
    } else if (records != data.end() && records->is_array()) {
      readable = true;
      for (const Json& entry : *records) {
        if (out.records.size() >= max_entries) break;
        ReadEntry(entry, out);
      }
    }
  }
  out.unreadable = !readable;
  return out;
}

}  // namespace gg
