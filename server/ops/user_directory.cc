#include "ops/user_directory.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_details.h"
#include "gainsight/endpoints.h"
#include "observe/log.h"

namespace gg {
namespace {

// Emails one query asks for at most; more take several queries.
constexpr int kMaxEmailsPerQuery = 1000;

// Whether an owner value is an email rather than a GsUser GSID.
bool IsEmail(absl::string_view value) { return absl::StrContains(value, '@'); }

std::string Key(absl::string_view email) {
  return absl::AsciiStrToLower(absl::StripAsciiWhitespace(email));
}

// Whether a row's active flag says the user is inactive (false, or the text
// "false"); a missing or null flag counts as active.
bool Inactive(const Json& row, const std::string& active_field) {
  if (active_field.empty()) return false;
  auto it = row.find(active_field);
  if (it == row.end()) return false;
  if (it->is_boolean()) return !it->get<bool>();
  return it->is_string() &&
         absl::AsciiStrToLower(it->get<std::string>()) == "false";
}

}  // namespace

std::string UserActiveField(const gainsight::v1::ObjectMetadata& described) {
  for (const char* candidate : kUserActiveFields) {
    for (const auto& field : described.fields()) {
      if (absl::EqualsIgnoreCase(field.field_name(), candidate)) {
        return field.field_name();
      }
    }
  }
  return "";
}

UserDirectory::UserDirectory(RecordOps* ops, MetadataCache* metadata,
                             const Clock* clock, absl::Duration ttl)
    : ops_(ops), metadata_(metadata), clock_(clock), ttl_(ttl) {}

void UserDirectory::Lookup(const std::vector<std::string>& emails,
                           CallContext context, Callback done) {
  UsersByEmail found;
  std::vector<std::string> missing;
  {
    absl::MutexLock lock(&mu_);
    const absl::Time now = clock_->Now();
    for (const std::string& email : emails) {
      const std::string key = Key(email);
      if (found.contains(key)) continue;
      auto it = cache_.find(key);
      if (it != cache_.end() && now < it->second.expires) {
        found[key] = it->second.gsids;
      } else {
        found[key] = {};
        missing.push_back(key);
      }
    }
  }
  if (missing.empty()) {
    done(std::move(found));
    return;
  }
  metadata_->Get(
      kUserObject, context,
      [this, missing = std::move(missing), found = std::move(found), context,
       done = std::move(done)](
          absl::StatusOr<ObjectMetadataPtr> described) mutable {
        std::string active_field;
        if (described.ok()) active_field = UserActiveField(**described);
        if (active_field.empty()) {
          Log(LogLevel::kWarning, "user_active_field_unknown",
              {{"object", kUserObject},
               {"describe", described.ok()
                                ? "no active flag field"
                                : std::string(absl::StatusCodeToString(
                                      described.status().code()))},
               {"request_id", context.request_id}});
        }
        QueryMissing(std::move(missing), 0, std::move(active_field),
                     std::move(found), std::move(context), std::move(done));
      });
}

void UserDirectory::QueryMissing(std::vector<std::string> missing, size_t from,
                                 std::string active_field, UsersByEmail found,
                                 CallContext context, Callback done) {
  if (from >= missing.size()) {
    done(std::move(found));
    return;
  }
  const size_t to = std::min(missing.size(), from + kMaxEmailsPerQuery);
  QuerySpec spec;
  spec.select = {"Gsid", "Email"};
  if (!active_field.empty()) spec.select.push_back(active_field);
  auto* condition = spec.filter.add_conditions();
  condition->set_field("Email");
  condition->set_operator_(gainsight::v1::OPERATOR_IN);
  for (size_t i = from; i < to; ++i) {
    condition->add_values()->set_string_value(missing[i]);
  }
  spec.limit = kMaxQueryLimit;
  CallContext query_context = context;
  ops_->Query(
      kUserObject, std::move(spec), std::move(query_context),
      [this, missing = std::move(missing), to,
       active_field = std::move(active_field), found = std::move(found),
       context = std::move(context),
       done = std::move(done)](absl::StatusOr<std::vector<Json>> rows) mutable {
        if (!rows.ok()) {
          done(rows.status());
          return;
        }
        for (const Json& row : *rows) {
          if (!row.is_object() || Inactive(row, active_field)) continue;
          auto gsid = row.find("Gsid");
          auto email = row.find("Email");
          if (gsid == row.end() || !gsid->is_string() || email == row.end() ||
              !email->is_string()) {
            continue;
          }
          auto it = found.find(Key(email->get<std::string>()));
          if (it != found.end()) it->second.push_back(gsid->get<std::string>());
        }
        {
          absl::MutexLock lock(&mu_);
          const absl::Time expires = clock_->Now() + ttl_;
          for (const auto& [email, gsids] : found) {
            if (!gsids.empty()) cache_[email] = Entry{gsids, expires};
          }
        }
        QueryMissing(std::move(missing), to, std::move(active_field),
                     std::move(found), std::move(context), std::move(done));
      });
}

absl::StatusOr<std::string> ResolveOwner(const UsersByEmail& users,
                                         absl::string_view value,
                                         absl::string_view field) {
  if (!IsEmail(value)) return std::string(value);
  auto it = users.find(Key(value));
  const std::vector<std::string> none;
  const std::vector<std::string>& gsids = it == users.end() ? none : it->second;
  if (gsids.size() == 1) return gsids.front();
  const bool ambiguous = !gsids.empty();
  const std::string description =
      ambiguous
          ? absl::StrCat("\"", value, "\" is ambiguous: ", gsids.size(),
                         " active users have that email; give one of their "
                         "GsUser GSIDs: ",
                         absl::StrJoin(gsids, ", "))
          : absl::StrCat("\"", value,
                         "\" is not the email of an active Gainsight user");
  absl::Status status =
      absl::InvalidArgumentError(absl::StrCat(field, ": ", description));
  AttachBadRequest(status, {{std::string(field), description}});
  AttachErrorInfo(status, ambiguous ? kAmbiguousUserReason : kUnknownUserReason,
                  {{"field", std::string(field)}});
  return status;
}

}  // namespace gg
