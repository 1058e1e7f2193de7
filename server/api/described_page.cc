#include "api/described_page.h"

#include <utility>
#include <vector>

#include "api/picklist_fields.h"
#include "api/record_check.h"
#include "api/validation.h"

namespace gg {

void ReplyWithDescribedPage(MetadataCache* metadata, RecordOps* ops,
                            UnaryCall* call, DescribedPageRequest request,
                            AddDescribedRow add_row,
                            std::string* next_page_token) {
  const std::string object = request.object;
  metadata->Get(
      object, call->context(),
      [ops, call, request = std::move(request), add_row = std::move(add_row),
       next_page_token](absl::StatusOr<ObjectMetadataPtr> described) mutable {
        if (!described.ok()) {
          call->Reply(described.status());
          return;
        }
        QuerySpec spec;
        Violations violations =
            DescribedQuery(**described, request.select, request.filter,
                           request.order_by, request.page, &spec);
        if (!violations.empty()) {
          call->Reply(InvalidArgument(violations));
          return;
        }
        ObjectMetadataPtr metadata = *std::move(described);
        const std::string name = metadata->object_name();
        ops->Read(
            name, std::move(spec), call->context(),
            [call, metadata, page = request.page,
             labels = !request.picklist_ids, add_row = std::move(add_row),
             next_page_token](absl::StatusOr<std::vector<Json>> rows) mutable {
              if (!rows.ok()) {
                call->Reply(rows.status());
                return;
              }
              const size_t n = page.Keep(rows->size());
              for (size_t i = 0; i < n; ++i) {
                if (labels) LabelPicklists(*metadata, (*rows)[i]);
                if (absl::Status s = add_row(*metadata, (*rows)[i]); !s.ok()) {
                  call->Reply(s);
                  return;
                }
              }
              *next_page_token = page.NextToken(rows->size());
              call->Reply(absl::OkStatus());
            });
      });
}

}  // namespace gg
