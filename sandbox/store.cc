#include "sandbox/store.h"

#include <utility>

namespace gg::sandbox {
namespace {

bool KeysMatch(const std::vector<FieldAssignment>& keys, const Row& row) {
  for (const FieldAssignment& key : keys) {
    const Value& value = row[key.field];
    if (IsNull(value) || CompareValues(value, key.value) != 0) return false;
  }
  return true;
}

}  // namespace

void Store::Insert(const ObjectDef& object, std::vector<Row> rows) {
  absl::MutexLock lock(&mu_);
  Table& table = tables_[object.name()];
  for (Row& row : rows) {
    uint64_t sequence = table.next_sequence++;
    table.sequence_by_gsid[std::get<std::string>(row[object.gsid_field()])] =
        sequence;
    table.rows.emplace(sequence, std::move(row));
  }
}

Store::UpdateOutcome Store::Update(const ObjectDef& object,
                                   const std::vector<Patch>& patches) {
  UpdateOutcome outcome;
  absl::MutexLock lock(&mu_);
  Table& table = tables_[object.name()];
  std::vector<std::vector<Row*>> matches(patches.size());
  for (size_t i = 0; i < patches.size(); ++i) {
    for (auto& [sequence, row] : table.rows) {
      if (KeysMatch(patches[i].keys, row)) matches[i].push_back(&row);
    }
    if (matches[i].empty()) outcome.unmatched.push_back(static_cast<int>(i));
  }
  if (!outcome.unmatched.empty()) return outcome;
  for (size_t i = 0; i < patches.size(); ++i) {
    outcome.first_match_gsids.push_back(
        std::get<std::string>((*matches[i].front())[object.gsid_field()]));
    for (Row* row : matches[i]) {
      for (const FieldAssignment& change : patches[i].changes) {
        (*row)[change.field] = change.value;
      }
    }
  }
  return outcome;
}

bool Store::Delete(const ObjectDef& object, absl::string_view gsid) {
  absl::MutexLock lock(&mu_);
  auto table = tables_.find(object.name());
  if (table == tables_.end()) return false;
  auto it = table->second.sequence_by_gsid.find(gsid);
  if (it == table->second.sequence_by_gsid.end()) return false;
  table->second.rows.erase(it->second);
  table->second.sequence_by_gsid.erase(it);
  return true;
}

bool Store::Has(const ObjectDef& object, absl::string_view gsid) const {
  absl::MutexLock lock(&mu_);
  auto table = tables_.find(object.name());
  return table != tables_.end() &&
         table->second.sequence_by_gsid.contains(gsid);
}

void Store::Scan(
    const ObjectDef& object,
    absl::FunctionRef<void(const std::vector<const Row*>&)> fn) const {
  std::vector<const Row*> rows;
  absl::ReaderMutexLock lock(&mu_);
  auto table = tables_.find(object.name());
  if (table != tables_.end()) {
    rows.reserve(table->second.rows.size());
    for (const auto& [sequence, row] : table->second.rows) {
      rows.push_back(&row);
    }
  }
  fn(rows);
}

size_t Store::Count(const ObjectDef& object) const {
  absl::ReaderMutexLock lock(&mu_);
  auto table = tables_.find(object.name());
  return table == tables_.end() ? 0 : table->second.rows.size();
}

void Store::Clear() {
  absl::MutexLock lock(&mu_);
  tables_.clear();
}

}  // namespace gg::sandbox
