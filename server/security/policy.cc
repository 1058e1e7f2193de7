#include "security/policy.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "common/status_details.h"

namespace gg {
namespace {

absl::Status Denied(const std::string& reason, const std::string& message,
                    const std::string& caller, const MethodRule& rule,
                    std::map<std::string, std::string> extra = {}) {
  absl::Status status = absl::PermissionDeniedError(message);
  extra["caller"] = caller;
  extra["method"] = rule.full_name();
  AttachErrorInfo(status, reason, extra);
  return status;
}

}  // namespace

bool Grant::Allows(const MethodRule& rule) const {
  return allow.count("*") ||
         allow.count(std::string(MethodGroupName(rule.group))) ||
         allow.count(rule.service) || allow.count(rule.full_name());
}

bool Grant::AllowsObject(const std::string& object) const {
  return objects.count("*") || objects.count(object);
}

bool Grant::AllowsTenant(const std::string& tenant) const {
  return tenants.count("*") || tenants.count(tenant);
}

const Grant* Policy::For(const std::string& caller) const {
  const Grant* fallback = nullptr;
  for (const Grant& grant : grants_) {
    if (grant.caller == caller) return &grant;
    if (grant.caller == "*") fallback = &grant;
  }
  return fallback;
}

absl::StatusOr<const Grant*> Policy::GrantOf(const std::string& caller,
                                             const MethodRule& rule) const {
  const Grant* grant = For(caller);
  if (grant == nullptr) {
    return Denied(kCallerNotInPolicy,
                  absl::StrCat("caller '", caller,
                               "' has no grant in the gateway's policy"),
                  caller, rule);
  }
  return grant;
}

absl::Status Policy::Authorize(const std::string& caller,
                               const MethodRule& rule,
                               const std::optional<std::string>& object,
                               const std::string& tenant,
                               bool interactive) const {
  absl::StatusOr<const Grant*> found = GrantOf(caller, rule);
  if (!found.ok()) return found.status();
  const Grant* grant = *found;
  if (!grant->Allows(rule)) {
    return Denied(
        kMethodNotGranted,
        absl::StrCat("caller '", caller, "' may not call ", rule.full_name(),
                     " (group ", MethodGroupName(rule.group), ")"),
        caller, rule, {{"group", std::string(MethodGroupName(rule.group))}});
  }
  if (!grant->AllowsTenant(tenant)) {
    return Denied(
        kTenantNotGranted,
        absl::StrCat("caller '", caller, "' may not use tenant '", tenant, "'"),
        caller, rule, {{"tenant", tenant}});
  }
  if (interactive && !grant->interactive) {
    return Denied(kInteractiveNotGranted,
                  absl::StrCat("caller '", caller,
                               "' may not use interactive priority: send "
                               "x-gainsight-priority: batch"),
                  caller, rule);
  }
  if (object.has_value()) return AuthorizeObject(caller, rule, *object);
  return absl::OkStatus();
}

absl::Status Policy::AuthorizeObject(const std::string& caller,
                                     const MethodRule& rule,
                                     const std::string& object) const {
  absl::StatusOr<const Grant*> found = GrantOf(caller, rule);
  if (!found.ok()) return found.status();
  const Grant* grant = *found;
  if (!grant->AllowsObject(object)) {
    return Denied(
        kObjectNotGranted,
        absl::StrCat("caller '", caller, "' may not use object '", object, "'"),
        caller, rule, {{"object", object}});
  }
  return absl::OkStatus();
}

}  // namespace gg
