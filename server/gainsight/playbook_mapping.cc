#include "gainsight/playbook_mapping.h"

#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gainsight/envelope.h"
#include "google/protobuf/timestamp.pb.h"

namespace gg {
namespace {

absl::Status MalformedPlaybook(absl::string_view what) {
  return absl::InternalError(
      absl::StrCat("Gainsight returned a malformed playbook: ", what));
}

int32_t IntAt(const Json& json, const char* key) {
  auto it = json.find(key);
  return it != json.end() && it->is_number() ? it->get<int32_t>() : 0;
}

absl::Status TimeAt(const Json& json, const char* key,
                    google::protobuf::Timestamp* out) {
  const std::string text = StringAt(json, key);
  if (text.empty()) return absl::OkStatus();
  absl::Time t;
  std::string err;
  if (!absl::ParseTime(absl::RFC3339_full, text, &t, &err)) {
    return MalformedPlaybook(key);
  }
  const int64_t ms = absl::ToUnixMillis(t);
  out->set_seconds(ms / 1000 - (ms % 1000 < 0 ? 1 : 0));
  out->set_nanos(static_cast<int32_t>(((ms % 1000) + 1000) % 1000 * 1000000));
  return absl::OkStatus();
}

}  // namespace

absl::Status PlaybookFromJson(const Json& json, gainsight::v1::Playbook* out) {
  if (!json.is_object()) return MalformedPlaybook("not an object");
  out->set_gsid(StringAt(json, "gsid"));
  if (out->gsid().empty()) return MalformedPlaybook("no gsid");
  out->set_name(StringAt(json, "name"));
  out->set_description(StringAt(json, "description"));
  out->set_cta_type_id(StringAt(json, "ctaTypeId"));
  out->set_cta_type(StringAt(json, "ctaTypeName"));
  const std::string entity = StringAt(json, "entityType");
  out->set_entity_type(entity == "RELATIONSHIP"
                           ? gainsight::v1::ENTITY_TYPE_RELATIONSHIP
                           : gainsight::v1::ENTITY_TYPE_COMPANY);
  auto active = json.find("active");
  out->set_active(active == json.end() || !active->is_boolean() ||
                  active->get<bool>());
  out->set_task_count(IntAt(json, "taskCount"));
  absl::Status s = TimeAt(json, "createdDate", out->mutable_create_time());
  if (s.ok()) s = TimeAt(json, "modifiedDate", out->mutable_update_time());
  if (!s.ok()) return s;
  auto tasks = json.find("tasks");
  if (tasks == json.end() || tasks->is_null()) return absl::OkStatus();
  if (!tasks->is_array()) return MalformedPlaybook("tasks is not a list");
  for (const Json& t : *tasks) {
    if (!t.is_object())
      return MalformedPlaybook("a task template is not an object");
    gainsight::v1::TaskTemplate* task = out->add_tasks();
    task->set_gsid(StringAt(t, "gsid"));
    task->set_name(StringAt(t, "name"));
    task->set_description(StringAt(t, "description"));
    task->set_type(StringAt(t, "typeName"));
    task->set_priority(StringAt(t, "priorityName"));
    task->set_owner(StringAt(t, "ownerEmail"));
    task->set_due_days(IntAt(t, "dueDays"));
    // The array is in playbook order; its `position` numbering is
    // Gainsight's (the sandbox counts from 1), the proto's is from 0.
    task->set_position(out->tasks_size() - 1);
  }
  if (out->task_count() == 0) out->set_task_count(out->tasks_size());
  return absl::OkStatus();
}

std::string PlaybookListQuery(int page_size, int64_t page_number,
                              const std::string& cta_type_id,
                              const std::string& entity_type,
                              bool include_inactive) {
  std::string query =
      absl::StrCat("pageSize=", page_size, "&pageNumber=", page_number);
  if (!cta_type_id.empty()) absl::StrAppend(&query, "&ctaTypeId=", cta_type_id);
  if (!entity_type.empty())
    absl::StrAppend(&query, "&entityType=", entity_type);
  if (include_inactive) absl::StrAppend(&query, "&includeInactive=true");
  return query;
}

}  // namespace gg
