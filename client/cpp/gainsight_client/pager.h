// Iterates over every page of an AIP-158 list or query: sends the request,
// then again with each `next_page_token` until it comes back empty.
//
//   Pager<QueryCompaniesRequest, QueryCompaniesResponse> pages(
//       BindUnary(stub, &CompanyService::Stub::QueryCompanies), request,
//       ContextsFor(options));
//   QueryCompaniesResponse page;
//   while (true) {
//     absl::StatusOr<bool> more = pages.Next(&page);
//     if (!more.ok()) ...;      // the failed page's gRPC status
//     if (!*more) break;        // no pages left
//     ... page.companies() ...
//   }
//
// Request and Response may also be google::protobuf::Message (for dynamic
// use): the token fields are found by reflection.
#ifndef GAINSIGHT_CLIENT_PAGER_H_
#define GAINSIGHT_CLIENT_PAGER_H_

#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "gainsight_client/channel.h"
#include "gainsight_client/status_details.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "grpcpp/grpcpp.h"

namespace gainsight_client {

template <class Request, class Response>
using UnaryCall = std::function<grpc::Status(grpc::ClientContext*,
                                             const Request&, Response*)>;

// A stub method as a UnaryCall, e.g.
// BindUnary(stub, &CompanyService::Stub::QueryCompanies).
template <class Stub, class Request, class Response>
UnaryCall<Request, Response> BindUnary(
    Stub& stub, grpc::Status (Stub::*method)(grpc::ClientContext*,
                                             const Request&, Response*)) {
  return [&stub, method](grpc::ClientContext* context, const Request& request,
                         Response* response) {
    return (stub.*method)(context, request, response);
  };
}

template <class Request, class Response>
class Pager {
 public:
  Pager(UnaryCall<Request, Response> call, const Request& first,
        ContextFactory contexts)
      : call_(std::move(call)),
        request_(first.New()),
        contexts_(std::move(contexts)) {
    request_->CopyFrom(first);
  }

  // Fetches the next page into `page`. True when a page was read, false when
  // the previous page was the last; the status of a failed call otherwise.
  absl::StatusOr<bool> Next(Response* page) {
    if (done_) return false;
    if (pages_ > 0) SetString(request_.get(), "page_token", next_token_);
    std::unique_ptr<grpc::ClientContext> context = contexts_();
    grpc::Status status = call_(context.get(), *request_, page);
    if (!status.ok()) {
      done_ = true;
      return ToAbslStatus(status);
    }
    ++pages_;
    next_token_ = GetString(*page, "next_page_token");
    done_ = next_token_.empty();
    return true;
  }

  // Pages read so far.
  int pages() const { return pages_; }

 private:
  static void SetString(google::protobuf::Message* message,
                        const std::string& field, const std::string& value) {
    const google::protobuf::FieldDescriptor* f =
        message->GetDescriptor()->FindFieldByName(field);
    message->GetReflection()->SetString(message, f, value);
  }
  static std::string GetString(const google::protobuf::Message& message,
                               const std::string& field) {
    const google::protobuf::FieldDescriptor* f =
        message.GetDescriptor()->FindFieldByName(field);
    return message.GetReflection()->GetString(message, f);
  }

  UnaryCall<Request, Response> call_;
  std::unique_ptr<Request> request_;
  ContextFactory contexts_;
  std::string next_token_;
  int pages_ = 0;
  bool done_ = false;
};

}  // namespace gainsight_client

#endif  // GAINSIGHT_CLIENT_PAGER_H_
