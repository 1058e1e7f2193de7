#include "gainsight_client/request_id.h"

#include <cstdint>
#include <random>

#include "absl/strings/str_format.h"
#include "gainsight/v1/company.pb.h"
#include "gainsight/v1/cta.pb.h"
#include "gainsight/v1/custom_object.pb.h"
#include "gainsight/v1/relationship.pb.h"
#include "gainsight/v1/success_plan.pb.h"
#include "gainsight/v1/task.pb.h"
#include "grpcpp/support/proto_buffer_reader.h"

namespace gainsight_client {
namespace {

using grpc::experimental::InterceptionHookPoints;

// Sets a new request_id on the one message of a create that has none.
template <typename Request>
class RequestIdInterceptor : public grpc::experimental::Interceptor {
 public:
  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_MESSAGE)) {
      Fill(methods);
    }
    methods->Proceed();
  }

 private:
  void Fill(grpc::experimental::InterceptorBatchMethods* methods) {
    if (const void* message = methods->GetSendMessage(); message != nullptr) {
      const auto* request = static_cast<const Request*>(message);
      if (!request->request_id().empty()) return;
      request_ = *request;
    } else {
      // Serialized already (the async and callback APIs): read it back.
      grpc::ByteBuffer* buffer = methods->GetSerializedSendMessage();
      if (buffer == nullptr) return;
      grpc::ProtoBufferReader reader(buffer);
      if (!request_.ParseFromZeroCopyStream(&reader)) return;
      if (!request_.request_id().empty()) return;
    }
    request_.set_request_id(NewRequestId());
    // Lives as long as the call, so past the send.
    methods->ModifySendMessage(&request_);
  }

  Request request_;
};

class RequestIdInterceptorFactory
    : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo* info) override {
    const std::string method = info->method();
    namespace gv1 = gainsight::v1;
    if (method == "/gainsight.v1.CompanyService/InsertCompanies") {
      return new RequestIdInterceptor<gv1::InsertCompaniesRequest>;
    }
    if (method == "/gainsight.v1.CustomObjectService/InsertRecords") {
      return new RequestIdInterceptor<gv1::InsertRecordsRequest>;
    }
    if (method == "/gainsight.v1.RelationshipService/InsertRelationships") {
      return new RequestIdInterceptor<gv1::InsertRelationshipsRequest>;
    }
    if (method == "/gainsight.v1.CtaService/CreateCtas") {
      return new RequestIdInterceptor<gv1::CreateCtasRequest>;
    }
    if (method == "/gainsight.v1.TaskService/CreateTasks") {
      return new RequestIdInterceptor<gv1::CreateTasksRequest>;
    }
    if (method == "/gainsight.v1.SuccessPlanService/CreateSuccessPlans") {
      return new RequestIdInterceptor<gv1::CreateSuccessPlansRequest>;
    }
    return nullptr;
  }
};

}  // namespace

std::string NewRequestId() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  const uint64_t high = random();
  const uint64_t low = random();
  return absl::StrFormat("req-%016x%016x", high, low);
}

std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>
NewRequestIdInterceptorFactory() {
  return std::make_unique<RequestIdInterceptorFactory>();
}

}  // namespace gainsight_client
