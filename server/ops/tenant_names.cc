#include "ops/tenant_names.h"

#include <utility>

#include "observe/log.h"

namespace gg {

TenantNames::TenantNames(MetadataCache* metadata, std::string object,
                         const RecordMapping* mapping,
                         std::vector<FieldAlternatives> alternatives)
    : metadata_(metadata),
      object_(std::move(object)),
      mapping_(mapping),
      alternatives_(std::move(alternatives)),
      guesses_(*mapping_, alternatives_) {}

void TenantNames::GetFor(const std::vector<std::string>& fields,
                         const CallContext& context,
                         absl::AnyInvocable<void(Names)> done) {
  for (const std::string& field : fields) {
    // A name the mapping does not know (a custom field, a typo) is checked
    // against the describe and sent as it spells it.
    const bool unknown = field != "Gsid" && guesses_.MappingName(field).empty();
    if (guesses_.Varies(field) || unknown) {
      Get(context, std::move(done));
      return;
    }
  }
  done(std::make_shared<const TenantFieldNames>(guesses_));
}

void TenantNames::Get(const CallContext& context,
                      absl::AnyInvocable<void(Names)> done) {
  metadata_->Get(
      object_, context,
      [this, request_id = context.request_id, done = std::move(done)](
          absl::StatusOr<ObjectMetadataPtr> described) mutable {
        if (!described.ok()) {
          Log(LogLevel::kWarning, "field_names_unresolved",
              {{"object", object_},
               {"code", std::string(absl::StatusCodeToString(
                            described.status().code()))},
               {"request_id", request_id}});
          done(std::make_shared<const TenantFieldNames>(guesses_));
          return;
        }
        auto names = std::make_shared<TenantFieldNames>(
            TenantFieldNames::Resolve(*mapping_, alternatives_, **described));
        names->KeepDescribe(*described);
        done(std::move(names));
      });
}

}  // namespace gg
