#include "sandbox/gainsight_handlers.h"

#include "sandbox/object_handlers.h"

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
  };
  for (const auto& entry : kHandlers) {
    if (entry.id == id) return entry.handler;
  }
  return nullptr;
}

}  // namespace gg::sandbox
