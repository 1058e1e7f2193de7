// gsctl's exit codes, for scripts (also in `gsctl --help` and README.md).
#ifndef GAINSIGHT_GSCTL_EXIT_CODES_H_
#define GAINSIGHT_GSCTL_EXIT_CODES_H_

namespace gsctl {

// Everything worked.
inline constexpr int kExitOk = 0;
// Bad command line, or a records file that cannot be read or parsed.
inline constexpr int kExitUsage = 1;
// The call worked but some records of a batch write were not written (see
// the per-record errors), or a bulk job completed with rejected rows.
inline constexpr int kExitSomeRecordsFailed = 2;
// A bulk job ended FAILED (or CANCELLED).
inline constexpr int kExitJobFailed = 3;
// `doctor`: the tenant answered some probe otherwise than the gateway reads.
inline constexpr int kExitTenantMismatch = 4;
// The call failed: 10 + the gRPC status code, e.g. 13 INVALID_ARGUMENT,
// 15 NOT_FOUND, 18 RESOURCE_EXHAUSTED, 22 UNIMPLEMENTED, 24 UNAVAILABLE.
inline constexpr int kExitRpcBase = 10;

inline int ExitCodeForRpc(int grpc_code) { return kExitRpcBase + grpc_code; }

}  // namespace gsctl

#endif  // GAINSIGHT_GSCTL_EXIT_CODES_H_
