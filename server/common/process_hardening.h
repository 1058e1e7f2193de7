// Keeping the access key inside the process: no core dumps and no ptrace by
// other users (the process is not dumpable), and no copy of it left in the
// environment (which /proc/PID/environ shows and children inherit).
#ifndef GAINSIGHT_GATEWAY_SERVER_COMMON_PROCESS_HARDENING_H_
#define GAINSIGHT_GATEWAY_SERVER_COMMON_PROCESS_HARDENING_H_

namespace gg {

// prctl(PR_SET_DUMPABLE, 0) and a core size limit of 0. Returns false when
// the kernel refused.
bool ForbidCoreDumps();

// Removes environment variable `name`, then overwrites its bytes in place
// (those /proc/self/environ reads).
void ScrubEnvironmentVariable(const char* name);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_COMMON_PROCESS_HARDENING_H_
