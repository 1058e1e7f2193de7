#include "ops/success_plan_write.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>

#include "common/status_details.h"
#include "gainsight/picklist.h"
#include "gainsight/query_body.h"
#include "gainsight/success_plan_mapping.h"
#include "ops/async_ttl_cache.h"

namespace gg {
namespace {

using gainsight::v1::EntityType;
using gainsight::v1::SuccessPlan;

bool SetsPicklist(const SuccessPlan& plan) {
  return plan.has_type() || plan.has_status();
}

EntityType EntityOf(const SuccessPlan& plan) {
  return plan.has_relationship_id() ? gainsight::v1::ENTITY_TYPE_RELATIONSHIP
                                    : gainsight::v1::ENTITY_TYPE_COMPANY;
}

class SuccessPlanWriter : public CockpitObjectWriter {
 public:
  SuccessPlanWriter(std::vector<SuccessPlan> plans, bool update,
                    SuccessPlanConfigCache* configs, int concurrency)
      : plans_(std::move(plans)), update_(update), configs_(configs) {
    target_.update = update;
    target_.write = update ? EndpointId::kSuccessPlanUpdate
                           : EndpointId::kSuccessPlanCreate;
    target_.list = EndpointId::kSuccessPlanList;
    target_.records_field = "success_plans";
    target_.noun = "success plan";
    target_.proto_field = [](absl::string_view api_name) {
      return SuccessPlanProtoField(api_name);
    };
    if (update) {
      target_.not_found.push_back({kGsidField, "no success plan with that gsid",
                                   kSuccessPlanNotFoundReason});
    }
    target_.concurrency = concurrency;
  }

  const CockpitWriteTarget& target() const override { return target_; }
  int size() const override { return static_cast<int>(plans_.size()); }

  // 2. The configuration of each entity a pending plan's labels need.
  void LoadConfigs(const std::vector<int>& pending, CallContext context,
                   absl::AnyInvocable<void(absl::Status)> done) override {
    std::vector<EntityType> entities;
    for (int i : pending) {
      const EntityType entity = EntityOf(plans_[i]);
      if (SetsPicklist(plans_[i]) && std::find(entities.begin(), entities.end(),
                                               entity) == entities.end()) {
        entities.push_back(entity);
      }
    }
    GetEach<EntityType, SuccessPlanConfigPtr>(
        configs_, std::move(entities), std::move(context),
        [this, done = std::move(done)](
            absl::StatusOr<std::map<EntityType, SuccessPlanConfigPtr>>
                got) mutable {
          if (got.ok()) config_ = *std::move(got);
          done(got.status());
        });
  }

  std::string OwnerOf(int index) const override {
    return plans_[index].owner();
  }

  absl::StatusOr<Json> Resolve(int index, const std::string& owner_id,
                               const std::string& path) override {
    const SuccessPlan& plan = plans_[index];
    std::string type_label, status_label;
    std::vector<absl::Status> errors;
    if (SetsPicklist(plan)) {
      const SuccessPlanConfig& config = *config_.at(EntityOf(plan));
      if (plan.has_type()) {
        auto type = ResolvePicklistItem(ItemsOf(config.types), plan.type(),
                                        path + ".type");
        if (type.ok()) {
          type_label = type->label();
        } else {
          errors.push_back(type.status());
        }
      }
      if (plan.has_status()) {
        auto status = ResolvePicklistItem(ItemsOf(config.statuses),
                                          plan.status(), path + ".status");
        if (status.ok()) {
          status_label = status->label();
        } else {
          errors.push_back(status.status());
        }
      }
    }
    if (!errors.empty()) return CombineInvalidArguments(errors);
    return SuccessPlanRecord(plan, update_, type_label, status_label, owner_id);
  }

  ReadBackKey ReadBackKeyOf(int index) const override {
    if (update_) return {{kGsidField, plans_[index].gsid()}};
    return SuccessPlanReadBackKey(plans_[index]);
  }

 private:
  const std::vector<SuccessPlan> plans_;
  const bool update_;
  SuccessPlanConfigCache* const configs_;
  CockpitWriteTarget target_;
  std::map<EntityType, SuccessPlanConfigPtr> config_;
};

}  // namespace

std::unique_ptr<CockpitObjectWriter> NewSuccessPlanWriter(
    std::vector<gainsight::v1::SuccessPlan> plans, bool update,
    SuccessPlanConfigCache* configs, int concurrency) {
  return std::make_unique<SuccessPlanWriter>(std::move(plans), update, configs,
                                             concurrency);
}

}  // namespace gg
