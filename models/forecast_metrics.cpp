// RMSE, MAE, sMAPE and MASE on the original scale (forecast_metrics.h).
#include "models/forecast_metrics.h"

#include <cmath>
#include <string>

#include "core/kernels.h"

namespace ripple::forecast {

namespace {

std::string str(int64_t v) { return std::to_string(v); }

Tensor as_double(const Tensor& t) { return kernel::contiguous(kernel::to_dtype(t, DType::Float64)); }

// Sums over a set of forecasts, turned into Scores by finish().
struct Sums {
  double squared = 0, absolute = 0, symmetric = 0, scaled = 0;
  int64_t n = 0;

  void add(double y, double yhat, double scale) {
    const double e = std::abs(y - yhat), denom = std::abs(y) + std::abs(yhat);
    squared += e * e;
    absolute += e;
    symmetric += denom > 0 ? e / denom : 0.0;  // y = yhat = 0: a perfect forecast, 0/0 := 0
    scaled += e / scale;
    ++n;
  }
  Scores finish(bool mase_defined) const {
    const double k = static_cast<double>(n);
    Scores s{std::sqrt(squared / k), absolute / k, 200.0 * symmetric / k, std::nullopt};
    if (mase_defined) s.mase = scaled / k;
    return s;
  }
};

}  // namespace

double seasonal_naive_scale(const Tensor& series, int64_t period) {
  if (series.dim() != 2 || period < 1 || series.size(1) <= period)
    throw Error("seasonal_naive_scale: need series (S, T) with T > period >= 1, got " +
                to_string(series.shape()) + " and period " + str(period));
  const Tensor s = as_double(series);
  const int64_t S = s.size(0), T = s.size(1);
  const double* p = s.data<double>();
  double sum = 0;
  for (int64_t r = 0; r < S; ++r)
    for (int64_t t = period; t < T; ++t) sum += std::abs(p[r * T + t] - p[r * T + t - period]);
  return sum / static_cast<double>(S * (T - period));
}

Accuracy accuracy(const Tensor& pred, const Tensor& actual, const std::vector<double>& scales) {
  if (pred.dim() != 2 || pred.shape() != actual.shape() || pred.size(0) == 0)
    throw Error("accuracy: expected prediction and actual (N, H) with N > 0, got " +
                to_string(pred.shape()) + " and " + to_string(actual.shape()));
  const int64_t N = pred.size(0), H = pred.size(1), G = static_cast<int64_t>(scales.size());
  if (G == 0 || N % G != 0)
    throw Error("accuracy: " + str(N) + " forecasts cannot be split into " + str(G) +
                " series of equal length");
  bool mase_defined = true;
  for (double s : scales) mase_defined = mase_defined && std::isfinite(s) && s > 0;
  const Tensor a = as_double(pred), b = as_double(actual);
  const double *pa = a.data<double>(), *pb = b.data<double>();
  std::vector<Sums> steps(static_cast<size_t>(H));
  Sums all;
  for (int64_t n = 0; n < N; ++n) {
    const double scale = mase_defined ? scales[static_cast<size_t>(n / (N / G))] : 1.0;
    for (int64_t k = 0; k < H; ++k) {
      steps[static_cast<size_t>(k)].add(pb[n * H + k], pa[n * H + k], scale);
      all.add(pb[n * H + k], pa[n * H + k], scale);
    }
  }
  Accuracy out;
  for (const Sums& s : steps) out.per_step.push_back(s.finish(mase_defined));
  out.overall = all.finish(mase_defined);
  return out;
}

}  // namespace ripple::forecast
