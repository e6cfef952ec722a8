#include "error_metrics.h"

#include <cmath>

#include "student_t.h"

namespace campcount::evaluation {

campcount::v1::ErrorMetrics Metrics(
    const std::vector<const campcount::v1::ComparisonPoint*>& points,
    double interval_level) {
  campcount::v1::ErrorMetrics m;
  m.set_interval_level(interval_level);
  if (points.empty()) return m;
  double abs_sum = 0, pct_sum = 0, sq_sum = 0, signed_sum = 0, width = 0;
  int64_t covered = 0, pct_n = 0;
  for (const auto* p : points) {
    const double e = p->estimate() - p->census();
    abs_sum += std::fabs(e);
    sq_sum += e * e;
    signed_sum += e;
    if (p->census() > 0) {
      pct_sum += std::fabs(e) / p->census() * 100;
      ++pct_n;
    }
    if (p->census() >= p->lower() && p->census() <= p->upper()) ++covered;
    width += p->upper() - p->lower();
  }
  const double n = double(points.size());
  m.set_n(static_cast<int64_t>(points.size()));
  m.set_mae(abs_sum / n);
  m.set_mape(pct_n > 0 ? pct_sum / pct_n : 0);
  m.set_rmse(std::sqrt(sq_sum / n));
  m.set_bias(signed_sum / n);
  m.set_coverage(covered / n);
  m.set_mean_width(width / n);
  return m;
}

campcount::v1::PairedComparison Paired(
    const std::string& a, const std::map<std::string, double>& camp_mae_a,
    const std::string& b, const std::map<std::string, double>& camp_mae_b,
    double level) {
  campcount::v1::PairedComparison out;
  out.set_a(a);
  out.set_b(b);
  out.set_level(level);
  std::vector<double> differences;
  for (const auto& [camp, mae_a] : camp_mae_a) {
    auto it = camp_mae_b.find(camp);
    if (it == camp_mae_b.end()) continue;
    const double d = mae_a - it->second;
    differences.push_back(d);
    if (d < 0) {
      out.set_a_wins(out.a_wins() + 1);
    } else if (d > 0) {
      out.set_b_wins(out.b_wins() + 1);
    } else {
      out.set_ties(out.ties() + 1);
    }
  }
  const double n = double(differences.size());
  out.set_camps(static_cast<int64_t>(differences.size()));
  if (differences.empty()) return out;
  double mean = 0;
  for (double d : differences) mean += d;
  mean /= n;
  out.set_mean_difference(mean);
  if (differences.size() < 2) {
    out.set_lower(mean);
    out.set_upper(mean);
    return out;
  }
  double ss = 0;
  for (double d : differences) ss += (d - mean) * (d - mean);
  const double se = std::sqrt(ss / (n - 1) / n);
  const double t = stats::StudentTQuantile(0.5 + level / 2, n - 1);
  out.set_lower(mean - t * se);
  out.set_upper(mean + t * se);
  return out;
}

}  // namespace campcount::evaluation
