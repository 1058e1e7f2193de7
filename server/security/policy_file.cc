#include "security/policy_file.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace gg {
namespace {

bool IsObjectName(const std::string& name) {
  if (name.empty() || name.size() > 128) return false;
  for (char c : name) {
    if (!absl::ascii_isalnum(c) && c != '_') return false;
  }
  return true;
}

bool IsAllowEntry(const std::string& entry) {
  return entry == "*" || ParseMethodGroup(entry).has_value() ||
         IsKnownService(entry) || FindMethodRule(entry) != nullptr;
}

absl::StatusOr<Grant> ParseGrant(const YamlReader& file, const YAML::Node& node,
                                 const std::vector<std::string>& tenants) {
  if (absl::Status s = file.ExpectMap(node, "a caller",
                                      {"id", "allow", "objects", "tenants",
                                       "interactive", "quota", "all_jobs"});
      !s.ok()) {
    return s;
  }
  Grant grant;
  auto id = file.String(node, "id");
  if (!id.ok()) return id.status();
  if (!id->has_value() || !IsCallerId(**id)) {
    return file.Error(node,
                      "'id' is required: the caller's identity (printable, "
                      "no spaces, at most 256 characters) or \"*\"");
  }
  grant.caller = **id;
  auto allow = file.Strings(node, "allow");
  if (!allow.ok()) return allow.status();
  if (!allow->has_value() || (*allow)->empty()) {
    return file.Error(node, absl::StrCat("caller ", grant.caller,
                                         ": 'allow' is required (groups "
                                         "read, write, delete, bulk, export; "
                                         "services; methods; or \"*\")"));
  }
  for (const std::string& entry : **allow) {
    if (!IsAllowEntry(entry)) {
      return file.Error(node["allow"],
                        absl::StrCat("caller ", grant.caller, ": '", entry,
                                     "' is no group (read, write, delete, "
                                     "bulk, export), gainsight.v1 service "
                                     "or SERVICE/METHOD"));
    }
    grant.allow.insert(entry);
  }
  auto objects = file.Strings(node, "objects");
  if (!objects.ok()) return objects.status();
  if (objects->has_value()) {
    grant.objects.clear();
    for (const std::string& object : **objects) {
      if (object != "*" && !IsObjectName(object)) {
        return file.Error(node["objects"],
                          absl::StrCat("caller ", grant.caller, ": '", object,
                                       "' is not an object API name"));
      }
      grant.objects.insert(object);
    }
  }
  auto tenant_list = file.Strings(node, "tenants");
  if (!tenant_list.ok()) return tenant_list.status();
  if (tenant_list->has_value()) {
    grant.tenants.clear();
    for (const std::string& tenant : **tenant_list) {
      if (tenant != "*" &&
          std::find(tenants.begin(), tenants.end(), tenant) == tenants.end()) {
        return file.Error(node["tenants"],
                          absl::StrCat("caller ", grant.caller,
                                       ": no tenant named '", tenant, "'"));
      }
      grant.tenants.insert(tenant);
    }
  }
  auto interactive = file.Bool(node, "interactive");
  if (!interactive.ok()) return interactive.status();
  grant.interactive = interactive->value_or(true);
  auto all_jobs = file.Bool(node, "all_jobs");
  if (!all_jobs.ok()) return all_jobs.status();
  grant.all_jobs = all_jobs->value_or(false);
  const YAML::Node quota = node["quota"];
  if (quota.IsDefined() && !quota.IsNull()) {
    if (absl::Status s =
            file.ExpectMap(quota, "'quota'", {"share", "max_in_flight"});
        !s.ok()) {
      return s;
    }
    CallerQuota q;
    auto share = file.Number(quota, "share");
    if (!share.ok()) return share.status();
    if (share->has_value()) {
      if (**share <= 0 || **share > 1) {
        return file.Error(quota["share"],
                          "'share' must be above 0 and at most 1");
      }
      q.share = **share;
    }
    auto in_flight = file.Integer(quota, "max_in_flight");
    if (!in_flight.ok()) return in_flight.status();
    if (in_flight->has_value()) {
      if (**in_flight < 1 || **in_flight > 10000) {
        return file.Error(quota["max_in_flight"],
                          "'max_in_flight' must be 1 to 10000");
      }
      q.max_in_flight = static_cast<int>(**in_flight);
    }
    grant.quota = q;
  }
  return grant;
}

}  // namespace

bool IsCallerId(const std::string& id) {
  if (id.empty() || id.size() > 256) return false;
  for (char c : id) {
    if (!absl::ascii_isgraph(c)) return false;
  }
  return true;
}

absl::StatusOr<Policy> ParsePolicy(const YamlReader& file,
                                   const std::vector<std::string>& tenants) {
  const YAML::Node& root = file.root();
  if (absl::Status s = file.ExpectMap(root, "the policy", {"callers"});
      !s.ok()) {
    return s;
  }
  const YAML::Node callers = root["callers"];
  if (absl::Status s = file.ExpectList(callers, "'callers'"); !s.ok()) return s;
  std::vector<Grant> grants;
  std::set<std::string> seen;
  for (const YAML::Node& node : callers) {
    absl::StatusOr<Grant> grant = ParseGrant(file, node, tenants);
    if (!grant.ok()) return grant.status();
    if (!seen.insert(grant->caller).second) {
      return file.Error(
          node, absl::StrCat("caller ", grant->caller, " is listed twice"));
    }
    grants.push_back(*std::move(grant));
  }
  return Policy(std::move(grants));
}

absl::StatusOr<Policy> ReadPolicyFile(const std::string& path,
                                      const std::vector<std::string>& tenants) {
  absl::StatusOr<YamlReader> file = YamlReader::Open(path);
  if (!file.ok()) return file.status();
  return ParsePolicy(*file, tenants);
}

}  // namespace gg
