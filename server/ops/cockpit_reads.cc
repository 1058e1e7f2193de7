#include "ops/cockpit_reads.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/closest_names.h"
#include "common/status_details.h"
#include "gainsight/error_mapping.h"
#include "gainsight/playbook_mapping.h"
#include "gainsight/query_body.h"
#include "observe/log.h"

namespace gg {
namespace {

// Most names one endpoint may be remembered to refuse at once (a bound on
// what misspelt selects or a misbehaving answer can make this process hold).
constexpr size_t kMaxRefusedPerEndpoint = 64;

}  // namespace

void CockpitReads::List(CockpitListCall list, CallContext context,
                        RowsCallback done) {
  if (absl::Status s = CheckCallerSelect(list); !s.ok()) {
    done(s);
    return;
  }
  ListOnce(std::move(list), std::move(context), /*may_retry=*/true,
           std::move(done));
}

void CockpitReads::ListOnce(CockpitListCall list, CallContext context,
                            bool may_retry, RowsCallback done) {
  std::vector<std::string> select = SelectToSend(list);
  GainsightCall call;
  call.endpoint = list.endpoint;
  call.body = BuildCockpitListBody(select, list.filter, list.page_size,
                                   list.page_number);
  client_->Call(
      std::move(call), context,
      [this, list = std::move(list), select = std::move(select), context,
       may_retry, done = std::move(done)](UpstreamOutcome o) mutable {
        if (o.status.ok()) {
          done(ParseQueryRows(o.data));
          return;
        }
        const std::vector<std::string> refused =
            SelectFieldsRefused(o.status, select);
        if (refused.empty()) {
          done(o.status);
          return;
        }
        Remember(list.endpoint, refused);
        const bool callers = std::any_of(
            refused.begin(), refused.end(), [&](const std::string& name) {
              return std::find(list.caller_select.begin(),
                               list.caller_select.end(),
                               name) != list.caller_select.end();
            });
        Log(LogLevel::kWarning,
            callers ? "caller_select_refused" : "default_select_refused",
            {{"endpoint",
              std::string(GetEndpoint(list.endpoint).path_template)},
             {"fields", absl::StrJoin(refused, ",")}});
        // A caller's name is the caller's to fix (Gainsight's answer says
        // which); the gateway's own names are dropped and the call made
        // again, once.
        if (callers || !may_retry) {
          done(o.status);
          return;
        }
        ListOnce(std::move(list), std::move(context), /*may_retry=*/false,
                 std::move(done));
      });
}

void CockpitReads::Get(CockpitListCall list, const std::string& gsid,
                       CallContext context, RowCallback done) {
  list.filter = GsidFilter({gsid});
  list.page_size = 1;
  list.page_number = 1;
  List(
      std::move(list), std::move(context),
      [done = std::move(done)](absl::StatusOr<std::vector<Json>> rows) mutable {
        if (!rows.ok()) {
          done(rows.status());
        } else if (rows->empty()) {
          done(std::optional<Json>());
        } else {
          done(std::optional<Json>(std::move(rows->front())));
        }
      });
}

void CockpitReads::ListPlaybooks(int page_size, int64_t page_number,
                                 const std::string& cta_type_id,
                                 const std::string& entity_type,
                                 bool include_inactive, CallContext context,
                                 DataCallback done) {
  GainsightCall call;
  call.endpoint = EndpointId::kPlaybookList;
  call.query = PlaybookListQuery(page_size, page_number, cta_type_id,
                                 entity_type, include_inactive);
  client_->Call(std::move(call), std::move(context),
                [done = std::move(done)](UpstreamOutcome o) mutable {
                  if (!o.status.ok()) {
                    done(o.status);
                  } else {
                    done(std::move(o.data));
                  }
                });
}

void CockpitReads::GetPlaybook(const std::string& gsid, CallContext context,
                               DataCallback done) {
  GainsightCall call;
  call.endpoint = EndpointId::kPlaybookGet;
  call.path_params = {{"gsid", gsid}};
  client_->Call(std::move(call), std::move(context),
                [done = std::move(done)](UpstreamOutcome o) mutable {
                  if (!o.status.ok()) {
                    done(o.status);
                  } else {
                    done(std::move(o.data));
                  }
                });
}

std::set<std::string> CockpitReads::RefusedFields(EndpointId endpoint) const {
  absl::MutexLock lock(&mu_);
  std::set<std::string> names;
  auto it = refused_.find(endpoint);
  if (it == refused_.end()) return names;
  for (const auto& [name, when] : it->second) {
    if (IsRefused(endpoint, name)) names.insert(name);
  }
  return names;
}

absl::Status CockpitReads::CheckCallerSelect(
    const CockpitListCall& list) const {
  std::vector<FieldViolation> violations;
  std::vector<std::string> suggestions;
  {
    absl::MutexLock lock(&mu_);
    for (size_t i = 0; i < list.caller_select.size(); ++i) {
      const std::string& name = list.caller_select[i];
      if (!IsRefused(list.endpoint, name)) continue;
      if (suggestions.empty()) {
        for (const std::string& known : list.known_names) {
          if (!IsRefused(list.endpoint, known)) suggestions.push_back(known);
        }
      }
      violations.push_back(
          {absl::StrCat(list.caller_select_field, "[", i, "]"),
           absl::StrCat(
               "Gainsight refused the field \"", name, "\" in the select of ",
               GetEndpoint(list.endpoint).path_template,
               " (COCKPIT_5101) within the last ",
               absl::FormatDuration(learned_ttl_), ", so it is not sent again",
               DidYouMean(ClosestNames(name, suggestions)))});
    }
  }
  if (violations.empty()) return absl::OkStatus();
  return InvalidArgument(violations);
}

std::vector<std::string> CockpitReads::SelectToSend(
    const CockpitListCall& list) const {
  std::vector<std::string> select;
  {
    absl::MutexLock lock(&mu_);
    for (const std::string& name : list.own_select) {
      if (!IsRefused(list.endpoint, name)) select.push_back(name);
    }
  }
  for (const std::string& name : list.caller_select) {
    if (std::find(select.begin(), select.end(), name) == select.end()) {
      select.push_back(name);
    }
  }
  return select;
}

void CockpitReads::Remember(EndpointId endpoint,
                            const std::vector<std::string>& refused) {
  const absl::Time now = clock_->Now();
  absl::MutexLock lock(&mu_);
  std::map<std::string, absl::Time>& known = refused_[endpoint];
  for (const std::string& name : refused) {
    if (known.size() >= kMaxRefusedPerEndpoint) {
      // Make room by forgetting what expired.
      for (auto it = known.begin(); it != known.end();) {
        it = now - it->second >= learned_ttl_ ? known.erase(it) : std::next(it);
      }
    }
    if (known.size() < kMaxRefusedPerEndpoint || known.count(name) > 0) {
      known[name] = now;
    }
  }
}

bool CockpitReads::IsRefused(EndpointId endpoint,
                             const std::string& name) const {
  auto it = refused_.find(endpoint);
  if (it == refused_.end()) return false;
  auto found = it->second.find(name);
  return found != it->second.end() &&
         clock_->Now() - found->second < learned_ttl_;
}

}  // namespace gg
