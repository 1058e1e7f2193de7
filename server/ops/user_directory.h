// Gainsight users (the GsUser object) by email, so that callers may name
// owners by email. Users found are cached for a TTL (every lookup costs
// quota); one query covers up to 1,000 emails of a request that are not
// cached.
// Emails that match no user are not cached: the user may be added soon.
// Only active users count. Which field holds the flag is taken from the
// GsUser describe (cached; kUserActiveFields): the query selects it and
// inactive users are dropped here, so no guessed field name is ever a
// condition Gainsight could refuse. Without such a field (or without a
// describe) every user matching the email counts.
#ifndef GAINSIGHT_GATEWAY_SERVER_OPS_USER_DIRECTORY_H_
#define GAINSIGHT_GATEWAY_SERVER_OPS_USER_DIRECTORY_H_

#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "ops/metadata_cache.h"
#include "ops/record_ops.h"

namespace gg {

// The GSIDs of the active users each email names (lower-cased); an email no
// user has maps to none.
using UsersByEmail = absl::flat_hash_map<std::string, std::vector<std::string>>;

// ErrorInfo reasons of an owner email that names no user, or several.
inline constexpr char kUnknownUserReason[] = "UNKNOWN_USER_EMAIL";
inline constexpr char kAmbiguousUserReason[] = "AMBIGUOUS_USER_EMAIL";

class UserDirectory {
 public:
  using Callback = absl::AnyInvocable<void(absl::StatusOr<UsersByEmail>)>;

  UserDirectory(RecordOps* ops, MetadataCache* metadata, const Clock* clock,
                absl::Duration ttl);

  // Looks up `emails` (any case). `done` runs exactly once: at once when
  // every email is cached (or none is given), else after the queries.
  void Lookup(const std::vector<std::string>& emails, CallContext context,
              Callback done);

 private:
  // Queries missing[from...] 1,000 at a time, filling `found` and the cache.
  // `active_field` is GsUser's active flag ("" when unknown).
  void QueryMissing(std::vector<std::string> missing, size_t from,
                    std::string active_field, UsersByEmail found,
                    CallContext context, Callback done);

  struct Entry {
    std::vector<std::string> gsids;
    absl::Time expires;
  };

  RecordOps* const ops_;
  MetadataCache* const metadata_;
  const Clock* const clock_;
  const absl::Duration ttl_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Entry> cache_ ABSL_GUARDED_BY(mu_);
};

// GsUser's active-flag field in `described`: the first of
// kUserActiveFields it has (any letter case, returned as described); "" when
// it has none.
std::string UserActiveField(const gainsight::v1::ObjectMetadata& described);

// The GsUser GSID an owner value names: a GSID (or an unset, empty owner)
// as is, else the one user `users` has for that email. Otherwise
// INVALID_ARGUMENT with a BadRequest on `field` ("ctas[2].owner").
absl::StatusOr<std::string> ResolveOwner(const UsersByEmail& users,
                                         absl::string_view value,
                                         absl::string_view field);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_OPS_USER_DIRECTORY_H_
