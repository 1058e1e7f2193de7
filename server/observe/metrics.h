// Prometheus metrics: counters, gauges and histograms with labels, rendered
// in the text exposition format.
#ifndef GAINSIGHT_GATEWAY_SERVER_OBSERVE_METRICS_H_
#define GAINSIGHT_GATEWAY_SERVER_OBSERVE_METRICS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace gg {

// Label set, e.g. {{"class", "sync"}, {"outcome", "admitted"}}.
using Labels = std::vector<std::pair<std::string, std::string>>;

class Metrics {
 public:
  Metrics() = default;
  // A view that adds `extra` labels (e.g. {"tenant", "sandbox"}) to every
  // value it records into `parent`, where families are declared and
  // rendered.
  Metrics(Metrics* parent, Labels extra)
      : parent_(parent), extra_(std::move(extra)) {}

  // Declares a metric family (name, help). Families must be declared before
  // use so that every one is rendered with its HELP and TYPE.
  void DeclareCounter(const std::string& name, const std::string& help);
  void DeclareGauge(const std::string& name, const std::string& help);
  void DeclareHistogram(const std::string& name, const std::string& help,
                        std::vector<double> bounds);

  void Add(const std::string& name, const Labels& labels, double delta = 1);
  void Set(const std::string& name, const Labels& labels, double value);
  void Observe(const std::string& name, const Labels& labels, double value);

  // The value of a counter or gauge (0 when never touched); for tests.
  double Value(const std::string& name, const Labels& labels) const;

  std::string RenderPrometheus() const;

 private:
  enum class Kind { kCounter, kGauge, kHistogram };
  struct Histogram {
    std::vector<double> counts;  // one per bound, plus +Inf
    double sum = 0;
    double count = 0;
  };
  struct Family {
    Kind kind;
    std::string help;
    std::vector<double> bounds;
    std::map<Labels, double> values;
    std::map<Labels, Histogram> histograms;
  };

  Labels WithExtra(const Labels& labels) const;

  Metrics* const parent_ = nullptr;
  const Labels extra_ = {};
  mutable absl::Mutex mu_;
  std::map<std::string, Family> families_ ABSL_GUARDED_BY(mu_);
};

}  // namespace gg

#endif  // GAINSIGHT_GATEWAY_SERVER_OBSERVE_METRICS_H_
