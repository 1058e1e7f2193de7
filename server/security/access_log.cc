#include "security/access_log.h"

#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "api/unary_call.h"
#include "common/status_details.h"
#include "observe/log.h"
#include "observe/metric_names.h"
#include "security/secured_context.h"

namespace gg {
namespace {

using grpc::experimental::InterceptionHookPoints;

constexpr size_t kMaxCallerLength = 128;

// Records in the response: the length of its first repeated message field
// (the companies of a query, the results of a write).
int64_t RecordsInResponse(const google::protobuf::Message& response) {
  const google::protobuf::Descriptor* type = response.GetDescriptor();
  for (int i = 0; i < type->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = type->field(i);
    if (field->is_repeated() && !field->is_map() &&
        field->type() == google::protobuf::FieldDescriptor::TYPE_MESSAGE) {
      return response.GetReflection()->FieldSize(response, field);
    }
  }
  // A single record (Get): one when present.
  for (int i = 0; i < type->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = type->field(i);
    if (!field->is_repeated() &&
        field->type() == google::protobuf::FieldDescriptor::TYPE_MESSAGE &&
        response.GetReflection()->HasField(response, field)) {
      return 1;
    }
  }
  return 0;
}

class AccessLogInterceptor : public grpc::experimental::Interceptor {
 public:
  AccessLogInterceptor(SecuredServerContext* context, std::string method,
                       Metrics* metrics, bool log_lines)
      : context_(context),
        method_(std::move(method)),
        metrics_(metrics),
        log_lines_(log_lines),
        start_(absl::Now()) {}

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS)) {
      Record(methods->GetSendStatus().error_code());
    }
    methods->Proceed();
  }

 private:
  void Record(grpc::StatusCode code) {
    const AuditFacts& facts = context_->audit();
    AccessRecord record;
    record.method = method_;
    // Who proved to be calling, else who says so (see CallerId), cut to a
    // length a log line holds.
    record.caller = facts.caller.empty() ? CallerId(*context_) : facts.caller;
    if (record.caller.size() > kMaxCallerLength) {
      record.caller.resize(kMaxCallerLength);
    }
    record.tenant = facts.tenant;
    record.code = code;
    record.latency = absl::Now() - start_;
    record.records = facts.records;
    if (facts.response != nullptr && facts.count_sent == nullptr) {
      record.returned = RecordsInResponse(*facts.response);
    }
    const CallTrace& trace = *context_->trace();
    record.upstream_calls = trace.upstream_calls();
    record.gainsight_request_ids = trace.gainsight_request_ids();
    record.request_id = facts.request_id;
    RecordAccess(record, metrics_, log_lines_);
  }

  SecuredServerContext* const context_;
  const std::string method_;
  Metrics* const metrics_;
  const bool log_lines_;
  const absl::Time start_;
};

}  // namespace

void RecordAccess(const AccessRecord& record, Metrics* metrics,
                  bool log_lines) {
  const std::string code = GrpcCodeName(record.code);
  metrics->Add(metric::kRpcRequests,
               {{"method", record.method}, {"code", code}});
  metrics->Observe(metric::kRpcLatency, {{"method", record.method}},
                   absl::ToDoubleSeconds(record.latency));
  if (!log_lines) return;
  Log(LogLevel::kInfo, "rpc",
      {{"method", record.method},
       {"caller", record.caller},
       {"tenant", record.tenant},
       {"code", code},
       {"ms", absl::ToDoubleMilliseconds(record.latency)},
       {"records", record.records},
       {"returned", record.returned},
       {"upstream_calls", record.upstream_calls},
       {"gainsight_request_ids",
        absl::StrJoin(record.gainsight_request_ids, ",")},
       {"request_id", record.request_id}});
}

grpc::experimental::Interceptor*
AccessLogInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  const MethodRule* rule = FindMethodRule(info->method());
  if (rule == nullptr) return nullptr;
  auto* context = dynamic_cast<SecuredServerContext*>(info->server_context());
  if (context == nullptr) return nullptr;
  return new AccessLogInterceptor(context, rule->full_name(), metrics_,
                                  log_lines_);
}

}  // namespace gg
