// Environment variables for configuration tests: a fixed map instead of the
// process's environment.
#ifndef GAINSIGHT_GATEWAY_TESTS_SUPPORT_FAKE_ENV_H_
#define GAINSIGHT_GATEWAY_TESTS_SUPPORT_FAKE_ENV_H_

#include <map>
#include <string>

#include "config/config.h"

namespace gg::testing {

inline EnvLookup FakeEnv(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) {
    auto it = vars.find(name);
    return it == vars.end() ? std::string() : it->second;
  };
}

}  // namespace gg::testing

#endif  // GAINSIGHT_GATEWAY_TESTS_SUPPORT_FAKE_ENV_H_
