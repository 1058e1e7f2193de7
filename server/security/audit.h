// The audit trail: one JSON line (event "audit") for every write, delete,
// import and export, refused ones included: caller, tenant, method, object,
// record count, records rejected (batch writes), request_id and outcome (the
// gRPC code). Never a value. A server interceptor writes it when the call
// sends its status, from the facts the call gate and router gathered.
#ifndef GAINSIGHT_GATEWAY_SERVER_SECURITY_AUDIT_H_
#define GAINSIGHT_GATEWAY_SERVER_SECURITY_AUDIT_H_

#include <memory>

#include "grpcpp/support/server_interceptor.h"
#include "security/secured_context.h"

namespace gg {

class AuditInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;
};

// Writes the audit line of a finished call.
void WriteAuditLine(const AuditFacts& facts, grpc::StatusCode outcome);

// Fills what the response tells: records rejected by a batch write (its
// `results`), the job an import created.
void ReadResponseFacts(const google::protobuf::Message& response,
                       AuditFacts& facts);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_SECURITY_AUDIT_H_
