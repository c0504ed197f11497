// QuantileForecaster, predict_quantiles (sorted: no crossing) and score_intervals.
#include "models/forecast_quantile.h"

#include <algorithm>
#include <cmath>

#include "autograd/ops.h"
#include "core/kernels.h"

namespace ripple::forecast {

namespace {

std::string list(const std::vector<double>& v) {
  std::string s;
  char buf[32];
  for (double x : v) {
    if (!s.empty()) s.push_back(',');
    std::snprintf(buf, sizeof buf, "%g", x);
    s.append(buf);
  }
  return s;
}

}  // namespace

void check_quantile_levels(const std::vector<double>& levels) {
  if (levels.empty()) throw Error("quantile levels: none given");
  for (size_t i = 0; i < levels.size(); ++i) {
    if (!(levels[i] > 0 && levels[i] < 1))
      throw Error("quantile levels " + list(levels) + ": each must lie strictly between 0 and 1");
    if (i > 0 && !(levels[i] > levels[i - 1]))
      throw Error("quantile levels " + list(levels) + ": must be strictly increasing, as 0.1,0.5,0.9");
  }
  if (std::find(levels.begin(), levels.end(), 0.5) == levels.end())
    throw Error("quantile levels " + list(levels) + ": must include 0.5, the median, which is the point forecast");
}

QuantileForecaster::QuantileForecaster(std::shared_ptr<Forecaster> inner, std::vector<double> levels)
    : inner_(std::move(inner)), levels_(std::move(levels)) {
  check_quantile_levels(levels_);
  const auto Q = static_cast<int64_t>(levels_.size());
  if (!inner_ || inner_->outputs() % Q != 0)
    throw Error("QuantileForecaster: the model's " + std::to_string(inner_ ? inner_->outputs() : 0) +
                " outputs are not a multiple of " + std::to_string(Q) + " levels");
  register_module("model", inner_);
}

Tensor QuantileForecaster::forward(const Tensor& x) { return (*inner_)(x); }

std::string QuantileForecaster::describe() const { return "QuantileForecaster(" + list(levels_) + ")"; }

int64_t QuantileForecaster::median_index() const {
  return std::find(levels_.begin(), levels_.end(), 0.5) - levels_.begin();
}

Tensor predict_quantiles(QuantileForecaster& model, const Tensor& x, int64_t chunk) {
  if (x.dim() != 3) throw Error("predict_quantiles: expected x (N, T, F), got " + to_string(x.shape()));
  EvalGuard eval(model);
  NoGradGuard no_grad;
  const int64_t N = x.size(0), Q = static_cast<int64_t>(model.levels().size()), E = model.outputs();
  std::vector<Tensor> parts;
  for (int64_t i = 0; i < N; i += chunk) parts.push_back(model.forecast_last(narrow(x, 0, i, std::min(chunk, N - i))));
  Tensor raw = parts.size() == 1 ? parts[0] : concat(parts, 0);          // (N, Q * E)
  std::vector<double> v = kernel::contiguous(raw).to_vector<double>();
  std::vector<double> column(static_cast<size_t>(Q));
  for (int64_t n = 0; n < N; ++n)  // the rearrangement: sort the Q values of each step
    for (int64_t e = 0; e < E; ++e) {
      auto at = [&](int64_t q) -> double& { return v[static_cast<size_t>((n * Q + q) * E + e)]; };
      for (int64_t q = 0; q < Q; ++q) column[q] = at(q);
      std::sort(column.begin(), column.end());
      for (int64_t q = 0; q < Q; ++q) at(q) = column[q];
    }
  return to_dtype(from_vector(v, {N, Q, E}), raw.dtype());
}

IntervalScore score_intervals(const Tensor& q, const Tensor& y, const std::vector<double>& levels) {
  const auto Q = static_cast<int64_t>(levels.size());
  if (q.dim() != 3 || y.dim() != 2 || q.size(1) != Q || q.size(0) != y.size(0) || q.size(2) != y.size(1))
    throw Error("score_intervals: quantiles " + to_string(q.shape()) + " of " + std::to_string(Q) +
                " levels do not fit actual values " + to_string(y.shape()) + "; expected (N, Q, E) and (N, E)");
  const int64_t N = y.size(0), E = y.size(1);
  const std::vector<double> qv = kernel::contiguous(q).to_vector<double>(), yv = kernel::contiguous(y).to_vector<double>();
  IntervalScore s;
  s.pinball.assign(static_cast<size_t>(Q), 0);
  s.nominal = levels.back() - levels.front();
  int64_t inside = 0;
  double width = 0;
  for (int64_t n = 0; n < N; ++n)
    for (int64_t e = 0; e < E; ++e) {
      const double actual = yv[static_cast<size_t>(n * E + e)];
      auto at = [&](int64_t i) { return qv[static_cast<size_t>((n * Q + i) * E + e)]; };
      for (int64_t i = 0; i < Q; ++i) {
        const double d = actual - at(i);
        s.pinball[static_cast<size_t>(i)] += d >= 0 ? levels[i] * d : (levels[i] - 1) * d;
      }
      inside += actual >= at(0) && actual <= at(Q - 1);
      width += at(Q - 1) - at(0);
    }
  const double count = static_cast<double>(std::max<int64_t>(1, N * E));
  for (double& p : s.pinball) p /= count;
  s.coverage = static_cast<double>(inside) / count;
  s.mean_width = width / count;
  return s;
}

}  // namespace ripple::forecast
