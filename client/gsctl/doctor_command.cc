#include "doctor_command.h"

#include <algorithm>
#include <string>

#include "absl/strings/strip.h"
#include "exit_codes.h"
#include "gainsight/v1/metadata.grpc.pb.h"
#include "generic_commands.h"

namespace gsctl {
namespace {

namespace gv1 = gainsight::v1;

// "ROUTE_MISSING" for PROBE_RESULT_ROUTE_MISSING.
std::string ResultName(gv1::ProbeResult result) {
  return std::string(
      absl::StripPrefix(gv1::ProbeResult_Name(result), "PROBE_RESULT_"));
}

std::string Padded(const std::string& text, size_t width) {
  std::string out = text;
  if (out.size() < width) out.append(width - out.size(), ' ');
  return out;
}

}  // namespace

void PrintTenantCheck(const gv1::CheckTenantResponse& response,
                      std::ostream& out) {
  size_t result_width = 0;
  size_t name_width = 0;
  for (const gv1::TenantProbe& probe : response.probes()) {
    result_width = std::max(result_width, ResultName(probe.result()).size());
    name_width = std::max(name_width, probe.name().size());
  }
  int differ = 0;
  for (const gv1::TenantProbe& probe : response.probes()) {
    const bool fine = probe.result() == gv1::PROBE_RESULT_OK ||
                      probe.result() == gv1::PROBE_RESULT_SKIPPED;
    if (!fine) ++differ;
    out << Padded(ResultName(probe.result()), result_width + 2)
        << Padded(probe.name(), name_width + 2) << probe.gainsight_call();
    if (!probe.detail().empty()) out << ": " << probe.detail();
    out << "\n";
  }
  out << "calls: " << response.sync_calls() << " sync, "
      << response.bulk_calls() << " bulk\n";
  if (response.ok()) {
    out << "tenant check: OK\n";
  } else {
    out << "tenant check: " << differ << " of " << response.probes_size()
        << " probes differ (see docs/gainsight-contract.md)\n";
  }
}

Command DoctorCommand() {
  Rpc rpc = Unary(&gv1::MetadataService::Stub::CheckTenant);
  return Command{
      "",
      "doctor",
      "",
      "Check the gateway's tenant against the Gainsight contract (read-only; "
      "at most 20 sync calls, bulk only with --include-bulk).",
      {"include-bulk"},
      [rpc](Env& env) {
        if (!env.args.words.empty()) {
          return UsageError(env, "doctor takes no operands");
        }
        gv1::CheckTenantRequest request;
        request.set_include_bulk(env.args.Has("include-bulk"));
        gv1::CheckTenantResponse response;
        if (int code = CallRpc(env, rpc, request, &response); code != kExitOk) {
          return code;
        }
        if (env.format == OutputFormat::kJson) {
          PrintJson(response, *env.out);
        } else {
          PrintTenantCheck(response, *env.out);
        }
        return response.ok() ? kExitOk : kExitTenantMismatch;
      }};
}

}  // namespace gsctl
