#include "ops/record_ops.h"

#include <algorithm>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "common/countdown.h"
#include "common/status_details.h"
#include "gainsight/error_mapping.h"
#include "gainsight/json_value.h"
#include "gainsight/write_answers.h"
#include "ops/call_coalescer.h"
#include "ops/upsert_claims.h"

namespace gg {
namespace {

using gainsight::v1::WriteAction;
using Done = absl::AnyInvocable<void()>;
using Slice = CallCoalescer::Slice;
// What one upstream call answered for some of its records.
using Answer = absl::AnyInvocable<void(const UpstreamOutcome&, Slice)>;

enum class WriteKind { kInsert, kUpdate, kUpsert, kDelete };

// Canonical text of a key value, so that 250000 and 250000.0 match.
std::string KeyText(const Json& value) {
  if (value.is_number()) return absl::StrCat(value.get<double>());
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

// The query that finds the existing records with `records`' key values: one
// IN condition per key field (so at most three conditions).
// Adds `field` IN the values `records` hold under `value_key` (each value
// once; a record without it counts as null).
void AddInCondition(QuerySpec& spec, const std::string& field,
                    const std::vector<Json>& records,
                    const std::string& value_key) {
  auto* condition = spec.filter.add_conditions();
  condition->set_field(field);
  condition->set_operator_(gainsight::v1::OPERATOR_IN);
  std::set<std::string> seen;
  for (const Json& record : records) {
    const Json* value = &record;
    if (!value_key.empty()) {
      auto it = record.find(value_key);
      static const Json kNull;
      value = it == record.end() ? &kNull : &*it;
    }
    if (!seen.insert(KeyText(*value)).second) continue;
    *condition->add_values() = JsonToValue(*value);
  }
}

// The query that finds the existing records with `records`' key values: one
// IN condition per key field (so at most three conditions).
QuerySpec LookupSpec(const std::vector<std::string>& keys,
                     const std::vector<Json>& records) {
  QuerySpec spec;
  spec.select = {"Gsid"};
  for (const std::string& key : keys) {
    if (key != "Gsid") spec.select.push_back(key);
  }
  for (const std::string& key : keys) AddInCondition(spec, key, records, key);
  spec.limit = kMaxQueryLimit;
  return spec;
}

// The rows of `select` whose `field` is one of `values`.
QuerySpec InSpec(const std::vector<std::string>& select,
                 const std::string& field, const std::vector<Json>& values) {
  QuerySpec spec;
  spec.select = select;
  AddInCondition(spec, field, values, /*value_key=*/"");
  spec.limit = kMaxQueryLimit;
  return spec;
}

// One page of `spec` over `object`.
GainsightCall QueryCall(const std::string& object, const QuerySpec& spec) {
  GainsightCall call;
  call.endpoint = EndpointId::kObjectQuery;
  call.path_params = {{"object", object}};
  call.body = BuildQueryBody(spec);
  return call;
}

// One batch write request, from chunking to the last outcome.
class WriteJob : public std::enable_shared_from_this<WriteJob> {
 public:
  WriteJob(GainsightClient* client, CallCoalescer* coalescer,
           UpsertClaims* claims, ReadCache* read_cache, WriteKind kind,
           WriteOptions options, std::vector<Json> records,
           std::vector<std::string> keys, CallContext context,
           RecordOps::WriteCallback done)
      : client_(client),
        coalescer_(coalescer),
        claims_(claims),
        read_cache_(read_cache),
        kind_(kind),
        options_(std::move(options)),
        records_(std::move(records)),
        keys_(std::move(keys)),
        context_(std::move(context)),
        outcomes_(records_.size()),
        done_(std::move(done)) {}

  void Start() {
    const int size = kind_ == WriteKind::kDelete ? 1 : options_.chunk_size;
    bool none;
    {
      absl::MutexLock lock(&mu_);
      for (size_t begin = 0; begin < records_.size(); begin += size) {
        std::vector<int> chunk;
        for (size_t i = begin; i < std::min(records_.size(), begin + size);
             ++i) {
          chunk.push_back(static_cast<int>(i));
        }
        pending_.push_back(std::move(chunk));
      }
      remaining_chunks_ = static_cast<int>(pending_.size());
      none = remaining_chunks_ == 0;
    }
    if (none) {
      Finish();
      return;
    }
    for (int i = 0; i < options_.chunk_concurrency; ++i) StartNext();
  }

 private:
  void StartNext() {
    std::vector<int> chunk;
    {
      absl::MutexLock lock(&mu_);
      if (pending_.empty()) return;
      chunk = std::move(pending_.front());
      pending_.pop_front();
    }
    auto self = shared_from_this();
    Done chunk_done = [self] {
      bool last;
      {
        absl::MutexLock lock(&self->mu_);
        last = --self->remaining_chunks_ == 0;
      }
      if (last) {
        self->Finish();
      } else {
        self->StartNext();
      }
    };
    switch (kind_) {
      case WriteKind::kInsert:
        Insert(std::move(chunk), /*alone=*/false, std::move(chunk_done));
        break;
      case WriteKind::kUpdate:
        Update(std::move(chunk), /*looked_up=*/false, /*alone=*/false,
               std::move(chunk_done));
        break;
      case WriteKind::kUpsert:
        Upsert(std::move(chunk), std::move(chunk_done));
        break;
      case WriteKind::kDelete:
        Delete(chunk.front(), std::move(chunk_done));
        break;
    }
  }

  void Finish() {
    RecordOps::WriteCallback done = std::move(done_);
    std::vector<RecordOutcome> outcomes;
    {
      absl::MutexLock lock(&mu_);
      outcomes = std::move(outcomes_);
    }
    done(std::move(outcomes));
  }

  void SetOutcome(int index, RecordOutcome outcome) {
    absl::MutexLock lock(&mu_);
    outcomes_[index] = std::move(outcome);
  }
  void FailAll(const std::vector<int>& indices, const absl::Status& status) {
    for (int i : indices) SetOutcome(i, RecordOutcome{"", {}, status});
  }

  std::vector<Json> RecordsAt(const std::vector<int>& indices) const {
    std::vector<Json> records;
    records.reserve(indices.size());
    for (int i : indices) records.push_back(records_[i]);
    return records;
  }

  // Sends the records at `indices` to `endpoint`, together with other
  // callers' compatible records when a coalescer is set and `alone` is false
  // (a resend that must tell which record Gainsight refuses goes alone).
  void SendRecords(EndpointId endpoint, std::string query,
                   const std::vector<int>& indices, bool alone, Answer answer) {
    CallCoalescer::BuildCall build =
        [endpoint, object = options_.object, query,
         lookups = options_.lookups](const std::vector<Json>& records) {
          GainsightCall call;
          call.endpoint = endpoint;
          call.path_params = {{"object", object}};
          call.query = query;
          call.body = MdaWriteBody(records, lookups);
          call.record_count = static_cast<int>(records.size());
          return call;
        };
    std::vector<Json> records = RecordsAt(indices);
    if (read_cache_ != nullptr) {
      // Dropped when the write ends too: a read sent meanwhile is not kept.
      read_cache_->Invalidate(options_.object);
      answer = [cache = read_cache_, object = options_.object,
                answer = std::move(answer)](const UpstreamOutcome& o,
                                            Slice slice) mutable {
        cache->Invalidate(object);
        answer(o, slice);
      };
    }
    CallMaybeCoalesced(
        client_, alone ? nullptr : coalescer_,
        absl::StrCat(static_cast<int>(endpoint), "|", options_.object, "|",
                     query, "|", options_.lookups.dump()),
        std::move(records), std::move(build), context_, std::move(answer));
  }

  // A successful write: data.records holds one {"Gsid"} per record, in
  // order. A record whose GSID the answer does not give was still written:
  // its GSID comes from an earlier lookup, else (updates) from reading it
  // back by its keys, else it stays empty. Never a failure.
  // `slice` says where the records sat in the call.
  void Written(const std::vector<int>& indices, const Json& data, Slice slice,
               WriteAction action, EndpointId endpoint, Done done) {
    std::vector<std::optional<std::string>> gsids =
        WrittenGsids(data, slice.batch_size);
    std::vector<int> missing;
    for (size_t j = 0; j < indices.size(); ++j) {
      const int index = indices[j];
      const size_t position = slice.offset + j;
      if (position < gsids.size() && gsids[position].has_value()) {
        SetOutcome(index, {*gsids[position], action, {}});
        continue;
      }
      std::string known = KnownGsid(index);
      if (!known.empty()) {
        SetOutcome(index, {known, action, {}});
      } else {
        missing.push_back(index);
      }
    }
    const bool miscounted =
        gsids.size() != static_cast<size_t>(slice.batch_size);
    if ((miscounted && slice.offset == 0) || !missing.empty()) {
      client_->ReportUnreadable(endpoint, "data.records[].Gsid", data,
                                context_);
    }
    if (missing.empty()) {
      done();
      return;
    }
    for (int index : missing) SetOutcome(index, {"", action, {}});
    if (action != gainsight::v1::WRITE_ACTION_UPDATED || keys_.empty()) {
      done();
      return;
    }
    auto self = shared_from_this();
    LookupThen(missing,
               [self, missing, action, done = std::move(done)](
                   absl::StatusOr<std::map<int, std::string>> found) mutable {
                 if (found.ok()) {
                   for (const auto& [index, gsid] : *found) {
                     self->SetOutcome(index, {gsid, action, {}});
                   }
                 }
                 done();
               });
  }

  // The GSID an earlier lookup found for a record ("" when none).
  std::string KnownGsid(int index) {
    absl::MutexLock lock(&mu_);
    auto it = known_gsids_.find(index);
    return it == known_gsids_.end() ? "" : it->second;
  }

  using Resend = absl::AnyInvocable<void(std::vector<int>, bool alone, Done)>;

  // Gainsight refused a write. Records it names get their own errors; the
  // others are sent again (`resend`) or fail ABORTED. When it names none,
  // the records are halved and sent alone until it does (a last resort:
  // each half costs a call). `slice` says where the records sat in the call,
  // which may have carried other callers' records too.
  void Rejected(const std::vector<int>& indices, const UpstreamOutcome& outcome,
                Slice slice, EndpointId endpoint, Resend resend, Done done) {
    const RejectedRecords rejected =
        ReadRejectedRecords(outcome.data, slice.batch_size);
    google::rpc::ErrorInfo info;
    const bool invalid_record = GetErrorInfo(outcome.status, &info) &&
                                info.reason() == reason::kInvalidRecord;
    const bool record_level =
        invalid_record ||
        (rejected.per_record &&
         outcome.status.code() == absl::StatusCode::kInvalidArgument);
    if (!record_level) {
      FailAll(indices, outcome.status);
      done();
      return;
    }
    if (rejected.unreadable && slice.offset == 0) {
      client_->ReportUnreadable(endpoint, "data.errors[] per record",
                                outcome.data, context_);
    }
    std::set<int> bad;
    for (const auto& [position, errors] : rejected.by_position) {
      if (position < slice.offset || position >= slice.offset + slice.count) {
        continue;  // another caller's record
      }
      const int index = indices[position - slice.offset];
      bad.insert(index);
      SetOutcome(index,
                 {"", {}, RecordErrorsStatus(errors, RecordPath(index))});
    }
    std::vector<int> rest;
    for (int i : indices) {
      if (bad.count(i) == 0) rest.push_back(i);
    }
    if (rest.empty()) {
      done();
      return;
    }
    if (slice.batch_size == 1) {  // the call's only record
      absl::Status status = outcome.status;
      SetOutcome(rest.front(), {"", {}, status});
      done();
      return;
    }
    if (!options_.isolate_rejected) {
      std::vector<std::string> named;
      for (int i : bad) named.push_back(RecordPath(i));
      absl::Status status = absl::AbortedError(absl::StrCat(
          "not written: Gainsight rejected the whole call because of ",
          named.empty() ? "an invalid record" : absl::StrJoin(named, ", ")));
      AttachErrorInfo(status, "REJECTED_WITH_OTHER_RECORDS");
      FailAll(rest, status);
      done();
      return;
    }
    if (!rejected.by_position.empty()) {
      // Gainsight named the records it refused: the rest is valid.
      resend(std::move(rest), /*alone=*/false, std::move(done));
      return;
    }
    // Gainsight did not say which records: halve until it does.
    if (rest.size() == 1) {
      resend(std::move(rest), /*alone=*/true, std::move(done));
      return;
    }
    std::vector<int> first(rest.begin(), rest.begin() + rest.size() / 2);
    std::vector<int> second(rest.begin() + rest.size() / 2, rest.end());
    auto join = Countdown::Make(2, std::move(done));
    auto resend_ptr = std::make_shared<Resend>(std::move(resend));
    (*resend_ptr)(std::move(first), true, [join] { join->PartDone(); });
    (*resend_ptr)(std::move(second), true, [join] { join->PartDone(); });
  }

  std::string RecordPath(int index) const {
    return absl::StrCat(options_.field_prefix, "[", index, "]");
  }

  void Insert(std::vector<int> indices, bool alone, Done done) {
    auto self = shared_from_this();
    SendRecords(EndpointId::kObjectInsert, "", indices, alone,
                [self, indices, done = std::move(done)](
                    const UpstreamOutcome& o, Slice slice) mutable {
                  if (o.status.ok()) {
                    self->Written(indices, o.data, slice,
                                  gainsight::v1::WRITE_ACTION_INSERTED,
                                  EndpointId::kObjectInsert, std::move(done));
                    return;
                  }
                  self->Rejected(
                      indices, o, slice, EndpointId::kObjectInsert,
                      [self](std::vector<int> rest, bool alone, Done d) {
                        self->Insert(std::move(rest), alone, std::move(d));
                      },
                      std::move(done));
                });
  }

  std::string KeysQuery() const {
    return absl::StrCat("keys=", absl::StrJoin(keys_, ","));
  }

  // PUT by keys. Without a lookup first, a NOT_FOUND (some record matches
  // nothing) triggers one to tell which.
  void Update(std::vector<int> indices, bool looked_up, bool alone, Done done) {
    auto self = shared_from_this();
    SendRecords(
        EndpointId::kObjectUpdate, KeysQuery(), indices, alone,
        [self, indices, looked_up, done = std::move(done)](
            const UpstreamOutcome& o, Slice slice) mutable {
          if (o.status.ok()) {
            self->Written(indices, o.data, slice,
                          gainsight::v1::WRITE_ACTION_UPDATED,
                          EndpointId::kObjectUpdate, std::move(done));
            return;
          }
          if (o.status.code() == absl::StatusCode::kNotFound && !looked_up) {
            self->Lookup(indices, [self, done = std::move(done)](
                                      std::vector<int> matched) mutable {
              if (matched.empty()) {
                done();
              } else {
                self->Update(std::move(matched), true, false, std::move(done));
              }
            });
            return;
          }
          self->Rejected(
              indices, o, slice, EndpointId::kObjectUpdate,
              [self](std::vector<int> rest, bool alone, Done d) {
                self->Update(std::move(rest), true, alone, std::move(d));
              },
              std::move(done));
        });
  }

  // Looks the records up by keys, updates those found and inserts the
  // rest. A record whose key another upsert is inserting right now (another
  // caller's, or an earlier record of this request) waits for that insert
  // and is then updated instead: one key is never inserted twice.
  void Upsert(std::vector<int> indices, Done done) {
    auto self = shared_from_this();
    auto done_ptr = std::make_shared<Done>(std::move(done));
    LookupThen(
        indices, [self, indices, done_ptr](
                     absl::StatusOr<std::map<int, std::string>> matched) {
          if (!matched.ok()) {
            // Never insert what may exist: the whole chunk fails.
            self->FailAll(indices, matched.status());
            (*done_ptr)();
            return;
          }
          std::vector<int> to_update, unmatched;
          for (int i : indices) {
            (matched->count(i) ? to_update : unmatched).push_back(i);
          }
          // One part for the update, one per unmatched record.
          auto join = Countdown::Make(1 + static_cast<int>(unmatched.size()),
                                      [done_ptr] { (*done_ptr)(); });
          if (to_update.empty()) {
            join->PartDone();
          } else {
            self->Update(std::move(to_update), true, false,
                         [join] { join->PartDone(); });
          }
          std::vector<int> to_insert;
          for (int i : unmatched) {
            const bool claimed = self->claims_->Claim(
                self->ClaimKey(i), [self, i, join](bool exists) {
                  if (!exists) {
                    self->InsertClaimed({i}, join);
                    return;
                  }
                  self->Update({i}, /*looked_up=*/false, false,
                               [self, i, join] {
                                 self->claims_->Finish(self->ClaimKey(i), true);
                                 join->PartDone();
                               });
                });
            if (claimed) to_insert.push_back(i);
          }
          if (!to_insert.empty())
            self->InsertClaimed(std::move(to_insert), join);
        });
  }

  // Inserts records whose keys this job claimed, then hands each key to the
  // upserts waiting for it.
  void InsertClaimed(std::vector<int> indices,
                     std::shared_ptr<Countdown> join) {
    auto self = shared_from_this();
    Insert(indices, false, [self, indices, join] {
      for (int i : indices) {
        self->claims_->Finish(self->ClaimKey(i), self->Succeeded(i));
        join->PartDone();
      }
    });
  }

  std::string ClaimKey(int index) const {
    return absl::StrCat(options_.object, "\x1e", absl::StrJoin(keys_, ","),
                        "\x1e", RecordKeyText(records_[index]));
  }

  bool Succeeded(int index) {
    absl::MutexLock lock(&mu_);
    return outcomes_[index].error.ok();
  }

  // Finds which records of `indices` match an existing record by keys;
  // records that match nothing get NOT_FOUND. Calls `then` with the matches.
  void Lookup(const std::vector<int>& indices,
              absl::AnyInvocable<void(std::vector<int>)> then) {
    auto self = shared_from_this();
    LookupThen(indices,
               [self, indices, then = std::move(then)](
                   absl::StatusOr<std::map<int, std::string>> matched) mutable {
                 if (!matched.ok()) {
                   self->FailAll(indices, matched.status());
                   then({});
                   return;
                 }
                 std::vector<int> found;
                 for (int i : indices) {
                   if (matched->count(i)) {
                     found.push_back(i);
                     continue;
                   }
                   absl::Status status = absl::NotFoundError(absl::StrCat(
                       "no ", self->options_.object, " matches the keys (",
                       absl::StrJoin(self->keys_, ", "), ") of ",
                       self->RecordPath(i)));
                   AttachErrorInfo(status, reason::kNoMatch);
                   self->SetOutcome(i, {"", {}, status});
                 }
                 then(std::move(found));
               });
  }

  // Queries the object for the records' key values (LookupSpec), then
  // matches rows to records: each matched record with the GSID of its first
  // row (kept for the write's answer, which may not give it). With a
  // coalescer, the first page is one query for every caller's keys.
  using Matched = absl::StatusOr<std::map<int, std::string>>;
  void LookupThen(std::vector<int> indices,
                  absl::AnyInvocable<void(Matched)> then) {
    std::vector<Json> records = RecordsAt(indices);
    auto state = std::make_shared<LookupState>();
    state->indices = std::move(indices);
    state->spec = LookupSpec(keys_, records);
    state->then = std::move(then);
    if (coalescer_ == nullptr) {
      LookupPage(std::move(state));
      return;
    }
    CallCoalescer::BuildCall build = [object = options_.object, keys = keys_](
                                         const std::vector<Json>& records) {
      return QueryCall(object, LookupSpec(keys, records));
    };
    auto self = shared_from_this();
    coalescer_->Call(
        absl::StrCat(static_cast<int>(EndpointId::kObjectQuery), "|",
                     options_.object, "|", absl::StrJoin(keys_, ",")),
        std::move(records), std::move(build), context_,
        [self, state](const UpstreamOutcome& o, Slice slice) {
          self->OnLookupPage(state, o,
                             /*shared=*/slice.batch_size > slice.count);
        });
  }

  struct LookupState {
    std::vector<int> indices;
    QuerySpec spec;
    // Key text -> GSID of the first row with those keys.
    std::map<std::string, std::string> found_keys;
    absl::AnyInvocable<void(Matched)> then;
  };

  std::string RecordKeyText(const Json& record) const {
    std::vector<std::string> parts;
    for (const std::string& key : keys_) {
      auto it = record.find(key);
      parts.push_back(it == record.end() ? "" : KeyText(*it));
    }
    return absl::StrJoin(parts, "\x1f");
  }

  void LookupPage(std::shared_ptr<LookupState> state) {
    GainsightCall call = QueryCall(options_.object, state->spec);
    auto self = shared_from_this();
    client_->Call(std::move(call), context_, [self, state](UpstreamOutcome o) {
      self->OnLookupPage(state, o, /*shared=*/false);
    });
  }

  // `shared`: the query looked up other callers' keys too.
  void OnLookupPage(const std::shared_ptr<LookupState>& state,
                    const UpstreamOutcome& o, bool shared) {
    std::vector<Json> rows;
    if (o.status.ok()) {
      absl::StatusOr<std::vector<Json>> parsed = ParseQueryRows(o.data);
      if (!parsed.ok()) {
        // Nothing is written for these records: which exist is unknown.
        client_->ReportUnreadable(EndpointId::kObjectQuery, "data.records[]",
                                  o.data, context_);
        state->then(parsed.status());
        return;
      }
      rows = *std::move(parsed);
    } else if (o.status.code() != absl::StatusCode::kNotFound) {
      state->then(o.status);
      return;
    }
    for (const Json& row : rows) {
      auto gsid = row.is_object() ? row.find("Gsid") : row.end();
      state->found_keys.emplace(RecordKeyText(row),
                                gsid != row.end() && gsid->is_string()
                                    ? gsid->get<std::string>()
                                    : "");
    }
    if (static_cast<int>(rows.size()) == state->spec.limit) {
      if (shared) {
        // A full page of a query shared with other callers: page through
        // this caller's own keys from the start instead.
        state->found_keys.clear();
      } else {
        state->spec.offset += state->spec.limit;
      }
      LookupPage(state);
      return;
    }
    std::map<int, std::string> matched;
    for (int i : state->indices) {
      auto it = state->found_keys.find(RecordKeyText(records_[i]));
      if (it == state->found_keys.end()) continue;
      matched[i] = it->second;
      if (!it->second.empty()) {
        absl::MutexLock lock(&mu_);
        known_gsids_[i] = it->second;
      }
    }
    state->then(std::move(matched));
  }

  void Delete(int index, Done done) {
    GainsightCall call;
    call.endpoint = EndpointId::kObjectDelete;
    const std::string gsid = records_[index].get<std::string>();
    call.path_params = {{"object", options_.object}, {"gsid", gsid}};
    if (read_cache_ != nullptr) read_cache_->Invalidate(options_.object);
    auto self = shared_from_this();
    client_->Call(
        std::move(call), context_,
        [self, index, gsid, done = std::move(done)](UpstreamOutcome o) mutable {
          if (self->read_cache_ != nullptr) {
            self->read_cache_->Invalidate(self->options_.object);
          }
          if (o.status.ok()) {
            self->SetOutcome(index,
                             {gsid, gainsight::v1::WRITE_ACTION_DELETED, {}});
          } else {
            self->SetOutcome(index, {"", {}, o.status});
          }
          done();
        });
  }

  GainsightClient* const client_;
  CallCoalescer* const coalescer_;  // null: every call goes alone
  UpsertClaims* const claims_;
  ReadCache* const read_cache_;  // null: no cache to keep current
  const WriteKind kind_;
  const WriteOptions options_;
  const std::vector<Json> records_;
  const std::vector<std::string> keys_;
  const CallContext context_;

  absl::Mutex mu_;
  std::vector<RecordOutcome> outcomes_ ABSL_GUARDED_BY(mu_);
  std::deque<std::vector<int>> pending_ ABSL_GUARDED_BY(mu_);
  // GSIDs lookups found, by record index.
  std::map<int, std::string> known_gsids_ ABSL_GUARDED_BY(mu_);
  int remaining_chunks_ ABSL_GUARDED_BY(mu_) = 0;
  RecordOps::WriteCallback done_;
};

}  // namespace

void RecordOps::Insert(WriteOptions options, std::vector<Json> records,
                       CallContext context, WriteCallback done) {
  std::make_shared<WriteJob>(client_, coalescer_, &claims_, read_cache_,
                             WriteKind::kInsert, std::move(options),
                             std::move(records), std::vector<std::string>{},
                             std::move(context), std::move(done))
      ->Start();
}

void RecordOps::Update(WriteOptions options, std::vector<Json> records,
                       std::vector<std::string> keys, CallContext context,
                       WriteCallback done) {
  std::make_shared<WriteJob>(client_, coalescer_, &claims_, read_cache_,
                             WriteKind::kUpdate, std::move(options),
                             std::move(records), std::move(keys),
                             std::move(context), std::move(done))
      ->Start();
}

void RecordOps::Upsert(WriteOptions options, std::vector<Json> records,
                       std::vector<std::string> keys, CallContext context,
                       WriteCallback done) {
  std::make_shared<WriteJob>(client_, coalescer_, &claims_, read_cache_,
                             WriteKind::kUpsert, std::move(options),
                             std::move(records), std::move(keys),
                             std::move(context), std::move(done))
      ->Start();
}

void RecordOps::Delete(WriteOptions options, std::vector<std::string> gsids,
                       CallContext context, WriteCallback done) {
  std::vector<Json> records(gsids.begin(), gsids.end());
  std::make_shared<WriteJob>(client_, coalescer_, &claims_, read_cache_,
                             WriteKind::kDelete, std::move(options),
                             std::move(records), std::vector<std::string>{},
                             std::move(context), std::move(done))
      ->Start();
}

RecordOps::RecordOps(GainsightClient* client, CallCoalescer* coalescer,
                     ReadCache* read_cache)
    : client_(client),
      coalescer_(coalescer),
      shared_reads_(coalescer != nullptr ? std::make_unique<SharedReads>(client)
                                         : nullptr),
      read_cache_(read_cache) {}

void RecordOps::NoteWrite(const std::string& object) {
  if (read_cache_ != nullptr) read_cache_->Invalidate(object);
}

namespace {

// The rows of a query's outcome; "no data found" is no rows.
absl::StatusOr<std::vector<Json>> RowsOf(const UpstreamOutcome& o) {
  if (o.status.ok()) return ParseQueryRows(o.data);
  google::rpc::ErrorInfo info;
  if (o.status.code() == absl::StatusCode::kNotFound &&
      GetErrorInfo(o.status, &info) && info.reason() == reason::kNoMatch) {
    return std::vector<Json>{};
  }
  return o.status;
}

}  // namespace

void RecordOps::Query(std::string object, QuerySpec spec, CallContext context,
                      RowsCallback done) {
  GainsightCall call = QueryCall(object, spec);
  client_->Call(
      std::move(call), std::move(context),
      [done = std::move(done)](UpstreamOutcome o) mutable { done(RowsOf(o)); });
}

void RecordOps::Read(std::string object, QuerySpec spec, CallContext context,
                     RowsCallback done, bool cacheable) {
  GainsightCall call = QueryCall(object, spec);
  ReadCache* cache = cacheable ? read_cache_ : nullptr;
  std::string key;
  uint64_t generation = 0;
  if (cache != nullptr) {
    key = call.body->dump();
    if (std::optional<Json> data = cache->Get(object, key)) {
      done(ParseQueryRows(*data));
      return;
    }
    generation = cache->Generation(object);
  }
  auto answer = [done = std::move(done), cache, object, key,
                 generation](const UpstreamOutcome& o) mutable {
    if (cache != nullptr && o.status.ok()) {
      cache->Put(object, key, generation, o.data);
    }
    done(RowsOf(o));
  };
  if (shared_reads_ == nullptr) {
    client_->Call(
        std::move(call), std::move(context),
        [answer = std::move(answer)](UpstreamOutcome o) mutable { answer(o); });
    return;
  }
  shared_reads_->Call(std::move(call), std::move(context), std::move(answer));
}

void RecordOps::QueryIn(std::string object, std::vector<std::string> select,
                        std::string field, std::vector<std::string> values,
                        CallContext context, RowsCallback done) {
  std::vector<Json> items(values.begin(), values.end());
  if (coalescer_ == nullptr) {
    Query(std::move(object), InSpec(select, field, items), std::move(context),
          std::move(done));
    return;
  }
  CallCoalescer::BuildCall build = [object, select,
                                    field](const std::vector<Json>& items) {
    return QueryCall(object, InSpec(select, field, items));
  };
  const std::string key =
      absl::StrCat("in|", object, "|", field, "|", absl::StrJoin(select, ","));
  CallContext alone = context;
  coalescer_->Call(
      key, items, std::move(build), std::move(context),
      [this, object, select, field, items, alone = std::move(alone),
       done = std::move(done)](const UpstreamOutcome& o,
                               CallCoalescer::Slice slice) mutable {
        absl::StatusOr<std::vector<Json>> rows = RowsOf(o);
        const bool shared = slice.batch_size > slice.count;
        if (shared && rows.ok() &&
            static_cast<int>(rows->size()) >= kMaxQueryLimit) {
          Query(object, InSpec(select, field, items), std::move(alone),
                std::move(done));
          return;
        }
        done(std::move(rows));
      });
}

}  // namespace gg
