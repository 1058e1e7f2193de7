#include "common/process_hardening.h"

#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <utility>
#include <vector>

extern char** environ;

namespace gg {

bool ForbidCoreDumps() {
  const rlimit none = {0, 0};
  const bool no_core = setrlimit(RLIMIT_CORE, &none) == 0;
  return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0 && no_core;
}

void ScrubEnvironmentVariable(const char* name) {
  const size_t name_length = std::strlen(name);
  std::vector<std::pair<char*, size_t>> entries;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    char* text = *entry;
    if (std::strncmp(text, name, name_length) == 0 &&
        text[name_length] == '=') {
      entries.emplace_back(text, std::strlen(text));
    }
  }
  unsetenv(name);
  // The strings outlive their removal (the initial ones are the bytes
  // /proc/self/environ shows): wipe name and value. volatile: the compiler
  // may not drop stores to memory it sees unused afterwards.
  for (const auto& [text, length] : entries) {
    for (volatile char* c = text; c < text + length; ++c) *c = '\0';
  }
}

}  // namespace gg
