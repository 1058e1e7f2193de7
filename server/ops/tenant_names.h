// The tenant's field names of a typed object (TenantFieldNames), resolved
// from the object's describe, which the metadata cache keeps for
// --metadata-ttl. When the describe fails, the mapping's own names are used
// (and the failure logged), so a describe outage does not stop calls that
// the guesses would serve.
#ifndef GAINSIGHT_GATEWAY_SERVER_OPS_TENANT_NAMES_H_
#define GAINSIGHT_GATEWAY_SERVER_OPS_TENANT_NAMES_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "gainsight/record_mapping.h"
#include "gainsight/tenant_field_names.h"
#include "ops/metadata_cache.h"

namespace gg {

class TenantNames {
 public:
  using Names = std::shared_ptr<const TenantFieldNames>;

  TenantNames(MetadataCache* metadata, std::string object,
              const RecordMapping* mapping,
              std::vector<FieldAlternatives> alternatives);

  // `done` runs exactly once: at once when the describe is cached.
  void Get(const CallContext& context, absl::AnyInvocable<void(Names)> done);
  // Like Get, but a call whose `fields` (any names) are all fields of the
  // mapping whose API name is the same on every tenant gets the guesses at
  // once: it costs no describe. A field that varies, or that the mapping
  // does not know (custom fields, typos), needs the describe.
  void GetFor(const std::vector<std::string>& fields,
              const CallContext& context, absl::AnyInvocable<void(Names)> done);

  // The mapping's own names (what Get falls back to).
  const TenantFieldNames& Guesses() const { return guesses_; }

 private:
  MetadataCache* const metadata_;
  const std::string object_;
  const RecordMapping* const mapping_;
  const std::vector<FieldAlternatives> alternatives_;
  const TenantFieldNames guesses_;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_OPS_TENANT_NAMES_H_
