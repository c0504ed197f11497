// The forecast app's reports and files: error lines and tables, the rolling-origin backtest, the
// forecasts CSV and plot (--predict), and the loss-per-epoch plot.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "apps/common/run.h"
#include "apps/forecast/data.h"
#include "models/forecast_data.h"
#include "models/forecast_models.h"
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

struct PredictionFiles {
  std::string csv, svg;
};
// Writes DIR/forecast.csv (origin, index, date, step, prediction, actual; original scale) and
// DIR/forecast.svg: the forecast from the last test window next to what happened, and for a CSV
// also the forecast beyond the end of the data (no actual). Throws ripple::FileError.
PredictionFiles write_predictions(forecast::Forecaster& model, const ForecastOptions& o,
                                  const ForecastData& data, const RunDir& run);

// DIR/loss.svg: train loss and validation MSE per epoch, log y axis. Throws ripple::FileError.
void plot_epoch_losses(const std::string& path, const forecast::TrainResult& result,
                       const std::string& title);

}  // namespace ripple::apps
