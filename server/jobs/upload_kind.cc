#include "jobs/upload_kind.h"

#include "absl/strings/match.h"
#include "jobs/bulk_api_upload.h"
#include "jobs/people_async_upload.h"

namespace gg {

bool IsPeopleImport(absl::string_view object_name) {
  return absl::EqualsIgnoreCase(object_name, "Person");
}

const UploadKind& UploadKindFor(absl::string_view object_name) {
  static const BulkApiUpload* const kBulkApi = new BulkApiUpload();
  static const PeopleAsyncUpload* const kPeople = new PeopleAsyncUpload();
  if (IsPeopleImport(object_name)) return *kPeople;
  return *kBulkApi;
}

}  // namespace gg
