// The tenant's fixed Cockpit configuration: the picklist items of CTAs (type,
// status, priority, reason) and of tasks (type, status, priority), and the
// rules of which items a CTA of a given type may use.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_COCKPIT_CONFIG_H_
#define GAINSIGHT_GATEWAY_SANDBOX_COCKPIT_CONFIG_H_

#include <vector>

#include "absl/strings/string_view.h"

namespace gg::sandbox {

// typeName of an item every CTA type may use.
inline constexpr char kAllCtaTypes[] = "ALL_CTA_TYPE";

// Category names (?category= of the picklist endpoint).
inline constexpr char kCtaTypeCategory[] = "CTA_TYPE";
inline constexpr char kCtaStatusCategory[] = "CTA_STATUS";
inline constexpr char kCtaPriorityCategory[] = "CTA_PRIORITY";
inline constexpr char kCtaReasonCategory[] = "CTA_REASON";
inline constexpr char kTaskTypeCategory[] = "TASK_TYPE";
inline constexpr char kTaskStatusCategory[] = "TASK_STATUS";
inline constexpr char kTaskPriorityCategory[] = "TASK_PRIORITY";

struct CockpitItem {
  const char* gsid;
  const char* name;
  const char* type_name;  // kAllCtaTypes or one CTA type's name
  bool active;
  bool closed;  // statuses: whether the status closes its CTA or task
};

struct CockpitCategory {
  const char* name;
  bool has_closed;  // status categories carry `closed`
  std::vector<CockpitItem> items;
};

// Every category, CTA ones first.
const std::vector<CockpitCategory>& CockpitConfig();

// The category named `name`, or nullptr.
const CockpitCategory* FindCockpitCategory(absl::string_view name);

// The item of `category` with `gsid`, or nullptr.
const CockpitItem* FindCockpitItem(absl::string_view category,
                                   absl::string_view gsid);

// The first active item of `category` labelled `name`, or nullptr.
const CockpitItem* FindCockpitItemByName(absl::string_view category,
                                         absl::string_view name);

// The active item of `category` labelled `name` that a CTA of type
// `type_name` may use, or nullptr.
const CockpitItem* FindCockpitItemForType(absl::string_view category,
                                          absl::string_view name,
                                          absl::string_view type_name);

// Whether a CTA of type `type_name` may use `item`: it is active and scoped
// to every type or to that one.
bool ItemAllowedForType(const CockpitItem& item, absl::string_view type_name);

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_COCKPIT_CONFIG_H_
