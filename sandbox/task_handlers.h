// Cockpit tasks (object `cs_task`): create on an existing CTA, update by
// Gsid, list by a where (CtaId EQ ...). Shapes and codes are the endpoint
// table's decisions (server/gainsight/endpoints.cc).
#ifndef GAINSIGHT_GATEWAY_SANDBOX_TASK_HANDLERS_H_
#define GAINSIGHT_GATEWAY_SANDBOX_TASK_HANDLERS_H_

#include <vector>

#include "absl/time/time.h"
#include "sandbox/gainsight_call.h"
#include "sandbox/http_message.h"
#include "sandbox/playbooks.h"
#include "sandbox/value.h"

namespace gg::sandbox {

HttpResponse HandleTaskCreate(const GainsightCall& call, TenantData& data);
HttpResponse HandleTaskUpdate(const GainsightCall& call, TenantData& data);
HttpResponse HandleTaskList(const GainsightCall& call, TenantData& data);

// The tasks `playbook` gives the CTA `cta` (a CtaObject row): one per
// template, status Open, due `due_days` after the UTC day of `now`, owned by
// the template's owner (an active user with its email) or the CTA's.
std::vector<Row> PlaybookTasks(const TenantData& data, const Playbook& playbook,
                               const Row& cta, absl::Time now);

// Sets IsClosed and ClosedDate of a task or CTA row from its status:
// ClosedDate becomes `now` when the row closes, null when it reopens.
void ApplyClosedState(const ObjectDef& object, bool closed, absl::Time now,
                      Row& row);

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_TASK_HANDLERS_H_
