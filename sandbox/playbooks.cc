#include "sandbox/playbooks.h"

namespace gg::sandbox {

// DECISION (no source shows a playbook): every tenant has these four.
const std::vector<Playbook>& Playbooks() {
  static const auto* kPlaybooks = new std::vector<Playbook>{
      {"1C06PLAYBOOKCHECKIN00000000000000000",
       "All-purpose check-in",
       "A quick check-in that fits any CTA",
       nullptr,
       "COMPANY",
       true,
       "2026-01-05T09:00:00.000Z",
       "2026-01-05T09:00:00.000Z",
       {{"1C07TEMPLATECHECKIN10000000000000000", "Check in with the customer",
         "Ask how things are going", "Call", "Medium", nullptr, 7}}},
      {"1C06PLAYBOOKEXPANSION000000000000000",
       "Expansion kickoff",
       "First steps of an expansion opportunity",
       "Expansion",
       "COMPANY",
       true,
       "2026-01-06T09:00:00.000Z",
       "2026-01-08T12:30:00.000Z",
       {{"1C07TEMPLATEEXPANSION100000000000000", "Qualify the opportunity",
         "Confirm budget and timing", "Meeting", "High", nullptr, 3},
        {"1C07TEMPLATEEXPANSION200000000000000", "Send the proposal",
         "Share pricing for the added seats", "Email", "Medium",
         "csm.two@example.com", 10}}},
      {"1C06PLAYBOOKLEGACY000000000000000000",
       "Legacy onboarding",
       "Retired onboarding steps",
       nullptr,
       "COMPANY",
       false,
       "2025-06-01T09:00:00.000Z",
       "2025-12-01T09:00:00.000Z",
       {{"1C07TEMPLATELEGACY100000000000000000", "Send the welcome pack",
         "Mail the printed welcome pack", "Email", "Low", nullptr, 5}}},
      {"1C06PLAYBOOKRISK00000000000000000000",
       "Renewal risk recovery",
       "Win back a customer whose renewal is at risk",
       "Risk",
       "COMPANY",
       true,
       "2026-01-07T09:00:00.000Z",
       "2026-01-07T09:00:00.000Z",
       {{"1C07TEMPLATERISK10000000000000000000", "Review the usage drop",
         "Find which teams stopped using the product", "Call", "High", nullptr,
         2},
        {"1C07TEMPLATERISK20000000000000000000", "Email the sponsor",
         "Ask the executive sponsor for a meeting", "Email", "High",
         "csm.two@example.com", 5},
        {"1C07TEMPLATERISK30000000000000000000", "Run the recovery meeting",
         "Agree on a recovery plan", "Meeting", "Medium", nullptr, 14}}},
  };
  return *kPlaybooks;
}

const Playbook* FindPlaybook(absl::string_view gsid) {
  for (const Playbook& p : Playbooks()) {
    if (gsid == p.gsid) return &p;
  }
  return nullptr;
}

bool PlaybookFitsType(const Playbook& playbook, absl::string_view type_name) {
  return playbook.cta_type_name == nullptr ||
         type_name == playbook.cta_type_name;
}

}  // namespace gg::sandbox
