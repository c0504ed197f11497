/// @file
/// Data for the forecast app: the tutorial's synthetic series, windows over a (possibly
/// multivariate) series, the chronological split, z-score scaling, and the naive baselines.
///
/// Letters: N windows (examples), W window (input steps), F features, H horizon (target steps).
///
/// A forecasting example is a window of W input steps, x (W, F), and the H values of the target
/// column that follow it, y (H,). The target column is always feature 0 of x, so the last input
/// value of the target is x[W - 1, 0] (what the naive forecast repeats). Sequence-to-sequence
/// models (the book's WaveNet) are trained on every time step at once: sequence_targets gives
/// y_seq[t, k], the target k + 1 steps after input step t, so y_seq[W - 1] = y.
///
/// Every column as a target (the benchmark's multivariate "M" setting) is a matter of data, not of
/// models: make_column_windows stacks the windows of each column in turn as the target, either
/// alone (channel independence: one shared univariate model for all columns) or with the other
/// columns as inputs, rotated so that the target stays feature 0.
///
/// @code{.cpp}
///   Generator gen(42);
///   Tensor s = forecast::generate_time_series(10000, 51, gen);     // (10000, 51)
///   forecast::Dataset all = forecast::from_series(s, 50, 1);        // x (10000, 50, 1), y (10000, 1)
///   forecast::Dataset train = all.rows(0, 7000);
/// @endcode
///
/// The synthetic generator follows the tutorial's formula but draws from a ripple Generator, so
/// its numbers are not bit-identical to NumPy's (np.random.seed(42)): the series are statistically
/// the same, the MSE figures agree to within run-to-run noise, not to the last digit.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "../core/generator.h"
#include "../core/tensor.h"

/// The forecast app's data, models and training.
namespace ripple::forecast {

/// The tutorial's generate_time_series(batch, n_steps): per series f1, f2, o1, o2 ~ U(0, 1),
/// t = linspace(0, 1, n_steps),
///   x = 0.5 sin((t - o1)(10 f1 + 10)) + 0.2 sin((t - o2)(20 f2 + 20)) + 0.1 (U(0, 1) - 0.5).
/// Returns float32 (batch, n_steps). Throws ripple::Error for batch < 1 or n_steps < 2.
Tensor generate_time_series(int64_t batch, int64_t n_steps, Generator& gen);

/// Forecasting examples: windows x and their targets y (see forecast_data.h).
struct Dataset {
  Tensor x;      ///< (N, W, F) float32 inputs (scaled when the data were)
  Tensor y;      ///< (N, H) the target column over the H steps after each window
  /// Where each window's first target step lies: the row of the source series for a CSV, the
  /// series index for the synthetic data.
  std::vector<int64_t> origin;

  int64_t size() const { return x.defined() ? x.size(0) : 0; }  ///< N
  int64_t window() const { return x.size(1); }                   ///< W
  int64_t features() const { return x.size(2); }                 ///< F
  int64_t horizon() const { return y.size(1); }                  ///< H
  /// Examples [begin, end) (views, no copy).
  Dataset rows(int64_t begin, int64_t end) const;
  /// Examples idx (int64 (n,)), copied: a training batch.
  Dataset select(const Tensor& idx) const;
};

/// Independent series (the synthetic task): each row of `series` (N, W + H) is one example, its
/// first W values the input (F = 1) and its last H the target. origin[n] = n.
Dataset from_series(const Tensor& series, int64_t window, int64_t horizon);

/// Windows over one multivariate series. `values` (T, F) float32, column 0 the target. Makes every
/// window whose H target rows all lie in [begin, end) and whose W input rows lie in [0, end):
/// first target rows r = max(begin, W) .. end - H, in order; origin[n] = r. Throws ripple::Error
/// naming the sizes if there is no such window.
Dataset make_windows(const Tensor& values, int64_t window, int64_t horizon, int64_t begin,
                     int64_t end);

/// The windows of every column of `values` (T, F) as the target in turn, as make_windows cuts
/// them, stacked column by column: examples [c * N, (c + 1) * N) forecast column c. `independent`:
/// x holds that column alone, (F * N, W, 1); otherwise all F columns, rotated so that column c is
/// feature 0: c, c + 1, ..., F - 1, 0, ..., c - 1, (F * N, W, F).
Dataset make_column_windows(const Tensor& values, int64_t window, int64_t horizon, int64_t begin,
                            int64_t end, bool independent);

/// The targets of sequence-to-sequence training: (N, W, E) with [n, t, k] the target k + 1 steps
/// after input step t, read from the target track x[n, :, 0] followed by y[n]. Throws
/// ripple::Error unless 1 <= E <= H.
Tensor sequence_targets(const Dataset& d, int64_t outputs);

/// A chronological split of T rows: train [0, train_end), validation [train_end, val_end), test
/// [val_end, T).
struct Split {
  int64_t train_end = 0, val_end = 0, total = 0;
};

/// `parts` is three numbers A,B,C: fractions (each in [0, 1], summing to 1 within 1e-6) or row
/// counts (whole numbers summing to at most `total`; the rest is dropped from the end, which keeps
/// a split of the synthetic series short). Throws ripple::Error explaining what is wrong.
Split make_split(const std::vector<double>& parts, int64_t total);

/// z-score scaling per feature, fitted on the training rows only.
struct Scaler {
  /// @{
  std::vector<double> mean, stddev;  ///< per feature; stddev 1 where a column is constant
  /// @}

  /// The identity scaling for F features (the synthetic data are used unscaled, as in the book).
  static Scaler identity(int64_t features);
  /// Fits on rows [0, rows) of `values` (T, F) (the training rows). Throws ripple::Error if rows < 2.
  static Scaler fit(const Tensor& values, int64_t rows);
  /// (T, F) float32 -> (x - mean) / stddev per column, float32.
  Tensor transform(const Tensor& values) const;
  /// Target (feature 0) values back to the original scale: y * stddev[0] + mean[0].
  Tensor inverse_target(const Tensor& y) const { return inverse(y, 0); }
  /// Values of feature `column` back to the original scale: y * stddev[column] + mean[column].
  /// Throws ripple::Error naming the column if there is no such feature.
  Tensor inverse(const Tensor& y, int64_t column) const;
  double target_scale() const { return stddev.empty() ? 1.0 : stddev[0]; }  ///< stddev[0], or 1
};

// --- baselines ----------------------------------------------------------------------------------

/// Repeats the last input value of the target: x (N, W, F) -> (N, H).
Tensor naive_forecast(const Tensor& x, int64_t horizon);
/// The value one season earlier: prediction k (0-based) = x[W - period + (k % period), 0].
/// x (N, W, F) -> (N, H). Throws ripple::Error unless 1 <= period <= W.
Tensor seasonal_naive_forecast(const Tensor& x, int64_t horizon, int64_t period);

/// MSE and MAE of pred against target (same shape, any), in double.
struct Errors {
  double mse = 0, mae = 0;
};
Errors errors(const Tensor& pred, const Tensor& target);  ///< throws if the shapes differ
/// Per horizon step: pred, target (N, H) -> H entries.
std::vector<Errors> errors_per_step(const Tensor& pred, const Tensor& target);

}  // namespace ripple::forecast
