#include "sandbox/playbook_handlers.h"

#include <cstdint>
#include <string>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "gainsight/endpoints.h"
#include "sandbox/cockpit_config.h"
#include "sandbox/cockpit_wire.h"
#include "sandbox/envelope.h"
#include "sandbox/error_codes.h"
#include "sandbox/playbooks.h"

namespace gg::sandbox {
namespace {

constexpr int64_t kDefaultPageSize = 100;

// The list entry: ctaTypeId and ctaTypeName only for a playbook of one type.
Json PlaybookJson(const Playbook& playbook) {
  Json out = Json::object();
  out["gsid"] = playbook.gsid;
  out["name"] = playbook.name;
  out["description"] = playbook.description;
  if (playbook.cta_type_name != nullptr) {
    const CockpitItem* type =
        FindCockpitItemByName(kCtaTypeCategory, playbook.cta_type_name);
    if (type != nullptr) out["ctaTypeId"] = type->gsid;
    out["ctaTypeName"] = playbook.cta_type_name;
  }
  out["entityType"] = playbook.entity_type;
  out["active"] = playbook.active;
  out["taskCount"] = playbook.tasks.size();
  out["createdDate"] = playbook.created;
  out["modifiedDate"] = playbook.modified;
  return out;
}

// A positive integer query parameter, or `fallback` when absent.
std::optional<HttpResponse> PositiveParam(const GainsightCall& call,
                                          const char* name, int64_t fallback,
                                          int64_t* out) {
  const std::string* text = call.request.Param(name);
  *out = fallback;
  if (text == nullptr) return std::nullopt;
  if (!absl::SimpleAtoi(*text, out) || *out < 1) {
    return BadRequestResponse(
        codes::kValidation, absl::StrCat(name, " must be a positive integer"));
  }
  return std::nullopt;
}

}  // namespace

HttpResponse HandlePlaybookList(const GainsightCall& call, TenantData&) {
  int64_t page_size = 0, page_number = 0;
  if (auto bad =
          PositiveParam(call, "pageSize", kDefaultPageSize, &page_size)) {
    return *bad;
  }
  if (auto bad = PositiveParam(call, "pageNumber", 1, &page_number)) {
    return *bad;
  }
  if (page_size > kMaxPlaybookPageSize) {
    return BadRequestResponse(
        codes::kValidation,
        absl::StrCat("pageSize must be at most ", kMaxPlaybookPageSize));
  }
  const std::string* entity = call.request.Param("entityType");
  if (entity != nullptr && *entity != "COMPANY" && *entity != "RELATIONSHIP") {
    return BadRequestResponse(codes::kValidation,
                              "entityType must be COMPANY or RELATIONSHIP");
  }
  const std::string* inactive = call.request.Param("includeInactive");
  if (inactive != nullptr && *inactive != "true" && *inactive != "false") {
    return BadRequestResponse(codes::kValidation,
                              "includeInactive must be true or false");
  }
  const bool with_inactive = inactive != nullptr && *inactive == "true";
  const CockpitItem* type = nullptr;
  if (const std::string* type_id = call.request.Param("ctaTypeId")) {
    type = FindCockpitItem(kCtaTypeCategory, *type_id);
    if (type == nullptr) {
      return BadRequestResponse(
          codes::kNoMatch, absl::StrCat(codes::kNoMatchDesc, " (ctaTypeId)"));
    }
  }
  Json page = Json::array();
  int64_t skip = (page_number - 1) * page_size;
  for (const Playbook& playbook : Playbooks()) {
    if (!playbook.active && !with_inactive) continue;
    if (entity != nullptr && *entity != playbook.entity_type) continue;
    if (type != nullptr && !PlaybookFitsType(playbook, type->name)) continue;
    if (skip > 0) {
      --skip;
      continue;
    }
    if (static_cast<int64_t>(page.size()) >= page_size) break;
    page.push_back(PlaybookJson(playbook));
  }
  return SuccessResponse(std::move(page));
}

HttpResponse HandlePlaybookGet(const GainsightCall& call, TenantData&) {
  const Playbook* playbook = FindPlaybook(call.route.Param("gsid"));
  if (playbook == nullptr) {
    return BadRequestResponse(codes::kNoMatch, codes::kNoMatchDesc);
  }
  Json out = PlaybookJson(*playbook);
  Json tasks = Json::array();
  int position = 1;
  for (const PlaybookTaskTemplate& t : playbook->tasks) {
    Json task = Json::object();
    task["gsid"] = t.gsid;
    task["name"] = t.name;
    task["description"] = t.description;
    task["typeName"] = t.type_name;
    task["priorityName"] = t.priority_name;
    if (t.owner_email != nullptr) task["ownerEmail"] = t.owner_email;
    task["dueDays"] = t.due_days;
    task["position"] = position++;
    tasks.push_back(std::move(task));
  }
  out["tasks"] = std::move(tasks);
  return SuccessResponse(std::move(out));
}

}  // namespace gg::sandbox
