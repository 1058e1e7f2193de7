#include "ops/dropdown_items.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "gainsight/metadata_mapping.h"

namespace gg {
namespace {

using gainsight::v1::FieldMetadata;
using gainsight::v1::ObjectMetadata;

bool MissesItems(const FieldMetadata& field) {
  const bool picklist =
      field.data_type() == gainsight::v1::DATA_TYPE_PICKLIST ||
      field.data_type() == gainsight::v1::DATA_TYPE_MULTI_PICKLIST;
  return picklist && field.picklist_values().empty() &&
         !field.picklist_category_id().empty();
}

// The categories still to fetch, one at a time, each call after the last.
struct Fill {
  GainsightClient* client;
  ObjectMetadata object;
  CallContext context;
  absl::AnyInvocable<void(ObjectMetadata)> done;
  std::vector<std::string> categories;
  size_t next = 0;
};

void FetchNext(std::shared_ptr<Fill> fill) {
  if (fill->next == fill->categories.size()) {
    fill->done(std::move(fill->object));
    return;
  }
  const std::string category = fill->categories[fill->next++];
  GainsightCall call;
  call.endpoint = EndpointId::kDropdownItems;
  call.path_params = {{"category", category}};
  GainsightClient* client = fill->client;
  const CallContext context = fill->context;
  client->Call(
      std::move(call), context, [fill, category](UpstreamOutcome o) mutable {
        std::vector<gainsight::v1::PicklistItem> items;
        if (o.status.ok() && !DropdownItemsFromJson(o.data, &items).ok()) {
          fill->client->ReportUnreadable(EndpointId::kDropdownItems,
                                         "data.childItems", o.data,
                                         fill->context);
        }
        for (FieldMetadata& field : *fill->object.mutable_fields()) {
          if (!MissesItems(field) || field.picklist_category_id() != category) {
            continue;
          }
          for (const auto& item : items) {
            *field.add_picklist_values() = item;
          }
        }
        FetchNext(std::move(fill));
      });
}

}  // namespace

void FillDropdownItems(GainsightClient* client, ObjectMetadata object,
                       CallContext context,
                       absl::AnyInvocable<void(ObjectMetadata)> done) {
  auto fill = std::make_shared<Fill>();
  for (const FieldMetadata& field : object.fields()) {
    if (!MissesItems(field)) continue;
    const std::string& category = field.picklist_category_id();
    if (std::find(fill->categories.begin(), fill->categories.end(), category) ==
        fill->categories.end()) {
      fill->categories.push_back(category);
    }
  }
  fill->client = client;
  fill->object = std::move(object);
  fill->context = std::move(context);
  fill->done = std::move(done);
  FetchNext(std::move(fill));
}

}  // namespace gg
