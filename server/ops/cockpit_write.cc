#include "ops/cockpit_write.h"

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "common/countdown.h"
#include "common/status_details.h"
#include "gainsight/cockpit_answer.h"
#include "gainsight/error_mapping.h"
#include "gainsight/query_body.h"
#include "observe/log.h"
#include "observe/metric_names.h"
#include "observe/metrics.h"

namespace gg {
namespace {

using gainsight::v1::RecordResult;
using Done = absl::AnyInvocable<void()>;

// Rows one read of existing or written records asks for (the Cockpit lists'
// largest page).
constexpr int kReadPage = 1000;
// Candidate GSIDs named in an outcome-unknown error.
constexpr size_t kMaxCandidates = 10;

// ErrorInfo reason of a record whose write may or may not have happened.
constexpr char kOutcomeUnknownReason[] = "WRITE_OUTCOME_UNKNOWN";

// The key of `record` that `text` names as a whole word, if any (Gainsight
// names the offending field in a rejection's text).
std::string FieldNamedIn(const std::string& text, const Json& record) {
  if (!record.is_object()) return "";
  std::string best;
  for (auto it = record.begin(); it != record.end(); ++it) {
    const std::string& key = it.key();
    if (key.size() <= best.size()) continue;
    for (size_t at = text.find(key); at != std::string::npos;
         at = text.find(key, at + 1)) {
      const bool starts = at == 0 || !(absl::ascii_isalnum(text[at - 1]) ||
                                       text[at - 1] == '_');
      const size_t end = at + key.size();
      const bool ends = end == text.size() ||
                        !(absl::ascii_isalnum(text[end]) || text[end] == '_');
      if (starts && ends) {
        best = key;
        break;
      }
    }
  }
  return best;
}

class CockpitWrite : public std::enable_shared_from_this<CockpitWrite> {
 public:
  CockpitWrite(CockpitWriteDeps deps,
               std::unique_ptr<CockpitObjectWriter> object, CallContext context,
               CockpitWriteDone done)
      : deps_(deps),
        object_(std::move(object)),
        target_(object_->target()),
        context_(std::move(context)),
        done_(std::move(done)),
        records_(object_->size()),
        results_(object_->size()),
        answered_(object_->size(), false) {
    for (size_t i = 0; i < results_.size(); ++i) {
      results_[i].set_index(static_cast<int>(i));
    }
  }

  void Start() { ReadExisting(object_->ExistingToRead(), 0); }

 private:
  // 1. Read existing: `wanted` (index, GSID) from `from`, a page at a time.
  void ReadExisting(std::vector<std::pair<int, std::string>> wanted,
                    size_t from) {
    if (from >= wanted.size()) {
      LoadConfigs();
      return;
    }
    std::vector<std::string> gsids;
    size_t end = from;
    for (; end < wanted.size() && gsids.size() < kReadPage; ++end) {
      if (std::find(gsids.begin(), gsids.end(), wanted[end].second) ==
          gsids.end()) {
        gsids.push_back(wanted[end].second);
      }
    }
    GainsightCall call;
    call.endpoint = target_.list;
    call.body = BuildCockpitListBody(object_->ExistingSelect(),
                                     GsidFilter(gsids), kReadPage, 1);
    auto self = shared_from_this();
    deps_.client->Call(
        std::move(call), context_,
        [self, wanted = std::move(wanted), from,
         end](UpstreamOutcome o) mutable {
          if (!o.status.ok()) {
            self->FailRequest(o.status);
            return;
          }
          absl::StatusOr<std::vector<Json>> rows = ParseQueryRows(o.data);
          if (!rows.ok()) {
            self->deps_.client->ReportUnreadable(
                self->target_.list, "data.records[]", o.data, self->context_);
            self->FailRequest(rows.status());
            return;
          }
          std::map<std::string, const Json*> by_gsid;
          for (const Json& row : *rows) by_gsid[GsidOf(row)] = &row;
          for (size_t k = from; k < end; ++k) {
            const auto& [index, gsid] = wanted[k];
            auto it = by_gsid.find(gsid);
            if (it == by_gsid.end()) {
              self->Answer(index, {}, self->NotFound(kGsidField));
            } else {
              self->object_->UseExisting(index, *it->second);
            }
          }
          self->ReadExisting(std::move(wanted), end);
        });
  }

