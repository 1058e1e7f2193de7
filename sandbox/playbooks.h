// The tenant's fixed playbooks: named lists of task templates that a CTA
// can take on create (or on update while it has none).
#ifndef GAINSIGHT_GATEWAY_SANDBOX_PLAYBOOKS_H_
#define GAINSIGHT_GATEWAY_SANDBOX_PLAYBOOKS_H_

#include <vector>

#include "absl/strings/string_view.h"

namespace gg::sandbox {

struct PlaybookTaskTemplate {
  const char* gsid;
  const char* name;
  const char* description;
  const char* type_name;      // a TASK_TYPE item's name
  const char* priority_name;  // a TASK_PRIORITY item's name
  const char* owner_email;    // nullptr: the CTA's owner
  int due_days;               // the task is due this many days after today
};

struct Playbook {
  const char* gsid;
  const char* name;
  const char* description;
  const char* cta_type_name;  // nullptr: for every CTA type
  const char* entity_type;    // COMPANY or RELATIONSHIP
  bool active;
  const char* created;  // ISO date-times
  const char* modified;
  std::vector<PlaybookTaskTemplate> tasks;  // in order
};

// Every playbook, by name.
const std::vector<Playbook>& Playbooks();

// The playbook with `gsid`, or nullptr.
const Playbook* FindPlaybook(absl::string_view gsid);

// Whether CTAs of type `type_name` may take `playbook`.
bool PlaybookFitsType(const Playbook& playbook, absl::string_view type_name);

}  // namespace gg::sandbox

#endif  // GAINSIGHT_GATEWAY_SANDBOX_PLAYBOOKS_H_
