#include "gainsight/success_plan_mapping.h"

#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/status_details.h"
#include "gainsight/endpoints.h"
#include "gainsight/json_value.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/type/date.pb.h"

namespace gg {
namespace {

using gainsight::v1::PicklistItem;
using gainsight::v1::SuccessPlan;

// API name <-> proto name of the plain string fields.
struct StringField {
  const char* api_name;
  const char* proto_name;
};
constexpr StringField kStringFields[] = {
    {"Name", "name"},
    {"CompanyId", "company_id"},
    {"RelationshipId", "relationship_id"},
    {"OwnerId", "owner_id"},
    {"Description", "description"},
    {"ActionPlan", "action_plan"},
    {"Highlights", "highlights"},
};

absl::Status MalformedPlan(absl::string_view what) {
  return absl::InternalError(
      absl::StrCat("Gainsight returned a malformed success plan: ", what));
}

std::string PlanDate(const google::type::Date& date) {
  return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(),
                         date.day());
}

bool ParseDay(const std::string& text, google::type::Date* out) {
  absl::CivilDay day;
  if (!absl::ParseCivilTime(text.substr(0, 10), &day)) return false;
  out->set_year(static_cast<int32_t>(day.year()));
  out->set_month(day.month());
  out->set_day(day.day());
  return true;
}

bool ParseInstant(const std::string& text, google::protobuf::Timestamp* out) {
  absl::Time t;
  std::string err;
  if (!absl::ParseTime(absl::RFC3339_full, text, &t, &err)) {
    absl::CivilDay day;
    if (!absl::ParseCivilTime(text, &day)) return false;
    t = absl::FromCivil(day, absl::UTCTimeZone());
  }
  const int64_t ms = absl::ToUnixMillis(t);
  out->set_seconds(ms / 1000 - (ms % 1000 < 0 ? 1 : 0));
  out->set_nanos(static_cast<int32_t>(((ms % 1000) + 1000) % 1000 * 1000000));
  return true;
}

const std::string* StringOf(const Json& row, const char* key) {
  auto it = row.find(key);
  if (it == row.end() || !it->is_string()) return nullptr;
  return it->get_ptr<const std::string*>();
}

}  // namespace

std::string SuccessPlanConfigQuery(gainsight::v1::EntityType entity_type) {
  return absl::StrCat("category=", kSuccessPlanTypeCategory, ",",
                      kSuccessPlanStatusCategory, "&et=",
                      entity_type == gainsight::v1::ENTITY_TYPE_RELATIONSHIP
                          ? "RELATIONSHIP"
                          : "COMPANY");
}

absl::StatusOr<SuccessPlanConfig> ParseSuccessPlanConfig(const Json& data) {
  if (!data.is_object()) return MalformedPlan("configuration is not an object");
  SuccessPlanConfig config;
  for (const auto& [category, out] :
       {std::pair<const char*, std::vector<PicklistItem>*>{
            kSuccessPlanTypeCategory, &config.types},
        {kSuccessPlanStatusCategory, &config.statuses}}) {
    auto items = data.find(category);
    if (items == data.end() || items->is_null()) continue;
    if (!items->is_array()) return MalformedPlan("category is not a list");
    for (const Json& j : *items) {
      if (!j.is_object()) return MalformedPlan("item is not an object");
      PicklistItem item;
      if (const std::string* s = StringOf(j, "gsid")) item.set_gsid(*s);
      if (const std::string* s = StringOf(j, "name")) item.set_label(*s);
      if (const std::string* s = StringOf(j, "systemName")) {
        item.set_system_name(*s);
      }
      item.set_active(j.value("active", true));
      item.set_is_default(j.value("default", false));
      item.set_display_order(j.value("displayOrder", 0));
      item.set_closed(j.value("closed", false));
      if (item.gsid().empty()) return MalformedPlan("item without gsid");
      out->push_back(std::move(item));
    }
  }
  return config;
}

Json SuccessPlanRecord(const SuccessPlan& plan, bool update,
                       const std::string& type_label,
                       const std::string& status_label,
                       const std::string& owner_id) {
  Json record = Json::object();
  if (update) record["Gsid"] = plan.gsid();
  if (plan.has_name()) record["Name"] = plan.name();
  if (!update && plan.has_company_id()) record["CompanyId"] = plan.company_id();
  if (!update && plan.has_relationship_id()) {
    // [SEC] as a relationship CTA: entity type and relationship type too.
    record["RelationshipId"] = plan.relationship_id();
    record["EntityType"] = "RELATIONSHIP";
    if (plan.has_relationship_type_id()) {
      record["RelationshipTypeId"] = plan.relationship_type_id();
    }
  }
  if (!type_label.empty()) record["SuccessPlanType"] = type_label;
  if (!status_label.empty()) record["status"] = status_label;
  if (!owner_id.empty()) record["OwnerId"] = owner_id;
  if (plan.has_start_date()) record["StartDate"] = PlanDate(plan.start_date());
  if (plan.has_due_date()) record["DueDate"] = PlanDate(plan.due_date());
  if (plan.has_description()) record["Description"] = plan.description();
  if (plan.has_action_plan()) record["ActionPlan"] = plan.action_plan();
  if (plan.has_highlights()) record["Highlights"] = plan.highlights();
  if (plan.has_custom_fields()) MergeStructInto(plan.custom_fields(), record);
  return record;
}

