#include "security/call_gate.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "api/unary_call.h"
#include "common/status_details.h"
#include "security/secured_context.h"

namespace gg {
namespace {

std::string Metadata(const grpc::CallbackServerContext& context,
                     const char* key) {
  auto it = context.client_metadata().find(key);
  if (it == context.client_metadata().end()) return "";
  return std::string(it->second.data(), it->second.size());
}

}  // namespace

absl::StatusOr<int> CallGate::TenantOf(
    const grpc::CallbackServerContext& context) const {
  const std::string name = Metadata(context, kTenantHeader);
  if (name.empty()) return 0;
  for (size_t i = 0; i < tenants_.size(); ++i) {
    if (tenants_[i] == name) return static_cast<int>(i);
  }
  // The name is the caller's own input: echoed only if it is short.
  absl::Status status = InvalidArgument(
      {{kTenantHeader,
        absl::StrCat(name.size() <= 64 ? absl::StrCat("'", name, "' ") : "",
                     "is no tenant of this gateway (tenants: ",
                     absl::StrJoin(tenants_, ", "), ")")}});
  AttachErrorInfo(status, "UNKNOWN_TENANT");
  return status;
}

absl::StatusOr<int> CallGate::Admit(
    grpc::CallbackServerContext* context, const MethodRule& rule,
    const google::protobuf::Message* request) const {
  auto* secured = dynamic_cast<SecuredServerContext*>(context);
  AuditFacts scratch;
  AuditFacts& facts = secured != nullptr ? secured->audit() : scratch;
  facts.rule = &rule;
  std::optional<std::string> object;
  if (request != nullptr) {
    object = ObjectOf(rule, *request);
    facts.object = object.value_or("");
    facts.records = RecordsOf(rule, *request);
    facts.request_id = RequestIdOf(*request);
  }

  std::string caller;
  if (authenticator_ != nullptr) {
    absl::StatusOr<std::string> who = authenticator_->Authenticate(
        context->auth_context().get(), context->client_metadata());
    if (!who.ok()) return who.status();
    caller = *std::move(who);
    facts.caller = caller;
    if (secured != nullptr) secured->set_caller(caller);
  }

  absl::StatusOr<int> tenant = TenantOf(*context);
  if (!tenant.ok()) return tenant.status();
  facts.tenant = tenants_[*tenant];

  if (policy_ == nullptr || authenticator_ == nullptr) return tenant;
  std::shared_ptr<const Policy> policy = policy_->Get();
  const bool interactive =
      !absl::EqualsIgnoreCase(Metadata(*context, kPriorityHeader), "batch");
  if (absl::Status s =
          policy->Authorize(caller, rule, object, facts.tenant, interactive);
      !s.ok()) {
    return s;
  }
  if (secured != nullptr) {
    const Grant* grant = policy->For(caller);
    secured->set_sees_all_jobs(grant != nullptr && grant->all_jobs);
    if (rule.object_in_stream) {
      // The snapshot decides for the whole stream, even across a reload.
      secured->set_object_check(
          [policy, caller, &rule](const std::string& object) {
            return policy->AuthorizeObject(caller, rule, object);
          });
    }
  }
  return tenant;
}

}  // namespace gg