  // 2. Configurations.
  void LoadConfigs() {
    auto self = shared_from_this();
    object_->LoadConfigs(Pending(), context_, [self](absl::Status status) {
      if (!status.ok()) {
        self->FailRequest(status);
        return;
      }
      self->LookUpOwners();
    });
  }

  // 3. Owners given by email.
  void LookUpOwners() {
    std::vector<std::string> emails;
    for (int i : Pending()) {
      std::string owner = object_->OwnerOf(i);
      if (owner.find('@') != std::string::npos) emails.push_back(owner);
    }
    auto self = shared_from_this();
    deps_.users->Lookup(emails, context_,
                        [self](absl::StatusOr<UsersByEmail> users) {
                          if (!users.ok()) {
                            self->FailRequest(users.status());
                            return;
                          }
                          self->Resolve(*users);
                        });
  }

  // 4. Resolve every record; any that does not resolve stops the request.
  void Resolve(const UsersByEmail& users) {
    std::vector<absl::Status> failures;
    std::vector<int> to_write;
    for (int i : Pending()) {
      const std::string path = Path(i);
      absl::StatusOr<std::string> owner_id =
          ResolveOwner(users, object_->OwnerOf(i), path + ".owner");
      if (!owner_id.ok()) {
        failures.push_back(owner_id.status());
        continue;
      }
      absl::StatusOr<Json> record = object_->Resolve(i, *owner_id, path);
      if (!record.ok()) {
        failures.push_back(record.status());
        continue;
      }
      records_[i] = *std::move(record);
      to_write.push_back(i);
    }
    if (!failures.empty()) {
      FailRequest(CombineInvalidArguments(failures));
      return;
    }
    const size_t size = std::max(1, GetEndpoint(target_.write).max_records);
    bool nothing_to_write;
    {
      absl::MutexLock lock(&mu_);
      for (size_t begin = 0; begin < to_write.size(); begin += size) {
        chunks_.emplace_back(
            to_write.begin() + begin,
            to_write.begin() + std::min(to_write.size(), begin + size));
      }
      remaining_chunks_ = static_cast<int>(chunks_.size());
      nothing_to_write = remaining_chunks_ == 0;
    }
    if (nothing_to_write) {
      Finish();
      return;
    }
    for (int i = 0; i < std::max(1, target_.concurrency); ++i) {
      WriteNextChunk();
    }
  }

  // 5. Write, a chunk at a time per slot of concurrency.
  void WriteNextChunk() {
    std::vector<int> chunk;
    {
      absl::MutexLock lock(&mu_);
      if (chunks_.empty()) return;
      chunk = std::move(chunks_.front());
      chunks_.pop_front();
    }
    auto self = shared_from_this();
    Send(std::move(chunk), [self] {
      bool last;
      {
        absl::MutexLock lock(&self->mu_);
        last = --self->remaining_chunks_ == 0;
      }
      if (last) {
        self->Finish();
      } else {
        self->WriteNextChunk();
      }
    });
  }

  // Sends the records at `indices`, together with other callers' records
  // for the same endpoint when a coalescer is set and `alone` is false (a
  // resend that must tell which record Gainsight refuses goes alone). Each
  // record's referenceId is its position in the call.
  void Send(std::vector<int> indices, Done done, bool alone = false) {
    std::vector<Json> records;
    records.reserve(indices.size());
    for (int i : indices) records.push_back(records_[i]);
    CallCoalescer::BuildCall build =
        [endpoint = target_.write,
         query = target_.query](const std::vector<Json>& records) {
          std::vector<std::pair<std::string, Json>> body;
          for (size_t k = 0; k < records.size(); ++k) {
            body.emplace_back(std::to_string(k), records[k]);
          }
          GainsightCall call;
          call.endpoint = endpoint;
          call.query = query;
          call.body = CockpitWriteBody(body);
          call.record_count = static_cast<int>(records.size());
          return call;
        };
    const absl::Time sent_at = deps_.clock->Now();
    auto answer = [self = shared_from_this(), indices, sent_at,
                   done = std::move(done)](const UpstreamOutcome& o,
                                           CallCoalescer::Slice slice) mutable {
      self->OnAnswer(std::move(indices), sent_at, o, slice, std::move(done));
    };
    CallMaybeCoalesced(deps_.client, alone ? nullptr : deps_.coalescer,
                       absl::StrCat("cockpit|", static_cast<int>(target_.write),
                                    "|", target_.query),
                       std::move(records), std::move(build), context_,
                       std::move(answer));
  }

