// The gainsight-sandbox command line.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_FLAGS_H_
#define GAINSIGHT_GATEWAY_SANDBOX_FLAGS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "sandbox/sandbox_options.h"

namespace gg::sandbox {

struct SandboxFlags {
  std::string host = "127.0.0.1";
  int port = 0;
  bool help = false;  // --help: print kUsage and exit
  SandboxOptions options;
};

extern const char kUsage[];

// Parses the arguments after the program name. Flags take their value as
// the next argument or after '=' (--limits=sync=3/1s).
absl::StatusOr<SandboxFlags> ParseFlags(const std::vector<std::string>& args);

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_FLAGS_H_
