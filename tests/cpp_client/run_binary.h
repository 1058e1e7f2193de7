// Runs a client binary (gsctl, the C++ example) to its end and keeps its
// exit code, stdout and stderr apart.
#ifndef GAINSIGHT_GATEWAY_TESTS_CPP_CLIENT_RUN_BINARY_H_
#define GAINSIGHT_GATEWAY_TESTS_CPP_CLIENT_RUN_BINARY_H_

#include <string>
#include <utility>
#include <vector>

namespace gg::testing {

struct BinaryRun {
  int exit_code = -1;  // 128 + signal when killed
  std::string out;
  std::string err;
};

// Runs `binary` with `args` and the parent's environment plus `env`; stdin
// is /dev/null. Kills it after `timeout_seconds`.
BinaryRun RunBinary(
    const std::string& binary, const std::vector<std::string>& args,
    const std::vector<std::pair<std::string, std::string>>& env = {},
    int timeout_seconds = 60);

std::string GsctlBinary();
std::string ClientExampleBinary();

// Writes `content` to a new file in a fresh temporary directory; returns
// its path (ending in `name`).
std::string WriteTempFile(const std::string& name, const std::string& content);

}  // namespace gg::testing

#endif  // GAINSIGHT_GATEWAY_TESTS_CPP_CLIENT_RUN_BINARY_H_
