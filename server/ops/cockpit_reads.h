// Reads through the Cockpit list endpoints (CTAs, tasks, Success Plans) and
// the playbook endpoints. A Fetch API refuses a whole call over one select
// field it does not know (COCKPIT_5101 "Invalid fields in select clause -
// X"); when the select is the gateway's own default, the names it refuses
// are dropped, remembered for this process, and the call is made again, so
// a default read never fails over a field name. A caller's own select is
// sent as given.
#ifndef GAINSIGHT_GATEWAY_SERVER_OPS_COCKPIT_READS_H_
#define GAINSIGHT_GATEWAY_SERVER_OPS_COCKPIT_READS_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "gainsight/client.h"
#include "gainsight/v1/common.pb.h"

namespace gg {

struct CockpitListCall {
  EndpointId endpoint = EndpointId::kCtaList;
  std::vector<std::string> select;
  // `select` is the object's default rather than the caller's.
  bool default_select = false;
  gainsight::v1::Filter filter;
  int page_size = 100;
  int64_t page_number = 1;  // from 1
};

class CockpitReads {
 public:
  using RowsCallback =
      absl::AnyInvocable<void(absl::StatusOr<std::vector<Json>>)>;
  using RowCallback =
      absl::AnyInvocable<void(absl::StatusOr<std::optional<Json>>)>;
  using DataCallback = absl::AnyInvocable<void(absl::StatusOr<Json>)>;

  explicit CockpitReads(GainsightClient* client) : client_(client) {}

  // One page of a list (the rows of `data`).
  void List(CockpitListCall list, CallContext context, RowsCallback done);
  // The record `gsid` of a list endpoint; nullopt when none has it.
  void Get(EndpointId endpoint, std::vector<std::string> select,
           bool default_select, const std::string& gsid, CallContext context,
           RowCallback done);

  // Playbooks: a page (optionally of one CTA type GSID, entity type
  // "COMPANY"/"RELATIONSHIP", inactive ones too), and one by GSID.
  void ListPlaybooks(int page_size, int64_t page_number,
                     const std::string& cta_type_id,
                     const std::string& entity_type, bool include_inactive,
                     CallContext context, DataCallback done);
  void GetPlaybook(const std::string& gsid, CallContext context,
                   DataCallback done);

  // Select names this process learned an endpoint refuses.
  std::set<std::string> RefusedFields(EndpointId endpoint) const;

 private:
  void ListOnce(CockpitListCall list, CallContext context, bool may_retry,
                RowsCallback done);
  std::vector<std::string> WithoutRefused(
      EndpointId endpoint, std::vector<std::string> select) const;

  GainsightClient* const client_;
  mutable absl::Mutex mu_;
  std::map<EndpointId, std::set<std::string>> refused_ ABSL_GUARDED_BY(mu_);
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_OPS_COCKPIT_READS_H_
