#include "gainsight/picklist.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_details.h"

namespace gg {
namespace {

using gainsight::v1::PicklistItem;

// GSIDs of the active items labelled `label`.
std::vector<std::string> ActiveWithLabel(const PicklistItems& items,
                                         absl::string_view label) {
  std::vector<std::string> gsids;
  for (const PicklistItem* item : items) {
    if (item->active() && absl::EqualsIgnoreCase(item->label(), label)) {
      gsids.push_back(item->gsid());
    }
  }
  return gsids;
}

}  // namespace

PicklistItems ItemsOf(
    const google::protobuf::RepeatedPtrField<PicklistItem>& items) {
  PicklistItems out;
  for (const PicklistItem& item : items) out.push_back(&item);
  return out;
}

PicklistItems ItemsOf(const std::vector<PicklistItem>& items) {
  PicklistItems out;
  for (const PicklistItem& item : items) out.push_back(&item);
  return out;
}

absl::Status PicklistRefusal(absl::string_view field,
                             const std::string& description,
                             const char* reason) {
  absl::Status status =
      absl::InvalidArgumentError(absl::StrCat(field, ": ", description));
  AttachBadRequest(status, {{std::string(field), description}});
  AttachErrorInfo(status, reason, {{"field", std::string(field)}});
  return status;
}

absl::StatusOr<PicklistItem> ResolvePicklistItem(const PicklistItems& items,
                                                 absl::string_view value,
                                                 absl::string_view field,
                                                 bool by_label_only) {
  for (const PicklistItem* item : items) {
    if (item->gsid() != value) continue;
    std::vector<std::string> same = ActiveWithLabel(items, item->label());
    if (by_label_only && same.size() > 1) {
      return PicklistRefusal(
          field,
          absl::StrCat("\"", item->label(), "\" is the label of ", same.size(),
                       " items (", absl::StrJoin(same, ", "),
                       "); Gainsight takes this value by label, so it cannot "
                       "tell them apart: rename one in the tenant"),
          kAmbiguousLabelReason);
    }
    return *item;
  }
  const absl::string_view wanted = absl::StripAsciiWhitespace(value);
  std::vector<std::string> matches = ActiveWithLabel(items, wanted);
  if (matches.size() == 1) {
    for (const PicklistItem* item : items) {
      if (item->gsid() == matches[0]) return *item;
    }
  }
  if (!matches.empty()) {
    return PicklistRefusal(
        field,
        absl::StrCat("\"", wanted, "\" is ambiguous: ", matches.size(),
                     " items carry that label",
                     by_label_only ? ", and Gainsight takes it by label"
                                   : "; give one of their GSIDs",
                     ": ", absl::StrJoin(matches, ", ")),
        kAmbiguousLabelReason);
  }
  std::vector<std::string> allowed;
  for (const PicklistItem* item : items) {
    if (item->active()) {
      allowed.push_back(absl::StrCat("\"", item->label(), "\""));
    }
  }
  return PicklistRefusal(
      field,
      absl::StrCat("\"", wanted, "\" is not an allowed value; allowed: ",
                   allowed.empty() ? "none" : absl::StrJoin(allowed, ", ")),
      kUnknownLabelReason);
}

absl::StatusOr<std::string> ResolvePicklistValue(
    const google::protobuf::RepeatedPtrField<PicklistItem>& items,
    absl::string_view value, absl::string_view field) {
  absl::StatusOr<PicklistItem> item = ResolvePicklistItem(
      ItemsOf(items), value, field, /*by_label_only=*/false);
  if (!item.ok()) return item.status();
  return item->gsid();
}

}  // namespace gg
