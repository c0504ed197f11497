// The forecast data: synthetic series, windows, split, scaling and the naive baselines.
#include "models/forecast_data.h"

#include <algorithm>
#include <cmath>

#include "autograd/ops.h"
#include "core/kernels.h"

namespace ripple::forecast {

namespace {

std::string str(int64_t v) { return std::to_string(v); }

}  // namespace

Tensor generate_time_series(int64_t batch, int64_t n_steps, Generator& gen) {
  if (batch < 1 || n_steps < 2)
    throw Error("generate_time_series: need batch >= 1 and n_steps >= 2, got " + str(batch) +
                " and " + str(n_steps));
  Tensor out = empty({batch, n_steps});
  float* p = out.data<float>();
  // NumPy's order: rand(4, batch, 1) gives all f1, then all f2, o1, o2; then the noise.
  std::vector<double> params(static_cast<size_t>(4 * batch));
  for (double& v : params) v = gen.uniform01();
  for (int64_t b = 0; b < batch; ++b) {
    const double f1 = params[b], f2 = params[batch + b], o1 = params[2 * batch + b],
                 o2 = params[3 * batch + b];
    for (int64_t i = 0; i < n_steps; ++i) {
      const double t = static_cast<double>(i) / static_cast<double>(n_steps - 1);
      p[b * n_steps + i] = static_cast<float>(0.5 * std::sin((t - o1) * (f1 * 10 + 10)) +
                                              0.2 * std::sin((t - o2) * (f2 * 20 + 20)));
    }
  }
  for (int64_t i = 0; i < batch * n_steps; ++i) p[i] += static_cast<float>(0.1 * (gen.uniform01() - 0.5));
  return out;
}

Dataset Dataset::rows(int64_t begin, int64_t end) const {
  if (begin < 0 || end > size() || begin > end)
    throw Error("Dataset::rows: [" + str(begin) + ", " + str(end) + ") is outside " + str(size()) +
                " examples");
  return {narrow(x, 0, begin, end - begin), narrow(y, 0, begin, end - begin),
          std::vector<int64_t>(origin.begin() + begin, origin.begin() + end)};
}

Dataset Dataset::select(const Tensor& idx) const {
  Dataset d{kernel::index_select(x, 0, idx), kernel::index_select(y, 0, idx), {}};
  const Tensor ic = kernel::contiguous(idx);
  const int64_t* pi = ic.data<int64_t>();
  for (int64_t i = 0; i < ic.numel(); ++i) d.origin.push_back(origin[static_cast<size_t>(pi[i])]);
  return d;
}

Dataset from_series(const Tensor& series, int64_t window, int64_t horizon) {
  if (series.dim() != 2 || window < 1 || horizon < 1 || series.size(1) != window + horizon)
    throw Error("from_series: expected series (N, window + horizon) = (N, " + str(window) + " + " +
                str(horizon) + "), got " + to_string(series.shape()));
  const Tensor s = kernel::contiguous(kernel::to_dtype(series, DType::Float32));
  const int64_t N = s.size(0);
  Dataset d;
  d.x = kernel::contiguous(reshape(narrow(s, 1, 0, window), {N, window, 1}));
  d.y = kernel::contiguous(narrow(s, 1, window, horizon));
  for (int64_t n = 0; n < N; ++n) d.origin.push_back(n);
  return d;
}

Dataset make_windows(const Tensor& values, int64_t window, int64_t horizon, int64_t begin,
                     int64_t end) {
  if (values.dim() != 2) throw Error("make_windows: expected values (T, F), got " + to_string(values.shape()));
  const Tensor v = kernel::contiguous(kernel::to_dtype(values, DType::Float32));
  const int64_t F = v.size(1), W = window, H = horizon;
  const int64_t first = std::max(begin, W), last = end - H;  // first target rows
  if (W < 1 || H < 1 || last < first)
    throw Error("make_windows: rows [" + str(begin) + ", " + str(end) + ") hold no window of " + str(W) +
                " input + " + str(H) + " target steps (a window needs " + str(W + H) + " rows)");
  const int64_t N = last - first + 1;
  Dataset d;
  d.x = empty({N, W, F});
  d.y = empty({N, H});
  const float* pv = v.data<float>();
  float *px = d.x.data<float>(), *py = d.y.data<float>();
  for (int64_t n = 0; n < N; ++n) {
    const int64_t r = first + n;
    std::copy_n(pv + (r - W) * F, W * F, px + n * W * F);
    for (int64_t k = 0; k < H; ++k) py[n * H + k] = pv[(r + k) * F];
    d.origin.push_back(r);
  }
  return d;
}

Dataset make_column_windows(const Tensor& values, int64_t window, int64_t horizon, int64_t begin,
                            int64_t end, bool independent) {
  if (values.dim() != 2)
    throw Error("make_column_windows: expected values (T, F), got " + to_string(values.shape()));
  const int64_t F = values.size(1);
  std::vector<Tensor> xs, ys;
  Dataset d;
  for (int64_t c = 0; c < F; ++c) {
    std::vector<int64_t> cols{c};
    for (int64_t j = 1; !independent && j < F; ++j) cols.push_back((c + j) % F);
    const Dataset part = make_windows(kernel::index_select(values, 1, from_vector(cols, {static_cast<int64_t>(cols.size())})), window,
                                      horizon, begin, end);
    xs.push_back(part.x);
    ys.push_back(part.y);
    d.origin.insert(d.origin.end(), part.origin.begin(), part.origin.end());
  }
  d.x = kernel::contiguous(concat(xs, 0));
  d.y = kernel::contiguous(concat(ys, 0));
  return d;
}

Tensor sequence_targets(const Dataset& d, int64_t outputs) {
  const int64_t N = d.size(), W = d.window(), H = d.horizon(), E = outputs;
  if (E < 1 || E > H)
    throw Error("sequence_targets: outputs must be in [1, " + str(H) + "], got " + str(E));
  const Tensor x = kernel::contiguous(d.x), y = kernel::contiguous(d.y);
  const float *px = x.data<float>(), *py = y.data<float>();
  const int64_t F = d.features();
  Tensor out = empty({N, W, E});
  float* po = out.data<float>();
  for (int64_t n = 0; n < N; ++n)
    for (int64_t t = 0; t < W; ++t)
      for (int64_t k = 0; k < E; ++k) {
        const int64_t j = t + 1 + k;  // the step on the target track x[n, :, 0] ++ y[n]
        po[(n * W + t) * E + k] = j < W ? px[(n * W + j) * F] : py[n * H + j - W];
      }
  return out;
}

Split make_split(const std::vector<double>& parts, int64_t total) {
  if (parts.size() != 3) throw Error("split: expected three parts A,B,C, got " + str(static_cast<int64_t>(parts.size())));
  for (double p : parts)
    if (!(p >= 0) || !std::isfinite(p)) throw Error("split: parts must be non-negative numbers");
  const double sum = parts[0] + parts[1] + parts[2];
  Split s;
  s.total = total;
  if (std::abs(sum - 1) < 1e-6) {  // fractions
    s.train_end = static_cast<int64_t>(std::llround(parts[0] * static_cast<double>(total)));
    s.val_end = static_cast<int64_t>(std::llround((parts[0] + parts[1]) * static_cast<double>(total)));
  } else {
    for (double p : parts)
      if (p != std::floor(p))
        throw Error("split: parts must be fractions summing to 1 or whole row counts");
    if (sum > static_cast<double>(total))
      throw Error("split: " + str(static_cast<int64_t>(sum)) + " rows asked for, the data have " + str(total));
    s.train_end = static_cast<int64_t>(parts[0]);
    s.val_end = static_cast<int64_t>(parts[0] + parts[1]);
    s.total = static_cast<int64_t>(sum);
  }
  return s;
}

Scaler Scaler::identity(int64_t features) {
  return {std::vector<double>(static_cast<size_t>(features), 0.0),
          std::vector<double>(static_cast<size_t>(features), 1.0)};
}

Scaler Scaler::fit(const Tensor& values, int64_t rows) {
  if (values.dim() != 2 || rows < 2 || rows > values.size(0))
    throw Error("Scaler::fit: need at least 2 training rows of values (T, F), got " + str(rows) +
                " rows of " + to_string(values.shape()));
  const Tensor v = kernel::contiguous(kernel::to_dtype(values, DType::Float64));
  const int64_t F = v.size(1);
  const double* p = v.data<double>();
  Scaler s;
  for (int64_t f = 0; f < F; ++f) {
    double m = 0, ss = 0;
    for (int64_t r = 0; r < rows; ++r) m += p[r * F + f];
    m /= static_cast<double>(rows);
    for (int64_t r = 0; r < rows; ++r) ss += (p[r * F + f] - m) * (p[r * F + f] - m);
    const double sd = std::sqrt(ss / static_cast<double>(rows));
    s.mean.push_back(m);
    s.stddev.push_back(sd > 1e-12 * std::max(1.0, std::abs(m)) ? sd : 1.0);
  }
  return s;
}

Tensor Scaler::transform(const Tensor& values) const {
  if (values.dim() != 2 || values.size(1) != static_cast<int64_t>(mean.size()))
    throw Error("Scaler::transform: expected (T, " + str(static_cast<int64_t>(mean.size())) + "), got " +
                to_string(values.shape()));
  const Tensor v = kernel::contiguous(kernel::to_dtype(values, DType::Float64));
  const int64_t T = v.size(0), F = v.size(1);
  Tensor out = empty({T, F});
  const double* pv = v.data<double>();
  float* po = out.data<float>();
  for (int64_t r = 0; r < T; ++r)
    for (int64_t f = 0; f < F; ++f)
      po[r * F + f] = static_cast<float>((pv[r * F + f] - mean[f]) / stddev[f]);
  return out;
}

Tensor Scaler::inverse(const Tensor& y, int64_t column) const {
  if (column < 0 || column >= static_cast<int64_t>(mean.size()))
    throw Error("Scaler::inverse: no column " + str(column) + " among " +
                str(static_cast<int64_t>(mean.size())) + " features");
  NoGradGuard no_grad;
  return y * stddev[static_cast<size_t>(column)] + mean[static_cast<size_t>(column)];
}

Tensor naive_forecast(const Tensor& x, int64_t horizon) {
  if (x.dim() != 3) throw Error("naive_forecast: expected x (N, W, F), got " + to_string(x.shape()));
  NoGradGuard no_grad;
  Tensor last = select(select(x, 2, 0), 1, -1);  // (N,)
  return contiguous(expand(unsqueeze(last, 1), {x.size(0), horizon}));
}

Tensor seasonal_naive_forecast(const Tensor& x, int64_t horizon, int64_t period) {
  if (x.dim() != 3) throw Error("seasonal_naive_forecast: expected x (N, W, F), got " + to_string(x.shape()));
  const int64_t W = x.size(1);
  if (period < 1 || period > W)
    throw Error("seasonal_naive_forecast: period " + str(period) + " must be in [1, window " + str(W) + "]");
  NoGradGuard no_grad;
  std::vector<int64_t> steps;
  for (int64_t k = 0; k < horizon; ++k) steps.push_back(W - period + k % period);
  return index_select(select(x, 2, 0), 1, from_vector(steps, {horizon}));  // (N, H), also for H = 1
}

Errors errors(const Tensor& pred, const Tensor& target) {
  if (pred.shape() != target.shape())
    throw Error("errors: prediction " + to_string(pred.shape()) + " and target " +
                to_string(target.shape()) + " differ");
  const Tensor a = kernel::contiguous(kernel::to_dtype(pred, DType::Float64));
  const Tensor b = kernel::contiguous(kernel::to_dtype(target, DType::Float64));
  const double *pa = a.data<double>(), *pb = b.data<double>();
  Errors e;
  const int64_t n = a.numel();
  for (int64_t i = 0; i < n; ++i) {
    e.mse += (pa[i] - pb[i]) * (pa[i] - pb[i]);
    e.mae += std::abs(pa[i] - pb[i]);
  }
  if (n > 0) e.mse /= static_cast<double>(n), e.mae /= static_cast<double>(n);
  return e;
}

std::vector<Errors> errors_per_step(const Tensor& pred, const Tensor& target) {
  if (pred.dim() != 2 || pred.shape() != target.shape())
    throw Error("errors_per_step: expected prediction and target (N, H), got " +
                to_string(pred.shape()) + " and " + to_string(target.shape()));
  NoGradGuard no_grad;
  std::vector<Errors> out;
  for (int64_t k = 0; k < pred.size(1); ++k) out.push_back(errors(select(pred, 1, k), select(target, 1, k)));
  return out;
}

}  // namespace ripple::forecast
