// The People API upload kind: each part (at most kMaxPeopleAsyncRecords
// rows) is read from the spool and sent as one asynchronous people upsert,
// a person per row (an `Email` column as key, a `Company_ID` column as the
// person's company association); its status comes from the People API's
// status endpoint.
#ifndef GAINSIGHT_GATEWAY_SERVER_JOBS_PEOPLE_ASYNC_UPLOAD_H_
#define GAINSIGHT_GATEWAY_SERVER_JOBS_PEOPLE_ASYNC_UPLOAD_H_

#include <string>

#include "absl/strings/string_view.h"
#include "jobs/upload_kind.h"

namespace gg {

// The column of a Person import that names the person's company (its
// GSID); every other column is a Person field.
inline constexpr char kPeopleImportCompanyColumn[] = "Company_ID";

class PeopleAsyncUpload : public UploadKind {
 public:
  absl::string_view name() const override { return "People upsert"; }
  int64_t max_part_rows() const override;
  // Each person is upserted by Email: sending the same people again
  // changes nothing more.
  bool ResendLoadsNothingTwice() const override { return true; }
  absl::StatusOr<GainsightCall> UploadCall(
      const gainsight::v1::Job& job, const gainsight::v1::JobPart& part,
      const std::string& part_path) const override;
  GainsightCall StatusCall(const std::string& status_id) const override;
};

// The request body for a spooled part's CSV text: {"records": [person...]}.
// Empty cells are left out; a non-empty Company_ID becomes
// companies: [{"Company_ID"}]. INVALID_ARGUMENT when the CSV has no header
// or a row has the wrong number of cells.
absl::StatusOr<Json> PeopleAsyncBody(absl::string_view csv);

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_JOBS_PEOPLE_ASYNC_UPLOAD_H_
