#include "ops/cta_write.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "common/countdown.h"
#include "common/status_details.h"
#include "gainsight/company_mapping.h"
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

// Company names one lookup query carries.
constexpr size_t kNamesPerQuery = 50;
// Most companies an ambiguous name lists.
constexpr size_t kMaxCompanyCandidates = 10;

// A create that names its company by name only.
bool NamesCompany(const Cta& cta, bool update) {
  return !update && !cta.has_company_id() && !cta.company_name().empty();
}

class CtaWriter : public CockpitObjectWriter {
 public:
  CtaWriter(CtaWriteRequest request, CtaConfigCache* configs,
            RecordOps* records, int concurrency)
      : request_(std::move(request)),
        configs_(configs),
        records_(records),
        existing_type_id_(request_.ctas.size()),
        company_id_(request_.ctas.size()) {
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
    std::vector<std::string> names;
    for (int i : pending) {
      const Cta& cta = request_.ctas[i];
      if (NamesCompany(cta, request_.update))
        names.push_back(cta.company_name());
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    GetEach<EntityType, CtaConfigPtr>(
        configs_, std::move(entities), context,
        [this, names = std::move(names), context, done = std::move(done)](
            absl::StatusOr<std::map<EntityType, CtaConfigPtr>> got) mutable {
          if (!got.ok()) {
            done(got.status());
            return;
          }
          config_ = *std::move(got);
          LookUpCompanies(std::move(names), std::move(context),
                          std::move(done));
        });
  }

  std::string OwnerOf(int index) const override {
    return request_.ctas[index].owner();
  }

  absl::StatusOr<Json> Resolve(int index, const std::string& owner_id,
                               const std::string& path) override {
    Cta cta = request_.ctas[index];
    if (NamesCompany(cta, request_.update)) {
      absl::StatusOr<std::string> company =
          CompanyNamed(cta.company_name(), path + ".company_name");
      if (!company.ok()) return company.status();
      cta.set_company_id(*company);
    }
    company_id_[index] = cta.company_id();
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
    Cta cta = request_.ctas[index];
    if (request_.update) return {{kGsidField, cta.gsid()}};
    cta.set_company_id(company_id_[index]);
    return CtaReadBackKey(cta);
  }

 private:
  // The GSIDs of the companies named `names`, 50 names a query.
  void LookUpCompanies(std::vector<std::string> names, CallContext context,
                       absl::AnyInvocable<void(absl::Status)> done) {
    const size_t queries = (names.size() + kNamesPerQuery - 1) / kNamesPerQuery;
    auto failure = std::make_shared<absl::Status>();
    auto countdown = Countdown::Make(
        static_cast<int>(queries),
        [failure, done = std::move(done)]() mutable { done(*failure); });
    for (size_t begin = 0; begin < names.size(); begin += kNamesPerQuery) {
      std::vector<std::string> chunk(
          names.begin() + begin,
          names.begin() + std::min(names.size(), begin + kNamesPerQuery));
      records_->QueryIn(
          kCompanyObject, {kGsidField, "Name"}, "Name", chunk, context,
          [this, chunk, failure,
           countdown](absl::StatusOr<std::vector<Json>> rows) {
            {
              absl::MutexLock lock(&mu_);
              if (!rows.ok()) {
                *failure = rows.status();
              } else {
                // A shared lookup may carry other names' rows: keep ours.
                for (const Json& row : *rows) {
                  auto name = row.find("Name");
                  auto gsid = row.find(kGsidField);
                  if (name == row.end() || !name->is_string() ||
                      gsid == row.end() || !gsid->is_string() ||
                      !std::binary_search(chunk.begin(), chunk.end(),
                                          name->get<std::string>())) {
                    continue;
                  }
                  companies_by_name_[name->get<std::string>()].push_back(
                      gsid->get<std::string>());
                }
              }
            }
            countdown->PartDone();
          });
    }
  }

  // The one company named `name`, else INVALID_ARGUMENT naming `field`.
  absl::StatusOr<std::string> CompanyNamed(const std::string& name,
                                           const std::string& field) {
    std::vector<std::string> gsids;
    {
      absl::MutexLock lock(&mu_);
      auto it = companies_by_name_.find(name);
      if (it != companies_by_name_.end()) gsids = it->second;
    }
    if (gsids.size() == 1) return gsids.front();
    std::string description;
    const char* reason;
    std::map<std::string, std::string> metadata;
    if (gsids.empty()) {
      description = absl::StrCat("no company is named \"", name, "\"");
      reason = kCompanyNotFoundReason;
    } else {
      const std::string candidates = absl::StrJoin(
          gsids.begin(),
          gsids.begin() + std::min(gsids.size(), kMaxCompanyCandidates), ", ");
      description =
          absl::StrCat(gsids.size(), " companies are named \"", name,
                       "\": give company_id, one of ", candidates,
                       gsids.size() > kMaxCompanyCandidates ? ", ..." : "");
      reason = kCompanyNameAmbiguousReason;
      metadata["candidate_gsids"] = candidates;
    }
    absl::Status status = InvalidArgument({{field, description}});
    metadata["field"] = field;
    AttachErrorInfo(status, reason, metadata);
    return status;
  }

  const CtaWriteRequest request_;
  CtaConfigCache* const configs_;
  RecordOps* const records_;
  CockpitWriteTarget target_;
  // Per CTA: the type and entity it has (updates) or gets (creates).
  std::vector<std::string> existing_type_id_;
  std::vector<EntityType> entity_;
  std::map<EntityType, CtaConfigPtr> config_;
  // Per CTA: the company's GSID (given, or found by its name).
  std::vector<std::string> company_id_;
  absl::Mutex mu_;
  std::map<std::string, std::vector<std::string>> companies_by_name_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace

std::unique_ptr<CockpitObjectWriter> NewCtaWriter(CtaWriteRequest request,
                                                  CtaConfigCache* configs,
                                                  RecordOps* records,
                                                  int concurrency) {
  return std::make_unique<CtaWriter>(std::move(request), configs, records,
                                     concurrency);
}

}  // namespace gg
