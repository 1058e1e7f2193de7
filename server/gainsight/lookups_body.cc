#include "gainsight/lookups_body.h"

#include <map>
#include <string>

namespace gg {

Json LookupsBody(
    const google::protobuf::RepeatedPtrField<gainsight::v1::Lookup>& lookups) {
  if (lookups.empty()) return nullptr;
  // Shape: the Company doc sample's `lookups` (company-custom-datamgmt.md
  // §6): fields, lookupField, objectName, multiMatchOption, onNoMatch.
  Json body = Json::object();
  for (const gainsight::v1::Lookup& lookup : lookups) {
    Json fields = Json::object();
    // Sorted, so that one request always gives one body.
    const std::map<std::string, std::string> match(lookup.match().begin(),
                                                   lookup.match().end());
    for (const auto& [source, target] : match) fields[source] = target;
    Json entry = Json::object();
    entry["fields"] = std::move(fields);
    entry["lookupField"] =
        lookup.lookup_field().empty() ? "Gsid" : lookup.lookup_field();
    entry["objectName"] = lookup.object_name();
    entry["multiMatchOption"] =
        lookup.multi_match() == gainsight::v1::LOOKUP_MULTI_MATCH_FIRST
            ? "FIRSTMATCH"
            : "MARKASERROR";
    switch (lookup.no_match()) {
      case gainsight::v1::LOOKUP_NO_MATCH_NULL:
        entry["onNoMatch"] = "NULLABLE";
        break;
      case gainsight::v1::LOOKUP_NO_MATCH_DEFAULT:
        entry["onNoMatch"] = "DEFAULTVALUE";
        break;
      default:
        entry["onNoMatch"] = "ERROR";
        break;
    }
    body[lookup.field()] = std::move(entry);
  }
  return body;
}

}  // namespace gg
