#include "sandbox/cockpit_config.h"

#include <string>

// DECISIONS (cta-task-playbook.md §3.5 leaves the lists to each tenant):
//  - the configuration is fixed (admins change it in Gainsight's UI, not
//    through the API). Two reasons are both labelled "Renewal" (one for every
//    type, one for Lifecycle) as Gainsight does not keep labels unique;
//  - task items are never scoped to a CTA type.
namespace gg::sandbox {

const std::vector<CockpitCategory>& CockpitConfig() {
  static const auto* kConfig = new std::vector<CockpitCategory>{
      {kCtaTypeCategory,
       false,
       {{"1I00CTATYPERISK000000000000000000000", "Risk", kAllCtaTypes, true,
         false},
        {"1I00CTATYPEEXPANSION0000000000000000", "Expansion", kAllCtaTypes,
         true, false},
        {"1I00CTATYPELIFECYCLE0000000000000000", "Lifecycle", kAllCtaTypes,
         true, false}}},
      {kCtaStatusCategory,
       true,
       {{"1I00CTASTATUSNEW00000000000000000000", "New", kAllCtaTypes, true,
         false},
        {"1I00CTASTATUSWIP00000000000000000000", "Work In Progress",
         kAllCtaTypes, true, false},
        {"1I00CTASTATUSCLOSEDSUCCESS0000000000", "Closed Success", kAllCtaTypes,
         true, true},
        {"1I00CTASTATUSCLOSEDLOST0000000000000", "Closed Lost", "Risk", true,
         true},
        {"1I00CTASTATUSCLOSEDINVALID0000000000", "Closed Invalid", kAllCtaTypes,
         true, true}}},
      {kCtaPriorityCategory,
       false,
       {{"1I00CTAPRIORITYHIGH00000000000000000", "High", kAllCtaTypes, true,
         false},
        {"1I00CTAPRIORITYMEDIUM000000000000000", "Medium", kAllCtaTypes, true,
         false},
        {"1I00CTAPRIORITYLOW000000000000000000", "Low", kAllCtaTypes, true,
         false}}},
      {kCtaReasonCategory,
       false,
       {{"1I00CTAREASONUSAGEDROP00000000000000", "Usage Drop", "Risk", true,
         false},
        {"1I00CTAREASONBUGSRISK000000000000000", "Bugs Risk", "Risk", true,
         false},
        {"1I00CTAREASONSURVEY00000000000000000", "Survey Response",
         kAllCtaTypes, true, false},
        {"1I00CTAREASONUPSELL00000000000000000", "Upsell", "Expansion", true,
         false},
        {"1I00CTAREASONRENEWAL0000000000000000", "Renewal", kAllCtaTypes, true,
         false},
        {"1I00CTAREASONRENEWALLC00000000000000", "Renewal", "Lifecycle", true,
         false},
        {"1I00CTAREASONLEGACY00000000000000000", "Legacy", kAllCtaTypes, false,
         false},
        {"1I00CTAREASONOTHER000000000000000000", "Other", kAllCtaTypes, true,
         false}}},
      {kTaskTypeCategory,
       false,
       {{"1I00TASKTYPECALL00000000000000000000", "Call", kAllCtaTypes, true,
         false},
        {"1I00TASKTYPEEMAIL0000000000000000000", "Email", kAllCtaTypes, true,
         false},
        {"1I00TASKTYPEMEETING00000000000000000", "Meeting", kAllCtaTypes, true,
         false}}},
      {kTaskStatusCategory,
       true,
       {{"1I00TASKSTATUSOPEN000000000000000000", "Open", kAllCtaTypes, true,
         false},
        {"1I00TASKSTATUSINPROGRESS000000000000", "In Progress", kAllCtaTypes,
         true, false},
        {"1I00TASKSTATUSCLOSED0000000000000000", "Closed", kAllCtaTypes, true,
         true},
        {"1I00TASKSTATUSCANCELLED0000000000000", "Cancelled", kAllCtaTypes,
         true, true}}},
      {kTaskPriorityCategory,
       false,
       {{"1I00TASKPRIORITYHIGH0000000000000000", "High", kAllCtaTypes, true,
         false},
        {"1I00TASKPRIORITYMEDIUM00000000000000", "Medium", kAllCtaTypes, true,
         false},
        {"1I00TASKPRIORITYLOW00000000000000000", "Low", kAllCtaTypes, true,
         false}}},
  };
  return *kConfig;
}

const CockpitCategory* FindCockpitCategory(absl::string_view name) {
  for (const CockpitCategory& c : CockpitConfig()) {
    if (name == c.name) return &c;
  }
  return nullptr;
}

const CockpitItem* FindCockpitItem(absl::string_view category,
                                   absl::string_view gsid) {
  const CockpitCategory* c = FindCockpitCategory(category);
  if (c == nullptr) return nullptr;
  for (const CockpitItem& item : c->items) {
    if (gsid == item.gsid) return &item;
  }
  return nullptr;
}

const CockpitItem* FindCockpitItemByName(absl::string_view category,
                                         absl::string_view name) {
  const CockpitCategory* c = FindCockpitCategory(category);
  if (c == nullptr) return nullptr;
  for (const CockpitItem& item : c->items) {
    if (item.active && name == item.name) return &item;
  }
  return nullptr;
}

const CockpitItem* FindCockpitItemForType(absl::string_view category,
                                          absl::string_view name,
                                          absl::string_view type_name) {
  const CockpitCategory* c = FindCockpitCategory(category);
  if (c == nullptr) return nullptr;
  for (const CockpitItem& item : c->items) {
    if (name == item.name && ItemAllowedForType(item, type_name)) return &item;
  }
  return nullptr;
}

bool ItemAllowedForType(const CockpitItem& item, absl::string_view type_name) {
  return item.active && (absl::string_view(item.type_name) == kAllCtaTypes ||
                         absl::string_view(item.type_name) == type_name);
}

}  // namespace gg::sandbox
