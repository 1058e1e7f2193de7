#include "ops/cockpit_write.h"

#include <algorithm>
#include <cstdlib>
#include <memory>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/status_details.h"
#include "gainsight/error_mapping.h"

namespace gg {
namespace {

using gainsight::v1::RecordResult;

// Gainsight's code of a GSID that names nothing.
constexpr char kNoMatchCode[] = "GSOBJ_1011";

struct Write {
  CockpitWriteSpec spec;
  CallContext context;
  std::vector<CockpitRecord> records;
  int chunks = 0;
  int chunk_size = 50;
  CockpitWriteDone done;
  absl::Mutex mu;
  int next_chunk ABSL_GUARDED_BY(mu) = 0;
  int remaining ABSL_GUARDED_BY(mu) = 0;
  std::vector<RecordResult> results ABSL_GUARDED_BY(mu);
};

std::string StringAt(const Json& entry, const char* key) {
  auto it = entry.find(key);
  return it != entry.end() && it->is_string() ? it->get<std::string>() : "";
}

absl::Status EntryError(const Write& w, const Json& entry, int index) {
  RecordError error;
  error.index = index;
  error.field_name = StringAt(entry, "fieldName");
  error.error_code = StringAt(entry, "errorCode");
  error.error_desc = StringAt(entry, "errorDesc");
  for (const CockpitWriteSpec::NotFound& nf : w.spec.not_found) {
    if (error.error_code != kNoMatchCode || error.field_name != nf.api_name) {
      continue;
    }
    absl::Status status = absl::NotFoundError(nf.message);
    AttachErrorInfo(status, nf.reason,
                    {{"gainsight_error_code", error.error_code}});
    return status;
  }
  if (!error.field_name.empty() && w.spec.proto_field) {
    error.field_name = w.spec.proto_field(error.field_name);
  }
  return RecordErrorStatus(error,
                           absl::StrCat(w.spec.records_field, "[", index, "]"));
}

void RunChunk(GainsightClient* client, std::shared_ptr<Write> w);

void ChunkDone(GainsightClient* client, std::shared_ptr<Write> w) {
  bool last;
  {
    absl::MutexLock lock(&w->mu);
    last = --w->remaining == 0;
  }
  if (!last) {
    RunChunk(client, std::move(w));
    return;
  }
  std::vector<RecordResult> results;
  {
    absl::MutexLock lock(&w->mu);
    results = std::move(w->results);
  }
  w->done(std::move(results));
}

void RunChunk(GainsightClient* client, std::shared_ptr<Write> w) {
  int chunk;
  {
    absl::MutexLock lock(&w->mu);
    if (w->next_chunk >= w->chunks) return;
    chunk = w->next_chunk++;
  }
  const int begin = chunk * w->chunk_size;
  const int end =
      std::min(static_cast<int>(w->records.size()), begin + w->chunk_size);
  Json requests = Json::array();
  for (int i = begin; i < end; ++i) {
    Json record = w->records[i].record;
    record["referenceId"] = std::to_string(w->records[i].index);
    requests.push_back({{"record", std::move(record)}});
  }
  GainsightCall call;
  call.endpoint = w->spec.endpoint;
  call.query = w->spec.query;
  call.body = Json{{"requests", std::move(requests)}};
  call.record_count = end - begin;
  client->Call(
      std::move(call), w->context, [client, w, begin, end](UpstreamOutcome o) {
        // Outcomes by position in this chunk.
        std::vector<absl::Status> statuses(end - begin);
        std::vector<std::string> gsids(end - begin);
        std::vector<bool> seen(end - begin, false);
        if (o.status.ok() && o.data.is_array()) {
          for (const Json& entry : o.data) {
            if (!entry.is_object()) continue;
            const std::string ref = StringAt(entry, "referenceId");
            const int index = ref.empty() ? -1 : std::atoi(ref.c_str());
            for (int i = begin; i < end; ++i) {
              if (w->records[i].index != index || seen[i - begin]) continue;
              seen[i - begin] = true;
              const std::string gsid = StringAt(entry, "Gsid");
              if (entry.value("success", false) && !gsid.empty()) {
                gsids[i - begin] = gsid;
              } else {
                statuses[i - begin] = EntryError(*w, entry, index);
              }
              break;
            }
          }
        }
        {
          absl::MutexLock lock(&w->mu);
          for (int i = begin; i < end; ++i) {
            absl::Status s = statuses[i - begin];
            if (!o.status.ok()) {
              s = o.status;
            } else if (!seen[i - begin]) {
              s = absl::UnknownError("Gainsight did not report on this record");
              AttachErrorInfo(s, reason::kMalformed);
            }
            RecordResult& r = w->results[w->records[i].index];
            if (s.ok()) {
              r.set_gsid(gsids[i - begin]);
              r.set_action(w->spec.update
                               ? gainsight::v1::WRITE_ACTION_UPDATED
                               : gainsight::v1::WRITE_ACTION_INSERTED);
            } else {
              *r.mutable_error() = ToRpcStatus(s);
            }
          }
        }
        ChunkDone(client, w);
      });
}

}  // namespace

void WriteCockpitRecords(GainsightClient* client, CallContext context,
                         CockpitWriteSpec spec,
                         std::vector<RecordResult> results,
                         std::vector<CockpitRecord> records,
                         CockpitWriteDone done) {
  for (size_t i = 0; i < results.size(); ++i) {
    results[i].set_index(static_cast<int>(i));
  }
  if (records.empty()) {
    done(std::move(results));
    return;
  }
  auto w = std::make_shared<Write>();
  const int concurrency = std::max(1, spec.concurrency);
  w->chunk_size = std::max(1, GetEndpoint(spec.endpoint).max_records);
  w->spec = std::move(spec);
  w->context = std::move(context);
  w->records = std::move(records);
  w->done = std::move(done);
  const int n = static_cast<int>(w->records.size());
  w->chunks = (n + w->chunk_size - 1) / w->chunk_size;
  {
    absl::MutexLock lock(&w->mu);
    w->remaining = w->chunks;
    w->results = std::move(results);
  }
  for (int i = 0; i < concurrency; ++i) RunChunk(client, w);
}

}  // namespace gg
