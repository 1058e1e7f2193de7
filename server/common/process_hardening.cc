#include "common/process_hardening.h"

#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

extern char** environ;

namespace gg {

bool ForbidCoreDumps() {
  const rlimit none = {0, 0};
  const bool no_core = setrlimit(RLIMIT_CORE, &none) == 0;
  return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0 && no_core;
}

void ScrubEnvironmentVariable(const char* name) {
  const size_t name_length = std::strlen(name);
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    char* text = *entry;
    if (std::strncmp(text, name, name_length) == 0 &&
        text[name_length] == '=') {
      char* value = text + name_length + 1;
      // volatile: the compiler may not drop stores to memory it sees
      // unused afterwards.
      for (volatile char* c = value; *c != '\0'; ++c) *c = 'x';
    }
  }
  unsetenv(name);
}

}  // namespace gg
