#include "api/cockpit_filter_check.h"

#include <optional>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "api/record_check.h"
#include "common/status_details.h"
#include "gainsight/endpoints.h"
#include "observe/log.h"

namespace gg {
namespace {

using gainsight::v1::Condition;

// The name a condition is sent with when the describe need not confirm it;
// nullopt when it must.
std::optional<std::string> UncheckedName(const CockpitListCall& list,
                                         GatewayCondition gateway_owned,
                                         const Condition& condition) {
  const std::string& name = condition.field();
  if (gateway_owned != nullptr && gateway_owned(condition)) return name;
  if (absl::StrContains(name, '.') || absl::StrContains(name, ' ')) {
    return name;
  }
  for (const std::string& known : list.known_names) {
    if (absl::EqualsIgnoreCase(known, name)) return known;
  }
  return std::nullopt;
}

// Sends each condition the describe need not confirm as it is to be spelt.
void SpellUnchecked(GatewayCondition gateway_owned, CockpitListCall* list) {
  for (Condition& condition : *list->filter.mutable_conditions()) {
    if (std::optional<std::string> name =
            UncheckedName(*list, gateway_owned, condition)) {
      condition.set_field(*std::move(name));
    }
  }
}

}  // namespace

bool FilterNeedsDescribe(const CockpitListCall& list,
                         GatewayCondition gateway_owned) {
  if (CockpitListObject(list.endpoint).empty()) return false;
  for (const Condition& condition : list.filter.conditions()) {
    if (!UncheckedName(list, gateway_owned, condition)) return true;
  }
  return false;
}

Violations CheckFilterFields(const gainsight::v1::ObjectMetadata& object,
                             GatewayCondition gateway_owned,
                             CockpitListCall* list) {
  Violations violations;
  for (int i = 0; i < list->filter.conditions_size(); ++i) {
    Condition& condition = *list->filter.mutable_conditions(i);
    if (std::optional<std::string> name =
            UncheckedName(*list, gateway_owned, condition)) {
      condition.set_field(*std::move(name));
      continue;
    }
    const gainsight::v1::FieldMetadata* field =
        FindField(object, condition.field());
    if (field == nullptr) {
      violations.push_back(
          {absl::StrCat("filter.conditions[", i, "].field"),
           absl::StrCat("\"", condition.field(), "\" ",
                        NotAField(object, condition.field()), "; ",
                        GetEndpoint(list->endpoint).path_template,
                        " filters on its fields")});
      continue;
    }
    condition.set_field(field->field_name());
    CheckOperands(*field, condition, absl::StrCat("filter.conditions[", i, "]"),
                  violations);
  }
  return violations;
}

void CheckCockpitFilter(
    MetadataCache* metadata, CockpitListCall list,
    GatewayCondition gateway_owned, const CallContext& context,
    absl::AnyInvocable<void(absl::StatusOr<CockpitListCall>)> done) {
  if (metadata == nullptr || !FilterNeedsDescribe(list, gateway_owned)) {
    SpellUnchecked(gateway_owned, &list);
    done(std::move(list));
    return;
  }
  const std::string object(CockpitListObject(list.endpoint));
  metadata->Get(
      object, context,
      [object, gateway_owned, list = std::move(list), done = std::move(done)](
          absl::StatusOr<ObjectMetadataPtr> described) mutable {
        if (!described.ok()) {
          // The Fetch API still judges the names; the describe is a help.
          Log(LogLevel::kWarning, "cockpit_filter_unchecked",
              {{"object", object},
               {"code", absl::StatusCodeToString(described.status().code())}});
          SpellUnchecked(gateway_owned, &list);
          done(std::move(list));
          return;
        }
        Violations violations =
            CheckFilterFields(**described, gateway_owned, &list);
        if (!violations.empty()) {
          done(InvalidArgument(violations));
          return;
        }
        done(std::move(list));
      });
}

}  // namespace gg