  // 6. The answer of one write call; the records at `indices` sat at
  // `slice` in it.
  void OnAnswer(std::vector<int> indices, absl::Time sent_at,
                const UpstreamOutcome& o, CallCoalescer::Slice slice,
                Done done) {
    if (!o.status.ok()) {
      OnRejected(std::move(indices), sent_at, o, slice, std::move(done));
      return;
    }
    const CockpitAnswer answer = ReadCockpitAnswer(o.data);
    std::vector<int> unreported;
    for (size_t j = 0; j < indices.size(); ++j) {
      const int i = indices[j];
      auto it = answer.records.find(std::to_string(slice.offset + j));
      if (it == answer.records.end() ||
          (it->second.success && it->second.gsid.empty() && !target_.update)) {
        unreported.push_back(i);
      } else if (it->second.success) {
        Answer(i,
               it->second.gsid.empty() ? GsidOf(records_[i]) : it->second.gsid,
               absl::OkStatus());
      } else {
        Answer(i, "", FailureStatus(i, it->second));
      }
    }
    if (unreported.empty()) {
      done();
      return;
    }
    // What the answer lacked, as GainsightClient::ReportUnreadable labels it.
    const char* expected = answer.unreadable
                               ? "data.success[]/data.failure[] by referenceId"
                               : "a result per referenceId";
    deps_.metrics->Add(
        metric::kUnreadableAnswers,
        {{"endpoint", std::string(GetEndpoint(target_.write).path_template)},
         {"expected", expected}});
    Log(LogLevel::kWarning, "unreadable_answer",
        {{"endpoint", std::string(GetEndpoint(target_.write).path_template)},
         {"expected", expected},
         {"shape", answer.shape},
         {"records", int64_t{static_cast<int64_t>(unreported.size())}},
         {"request_id", context_.request_id}});
    absl::Status unknown = absl::InternalError(absl::StrCat(
        "Gainsight accepted the call but its answer did not report on this ",
        target_.noun));
    AttachErrorInfo(unknown, reason::kMalformed);
    ReadBack(std::move(unreported), sent_at, unknown, std::move(done));
  }

  // Gainsight refused the whole call, or its outcome is unknown.
  void OnRejected(std::vector<int> indices, absl::Time sent_at,
                  const UpstreamOutcome& o, CallCoalescer::Slice slice,
                  Done done) {
    if (RejectsRecords(o.status)) {
      if (slice.batch_size > static_cast<int>(indices.size())) {
        // The call carried other callers' records too: which record it
        // refused is not known; these go again alone.
        Send(std::move(indices), std::move(done), /*alone=*/true);
        return;
      }
      if (indices.size() == 1) {
        google::rpc::ErrorInfo info;
        GetErrorInfo(o.status, &info);
        CockpitRecordAnswer a;
        a.error_code = info.metadata().count("gainsight_error_code")
                           ? info.metadata().at("gainsight_error_code")
                           : "";
        a.error_text = std::string(o.status.message());
        Answer(indices[0], "", FailureStatus(indices[0], a));
        done();
        return;
      }
      // Gainsight refuses a whole call for one bad record: halve it until
      // each record it refuses stands alone; the others are written.
      std::vector<int> first(indices.begin(),
                             indices.begin() + indices.size() / 2);
      std::vector<int> second(indices.begin() + indices.size() / 2,
                              indices.end());
      auto countdown = Countdown::Make(2, std::move(done));
      Send(
          std::move(first), [countdown] { countdown->PartDone(); },
          /*alone=*/true);
      Send(
          std::move(second), [countdown] { countdown->PartDone(); },
          /*alone=*/true);
      return;
    }
    if (o.transient && !target_.update) {
      // The create may have happened (a timeout, a reset, a 5xx after the
      // body was sent): look before answering.
      ReadBack(std::move(indices), sent_at, o.status, std::move(done));
      return;
    }
    for (int i : indices) Answer(i, "", o.status);
    done();
  }

