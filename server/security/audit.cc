#include "security/audit.h"

#include "common/status_details.h"
#include "observe/log.h"

namespace gg {
namespace {

using grpc::experimental::InterceptionHookPoints;

class AuditInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit AuditInterceptor(SecuredServerContext* context)
      : context_(context) {}

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    AuditFacts& facts = context_->audit();
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_MESSAGE) &&
        facts.count_sent) {
      if (const void* message = methods->GetSendMessage()) {
        facts.records += facts.count_sent(message);
      }
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS) &&
        facts.rule != nullptr && facts.rule->audited) {
      if (facts.response != nullptr) ReadResponseFacts(*facts.response, facts);
      WriteAuditLine(facts, methods->GetSendStatus().error_code());
    }
    methods->Proceed();
  }

 private:
  SecuredServerContext* const context_;
};

}  // namespace

grpc::experimental::Interceptor*
AuditInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  const MethodRule* rule = FindMethodRule(info->method());
  if (rule == nullptr || !rule->audited) return nullptr;
  auto* context = dynamic_cast<SecuredServerContext*>(info->server_context());
  if (context == nullptr) return nullptr;
  return new AuditInterceptor(context);
}

void ReadResponseFacts(const google::protobuf::Message& response,
                       AuditFacts& facts) {
  const google::protobuf::Descriptor* type = response.GetDescriptor();
  const google::protobuf::Reflection* reflection = response.GetReflection();
  if (const auto* results = type->FindFieldByName("results");
      results != nullptr && results->is_repeated() &&
      results->type() == google::protobuf::FieldDescriptor::TYPE_MESSAGE) {
    const auto* error = results->message_type()->FindFieldByName("error");
    const int n = reflection->FieldSize(response, results);
    if (error != nullptr && n > 0) {
      facts.failed_records = 0;
      for (int i = 0; i < n; ++i) {
        const google::protobuf::Message& result =
            reflection->GetRepeatedMessage(response, results, i);
        if (!result.GetReflection()->HasField(result, error)) continue;
        const google::protobuf::Message& status =
            result.GetReflection()->GetMessage(result, error);
        const auto* code = status.GetDescriptor()->FindFieldByName("code");
        if (code != nullptr &&
            status.GetReflection()->GetInt32(status, code) != 0) {
          facts.failed_records++;
        }
      }
    }
  }
  if (const auto* job = type->FindFieldByName("job");
      job != nullptr && reflection->HasField(response, job)) {
    const google::protobuf::Message& j = reflection->GetMessage(response, job);
    const google::protobuf::Reflection* r = j.GetReflection();
    const google::protobuf::Descriptor* d = j.GetDescriptor();
    if (const auto* total = d->FindFieldByName("total_rows")) {
      facts.records = r->GetInt64(j, total);
    }
    if (const auto* object = d->FindFieldByName("object_name")) {
      facts.object = r->GetString(j, object);
    }
    if (const auto* request_id = d->FindFieldByName("request_id");
        request_id != nullptr && facts.request_id.empty()) {
      facts.request_id = r->GetString(j, request_id);
    }
  }
}

void WriteAuditLine(const AuditFacts& facts, grpc::StatusCode outcome) {
  const std::string method =
      facts.rule != nullptr ? facts.rule->full_name() : "";
  if (facts.failed_records >= 0) {
    LogAudit({{"caller", facts.caller},
              {"tenant", facts.tenant},
              {"method", method},
              {"object", facts.object},
              {"records", facts.records},
              {"failed_records", facts.failed_records},
              {"request_id", facts.request_id},
              {"outcome", GrpcCodeName(outcome)}});
    return;
  }
  LogAudit({{"caller", facts.caller},
            {"tenant", facts.tenant},
            {"method", method},
            {"object", facts.object},
            {"records", facts.records},
            {"request_id", facts.request_id},
            {"outcome", GrpcCodeName(outcome)}});
}

}  // namespace gg
