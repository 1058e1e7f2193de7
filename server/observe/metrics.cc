#include "observe/metrics.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"

namespace gg {
namespace {

std::string RenderLabels(const Labels& labels, const Labels& extra = {}) {
  std::vector<std::string> parts;
  auto add = [&](const Labels& ls) {
    for (const auto& [k, v] : ls) {
      parts.push_back(
          absl::StrCat(k, "=\"",
                       absl::StrReplaceAll(
                           v, {{"\\", "\\\\"}, {"\"", "\\\""}, {"\n", "\\n"}}),
                       "\""));
    }
  };
  add(labels);
  add(extra);
  if (parts.empty()) return "";
  return absl::StrCat("{", absl::StrJoin(parts, ","), "}");
}

std::string Number(double v) { return absl::StrCat(v); }

}  // namespace

void Metrics::DeclareCounter(const std::string& name, const std::string& help) {
  absl::MutexLock lock(&mu_);
  families_[name] = Family{Kind::kCounter, help, {}, {}, {}};
}

void Metrics::DeclareGauge(const std::string& name, const std::string& help) {
  absl::MutexLock lock(&mu_);
  families_[name] = Family{Kind::kGauge, help, {}, {}, {}};
}

void Metrics::DeclareHistogram(const std::string& name, const std::string& help,
                               std::vector<double> bounds) {
  absl::MutexLock lock(&mu_);
  families_[name] = Family{Kind::kHistogram, help, std::move(bounds), {}, {}};
}

Labels Metrics::WithExtra(const Labels& labels) const {
  Labels out = labels;
  out.insert(out.end(), extra_.begin(), extra_.end());
  return out;
}

void Metrics::Add(const std::string& name, const Labels& labels, double delta) {
  if (parent_ != nullptr) return parent_->Add(name, WithExtra(labels), delta);
  absl::MutexLock lock(&mu_);
  auto it = families_.find(name);
  if (it == families_.end()) return;
  it->second.values[labels] += delta;
}

void Metrics::Set(const std::string& name, const Labels& labels, double value) {
  if (parent_ != nullptr) return parent_->Set(name, WithExtra(labels), value);
  absl::MutexLock lock(&mu_);
  auto it = families_.find(name);
  if (it == families_.end()) return;
  it->second.values[labels] = value;
}

void Metrics::Observe(const std::string& name, const Labels& labels,
                      double value) {
  if (parent_ != nullptr) {
    return parent_->Observe(name, WithExtra(labels), value);
  }
  absl::MutexLock lock(&mu_);
  auto it = families_.find(name);
  if (it == families_.end()) return;
  Family& family = it->second;
  Histogram& h = family.histograms[labels];
  if (h.counts.empty()) h.counts.assign(family.bounds.size() + 1, 0);
  size_t i = 0;
  while (i < family.bounds.size() && value > family.bounds[i]) ++i;
  h.counts[i] += 1;
  h.sum += value;
  h.count += 1;
}

double Metrics::Value(const std::string& name, const Labels& labels) const {
  if (parent_ != nullptr) return parent_->Value(name, WithExtra(labels));
  absl::MutexLock lock(&mu_);
  auto it = families_.find(name);
  if (it == families_.end()) return 0;
  auto v = it->second.values.find(labels);
  return v == it->second.values.end() ? 0 : v->second;
}

std::string Metrics::RenderPrometheus() const {
  absl::MutexLock lock(&mu_);
  std::string out;
  for (const auto& [name, family] : families_) {
    const char* type = family.kind == Kind::kCounter ? "counter"
                       : family.kind == Kind::kGauge ? "gauge"
                                                     : "histogram";
    absl::StrAppend(&out, "# HELP ", name, " ", family.help, "\n# TYPE ", name,
                    " ", type, "\n");
    for (const auto& [labels, value] : family.values) {
      absl::StrAppend(&out, name, RenderLabels(labels), " ", Number(value),
                      "\n");
    }
    for (const auto& [labels, h] : family.histograms) {
      double cumulative = 0;
      for (size_t i = 0; i < h.counts.size(); ++i) {
        cumulative += h.counts[i];
        std::string le =
            i < family.bounds.size() ? Number(family.bounds[i]) : "+Inf";
        absl::StrAppend(&out, name, "_bucket",
                        RenderLabels(labels, {{"le", le}}), " ",
                        Number(cumulative), "\n");
      }
      absl::StrAppend(&out, name, "_sum", RenderLabels(labels), " ",
                      Number(h.sum), "\n", name, "_count", RenderLabels(labels),
                      " ", Number(h.count), "\n");
    }
  }
  return out;
}

}  // namespace gg
