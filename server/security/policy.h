// The authorization policy: per caller, which RPCs (by group, service or
// method), which objects and which tenants it may use, whether it may use
// interactive priority, its quota share, and whether it sees every bulk
// job. Decisions are PERMISSION_DENIED with an ErrorInfo reason.
#ifndef GAINSIGHT_GATEWAY_SERVER_SECURITY_POLICY_H_
#define GAINSIGHT_GATEWAY_SERVER_SECURITY_POLICY_H_

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "quota/caller_quota_limiter.h"
#include "security/method_table.h"

namespace gg {

// ErrorInfo reasons of PERMISSION_DENIED.
inline constexpr char kCallerNotInPolicy[] = "CALLER_NOT_IN_POLICY";
inline constexpr char kMethodNotGranted[] = "METHOD_NOT_GRANTED";
inline constexpr char kObjectNotGranted[] = "OBJECT_NOT_GRANTED";
inline constexpr char kTenantNotGranted[] = "TENANT_NOT_GRANTED";
inline constexpr char kInteractiveNotGranted[] = "INTERACTIVE_NOT_GRANTED";

struct Grant {
  std::string caller;  // an identity, or "*" for every caller not listed
  // RPCs: "*" (all), group names, service names, SERVICE/METHOD names.
  std::set<std::string> allow;
  std::set<std::string> objects = {"*"};
  std::set<std::string> tenants = {"*"};
  bool interactive = true;
  std::optional<CallerQuota> quota;
  bool all_jobs = false;

  bool Allows(const MethodRule& rule) const;
  bool AllowsObject(const std::string& object) const;
  bool AllowsTenant(const std::string& tenant) const;
};

class Policy {
 public:
  explicit Policy(std::vector<Grant> grants) : grants_(std::move(grants)) {}

  // The caller's grant (its own, else "*"); nullptr when neither exists.
  const Grant* For(const std::string& caller) const;

  // OK, or PERMISSION_DENIED with the reason: `object` is the object the
  // call names (if any), `interactive` whether it asks for interactive
  // priority.
  absl::Status Authorize(const std::string& caller, const MethodRule& rule,
                         const std::optional<std::string>& object,
                         const std::string& tenant, bool interactive) const;
  // The object check alone (for objects named inside a stream).
  absl::Status AuthorizeObject(const std::string& caller,
                               const MethodRule& rule,
                               const std::string& object) const;

  const std::vector<Grant>& grants() const { return grants_; }

 private:
  // The caller's grant, or PERMISSION_DENIED (CALLER_NOT_IN_POLICY).
  absl::StatusOr<const Grant*> GrantOf(const std::string& caller,
                                       const MethodRule& rule) const;

  std::vector<Grant> grants_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_SECURITY_POLICY_H_
