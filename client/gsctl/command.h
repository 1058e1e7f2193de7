// What a command is and what it runs with: the parsed arguments, the
// connection, the output format, and a type-erased unary RPC.
#ifndef GAINSIGHT_GSCTL_COMMAND_H_
#define GAINSIGHT_GSCTL_COMMAND_H_

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "args.h"
#include "gainsight_client/channel.h"
#include "google/protobuf/message.h"
#include "grpcpp/grpcpp.h"
#include "render.h"

namespace gsctl {

struct Env {
  Args args;
  gainsight_client::ClientOptions options;
  OutputFormat format = OutputFormat::kTable;
  std::shared_ptr<grpc::Channel> channel;
  std::ostream* out;
  std::ostream* err;
  // The file line of each record written, when they came from a CSV file
  // (reports name lines instead of record positions).
  std::vector<int> record_lines;

  std::unique_ptr<grpc::ClientContext> Context() const {
    return gainsight_client::NewContext(options);
  }
};

// A unary RPC of any service, on google::protobuf::Message.
struct Rpc {
  const google::protobuf::Message* request;   // prototype
  const google::protobuf::Message* response;  // prototype
  std::function<grpc::Status(
      const std::shared_ptr<grpc::Channel>&, grpc::ClientContext*,
      const google::protobuf::Message&, google::protobuf::Message*)>
      call;
};

// Unary(&CompanyService::Stub::QueryCompanies).
template <class Stub, class Request, class Response>
Rpc Unary(grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                       Response*)) {
  return Rpc{&Request::default_instance(), &Response::default_instance(),
             [method](const std::shared_ptr<grpc::Channel>& channel,
                      grpc::ClientContext* context,
                      const google::protobuf::Message& request,
                      google::protobuf::Message* response) {
               Stub stub(channel);
               return (stub.*method)(context,
                                     static_cast<const Request&>(request),
                                     static_cast<Response*>(response));
             }};
}

// Sets request fields from flags or operands before the call.
using Tweak =
    std::function<absl::Status(const Env&, google::protobuf::Message*)>;

struct Command {
  std::string group;     // "company"; empty for a top-level command
  std::string name;      // "query"
  std::string operands;  // usage of the words after the name, e.g. "GSID..."
  std::string summary;
  std::vector<std::string> flags;  // besides the global ones
  std::function<int(Env&)> run;
};

// Every command, in help order.
const std::vector<Command>& AllCommands();

}  // namespace gsctl

#endif  // GAINSIGHT_GSCTL_COMMAND_H_
