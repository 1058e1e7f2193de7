#include "ops/people_ops.h"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "common/status_details.h"
#include "gainsight/company_mapping.h"
#include "gainsight/error_mapping.h"
#include "gainsight/person_mapping.h"
#include "gainsight/write_answers.h"

namespace gg {
namespace {

// Most companies an ambiguous company name lists.
constexpr size_t kMaxPersonCompanyCandidates = 10;

using Done = absl::AnyInvocable<void()>;
using UpsertTask = absl::AnyInvocable<void(int index, Done done)>;

// Runs task(0) .. task(count - 1) with at most `concurrency` in flight, then
// `all_done`.
class BoundedRun : public std::enable_shared_from_this<BoundedRun> {
 public:
  static void Start(int count, int concurrency, UpsertTask task,
                    Done all_done) {
    auto run = std::make_shared<BoundedRun>();
    run->count_ = count;
    {
      absl::MutexLock lock(&run->mu_);
      run->remaining_ = count;
    }
    run->task_ = std::move(task);
    run->all_done_ = std::move(all_done);
    if (count == 0) {
      run->all_done_();
      return;
    }
    for (int i = 0; i < std::max(1, concurrency); ++i) run->Next();
  }

 private:
  void Next() {
    int index;
    {
      absl::MutexLock lock(&mu_);
      if (next_ >= count_) return;
      index = next_++;
    }
    auto self = shared_from_this();
    task_(index, [self] {
      bool last;
      {
        absl::MutexLock lock(&self->mu_);
        last = --self->remaining_ == 0;
      }
      if (last) {
        self->all_done_();
      } else {
        self->Next();
      }
    });
  }

