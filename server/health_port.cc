#include "health_port.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "grpcpp/impl/server_builder_option.h"
#include "grpcpp/impl/server_builder_plugin.h"

namespace gg {
namespace {

// Drops the plugins every ServerBuilder gets (reflection): this port
// serves health and nothing else.
class WithoutPlugins : public grpc::ServerBuilderOption {
 public:
  void UpdateArguments(grpc::ChannelArguments*) override {}
  void UpdatePlugins(std::vector<std::unique_ptr<grpc::ServerBuilderPlugin>>*
                         plugins) override {
    plugins->clear();
  }
};

}  // namespace

absl::StatusOr<std::unique_ptr<HealthPort>> HealthPort::Start(
    const std::string& listen) {
  std::unique_ptr<HealthPort> port(new HealthPort);
  grpc::ServerBuilder builder;
  builder.SetOption(std::make_unique<WithoutPlugins>());
  builder.RegisterService(&port->health_);
  builder.RegisterCallbackGenericService(&port->unknown_);
  builder.AddListeningPort(listen, grpc::InsecureServerCredentials(),
                           &port->port_);
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);  // taken: fail
  port->server_ = builder.BuildAndStart();
  if (port->server_ == nullptr || port->port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", listen,
                     ": the address is in use or not available"));
  }
  return port;
}

HealthPort::~HealthPort() { Shutdown(); }

void HealthPort::Shutdown() {
  if (server_ == nullptr) return;
  health_.Shutdown();  // ends Watch streams, which would hold the shutdown
  server_->Shutdown(std::chrono::system_clock::now());
  server_->Wait();
  server_.reset();
}

}  // namespace gg
