// What one Cockpit object (CTA, task, Success Plan) brings to the shared
// write pipeline (ops/cockpit_write.h): where its records go, how they are
// named in errors, and the object-specific steps, each called once, in the
// pipeline's order.
#ifndef GAINSIGHT_GATEWAY_SERVER_OPS_COCKPIT_OBJECT_H_
#define GAINSIGHT_GATEWAY_SERVER_OPS_COCKPIT_OBJECT_H_

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gainsight/client.h"
#include "ops/user_directory.h"

namespace gg {

// Where and how a batch of one object's records is written.
struct CockpitWriteTarget {
  EndpointId write = EndpointId::kCtaCreate;  // the create or update endpoint
  EndpointId list = EndpointId::kCtaList;     // reads existing, reads back
  bool update = false;
  std::string query;          // query string of every write call ("" none)
  std::string records_field;  // request field of the records: "ctas"
  std::string noun;           // for messages: "CTA"
  // The proto field a field API name of a record error stands for
  // ("TypeId" -> "type"); errors on other names keep them.
  std::function<std::string(absl::string_view)> proto_field;
  // Record errors that mean a GSID the record carries names nothing: they
  // answer NOT_FOUND with `reason` instead of INVALID_ARGUMENT.
  struct NotFound {
    std::string api_name;  // "Gsid", "CtaId"
    std::string message;   // "no CTA with that gsid"
    std::string reason;    // "CTA_NOT_FOUND"
  };
  std::vector<NotFound> not_found;
  int concurrency = 1;  // write calls in flight
};

// How a created record is found again when Gainsight's answer could not be
// read: the values it was written with, by field API name (e.g. Name and
// CompanyId). An update is found by its Gsid instead.
using ReadBackKey = std::vector<std::pair<std::string, std::string>>;

class CockpitObjectWriter {
 public:
  virtual ~CockpitObjectWriter() = default;

  virtual const CockpitWriteTarget& target() const = 0;
  // Records in the request.
  virtual int size() const = 0;

  // 1. Read existing: the records whose current state resolving needs (an
  //    update changing a picklist scoped by the record's type), with the
  //    fields to read. The pipeline reads them and hands each row (nullptr
  //    when no record has that GSID: the record then answers NOT_FOUND).
  virtual std::vector<std::pair<int, std::string>> ExistingToRead() const {
    return {};
  }
  virtual std::vector<std::string> ExistingSelect() const { return {}; }
  virtual void UseExisting(int index, const Json& row) {}

  // 2. Configurations: fetches what resolving the records in `pending`
  //    (indices not yet answered) needs; `done` with the first failure.
  virtual void LoadConfigs(const std::vector<int>& pending, CallContext context,
                           absl::AnyInvocable<void(absl::Status)> done) = 0;

  // 3. Owners: the owner a record names (email, GsUser GSID, or "").
  virtual std::string OwnerOf(int index) const = 0;

  // 4. Resolve: the record to send (labels and owner checked against what
  //    steps 2 and 3 found), or INVALID_ARGUMENT naming the field.
  //    `path` prefixes error fields ("ctas[2]").
  virtual absl::StatusOr<Json> Resolve(int index, const std::string& owner_id,
                                       const std::string& path) = 0;

  // 6. Read back (creates): how to find record `index` again.
  virtual ReadBackKey ReadBackKeyOf(int index) const = 0;
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_OPS_COCKPIT_OBJECT_H_
