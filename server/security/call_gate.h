// The one place every gainsight.v1 call passes before its handler runs:
// authentication (who is calling), the tenant it asks for
// (x-gainsight-tenant), and authorization against the policy, all before
// any quota is spent. Reflection and health do not pass here: any caller
// that completes the TLS handshake may use them.
#ifndef GAINSIGHT_GATEWAY_SERVER_SECURITY_CALL_GATE_H_
#define GAINSIGHT_GATEWAY_SERVER_SECURITY_CALL_GATE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "grpcpp/grpcpp.h"
#include "security/authenticator.h"
#include "security/method_table.h"
#include "security/policy.h"
#include "security/reloading_file.h"

namespace gg {

// Metadata naming the tenant a call is for (default: the first tenant).
inline constexpr char kTenantHeader[] = "x-gainsight-tenant";

class CallGate {
 public:
  // `authenticator` null: callers are not authenticated (open, for local
  // use). `policy` null: every authenticated caller may call everything.
  // `tenants`: tenant names, the default first.
  CallGate(const Authenticator* authenticator,
           const ReloadingFile<Policy>* policy,
           std::vector<std::string> tenants)
      : authenticator_(authenticator),
        policy_(policy),
        tenants_(std::move(tenants)) {}

  // Admits a call of `rule` whose request is `request` (null for a client
  // stream), filling the context's scope and audit facts. Returns the index
  // of the tenant to serve it, or UNAUTHENTICATED, INVALID_ARGUMENT (an
  // unknown tenant) or PERMISSION_DENIED.
  absl::StatusOr<int> Admit(grpc::CallbackServerContext* context,
                            const MethodRule& rule,
                            const google::protobuf::Message* request) const;

  const ReloadingFile<Policy>* policy() const { return policy_; }

 private:
  absl::StatusOr<int> TenantOf(
      const grpc::CallbackServerContext& context) const;

  const Authenticator* const authenticator_;
  const ReloadingFile<Policy>* const policy_;
  const std::vector<std::string> tenants_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_SECURITY_CALL_GATE_H_
