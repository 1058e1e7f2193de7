// The CTA steps of the Cockpit write pipeline (ops/cockpit_write.h): an
// update that changes picklists first reads the CTA's type and entity;
// labels resolve against the cached CTA configuration of that entity; a
// create that names its company by `company_name` only gets the GSID of the
// one company of that name (one Company query per 50 names).
#ifndef GAINSIGHT_GATEWAY_SERVER_OPS_CTA_WRITE_H_
#define GAINSIGHT_GATEWAY_SERVER_OPS_CTA_WRITE_H_

#include <memory>
#include <vector>

#include "gainsight/v1/cta.pb.h"
#include "ops/cockpit_object.h"
#include "ops/cta_config_cache.h"
#include "ops/record_ops.h"

namespace gg {

struct CtaWriteRequest {
  std::vector<gainsight::v1::Cta> ctas;
  bool update = false;
  gainsight::v1::DueDateCascade due_date_cascade =
      gainsight::v1::DUE_DATE_CASCADE_UNSPECIFIED;
  gainsight::v1::OwnerCascade owner_cascade =
      gainsight::v1::OWNER_CASCADE_UNSPECIFIED;
};

// ErrorInfo reason of an update whose CTA does not exist.
inline constexpr char kCtaNotFoundReason[] = "CTA_NOT_FOUND";

// ErrorInfo reasons of a company name that matches no company, or several.
inline constexpr char kCompanyNotFoundReason[] = "COMPANY_NOT_FOUND";
inline constexpr char kCompanyNameAmbiguousReason[] = "COMPANY_NAME_AMBIGUOUS";

// `records` looks company names up.
std::unique_ptr<CockpitObjectWriter> NewCtaWriter(CtaWriteRequest request,
                                                  CtaConfigCache* configs,
                                                  RecordOps* records,
                                                  int concurrency);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_OPS_CTA_WRITE_H_
