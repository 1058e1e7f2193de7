// Request ids that make creates safe to retry. The gateway runs a create
// that carries a request_id at most once per caller and id: a retry of the
// same request (after a timeout, a dropped connection, ABORTED) answers the
// first attempt's result instead of writing again. Use one new id per
// request, and the same id for every retry of it.
//
// Channels made by MakeChannel do it for you (ClientOptions::request_ids):
// a create sent without a request_id gets a new one, which the channel's
// own retries (the service config) send again unchanged.
#ifndef GAINSIGHT_CLIENT_REQUEST_ID_H_
#define GAINSIGHT_CLIENT_REQUEST_ID_H_

#include <memory>
#include <string>

#include "grpcpp/support/client_interceptor.h"

namespace gainsight_client {

// A new random id (128 bits, hex), e.g. "req-3f9c...".
std::string NewRequestId();

// Gives `request` a new request_id unless it has one. Works with every
// request message that has a `request_id` field.
template <typename Request>
const std::string& EnsureRequestId(Request& request) {
  if (request.request_id().empty()) request.set_request_id(NewRequestId());
  return request.request_id();
}

// Gives every create (InsertCompanies, InsertRecords, InsertRelationships,
// CreateCtas, CreateTasks, CreateSuccessPlans) sent without a request_id a new
// one.
std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>
NewRequestIdInterceptorFactory();

}  // namespace gainsight_client

#endif  // GAINSIGHT_CLIENT_REQUEST_ID_H_
