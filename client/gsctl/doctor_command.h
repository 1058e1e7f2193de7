// `gsctl doctor`: runs the gateway's tenant check (MetadataService.
// CheckTenant) and prints one line per probe, the calls it spent, and a
// verdict; exits kExitTenantMismatch when any probe differs.
#ifndef GAINSIGHT_GSCTL_DOCTOR_COMMAND_H_
#define GAINSIGHT_GSCTL_DOCTOR_COMMAND_H_

#include <ostream>

#include "command.h"
#include "gainsight/v1/metadata.pb.h"

namespace gsctl {

Command DoctorCommand();

// The report of a check, one probe a line ("OK  list_ctas  POST /v2/...").
void PrintTenantCheck(const gainsight::v1::CheckTenantResponse& response,
                      std::ostream& out);

}  // namespace gsctl

#endif  // GAINSIGHT_GSCTL_DOCTOR_COMMAND_H_
