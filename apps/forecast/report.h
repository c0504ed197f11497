// The forecast app's reports and files: error lines and tables (also on the original scale), the
// rolling-origin backtest, the forecasts CSV and plot (--predict), and the loss-per-epoch plot.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "apps/common/run.h"
#include "apps/forecast/data.h"
#include "models/forecast_data.h"
#include "models/forecast_metrics.h"
#include "models/forecast_models.h"
#include "models/forecast_quantile.h"
#include "models/forecast_train.h"

namespace ripple::apps {

// One line: "  <name>   MSE 0.01234  MAE 0.05678", and the errors on the original scale when the
// data were scaled (scale != 1).
void print_errors(const std::string& name, const forecast::Errors& e, double scale);

// Rolling-origin evaluation over the test split: forecasts of `horizon` steps from every
// `stride`-th test window in time order (origins test.origin[0], [stride], ...), each scored
// against what followed. Errors are on the scaled data.
struct Backtest {
  int64_t origins = 0;
  std::vector<forecast::Errors> per_step;  // H entries: step 1 .. H ahead
  forecast::Errors overall;
};
Backtest run_backtest(forecast::Forecaster& model, const forecast::Dataset& test, int64_t horizon,
                      int64_t stride);

// A table, one line per horizon step: "step  MSE  MAE  [MSE  MAE on the original scale]".
std::string format_per_step(const std::vector<forecast::Errors>& per_step, double scale);

// The figures forecasters read (RMSE, MAE, sMAPE, MASE; models/forecast_metrics.h) of the
// model's and the naive forecasts of the test split, on the original scale (each target column
// with its own scaler statistics). MASE is scaled, per target column, by the seasonal naive
// error of period `period` on the training rows; mase_note says why it is absent when it is.
struct OriginalScores {
  int64_t period = 1;
  forecast::Accuracy model, naive;
  std::string mase_note;  // "" when MASE is defined
};
// pred, naive, actual: (N, H) on the scaled data, as the model sees it.
OriginalScores score_original(const ForecastData& data, const Tensor& pred, const Tensor& naive,
                              const Tensor& actual, int64_t period);
// Lines for the model and the naive forecast, then (H > 1) the model's figures per step:
//   "  step       RMSE        MAE   sMAPE %      MASE".
std::string format_original(const OriginalScores& s, const std::string& model_name);
// {"mase_period", "mase_note" (null when defined), "model": {"rmse", "mae", "smape", "mase",
// "per_step": [{"step", "rmse", ...}, ...]}, "naive": {"rmse", "mae", "smape", "mase"}}; an
// absent MASE is null.
nlohmann::json original_json(const OriginalScores& s);

// The quantile forecasts' scores on the test split (--quantiles): the pinball loss per level,
// the coverage of the outer interval against its nominal level, and its mean width (on the
// original scale too when the data were scaled: scale != 1).
std::string format_intervals(const forecast::IntervalScore& s, const std::vector<double>& levels, double scale);
// {"levels", "pinball" (per level), "coverage", "nominal", "mean_width", and with scale != 1
// "pinball_original_scale", "mean_width_original_scale"}.
// "80% interval (q0.1 to q0.9)": the outer levels' interval, for legends.
std::string interval_name(const std::vector<double>& levels);
nlohmann::json interval_json(const forecast::IntervalScore& s, const std::vector<double>& levels, double scale);

struct PredictionFiles {
  std::string csv, svg;
};
// Writes DIR/forecast.csv (origin, index, date, step, prediction, actual, and a column q<level>
// per quantile level; original scale; dates continued past the data) and DIR/forecast.svg: the
// forecast from the last test window next to what happened, and for a CSV also the forecast
// beyond the end of the data (no actual), the outer quantiles shaded, dates on the x axis.
// Throws ripple::FileError.
PredictionFiles write_predictions(forecast::Forecaster& model, const ForecastOptions& o,
                                  const ForecastData& data, const RunDir& run);

// DIR/loss.svg: train loss and validation MSE per epoch, log y axis. Throws ripple::FileError.
void plot_epoch_losses(const std::string& path, const forecast::TrainResult& result,
                       const std::string& title);

}  // namespace ripple::apps
