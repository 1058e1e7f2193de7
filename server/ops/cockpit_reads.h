// Reads through the Cockpit list endpoints (CTAs, tasks, Success Plans) and
// the playbook endpoints. A Fetch API refuses a whole call over one select
// field it does not know (COCKPIT_5101 "Invalid fields in select clause -
// X"), and no describe lists the names it knows, so the names an endpoint
// refuses are learned, per endpoint, for the metadata TTL: the gateway's own
// names (an object's default select) it refuses are dropped and the call is
// made again, so a default read never fails over a field name; a caller's
// name it refused fails later calls before they are made (INVALID_ARGUMENT,
// with the closest default names), so a caller repeating a misspelt name
// spends no quota on it.
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
#include "absl/time/time.h"
#include "common/clock.h"
#include "gainsight/client.h"
#include "gainsight/v1/common.pb.h"

namespace gg {

struct CockpitListCall {
  EndpointId endpoint = EndpointId::kCtaList;
  // The gateway's names, sent first: the object's default select, or only
  // Gsid when the caller chose the fields. Names the endpoint refused are
  // left out.
  std::vector<std::string> own_select;
  // The caller's names, sent after them as given (the request field
  // `caller_select_field` lists them), and the names to suggest when one is
  // refused (the object's default select).
  std::vector<std::string> caller_select;
  std::string caller_select_field = "select";
  std::vector<std::string> known_names;
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

  // What an endpoint refused is remembered for `learned_ttl`: a field a
  // tenant adds later is tried again after that.
  CockpitReads(GainsightClient* client, const Clock* clock,
               absl::Duration learned_ttl)
      : client_(client), clock_(clock), learned_ttl_(learned_ttl) {}

  // One page of a list (the rows of `data`).
  void List(CockpitListCall list, CallContext context, RowsCallback done);
  // The record `gsid` of a list endpoint (`list` without filter or page);
  // nullopt when none has it.
  void Get(CockpitListCall list, const std::string& gsid, CallContext context,
           RowCallback done);

  // Playbooks: a page (optionally of one CTA type GSID, entity type
  // "COMPANY"/"RELATIONSHIP", inactive ones too), and one by GSID.
  void ListPlaybooks(int page_size, int64_t page_number,
                     const std::string& cta_type_id,
                     const std::string& entity_type, bool include_inactive,
                     CallContext context, DataCallback done);
  void GetPlaybook(const std::string& gsid, CallContext context,
                   DataCallback done);

  // Select names this process learned an endpoint refuses (and still holds).
  std::set<std::string> RefusedFields(EndpointId endpoint) const;

 private:
  void ListOnce(CockpitListCall list, CallContext context, bool may_retry,
                RowsCallback done);
  // INVALID_ARGUMENT naming each of the caller's names the endpoint refused.
  absl::Status CheckCallerSelect(const CockpitListCall& list) const;
  // The own names the endpoint does not refuse, then the caller's.
  std::vector<std::string> SelectToSend(const CockpitListCall& list) const;
  void Remember(EndpointId endpoint, const std::vector<std::string>& refused);
  bool IsRefused(EndpointId endpoint, const std::string& name) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  GainsightClient* const client_;
  const Clock* const clock_;
  const absl::Duration learned_ttl_;
  mutable absl::Mutex mu_;
  // Per endpoint: each refused name and when it was refused.
  std::map<EndpointId, std::map<std::string, absl::Time>> refused_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_OPS_COCKPIT_READS_H_
