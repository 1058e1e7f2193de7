#include "sandbox/write_lookups.h"

#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "sandbox/error_codes.h"
#include "sandbox/field_codec.h"

namespace gg::sandbox {
namespace {

ApiError MalformedLookup(absl::string_view why) {
  return BadRequest(codes::kValidation,
                    absl::StrCat("Invalid lookups, please re-check your "
                                 "request (",
                                 why, ")"));
}

struct Match {
  int field;           // of the searched object
  std::string source;  // key in the record
};

struct LookupSpec {
  std::string target;  // field of the written object
  const ObjectDef* searched = nullptr;
  std::vector<Match> matches;
  int lookup_field = -1;
  bool first_match = false;
  std::string on_no_match;  // ERROR, NULLABLE, DEFAULTVALUE
};

std::optional<ApiError> ParseSpec(const ObjectDef& object,
                                  const std::string& target, const Json& entry,
                                  const ObjectRegistry& objects,
                                  LookupSpec* spec) {
  spec->target = target;
  if (object.FieldIndex(target) < 0 || !entry.is_object()) {
    return MalformedLookup(
        absl::StrCat(target, ": no such field on ", object.name()));
  }
  const Json& name = entry.value("objectName", Json());
  spec->searched = name.is_string()
                       ? objects.Find(name.get_ref<const std::string&>())
                       : nullptr;
  if (spec->searched == nullptr) {
    return MalformedLookup(absl::StrCat(target, ": unknown objectName"));
  }
  const Json& fields = entry.value("fields", Json());
  if (!fields.is_object() || fields.empty()) {
    return MalformedLookup(
        absl::StrCat(target, ": fields must map source fields"));
  }
  for (const auto& [source, field] : fields.items()) {
    const int index = field.is_string()
                          ? spec->searched->FieldIndex(field.get<std::string>())
                          : -1;
    if (index < 0) {
      return MalformedLookup(
          absl::StrCat(target, ": no such field on ", spec->searched->name()));
    }
    spec->matches.push_back({index, source});
  }
  const Json& lookup_field = entry.value("lookupField", Json("Gsid"));
  spec->lookup_field =
      lookup_field.is_string()
          ? spec->searched->FieldIndex(lookup_field.get<std::string>())
          : -1;
  if (spec->lookup_field < 0) {
    return MalformedLookup(absl::StrCat(target, ": unknown lookupField"));
  }
  const Json& multi = entry.value("multiMatchOption", Json("MARKASERROR"));
  if (multi != "FIRSTMATCH" && multi != "MARKASERROR") {
    return MalformedLookup(absl::StrCat(target, ": unknown multiMatchOption"));
  }
  spec->first_match = multi == "FIRSTMATCH";
  const Json& no_match = entry.value("onNoMatch", Json("ERROR"));
  if (no_match != "ERROR" && no_match != "NULLABLE" &&
      no_match != "DEFAULTVALUE") {
    return MalformedLookup(absl::StrCat(target, ": unknown onNoMatch"));
  }
  spec->on_no_match = no_match.get<std::string>();
  return std::nullopt;
}

bool Equal(const FieldDef& field, const Value& stored, const Json& given) {
  const Json value = EncodeFieldValue(field, stored);
  if (value.is_string() && given.is_string()) {
    return absl::EqualsIgnoreCase(value.get_ref<const std::string&>(),
                                  given.get_ref<const std::string&>());
  }
  return value == given;
}

// The values of spec.lookup_field of the searched rows matching `record`.
std::vector<Json> Matching(const LookupSpec& spec, const Json& record,
                           const Store& store) {
  std::vector<Json> found;
  store.Scan(*spec.searched, [&](const std::vector<const Row*>& rows) {
    for (const Row* row : rows) {
      bool all = true;
      for (const Match& m : spec.matches) {
        auto given = record.find(m.source);
        if (given == record.end() ||
            !Equal(spec.searched->field(m.field), (*row)[m.field], *given)) {
          all = false;
          break;
        }
      }
      if (all) {
        found.push_back(
            EncodeFieldValue(spec.searched->field(spec.lookup_field),
                             (*row)[spec.lookup_field]));
      }
    }
  });
  return found;
}

}  // namespace

std::optional<ApiError> ResolveLookups(const ObjectDef& object,
                                       const Json& body,
                                       const ObjectRegistry& objects,
                                       const Store& store,
                                       ResolvedRecords* out) {
  out->records = body.at("records");
  auto lookups = body.find("lookups");
  if (lookups == body.end() || lookups->is_null()) return std::nullopt;
  if (!lookups->is_object())
    return MalformedLookup("lookups must be an object");
  std::vector<LookupSpec> specs;
  for (const auto& [target, entry] : lookups->items()) {
    LookupSpec spec;
    if (auto error = ParseSpec(object, target, entry, objects, &spec)) {
      return error;
    }
    specs.push_back(std::move(spec));
  }
  for (size_t i = 0; i < out->records.size(); ++i) {
    Json& record = out->records[i];
    if (!record.is_object()) continue;  // validation names it
    for (const LookupSpec& spec : specs) {
      const std::vector<Json> found = Matching(spec, record, store);
      if (found.size() == 1 || (found.size() > 1 && spec.first_match)) {
        record[spec.target] = found.front();
      } else if (found.size() > 1) {
        out->errors.push_back(
            {static_cast<int>(i), spec.target, codes::kInvalidField,
             absl::StrCat("Invalid field, please re-check data mapping (",
                          spec.target, ": the lookup matched ", found.size(),
                          " ", spec.searched->name(), " records)")});
      } else if (spec.on_no_match == "NULLABLE") {
        record[spec.target] = nullptr;
      } else if (spec.on_no_match == "ERROR") {
        out->errors.push_back(
            {static_cast<int>(i), spec.target, codes::kInvalidField,
             absl::StrCat("Invalid field, please re-check data mapping (",
                          spec.target, ": the lookup matched no ",
                          spec.searched->name(), " record)")});
      }
    }
    // Helper source values are for matching only.
    for (const LookupSpec& spec : specs) {
      for (const Match& m : spec.matches) {
        if (object.FieldIndex(m.source) < 0) record.erase(m.source);
      }
    }
  }
  return std::nullopt;
}

}  // namespace gg::sandbox