std::vector<std::string> SuccessPlanSelect() {
  return {"Gsid",       "Name",
          "CompanyId",  "CompanyId__gr.Name",
          "OwnerId",    "OwnerId__gr.Email",
          "StatusName", "TypeName",
          "DueDate",    "ModifiedDate"};
}

std::vector<std::pair<std::string, std::string>> SuccessPlanReadBackKey(
    const SuccessPlan& plan) {
  return {{"Name", plan.name()}, {"CompanyId", plan.company_id()}};
}

absl::Status SuccessPlanFromRow(const Json& row, SuccessPlan* out) {
  if (!row.is_object()) return MalformedPlan("row is not an object");
  const auto* d = out->GetDescriptor();
  const auto* r = out->GetReflection();
  for (auto it = row.begin(); it != row.end(); ++it) {
    const std::string& key = it.key();
    const Json& v = it.value();
    if (v.is_null()) continue;
    bool typed = true;
    auto need_string = [&]() -> const std::string* {
      return v.is_string() ? v.get_ptr<const std::string*>() : nullptr;
    };
    if (key == "Gsid") {
      if (!need_string()) return MalformedPlan(key);
      out->set_gsid(*need_string());
    } else if (key == "CompanyId__gr.Name") {
      if (!need_string()) return MalformedPlan(key);
      out->set_company_name(*need_string());
    } else if (key == "OwnerId__gr.Email") {
      if (!need_string()) return MalformedPlan(key);
      out->set_owner(*need_string());
    } else if (key == "OwnerId__gr.Name") {
      if (!need_string()) return MalformedPlan(key);
      out->set_owner_name(*need_string());
    } else if (key == "SuccessPlanTypeId") {
      if (!need_string()) return MalformedPlan(key);
      out->set_type_id(*need_string());
    } else if (key == "TypeName") {
      if (!need_string()) return MalformedPlan(key);
      out->set_type(*need_string());
    } else if (key == "StatusId") {
      if (!need_string()) return MalformedPlan(key);
      out->set_status_id(*need_string());
    } else if (key == "StatusName") {
      if (!need_string()) return MalformedPlan(key);
      out->set_status(*need_string());
    } else if (key == "EntityType") {
      if (!need_string()) return MalformedPlan(key);
      out->set_entity_type(*need_string() == "RELATIONSHIP"
                               ? gainsight::v1::ENTITY_TYPE_RELATIONSHIP
                               : gainsight::v1::ENTITY_TYPE_COMPANY);
    } else if (key == "StartDate" || key == "DueDate") {
      if (!need_string()) return MalformedPlan(key);
      google::type::Date* date = key == "StartDate" ? out->mutable_start_date()
                                                    : out->mutable_due_date();
      if (!ParseDay(*need_string(), date)) return MalformedPlan(key);
    } else if (key == "ActiveDate" || key == "ClosedDate" ||
               key == "CreatedDate" || key == "ModifiedDate") {
      if (!need_string()) return MalformedPlan(key);
      google::protobuf::Timestamp* ts =
          key == "ActiveDate"    ? out->mutable_active_time()
          : key == "ClosedDate"  ? out->mutable_close_time()
          : key == "CreatedDate" ? out->mutable_create_time()
                                 : out->mutable_update_time();
      if (!ParseInstant(*need_string(), ts)) return MalformedPlan(key);
    } else if (key == "IsClosed") {
      if (!v.is_boolean()) return MalformedPlan(key);
      out->set_is_closed(v.get<bool>());
    } else if (key == "PercentComplete") {
      if (!v.is_number()) return MalformedPlan(key);
      out->set_percent_complete(v.get<double>());
    } else if (key == "TotalObjectiveCount" || key == "OpenObjectiveCount" ||
               key == "OpenTaskCount" || key == "ClosedTaskCount") {
      if (!v.is_number()) return MalformedPlan(key);
      const int32_t n = static_cast<int32_t>(v.get<double>());
      if (key == "TotalObjectiveCount") out->set_total_objective_count(n);
      if (key == "OpenObjectiveCount") out->set_open_objective_count(n);
      if (key == "OpenTaskCount") out->set_open_task_count(n);
      if (key == "ClosedTaskCount") out->set_closed_task_count(n);
    } else {
      typed = false;
      for (const StringField& f : kStringFields) {
        if (key != f.api_name) continue;
        if (!need_string()) return MalformedPlan(key);
        r->SetString(out, d->FindFieldByName(f.proto_name), *need_string());
        typed = true;
      }
    }
    if (!typed) {
      (*out->mutable_custom_fields()->mutable_fields())[key] = JsonToValue(v);
    }
  }
  // Reads give the label in `type`/`status`; without one, the GSID.
  if (!out->has_type() && !out->type_id().empty())
    out->set_type(out->type_id());
  if (!out->has_status() && !out->status_id().empty()) {
    out->set_status(out->status_id());
  }
  return absl::OkStatus();
}

std::string SuccessPlanProtoField(absl::string_view api_name) {
  for (const StringField& f : kStringFields) {
    if (api_name == f.api_name) {
      return api_name == "OwnerId" ? "owner" : f.proto_name;
    }
  }
  if (api_name == "SuccessPlanType" || api_name == "SuccessPlanTypeId") {
    return "type";
  }
  if (api_name == "status" || api_name == "StatusId") return "status";
  if (api_name == "StartDate") return "start_date";
  if (api_name == "DueDate") return "due_date";
  if (api_name == "Gsid") return "gsid";
  return absl::StrCat("custom_fields.", api_name);
}

}  // namespace gg
