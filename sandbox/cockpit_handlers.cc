#include "sandbox/cockpit_handlers.h"

#include <cctype>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "sandbox/cockpit_config.h"
#include "sandbox/envelope.h"
#include "sandbox/error_codes.h"

// The configuration JSON follows the digest (cta-task-playbook.md §3.5).
// DECISIONS where it leaves room:
//  - data is an object keyed by category, each an array of items
//    {gsid, name, systemName, active, displayOrder, entityType,
//    picklistCategory, typeName}; typeName is "ALL_CTA_TYPE" for an item
//    every CTA type may use, else the name of the one type it is scoped to;
//    status items also carry `closed`;
//  - the reason category is spelt CTA_REASON; the task configuration
//    (TASK_TYPE, TASK_STATUS, TASK_PRIORITY) is served by the same call;
//  - RELATIONSHIP CTAs share the COMPANY configuration.
// The items themselves are in cockpit_config.cc.
namespace gg::sandbox {
namespace {

std::string SystemName(absl::string_view name) {
  std::string out;
  for (char c : name) {
    out.push_back(c == ' ' ? '_'
                           : static_cast<char>(
                                 std::toupper(static_cast<unsigned char>(c))));
  }
  return out;
}

Json ItemJson(const CockpitCategory& category, const CockpitItem& item,
              int order) {
  Json json = Json::object();
  json["gsid"] = item.gsid;
  json["name"] = item.name;
  json["systemName"] = SystemName(item.name);
  json["active"] = item.active;
  json["displayOrder"] = order;
  json["entityType"] = "COMPANY";
  json["picklistCategory"] = category.name;
  json["typeName"] = item.type_name;
  if (category.has_closed) json["closed"] = item.closed;
  return json;
}

}  // namespace

HttpResponse HandleCtaConfig(const GainsightCall& call, TenantData& /*data*/) {
  const std::string* et = call.request.Param("et");
  if (et != nullptr && *et != "COMPANY" && *et != "RELATIONSHIP") {
    return ErrorResponse(
        BadRequest(codes::kCockpitBadParameter,
                   "Invalid entity type: et must be COMPANY or RELATIONSHIP"),
        Json::object());
  }
  const std::string* category = call.request.Param("category");
  if (category == nullptr || category->empty()) {
    return ErrorResponse(
        BadRequest(codes::kCockpitBadParameter, "Missing parameter: category"),
        Json::object());
  }
  Json data = Json::object();
  for (absl::string_view wanted : absl::StrSplit(*category, ',')) {
    const CockpitCategory* found = FindCockpitCategory(wanted);
    if (found == nullptr) {
      return ErrorResponse(
          BadRequest(codes::kCockpitBadParameter,
                     absl::StrCat("Invalid category: ", wanted)),
          Json::object());
    }
    Json items = Json::array();
    for (size_t i = 0; i < found->items.size(); ++i) {
      items.push_back(ItemJson(*found, found->items[i], static_cast<int>(i)));
    }
    data[found->name] = std::move(items);
  }
  return SuccessResponse(std::move(data));
}

}  // namespace gg::sandbox
