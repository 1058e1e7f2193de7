// Record operations composed from Gainsight calls: any number of records in
// chunks of at most 50, one outcome per record in input order, upsert as
// lookup + update + insert, and isolation of the records Gainsight rejects
// (it refuses a whole call when one record is invalid).
#ifndef GAINSIGHT_GATEWAY_SERVER_OPS_RECORD_OPS_H_
#define GAINSIGHT_GATEWAY_SERVER_OPS_RECORD_OPS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gainsight/client.h"
#include "gainsight/envelope.h"
#include "gainsight/query_body.h"
#include "gainsight/v1/common.pb.h"
#include "ops/read_cache.h"
#include "ops/shared_reads.h"
#include "ops/upsert_claims.h"

namespace gg {

class CallCoalescer;

struct RecordOutcome {
  std::string gsid;
  gainsight::v1::WriteAction action = gainsight::v1::WRITE_ACTION_UNSPECIFIED;
  absl::Status error;  // OK when the record was written
};

struct WriteOptions {
  // Gainsight object API name, e.g. "Company".
  std::string object;
  // Request field holding the records, for BadRequest paths ("companies"
  // gives "companies[3].Arr").
  std::string field_prefix;
  // When Gainsight rejects a call for some of its records, send the others
  // again (one more call per rejection; when Gainsight does not say which
  // records, halve the chunk until it does). Off: the others fail ABORTED.
  bool isolate_rejected = true;
  // Chunks of one request in flight at once.
  int chunk_concurrency = 4;
  // Records per upstream write call (Gainsight allows at most 50).
  int chunk_size = 50;
  // The `lookups` every write call carries (gainsight/lookups_body.h), null
  // for none. Calls with other lookups are never coalesced with these.
  Json lookups;
};

class RecordOps {
 public:
  using WriteCallback = absl::AnyInvocable<void(std::vector<RecordOutcome>)>;
  using RowsCallback =
      absl::AnyInvocable<void(absl::StatusOr<std::vector<Json>>)>;

  // With `coalescer`, writes and upsert lookups share upstream calls with
  // other callers' (see call_coalescer.h), and identical reads at once
  // share one call (Read); without, each request's calls go alone.
  // With `read_cache`, Read of a Get RPC may answer from it, and every write
  // of an object here drops the object's cached answers.
  explicit RecordOps(GainsightClient* client,
                     CallCoalescer* coalescer = nullptr,
                     ReadCache* read_cache = nullptr);

  void Insert(WriteOptions options, std::vector<Json> records,
              CallContext context, WriteCallback done);
  // Changes existing records found by `keys`; a record that matches nothing
  // fails NOT_FOUND.
  void Update(WriteOptions options, std::vector<Json> records,
              std::vector<std::string> keys, CallContext context,
              WriteCallback done);
  // Updates the records `keys` find and inserts the rest. A failed lookup or
  // update never turns into an insert, and two upserts of one new key in
  // this process never insert it twice (the later one updates).
  void Upsert(WriteOptions options, std::vector<Json> records,
              std::vector<std::string> keys, CallContext context,
              WriteCallback done);
  void Delete(WriteOptions options, std::vector<std::string> gsids,
              CallContext context, WriteCallback done);

  // One page of a query; an empty result is an empty vector. Always a call
  // of its own: lookups and read-backs after a write must see the write.
  void Query(std::string object, QuerySpec spec, CallContext context,
             RowsCallback done);
  // The same for a caller's read RPC: with a coalescer, a query identical to
  // one under way takes that call's answer (shared_reads.h); a `cacheable`
  // one (a Get) may come from the read cache.
  void Read(std::string object, QuerySpec spec, CallContext context,
            RowsCallback done, bool cacheable = false);
  // A write to `object` made elsewhere (People): drops its cached answers.
  void NoteWrite(const std::string& object);

  // The rows (`select` fields) of `object` whose `field` is one of `values`
  // (at most 50), one query of up to kMaxQueryLimit rows. With a coalescer,
  // such lookups of other callers (same object, field and select) that wait
  // for quota join one query: the rows may then hold other values' rows too,
  // which the caller ignores. A shared answer that fills its page is asked
  // again with this caller's values alone.
  void QueryIn(std::string object, std::vector<std::string> select,
               std::string field, std::vector<std::string> values,
               CallContext context, RowsCallback done);

 private:
  GainsightClient* const client_;
  CallCoalescer* const coalescer_;
  UpsertClaims claims_;
  std::unique_ptr<SharedReads> shared_reads_;  // null: reads go alone
  ReadCache* const read_cache_;                // null: no cache
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_OPS_RECORD_OPS_H_
