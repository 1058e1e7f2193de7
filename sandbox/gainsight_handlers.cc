#include "sandbox/gainsight_handlers.h"

#include "sandbox/bulk_export_handlers.h"
#include "sandbox/bulk_handlers.h"
#include "sandbox/cockpit_handlers.h"
#include "sandbox/cta_handlers.h"
#include "sandbox/metadata_handlers.h"
#include "sandbox/object_handlers.h"
#include "sandbox/people_async_handlers.h"
#include "sandbox/people_handlers.h"
#include "sandbox/playbook_handlers.h"
#include "sandbox/success_plan_handlers.h"
#include "sandbox/task_handlers.h"

namespace gg::sandbox {

GainsightHandler HandlerFor(EndpointId id) {
  static constexpr struct {
    EndpointId id;
    GainsightHandler handler;
  } kHandlers[] = {
      {EndpointId::kObjectInsert, &HandleObjectInsert},
      {EndpointId::kObjectUpdate, &HandleObjectUpdate},
      {EndpointId::kObjectQuery, &HandleObjectQuery},
      {EndpointId::kObjectDelete, &HandleObjectDelete},
      {EndpointId::kPeopleUpsert, &HandlePeopleUpsert},
      {EndpointId::kPeopleDelete, &HandlePeopleDelete},
      {EndpointId::kObjectList, &HandleObjectList},
      {EndpointId::kObjectDescribe, &HandleObjectDescribe},
      {EndpointId::kDropdownItems, &HandleDropdownItems},
      {EndpointId::kCtaConfig, &HandleCtaConfig},
      {EndpointId::kTaskConfig, &HandleCtaConfig},
      {EndpointId::kSuccessPlanList, &HandleSuccessPlanList},
      {EndpointId::kSuccessPlanDeletedList, &HandleSuccessPlanDeletedList},
      {EndpointId::kSuccessPlanCreate, &HandleSuccessPlanCreate},
      {EndpointId::kSuccessPlanUpdate, &HandleSuccessPlanUpdate},
      {EndpointId::kSuccessPlanPicklist, &HandleSuccessPlanPicklist},
      {EndpointId::kCtaCreate, &HandleCtaCreate},
      {EndpointId::kCtaUpdate, &HandleCtaUpdate},
      {EndpointId::kCtaList, &HandleCtaList},
      {EndpointId::kCtaDeletedList, &HandleCtaDeletedList},
      {EndpointId::kTaskCreate, &HandleTaskCreate},
      {EndpointId::kTaskUpdate, &HandleTaskUpdate},
      {EndpointId::kTaskList, &HandleTaskList},
      {EndpointId::kPlaybookList, &HandlePlaybookList},
      {EndpointId::kPlaybookGet, &HandlePlaybookGet},
      {EndpointId::kBulkImport, &HandleBulkImport},
      {EndpointId::kBulkImportStatus, &HandleBulkImportStatus},
      {EndpointId::kBulkExportSubmit, &HandleBulkExportSubmit},
      {EndpointId::kBulkExportStatus, &HandleBulkExportStatus},
      {EndpointId::kBulkExportChunk, &HandleBulkExportChunk},
      {EndpointId::kPeopleAsyncUpsert, &HandlePeopleAsyncUpsert},
      {EndpointId::kPeopleAsyncStatus, &HandlePeopleAsyncStatus},
  };
  for (const auto& entry : kHandlers) {
    if (entry.id == id) return entry.handler;
  }
  return nullptr;
}

}  // namespace gg::sandbox
