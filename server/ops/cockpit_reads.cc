#include "ops/cockpit_reads.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_details.h"
#include "gainsight/error_mapping.h"
#include "gainsight/playbook_mapping.h"
#include "gainsight/query_body.h"
#include "observe/log.h"

namespace gg {
namespace {

// Most names one endpoint may be remembered to refuse (a bound on what a
// misbehaving answer can make this process hold).
constexpr size_t kMaxRefusedPerEndpoint = 64;

}  // namespace

void CockpitReads::List(CockpitListCall list, CallContext context,
                        RowsCallback done) {
  if (list.default_select) {
    list.select = WithoutRefused(list.endpoint, std::move(list.select));
  }
  ListOnce(std::move(list), std::move(context), /*may_retry=*/true,
           std::move(done));
}

void CockpitReads::ListOnce(CockpitListCall list, CallContext context,
                            bool may_retry, RowsCallback done) {
  GainsightCall call;
  call.endpoint = list.endpoint;
  call.body = BuildCockpitListBody(list.select, list.filter, list.page_size,
                                   list.page_number);
  client_->Call(std::move(call), context,
                [this, list = std::move(list), context, may_retry,
                 done = std::move(done)](UpstreamOutcome o) mutable {
                  if (o.status.ok()) {
                    done(ParseQueryRows(o.data));
                    return;
                  }
                  std::vector<std::string> refused =
                      list.default_select && may_retry
                          ? SelectFieldsRefused(o.status, list.select)
                          : std::vector<std::string>{};
                  if (refused.empty()) {
                    done(o.status);
                    return;
                  }
                  {
                    absl::MutexLock lock(&mu_);
                    std::set<std::string>& known = refused_[list.endpoint];
                    for (const std::string& name : refused) {
                      if (known.size() < kMaxRefusedPerEndpoint)
                        known.insert(name);
                    }
                  }
                  Log(LogLevel::kWarning, "default_select_refused",
                      {{"endpoint",
                        std::string(GetEndpoint(list.endpoint).path_template)},
                       {"fields", absl::StrJoin(refused, ",")}});
                  list.select =
                      WithoutRefused(list.endpoint, std::move(list.select));
                  ListOnce(std::move(list), std::move(context),
                           /*may_retry=*/false, std::move(done));
                });
}

void CockpitReads::Get(EndpointId endpoint, std::vector<std::string> select,
                       bool default_select, const std::string& gsid,
                       CallContext context, RowCallback done) {
  CockpitListCall list;
  list.endpoint = endpoint;
  list.select = std::move(select);
  list.default_select = default_select;
  list.filter = GsidFilter({gsid});
  list.page_size = 1;
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
  auto it = refused_.find(endpoint);
  return it == refused_.end() ? std::set<std::string>{} : it->second;
}

std::vector<std::string> CockpitReads::WithoutRefused(
    EndpointId endpoint, std::vector<std::string> select) const {
  absl::MutexLock lock(&mu_);
  auto it = refused_.find(endpoint);
  if (it == refused_.end()) return select;
  select.erase(std::remove_if(select.begin(), select.end(),
                              [&](const std::string& name) {
                                return it->second.count(name) > 0;
                              }),
               select.end());
  return select;
}

}  // namespace gg