  // Reads `indices` back (creates by their ReadBackKey, updates by Gsid) and
  // answers each from what Gainsight holds; `fallback` is the answer of a
  // record that turns out not written.
  void ReadBack(std::vector<int> indices, absl::Time sent_at,
                absl::Status fallback, Done done) {
    std::vector<ReadBackKey> keys;
    for (int i : indices) keys.push_back(object_->ReadBackKeyOf(i));
    gainsight::v1::Filter filter;
    std::vector<std::string> select = {kGsidField, kModifiedDateField};
    for (size_t f = 0; f < keys[0].size(); ++f) {
      auto* c = filter.add_conditions();
      c->set_field(keys[0][f].first);
      c->set_operator_(gainsight::v1::OPERATOR_IN);
      std::set<std::string> seen;
      for (const ReadBackKey& key : keys) {
        if (seen.insert(key[f].second).second) {
          c->add_values()->set_string_value(key[f].second);
        }
      }
      if (keys[0][f].first != kGsidField) select.push_back(keys[0][f].first);
    }
    GainsightCall call;
    call.endpoint = target_.list;
    call.body = BuildCockpitListBody(select, filter, kReadPage, 1);
    auto self = shared_from_this();
    deps_.client->Call(
        std::move(call), context_,
        [self, indices = std::move(indices), keys = std::move(keys), sent_at,
         fallback = std::move(fallback),
         done = std::move(done)](UpstreamOutcome o) mutable {
          absl::StatusOr<std::vector<Json>> rows =
              o.status.ok() ? ParseQueryRows(o.data)
                            : absl::StatusOr<std::vector<Json>>(o.status);
          for (size_t k = 0; k < indices.size(); ++k) {
            self->AnswerFromReadBack(indices[k], keys[k], rows, sent_at,
                                     fallback);
          }
          done();
        });
  }

  void AnswerFromReadBack(int index, const ReadBackKey& key,
                          const absl::StatusOr<std::vector<Json>>& rows,
                          absl::Time sent_at, const absl::Status& fallback) {
    if (!rows.ok()) {
      Answer(index, "",
             OutcomeUnknown(absl::StrCat("reading it back failed: ",
                                         rows.status().message()),
                            {}));
      return;
    }
    std::vector<std::string> recent;
    bool exists = false;
    for (const Json& row : *rows) {
      bool matches = true;
      for (const auto& [field, value] : key) {
        auto it = row.find(field);
        matches = matches && it != row.end() && it->is_string() &&
                  it->get<std::string>() == value;
      }
      if (!matches) continue;
      exists = true;
      std::optional<absl::Time> modified = ModifiedTimeOf(row);
      if (modified.has_value() && *modified >= sent_at - kReadBackClockSkew) {
        recent.push_back(GsidOf(row));
      }
    }
    const std::string read_back = "; read back from Gainsight: ";
    if (recent.size() == 1) {
      Answer(index, recent[0], absl::OkStatus());
    } else if (recent.size() > 1) {
      Answer(index, "",
             OutcomeUnknown(absl::StrCat(recent.size(), " records match it"),
                            recent));
    } else if (target_.update && !exists) {
      Answer(index, "", NotFound(kGsidField));
    } else {
      absl::Status status(
          fallback.code(),
          absl::StrCat(fallback.message(), read_back,
                       target_.update ? "the record shows no change"
                                      : "no such record was written"));
      google::rpc::ErrorInfo info;
      if (GetErrorInfo(fallback, &info)) {
        AttachErrorInfo(status, info.reason(),
                        {info.metadata().begin(), info.metadata().end()});
      }
      Answer(index, "", status);
    }
  }

  absl::Status OutcomeUnknown(const std::string& why,
                              const std::vector<std::string>& candidates) {
    absl::Status status = absl::UnknownError(absl::StrCat(
        "Gainsight's answer did not say whether this ", target_.noun,
        " was written, and ", why, "; check before writing it again"));
    std::vector<std::string> shown(
        candidates.begin(),
        candidates.begin() + std::min(candidates.size(), kMaxCandidates));
    AttachErrorInfo(status, kOutcomeUnknownReason,
                    {{"candidate_gsids", absl::StrJoin(shown, ",")}});
    return status;
  }

