#include "sandbox/cockpit_handlers.h"

#include <cctype>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "sandbox/envelope.h"
#include "sandbox/error_codes.h"

// The configuration JSON follows the digest (cta-task-playbook.md §3.5).
// DECISIONS where it leaves room:
//  - data is an object keyed by category, each an array of items
//    {gsid, name, systemName, active, displayOrder, typeName}; typeName is
//    "ALL_CTA_TYPE" for an item every CTA type may use, else the name of the
//    one type it is scoped to; status items also carry `closed`;
//  - the reason category is spelt CTA_REASON;
//  - RELATIONSHIP CTAs share the COMPANY configuration;
//  - the configuration is fixed (admins change it in Gainsight's UI, not
//    through the API). Two reasons are both labelled "Renewal" (one for every
//    type, one for Lifecycle) as Gainsight does not keep labels unique.
namespace gg::sandbox {
namespace {

constexpr char kAllTypes[] = "ALL_CTA_TYPE";

struct Item {
  const char* gsid;
  const char* name;
  const char* type_name;  // kAllTypes or one type's name
  bool active;
  bool closed;
};

struct Category {
  const char* name;
  std::vector<Item> items;
};

const std::vector<Category>& Config() {
  static const auto* kConfig = new std::vector<Category>{
      {"CTA_TYPE",
       {{"1I00CTATYPERISK000000000000000000000", "Risk", kAllTypes, true,
         false},
        {"1I00CTATYPEEXPANSION0000000000000000", "Expansion", kAllTypes, true,
         false},
        {"1I00CTATYPELIFECYCLE0000000000000000", "Lifecycle", kAllTypes, true,
         false}}},
      {"CTA_STATUS",
       {{"1I00CTASTATUSNEW00000000000000000000", "New", kAllTypes, true, false},
        {"1I00CTASTATUSWIP00000000000000000000", "Work In Progress", kAllTypes,
         true, false},
        {"1I00CTASTATUSCLOSEDSUCCESS0000000000", "Closed Success", kAllTypes,
         true, true},
        {"1I00CTASTATUSCLOSEDLOST0000000000000", "Closed Lost", "Risk", true,
         true},
        {"1I00CTASTATUSCLOSEDINVALID0000000000", "Closed Invalid", kAllTypes,
         true, true}}},
      {"CTA_PRIORITY",
       {{"1I00CTAPRIORITYHIGH00000000000000000", "High", kAllTypes, true,
         false},
        {"1I00CTAPRIORITYMEDIUM000000000000000", "Medium", kAllTypes, true,
         false},
        {"1I00CTAPRIORITYLOW000000000000000000", "Low", kAllTypes, true,
         false}}},
      {"CTA_REASON",
       {{"1I00CTAREASONUSAGEDROP00000000000000", "Usage Drop", "Risk", true,
         false},
        {"1I00CTAREASONBUGSRISK000000000000000", "Bugs Risk", "Risk", true,
         false},
        {"1I00CTAREASONSURVEY00000000000000000", "Survey Response", kAllTypes,
         true, false},
        {"1I00CTAREASONUPSELL00000000000000000", "Upsell", "Expansion", true,
         false},
        {"1I00CTAREASONRENEWAL0000000000000000", "Renewal", kAllTypes, true,
         false},
        {"1I00CTAREASONRENEWALLC00000000000000", "Renewal", "Lifecycle", true,
         false},
        {"1I00CTAREASONLEGACY00000000000000000", "Legacy", kAllTypes, false,
         false},
        {"1I00CTAREASONOTHER000000000000000000", "Other", kAllTypes, true,
         false}}},
  };
  return *kConfig;
}

std::string SystemName(absl::string_view name) {
  std::string out;
  for (char c : name) {
    out.push_back(c == ' ' ? '_'
                           : static_cast<char>(
                                 std::toupper(static_cast<unsigned char>(c))));
  }
  return out;
}

Json ItemJson(const Category& category, const Item& item, int order) {
  Json json = Json::object();
  json["gsid"] = item.gsid;
  json["name"] = item.name;
  json["systemName"] = SystemName(item.name);
  json["active"] = item.active;
  json["displayOrder"] = order;
  json["entityType"] = "COMPANY";
  json["picklistCategory"] = category.name;
  json["typeName"] = item.type_name;
  if (std::string(category.name) == "CTA_STATUS") json["closed"] = item.closed;
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
    const Category* found = nullptr;
    for (const Category& c : Config()) {
      if (wanted == c.name) found = &c;
    }
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
