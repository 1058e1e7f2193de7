// The sandbox's records: one table per object, rows in insertion order.
// Thread-safe; each operation is atomic, so a write is all or nothing.
#ifndef GAINSIGHT_GATEWAY_SANDBOX_STORE_H_
#define GAINSIGHT_GATEWAY_SANDBOX_STORE_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "sandbox/schema.h"
#include "sandbox/value.h"

namespace gg::sandbox {

class Store {
 public:
  // One record of an update: find rows whose `keys` fields equal the given
  // values (AND), then set `changes` on each of them.
  struct Patch {
    std::vector<FieldAssignment> keys;
    std::vector<FieldAssignment> changes;
  };
  struct UpdateOutcome {
    // Per patch, the GSID of its first matching row (when `unmatched` is
    // empty).
    std::vector<std::string> first_match_gsids;
    // Indexes of the patches that matched no row; nothing was changed.
    std::vector<int> unmatched;
  };

  // Appends `rows` (each complete, Gsid set) to the table of `object`.
  void Insert(const ObjectDef& object, std::vector<Row> rows);

  // Applies every patch, or none when any patch matches no row. Matches are
  // found against the rows as they were before the call; a patch matching
  // several rows changes all of them.
  UpdateOutcome Update(const ObjectDef& object,
                       const std::vector<Patch>& patches);

  // Removes the row with `gsid`; false when there is none.
  bool Delete(const ObjectDef& object, absl::string_view gsid);

  // Calls `fn` with every row of `object` in insertion order. The pointers
  // are valid only during the call; writers wait until it returns.
  void Scan(const ObjectDef& object,
            absl::FunctionRef<void(const std::vector<const Row*>&)> fn) const;

  // Whether `object` has a row with `gsid`.
  bool Has(const ObjectDef& object, absl::string_view gsid) const;

  // Number of rows of `object`.
  size_t Count(const ObjectDef& object) const;

  // Removes every row of every object.
  void Clear();

 private:
  struct Table {
    uint64_t next_sequence = 0;
    std::map<uint64_t, Row> rows;  // by insertion sequence
    absl::flat_hash_map<std::string, uint64_t> sequence_by_gsid;
  };

  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Table> tables_ ABSL_GUARDED_BY(mu_);
};

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_STORE_H_