  absl::Mutex mu_;
  int count_ = 0;
  int next_ ABSL_GUARDED_BY(mu_) = 0;
  int remaining_ ABSL_GUARDED_BY(mu_) = 0;
  UpsertTask task_;
  Done all_done_;
};

std::string EmailOf(const Json& body) {
  auto it = body.find("Email");
  if (it == body.end() || !it->is_string()) return "";
  return absl::AsciiStrToLower(it->get<std::string>());
}

// Shared state of one batch: the outcomes, filled from several threads.
struct Outcomes {
  explicit Outcomes(size_t n) : outcomes(n) {}
  void Set(int index, RecordOutcome outcome) {
    absl::MutexLock lock(&mu);
    outcomes[index] = std::move(outcome);
  }
  std::vector<RecordOutcome> Take() {
    absl::MutexLock lock(&mu);
    return std::move(outcomes);
  }
  absl::Mutex mu;
  std::vector<RecordOutcome> outcomes ABSL_GUARDED_BY(mu);
};

// Company names of the associations given by name only.
std::vector<std::string> CompanyNames(const Json& body) {
  std::vector<std::string> names;
  auto companies = body.find(kCompaniesKey);
  if (companies == body.end() || !companies->is_array()) return names;
  for (const Json& company : *companies) {
    auto name = company.find(kCompanyNamePath);
    if (name != company.end() && name->is_string()) {
      names.push_back(name->get<std::string>());
    }
  }
  return names;
}

// Reads the GSID of the person `body` names back by its Email (one query);
// "" when that fails or finds nobody.
void ReadBackGsid(RecordOps* records, const Json& body,
                  const CallContext& context,
                  absl::AnyInvocable<void(std::string)> done) {
  auto email = body.find("Email");
  if (email == body.end() || !email->is_string()) {
    done("");
    return;
  }
  QuerySpec spec;
  spec.select = {"Gsid", "Email"};
  auto* condition = spec.filter.add_conditions();
  condition->set_field("Email");
  condition->set_operator_(gainsight::v1::OPERATOR_EQ);
  condition->add_values()->set_string_value(email->get<std::string>());
  spec.limit = 1;
  records->Query(
      kPersonObject, std::move(spec), context,
      [done = std::move(done)](absl::StatusOr<std::vector<Json>> rows) mutable {
        std::string gsid;
        if (rows.ok() && !rows->empty() && rows->front().is_object()) {
          auto it = rows->front().find("Gsid");
          if (it != rows->front().end() && it->is_string()) {
            gsid = it->get<std::string>();
          }
        }
        done(std::move(gsid));
      });
}

absl::Status NoSuchPerson(absl::string_view what) {
  absl::Status status =
      absl::NotFoundError(absl::StrCat("no person with ", what));
  AttachErrorInfo(status, "PERSON_NOT_FOUND");
  return status;
}

}  // namespace

void PeopleOps::Upsert(std::vector<Json> bodies, int concurrency,
                       CallContext context, WriteCallback done) {
  struct State {
    std::vector<Json> bodies;
    CallContext context;
    WriteCallback done;
    std::unique_ptr<Outcomes> outcomes;
    absl::Mutex mu;
    // Lower-cased emails that exist (with the person's GSID), and chunks
    // whose lookup failed.
    std::map<std::string, std::string> existing ABSL_GUARDED_BY(mu);
    std::vector<absl::Status> lookup_error;  // per chunk
    // Company names to find, the GSIDs found for each, and failed chunks.
    std::vector<std::string> names;
    std::map<std::string, std::vector<std::string>> gsids_by_name
        ABSL_GUARDED_BY(mu);
    std::vector<absl::Status> name_error;  // per chunk of names
    // A person that cannot be sent (its company name matched no company).
    std::vector<absl::Status> person_error;
  };
  auto state = std::make_shared<State>();
  const int n = static_cast<int>(bodies.size());
  const int chunks = (n + kPeopleLookupChunk - 1) / kPeopleLookupChunk;
  state->bodies = std::move(bodies);
  state->context = std::move(context);
  state->done = std::move(done);
  state->outcomes = std::make_unique<Outcomes>(state->bodies.size());
  state->lookup_error.resize(chunks);
  state->person_error.resize(n);
  std::set<std::string> names;
  for (const Json& body : state->bodies) {
    for (const std::string& name : CompanyNames(body)) names.insert(name);
  }
  state->names = {names.begin(), names.end()};
  const int name_chunks =
      (static_cast<int>(state->names.size()) + kPeopleLookupChunk - 1) /
      kPeopleLookupChunk;
  state->name_error.resize(name_chunks);
  GainsightClient* client = client_;
  RecordOps* records = records_;

  auto upsert_one = [state, client, records](int index, Done person_done) {
    if (!state->person_error[index].ok()) {
      state->outcomes->Set(index, {"", {}, state->person_error[index]});
      person_done();
      return;
    }
    const int chunk = index / kPeopleLookupChunk;
    if (!state->lookup_error[chunk].ok()) {
      state->outcomes->Set(index, {"", {}, state->lookup_error[chunk]});
      person_done();
      return;
    }
    std::optional<std::string> known_gsid;
    {
      absl::MutexLock lock(&state->mu);
      auto it = state->existing.find(EmailOf(state->bodies[index]));
      if (it != state->existing.end()) known_gsid = it->second;
    }
    GainsightCall call;
    call.endpoint = EndpointId::kPeopleUpsert;
    call.body = state->bodies[index];
    call.record_count = 1;
    records->NoteWrite(kPersonObject);
    client->Call(
        std::move(call), state->context,
        [state, index, known_gsid, client, records,
         person_done = std::move(person_done)](UpstreamOutcome o) mutable {
          records->NoteWrite(kPersonObject);
          if (!o.status.ok()) {
            state->outcomes->Set(index, {"", {}, o.status});
            person_done();
            return;
          }
          const auto action = known_gsid.has_value()
                                  ? gainsight::v1::WRITE_ACTION_UPDATED
                                  : gainsight::v1::WRITE_ACTION_INSERTED;
          if (std::optional<std::string> gsid = UpsertedPersonGsid(o.data)) {
            state->outcomes->Set(index, {*gsid, action, {}});
            person_done();
            return;
          }
          // Gainsight took the person but its answer names no GSID (its
          // shape is undocumented): a success whatever the GSID is.
          client->ReportUnreadable(EndpointId::kPeopleUpsert, "data.Gsid",
                                   o.data, state->context);
          if (known_gsid.has_value() && !known_gsid->empty()) {
            state->outcomes->Set(index, {*known_gsid, action, {}});
            person_done();
            return;
          }
          ReadBackGsid(
              records, state->bodies[index], state->context,
              [state, index, action,
               person_done = std::move(person_done)](std::string gsid) mutable {
                state->outcomes->Set(index, {std::move(gsid), action, {}});
                person_done();
              });
        });
  };

  // The email lookups of concurrent upserts share queries (QueryIn).
  auto lookup_chunk = [state, records](int chunk, Done chunk_done) {
    std::vector<std::string> emails;
    const int begin = chunk * kPeopleLookupChunk;
    const int end =
        std::min<int>(state->bodies.size(), begin + kPeopleLookupChunk);
    for (int i = begin; i < end; ++i) {
      auto it = state->bodies[i].find("Email");
      if (it != state->bodies[i].end() && it->is_string()) {
        emails.push_back(it->get<std::string>());
      }
    }
    records->QueryIn(kPersonObject, {"Gsid", "Email"}, "Email",
                     std::move(emails), state->context,
                     [state, chunk, chunk_done = std::move(chunk_done)](
                         absl::StatusOr<std::vector<Json>> rows) mutable {
                       if (!rows.ok()) {
                         state->lookup_error[chunk] = rows.status();
                       } else {
                         absl::MutexLock lock(&state->mu);
                         for (const Json& row : *rows) {
                           auto gsid = row.find("Gsid");
                           state->existing.emplace(
                               EmailOf(row),
                               gsid != row.end() && gsid->is_string()
                                   ? gsid->get<std::string>()
                                   : "");
                         }
                       }
                       chunk_done();
                     });
  };

  auto name_chunk = [state, records](int chunk, Done chunk_done) {
    const int begin = chunk * kPeopleLookupChunk;
    const int end =
        std::min<int>(state->names.size(), begin + kPeopleLookupChunk);
    std::vector<std::string> names(state->names.begin() + begin,
                                   state->names.begin() + end);
    records->QueryIn(
        kCompanyObject, {"Gsid", "Name"}, "Name", std::move(names),
        state->context,
        [state, chunk, chunk_done = std::move(chunk_done)](
            absl::StatusOr<std::vector<Json>> rows) mutable {
          if (!rows.ok()) {
            state->name_error[chunk] = rows.status();
          } else {
            absl::MutexLock lock(&state->mu);
            for (const Json& row : *rows) {
              auto name = row.find("Name");
              auto gsid = row.find("Gsid");
              if (name == row.end() || !name->is_string() ||
                  gsid == row.end() || !gsid->is_string()) {
                continue;
              }
              state->gsids_by_name[name->get<std::string>()].push_back(
                  gsid->get<std::string>());
            }
          }
          chunk_done();
        });
  };

  auto upsert_all = [state, n, concurrency,
                     upsert_one = std::move(upsert_one)]() mutable {
    BoundedRun::Start(n, concurrency, std::move(upsert_one), [state] {
      WriteCallback done = std::move(state->done);
      done(state->outcomes->Take());
    });
  };
  auto lookup_all = [state, chunks, concurrency,
                     lookup_chunk = std::move(lookup_chunk),
                     upsert_all = std::move(upsert_all)]() mutable {
    // Each association given by name gets the one company of that name,
    // or fails its person.
    {
      absl::MutexLock lock(&state->mu);
      for (size_t i = 0; i < state->bodies.size(); ++i) {
        auto companies = state->bodies[i].find(kCompaniesKey);
        if (companies == state->bodies[i].end() || !companies->is_array()) {
          continue;
        }
        for (size_t j = 0; j < companies->size(); ++j) {
          Json& company = (*companies)[j];
          auto name = company.find(kCompanyNamePath);
          if (name == company.end() || !name->is_string()) continue;
          const std::string text = name->get<std::string>();
          const size_t position =
              std::lower_bound(state->names.begin(), state->names.end(), text) -
              state->names.begin();
          const absl::Status& failed =
              state->name_error[position / kPeopleLookupChunk];
          const std::string path =
              absl::StrCat("people[", i, "].companies[", j, "].company_name");
          const auto found = state->gsids_by_name.find(text);
          const size_t matches =
              found == state->gsids_by_name.end() ? 0 : found->second.size();
          if (!failed.ok()) {
            state->person_error[i] = failed;
          } else if (matches == 0) {
            absl::Status status = absl::NotFoundError(
                absl::StrCat("no company has the name given in ", path));
            AttachErrorInfo(status, "COMPANY_NOT_FOUND");
            state->person_error[i] = status;
          } else if (matches > 1) {
            // The candidates, so that the caller can choose one.
            const std::string candidates = absl::StrJoin(
                found->second.begin(),
                found->second.begin() +
                    std::min<size_t>(matches, kMaxPersonCompanyCandidates),
                ", ");
            absl::Status status = absl::FailedPreconditionError(absl::StrCat(
                matches, " companies have the name given in ", path,
                ": give company_id, one of ", candidates,
                matches > kMaxPersonCompanyCandidates ? ", ..." : ""));
            AttachErrorInfo(status, "COMPANY_NAME_AMBIGUOUS",
                            {{"candidate_gsids", candidates}});
            state->person_error[i] = status;
          } else {
            company.erase(kCompanyNamePath);
            company["Company_ID"] = found->second.front();
            continue;
          }
          break;
        }
      }
    }
    BoundedRun::Start(chunks, concurrency, std::move(lookup_chunk),
                      std::move(upsert_all));
  };
  BoundedRun::Start(name_chunks, concurrency, std::move(name_chunk),
                    std::move(lookup_all));
}

void PeopleOps::Delete(std::vector<PersonRef> people, int concurrency,
                       CallContext context, WriteCallback done) {
  struct State {
    std::vector<PersonRef> people;
    CallContext context;
    WriteCallback done;
    std::unique_ptr<Outcomes> outcomes;
  };
  auto state = std::make_shared<State>();
  const int n = static_cast<int>(people.size());
  state->people = std::move(people);
  state->context = std::move(context);
  state->done = std::move(done);
  state->outcomes = std::make_unique<Outcomes>(state->people.size());
  GainsightClient* client = client_;
  RecordOps* records = records_;

  // Deletes one person by GSID.
  auto delete_gsid = [state, client, records = records_](
                         int index, std::string gsid, Done person_done) {
    GainsightCall call;
    call.endpoint = EndpointId::kPeopleDelete;
    call.path_params = {{"gsid", gsid}};
    records->NoteWrite(kPersonObject);
    client->Call(
        std::move(call), state->context,
        [state, index, gsid, records,
         person_done = std::move(person_done)](UpstreamOutcome o) mutable {
          records->NoteWrite(kPersonObject);
          if (o.status.ok()) {
            state->outcomes->Set(
                index, {gsid, gainsight::v1::WRITE_ACTION_DELETED, {}});
          } else {
            state->outcomes->Set(index, {"", {}, o.status});
          }
          person_done();
        });
  };

  auto delete_one = [state, records, delete_gsid](int index,
                                                  Done person_done) mutable {
    const PersonRef& ref = state->people[index];
    if (!ref.gsid.empty()) {
      delete_gsid(index, ref.gsid, std::move(person_done));
      return;
    }
    QuerySpec spec;
    spec.select = {"Gsid"};
    auto* condition = spec.filter.add_conditions();
    condition->set_field("Email");
    condition->set_operator_(gainsight::v1::OPERATOR_EQ);
    condition->add_values()->set_string_value(ref.email);
    spec.limit = 1;
    records->Query(
        kPersonObject, std::move(spec), state->context,
        [state, index, delete_gsid, person_done = std::move(person_done)](
            absl::StatusOr<std::vector<Json>> rows) mutable {
          if (!rows.ok()) {
            state->outcomes->Set(index, {"", {}, rows.status()});
            person_done();
            return;
          }
          const Json* gsid = nullptr;
          if (!rows->empty() && rows->front().is_object()) {
            auto it = rows->front().find("Gsid");
            if (it != rows->front().end() && it->is_string()) gsid = &*it;
          }
          if (gsid == nullptr) {
            state->outcomes->Set(
                index, {"",
                        {},
                        NoSuchPerson(
                            absl::StrCat("that email (people[", index, "])"))});
            person_done();
            return;
          }
          delete_gsid(index, gsid->get<std::string>(), std::move(person_done));
        });
  };

  BoundedRun::Start(n, concurrency, std::move(delete_one), [state] {
    WriteCallback done = std::move(state->done);
    done(state->outcomes->Take());
  });
}

}  // namespace gg
