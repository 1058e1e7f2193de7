#include "gainsight_client/channel.h"

#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gainsight_client/request_id.h"

namespace gainsight_client {

absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeChannel(
    const ClientOptions& options) {
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  if (options.tls) {
    grpc::SslCredentialsOptions ssl;
    if (!options.ca_file.empty()) {
      std::ifstream in(options.ca_file);
      if (!in) {
        return absl::NotFoundError(
            absl::StrCat("cannot read CA file ", options.ca_file));
      }
      std::stringstream pem;
      pem << in.rdbuf();
      ssl.pem_root_certs = pem.str();
    }
    credentials = grpc::SslCredentials(ssl);
  } else {
    credentials = grpc::InsecureChannelCredentials();
  }
  grpc::ChannelArguments args;
  if (!options.service_config_json.empty()) {
    args.SetServiceConfigJSON(options.service_config_json);
    args.SetInt(GRPC_ARG_ENABLE_RETRIES, 1);
  }
  std::vector<
      std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
      interceptors;
  if (options.request_ids) {
    interceptors.push_back(NewRequestIdInterceptorFactory());
  }
  return grpc::experimental::CreateCustomChannelWithInterceptors(
      options.target, credentials, args, std::move(interceptors));
}

std::unique_ptr<grpc::ClientContext> NewContext(const ClientOptions& options) {
  auto context = std::make_unique<grpc::ClientContext>();
  if (options.timeout > absl::ZeroDuration() &&
      options.timeout != absl::InfiniteDuration()) {
    context->set_deadline(absl::ToChronoTime(absl::Now() + options.timeout));
  }
  if (options.batch_priority) {
    context->AddMetadata("x-gainsight-priority", "batch");
  }
  if (!options.caller_id.empty()) {
    context->AddMetadata("x-caller-id", options.caller_id);
  }
  return context;
}

ContextFactory ContextsFor(const ClientOptions& options) {
  return [options] { return NewContext(options); };
}

}  // namespace gainsight_client
