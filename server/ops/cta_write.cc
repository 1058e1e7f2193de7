#include "ops/cta_write.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>

#include "gainsight/cta_mapping.h"
#include "gainsight/query_body.h"
#include "ops/async_ttl_cache.h"

namespace gg {
namespace {

using gainsight::v1::Cta;
using gainsight::v1::EntityType;

bool SetsPicklist(const Cta& cta) {
  return cta.has_type() || cta.has_status() || cta.has_priority() ||
         cta.has_reason();
}

EntityType EntityOf(const Cta& cta) {
  return cta.has_relationship_id() ? gainsight::v1::ENTITY_TYPE_RELATIONSHIP
                                   : gainsight::v1::ENTITY_TYPE_COMPANY;
}

class CtaWriter : public CockpitObjectWriter {
 public:
  CtaWriter(CtaWriteRequest request, CtaConfigCache* configs, int concurrency)
      : request_(std::move(request)),
        configs_(configs),
        existing_type_id_(request_.ctas.size()) {
    for (const Cta& cta : request_.ctas) entity_.push_back(EntityOf(cta));
    target_.update = request_.update;
    target_.write =
        request_.update ? EndpointId::kCtaUpdate : EndpointId::kCtaCreate;
    target_.list = EndpointId::kCtaList;
    if (request_.update) {
      target_.query =
          CtaUpdateQuery(request_.due_date_cascade, request_.owner_cascade);
      target_.not_found.push_back(
          {kGsidField, "no CTA with that gsid", kCtaNotFoundReason});
    }
    target_.records_field = "ctas";
    target_.noun = "CTA";
    target_.proto_field = [](absl::string_view api_name) {
      return CtaProtoField(api_name);
    };
    target_.concurrency = concurrency;
  }

  const CockpitWriteTarget& target() const override { return target_; }
  int size() const override { return static_cast<int>(request_.ctas.size()); }

  // 1. An update's status, priority and reason are scoped by the CTA's
  // type, which the update may not name: read it.
  std::vector<std::pair<int, std::string>> ExistingToRead() const override {
    std::vector<std::pair<int, std::string>> wanted;
    if (!request_.update) return wanted;
    for (size_t i = 0; i < request_.ctas.size(); ++i) {
      if (SetsPicklist(request_.ctas[i])) {
        wanted.emplace_back(static_cast<int>(i), request_.ctas[i].gsid());
      }
    }
    return wanted;
  }
  std::vector<std::string> ExistingSelect() const override {
    return CtaScopeSelect();
  }
  void UseExisting(int index, const Json& row) override {
    Cta existing;
    if (!CtaFromRow(row, &existing).ok()) return;
    existing_type_id_[index] = existing.type_id();
    entity_[index] =
        existing.entity_type() == gainsight::v1::ENTITY_TYPE_RELATIONSHIP
            ? gainsight::v1::ENTITY_TYPE_RELATIONSHIP
            : gainsight::v1::ENTITY_TYPE_COMPANY;
  }

  // 2. The configuration of each entity a pending CTA's labels need.
  void LoadConfigs(const std::vector<int>& pending, CallContext context,
                   absl::AnyInvocable<void(absl::Status)> done) override {
    std::vector<EntityType> entities;
    for (int i : pending) {
      if (SetsPicklist(request_.ctas[i]) &&
          std::find(entities.begin(), entities.end(), entity_[i]) ==
              entities.end()) {
        entities.push_back(entity_[i]);
      }
    }
    GetEach<EntityType, CtaConfigPtr>(
        configs_, std::move(entities), std::move(context),
        [this, done = std::move(done)](
            absl::StatusOr<std::map<EntityType, CtaConfigPtr>> got) mutable {
          if (got.ok()) config_ = *std::move(got);
          done(got.status());
        });
  }

  std::string OwnerOf(int index) const override {
    return request_.ctas[index].owner();
  }

  absl::StatusOr<Json> Resolve(int index, const std::string& owner_id,
                               const std::string& path) override {
    const Cta& cta = request_.ctas[index];
    CtaPicklists picklists;
    if (SetsPicklist(cta)) {
      absl::StatusOr<CtaPicklists> resolved = ResolveCtaPicklists(
          cta, *config_.at(entity_[index]), path, existing_type_id_[index]);
      if (!resolved.ok()) return resolved.status();
      picklists = *std::move(resolved);
    }
    return CtaRecord(cta, request_.update, picklists, owner_id);
  }

  ReadBackKey ReadBackKeyOf(int index) const override {
    const Cta& cta = request_.ctas[index];
    if (request_.update) return {{kGsidField, cta.gsid()}};
    return CtaReadBackKey(cta);
  }

 private:
  const CtaWriteRequest request_;
  CtaConfigCache* const configs_;
  CockpitWriteTarget target_;
  // Per CTA: the type and entity it has (updates) or gets (creates).
  std::vector<std::string> existing_type_id_;
  std::vector<EntityType> entity_;
  std::map<EntityType, CtaConfigPtr> config_;
};

}  // namespace

std::unique_ptr<CockpitObjectWriter> NewCtaWriter(CtaWriteRequest request,
                                                  CtaConfigCache* configs,
                                                  int concurrency) {
  return std::make_unique<CtaWriter>(std::move(request), configs, concurrency);
}

}  // namespace gg
