// A router per gRPC service: registered in place of the service, it passes
// every call through the call gate, then forwards it, unchanged, to the
// service object of the tenant the gate chose. Handlers stay as they are;
// each tenant has its own (see tenant_backend.h).
#ifndef GAINSIGHT_GATEWAY_SERVER_SECURITY_ROUTER_H_
#define GAINSIGHT_GATEWAY_SERVER_SECURITY_ROUTER_H_

#include <cstdint>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_details.h"
#include "google/protobuf/message.h"
#include "grpcpp/grpcpp.h"
#include "security/call_gate.h"
#include "security/method_table.h"
#include "security/secured_context.h"

namespace gg {

// Records (the `records` field) in one message a call sends.
int64_t RecordsInMessage(const google::protobuf::Message& message);

template <typename Request>
class RefusedRead : public grpc::ServerReadReactor<Request> {
 public:
  explicit RefusedRead(const absl::Status& status) {
    this->Finish(ToGrpcStatus(status));
  }
  void OnDone() override { delete this; }
};

template <typename Response>
class RefusedWrite : public grpc::ServerWriteReactor<Response> {
 public:
  explicit RefusedWrite(const absl::Status& status) {
    this->Finish(ToGrpcStatus(status));
  }
  void OnDone() override { delete this; }
};

// `Service` is the generated service class (gainsight::v1::CompanyService).
template <typename Service>
class Router : public Service::CallbackService {
 public:
  using Backend = typename Service::CallbackService;
  Router(const CallGate* gate, std::vector<Backend*> tenants)
      : gate_(gate), tenants_(std::move(tenants)) {}

 protected:
  static const MethodRule& Rule(const char* method) {
    const MethodRule* rule =
        FindMethodRule(absl::StrCat(Service::service_full_name(), "/", method));
    // The method table covers every RPC (checked by a test).
    return *rule;
  }

  template <typename Response, typename Forward>
  grpc::ServerUnaryReactor* Unary(grpc::CallbackServerContext* context,
                                  const MethodRule& rule,
                                  const google::protobuf::Message* request,
                                  const Response* response, Forward forward) {
    absl::StatusOr<int> tenant = gate_->Admit(context, rule, request);
    if (!tenant.ok()) {
      grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
      reactor->Finish(ToGrpcStatus(tenant.status()));
      return reactor;
    }
    if (auto* secured = dynamic_cast<SecuredServerContext*>(context)) {
      secured->audit().response = response;
    }
    return forward(tenants_[*tenant]);
  }

  template <typename Request, typename Response, typename Forward>
  grpc::ServerReadReactor<Request>* ClientStream(
      grpc::CallbackServerContext* context, const MethodRule& rule,
      const Response* response, Forward forward) {
    absl::StatusOr<int> tenant = gate_->Admit(context, rule, nullptr);
    if (!tenant.ok()) return new RefusedRead<Request>(tenant.status());
    if (auto* secured = dynamic_cast<SecuredServerContext*>(context)) {
      secured->audit().response = response;
    }
    return forward(tenants_[*tenant]);
  }

  template <typename Response, typename Forward>
  grpc::ServerWriteReactor<Response>* ServerStream(
      grpc::CallbackServerContext* context, const MethodRule& rule,
      const google::protobuf::Message* request, Forward forward) {
    absl::StatusOr<int> tenant = gate_->Admit(context, rule, request);
    if (!tenant.ok()) return new RefusedWrite<Response>(tenant.status());
    if (auto* secured = dynamic_cast<SecuredServerContext*>(context)) {
      secured->audit().count_sent = [](const void* message) {
        return RecordsInMessage(*static_cast<const Response*>(message));
      };
    }
    return forward(tenants_[*tenant]);
  }

 private:
  const CallGate* const gate_;
  const std::vector<Backend*> tenants_;
};

// One line per RPC inside a Router<Service> subclass.
#define GG_ROUTE_UNARY(Method)                                       \
  grpc::ServerUnaryReactor* Method(                                  \
      grpc::CallbackServerContext* context,                          \
      const gainsight::v1::Method##Request* request,                 \
      gainsight::v1::Method##Response* response) override {          \
    static const MethodRule& rule = Rule(#Method);                   \
    return Unary(context, rule, request, response, [&](Backend* b) { \
      return b->Method(context, request, response);                  \
    });                                                              \
  }

#define GG_ROUTE_CLIENT_STREAM(Method)                             \
  grpc::ServerReadReactor<gainsight::v1::Method##Request>* Method( \
      grpc::CallbackServerContext* context,                        \
      gainsight::v1::Method##Response* response) override {        \
    static const MethodRule& rule = Rule(#Method);                 \
    return ClientStream<gainsight::v1::Method##Request>(           \
        context, rule, response,                                   \
        [&](Backend* b) { return b->Method(context, response); }); \
  }

#define GG_ROUTE_SERVER_STREAM(Method, Response)                  \
  grpc::ServerWriteReactor<gainsight::v1::Response>* Method(      \
      grpc::CallbackServerContext* context,                       \
      const gainsight::v1::Method##Request* request) override {   \
    static const MethodRule& rule = Rule(#Method);                \
    return ServerStream<gainsight::v1::Response>(                 \
        context, rule, request,                                   \
        [&](Backend* b) { return b->Method(context, request); }); \
  }

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_SECURITY_ROUTER_H_