  // Whether a whole-call refusal is about the records (so that isolating
  // them helps) rather than the call (auth, route, availability).
  static bool RejectsRecords(const absl::Status& status) {
    google::rpc::ErrorInfo info;
    if (!GetErrorInfo(status, &info)) return false;
    return status.code() == absl::StatusCode::kInvalidArgument ||
           (status.code() == absl::StatusCode::kNotFound &&
            info.reason() == reason::kNoMatch);
  }

  // The status of a record Gainsight reported failed.
  absl::Status FailureStatus(int index, const CockpitRecordAnswer& a) {
    std::string field = a.field_name;
    if (field.empty()) field = FieldNamedIn(a.error_text, records_[index]);
    const bool no_match = a.error_code == kCockpitNoMatchCode ||
                          a.error_code == kCockpitInvalidGsidCode;
    if (no_match && target_.update && field.empty()) field = kGsidField;
    if (no_match) {
      for (const CockpitWriteTarget::NotFound& nf : target_.not_found) {
        if (nf.api_name == field) return NotFound(field, a.error_code);
      }
    }
    RecordError error;
    error.index = index;
    error.field_name = field.empty() || !target_.proto_field
                           ? field
                           : target_.proto_field(field);
    error.error_code = a.error_code;
    error.error_desc = a.error_text;
    return RecordErrorStatus(error, Path(index));
  }

  absl::Status NotFound(const std::string& api_name,
                        const std::string& code = "") {
    for (const CockpitWriteTarget::NotFound& nf : target_.not_found) {
      if (nf.api_name != api_name) continue;
      absl::Status status = absl::NotFoundError(nf.message);
      AttachErrorInfo(status, nf.reason, {{"gainsight_error_code", code}});
      return status;
    }
    return absl::NotFoundError(absl::StrCat("no ", target_.noun, " matches"));
  }

  void Answer(int index, const std::string& gsid, const absl::Status& status) {
    absl::MutexLock lock(&mu_);
    RecordResult& r = results_[index];
    if (status.ok()) {
      r.set_gsid(gsid);
      r.set_action(target_.update ? gainsight::v1::WRITE_ACTION_UPDATED
                                  : gainsight::v1::WRITE_ACTION_INSERTED);
    } else {
      *r.mutable_error() = ToRpcStatus(status);
    }
    answered_[index] = true;
  }

  std::vector<int> Pending() {
    absl::MutexLock lock(&mu_);
    std::vector<int> pending;
    for (size_t i = 0; i < answered_.size(); ++i) {
      if (!answered_[i]) pending.push_back(static_cast<int>(i));
    }
    return pending;
  }

  std::string Path(int index) const {
    return absl::StrCat(target_.records_field, "[", index, "]");
  }

  void FailRequest(absl::Status status) {
    CockpitWriteDone done = std::move(done_);
    done(std::move(status));
  }

  void Finish() {
    std::vector<RecordResult> results;
    {
      absl::MutexLock lock(&mu_);
      results = std::move(results_);
    }
    CockpitWriteDone done = std::move(done_);
    done(std::move(results));
  }

  const CockpitWriteDeps deps_;
  const std::unique_ptr<CockpitObjectWriter> object_;
  const CockpitWriteTarget& target_;
  const CallContext context_;
  CockpitWriteDone done_;
  // The resolved record of each index (step 4), read by the write steps.
  std::vector<Json> records_;

  absl::Mutex mu_;
  std::vector<RecordResult> results_ ABSL_GUARDED_BY(mu_);
  std::vector<bool> answered_ ABSL_GUARDED_BY(mu_);
  std::deque<std::vector<int>> chunks_ ABSL_GUARDED_BY(mu_);
  int remaining_chunks_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace

void RunCockpitWrite(CockpitWriteDeps deps,
                     std::unique_ptr<CockpitObjectWriter> object,
                     CallContext context, CockpitWriteDone done) {
  std::make_shared<CockpitWrite>(deps, std::move(object), std::move(context),
                                 std::move(done))
      ->Start();
}

}  // namespace gg
