/// @file
/// The accuracy figures forecasters read, on the original scale of the data: RMSE, MAE, sMAPE and
/// MASE, per horizon step and over all steps.
///
/// Letters: N forecasts (windows), H horizon steps, G series (target columns).
///
/// @code{.unparsed}
///   RMSE   sqrt(mean (y - yhat)^2)                      in the units of the data
///   MAE    mean |y - yhat|                              in the units of the data
///   sMAPE  200/n * sum |y - yhat| / (|y| + |yhat|)      in percent, 0 .. 200; a term with
///                                                       y = yhat = 0 counts as 0 (0/0 := 0)
///   MASE   mean |y - yhat| / s_g                        s_g = mean |y_t - y_{t-m}| over the
///                                                       training rows of series g: the in-sample
///                                                       error of the seasonal naive forecast
///                                                       of period m (Hyndman & Koehler 2006)
/// @endcode
///
/// MASE below 1 beats the seasonal naive forecast's in-sample one-step error. When a series'
/// training rows are constant, s_g is 0 and MASE is undefined: it is reported as absent
/// (std::nullopt), never as inf or NaN.
///
/// Forecasts of several series are stacked series by series, as make_column_windows stacks them
/// (forecast_data.h): rows [g * N / G, (g + 1) * N / G) forecast series g and are scaled by s_g.
/// Averaging the scaled errors over all rows is then the mean of the per-series MASEs.
///
/// @code{.cpp}
///   const double s = forecast::seasonal_naive_scale(train_rows, 24);  // (1, T) or (S, T)
///   forecast::Accuracy a = forecast::accuracy(pred, actual, {s});     // (N, H) each, original scale
///   std::printf("sMAPE %.2f%%, MASE %.3f\n", a.overall.smape, a.overall.mase.value());
/// @endcode
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "../core/tensor.h"

namespace ripple::forecast {

/// One set of figures (see forecast_metrics.h): over one horizon step, or over all of them.
struct Scores {
  double rmse = 0, mae = 0;
  double smape = 0;             ///< percent, 0 .. 200
  std::optional<double> mase;   ///< absent when a series' scale is 0
};

/// The figures per horizon step (H entries: step 1 .. H ahead) and over all N * H forecasts.
struct Accuracy {
  std::vector<Scores> per_step;
  Scores overall;
};

/// The MASE denominator: mean |y_t - y_{t-m}| over every row of `series` (S, T), each row an
/// independent series (differences never cross rows), in double. Returns 0 for constant rows.
/// Throws ripple::Error naming the shape unless series is 2-d with T > period >= 1.
double seasonal_naive_scale(const Tensor& series, int64_t period);

/// Scores pred against actual, both (N, H) on the original scale. `scales` holds s_g for the
/// G series stacked in the rows (G divides N); MASE is absent if any s_g is 0 or not finite.
/// Throws ripple::Error naming the shapes if pred and actual differ, are not 2-d, N is 0, or N is
/// not a multiple of G.
Accuracy accuracy(const Tensor& pred, const Tensor& actual, const std::vector<double>& scales);

}  // namespace ripple::forecast
