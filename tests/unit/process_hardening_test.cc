#include "common/process_hardening.h"

#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>

#include "gtest/gtest.h"

extern char** environ;

namespace gg {
namespace {

// Runs `body` in a child process (the changes are process-wide) and returns
// its exit code.
template <typename F>
int InChild(F body) {
  pid_t pid = fork();
  if (pid == 0) _exit(body());
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(ProcessHardeningTest, TheProcessIsNotDumpableAndWritesNoCore) {
  EXPECT_EQ(InChild([] {
              if (!ForbidCoreDumps()) return 1;
              if (prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0) return 2;
              rlimit core{};
              getrlimit(RLIMIT_CORE, &core);
              return core.rlim_cur == 0 && core.rlim_max == 0 ? 0 : 3;
            }),
            0);
}

TEST(ProcessHardeningTest, TheVariableIsOverwrittenInPlaceAndRemoved) {
  EXPECT_EQ(InChild([] {
              setenv("GG_TEST_SECRET", "hunter2-secret", 1);
              // The bytes the variable's value lived in.
              char* value = nullptr;
              for (char** e = environ; *e != nullptr; ++e) {
                if (std::strncmp(*e, "GG_TEST_SECRET=", 15) == 0) {
                  value = *e + 15;
                }
              }
              if (value == nullptr) return 1;
              ScrubEnvironmentVariable("GG_TEST_SECRET");
              if (std::getenv("GG_TEST_SECRET") != nullptr) return 2;
              if (std::strstr(value, "hunter2") != nullptr) return 3;
              if (std::strstr(value - 15, "GG_TEST_SECRET") != nullptr) {
                return 4;
              }
              return 0;
            }),
            0);
}

TEST(ProcessHardeningTest, OtherVariablesAreLeftAlone) {
  EXPECT_EQ(InChild([] {
              setenv("GG_TEST_SECRET_NOT", "keep", 1);
              setenv("GG_TEST_SECRET", "x", 1);
              ScrubEnvironmentVariable("GG_TEST_SECRET");
              const char* kept = std::getenv("GG_TEST_SECRET_NOT");
              return kept != nullptr && std::string(kept) == "keep" ? 0 : 1;
            }),
            0);
}

}  // namespace
}  // namespace gg
