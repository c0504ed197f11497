// Error lines, backtest, forecasts CSV and SVG, loss plot for the forecast app.
#include "apps/forecast/report.h"

#include <cstdio>

#include "apps/common/svg.h"
#include "autograd/ops.h"
#include "core/kernels.h"
#include "models/forecast_train.h"

namespace ripple::apps {

namespace {

// One forecast from one origin, on the original scale.
struct Forecast {
  std::string label;          // "test" or "future"
  int64_t origin = 0;         // index of the first forecast step
  std::vector<double> pred;   // H values
  std::vector<double> actual; // H values, or empty when unknown
};

std::vector<double> row_values(const Tensor& t) { return kernel::contiguous(t).to_vector<double>(); }

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

}  // namespace

void print_errors(const std::string& name, const forecast::Errors& e, double scale) {
  std::printf("  %-40s MSE %.5f  MAE %.5f", name.c_str(), e.mse, e.mae);
  if (scale != 1) std::printf("   (original scale: MSE %.5g  MAE %.5g)", e.mse * scale * scale, e.mae * scale);
  std::printf("\n");
}

Backtest run_backtest(forecast::Forecaster& model, const forecast::Dataset& test, int64_t horizon,
                      int64_t stride) {
  if (stride < 1) throw Error("backtest: stride must be >= 1, got " + std::to_string(stride));
  std::vector<int64_t> idx;
  for (int64_t i = 0; i < test.size(); i += stride) idx.push_back(i);
  if (idx.empty()) throw Error("backtest: the test split has no windows");
  const forecast::Dataset origins = test.select(from_vector(idx));
  const Tensor pred = forecast::forecast_horizon(model, origins.x, horizon);  // (n, H)
  const Tensor actual = narrow(origins.y, 1, 0, horizon);
  Backtest b;
  b.origins = static_cast<int64_t>(idx.size());
  b.per_step = forecast::errors_per_step(pred, actual);
  b.overall = forecast::errors(pred, actual);
  return b;
}

std::string format_per_step(const std::vector<forecast::Errors>& per_step, double scale) {
  const bool original = scale != 1;
  std::string out = original ? "  step        MSE        MAE   MSE (orig)   MAE (orig)\n"
                             : "  step        MSE        MAE\n";
  char buf[128];
  for (size_t k = 0; k < per_step.size(); ++k) {
    const auto& e = per_step[k];
    if (original)
      std::snprintf(buf, sizeof buf, "  %4zu  %9.5f  %9.5f  %11.5g  %11.5g\n", k + 1, e.mse, e.mae,
                    e.mse * scale * scale, e.mae * scale);
    else
      std::snprintf(buf, sizeof buf, "  %4zu  %9.5f  %9.5f\n", k + 1, e.mse, e.mae);
    out += buf;
  }
  return out;
}

PredictionFiles write_predictions(forecast::Forecaster& model, const ForecastOptions& o,
                                  const ForecastData& data, const RunDir& run) {
  const int64_t H = o.horizon, W = o.window;
  std::vector<Forecast> forecasts;
  std::vector<double> hist_x, hist_y;  // the history shown in the plot, original scale

  // The last test window (a CSV) or the first test series (synthetic): actual known.
  const int64_t pick = data.synthetic ? 0 : data.test.size() - 1;
  const forecast::Dataset one = data.test.rows(pick, pick + 1);
  Forecast f{"test", data.synthetic ? W : one.origin[0], {}, {}};
  f.pred = row_values(data.scaler.inverse_target(forecast::forecast_horizon(model, one.x, H)));
  f.actual = row_values(data.scaler.inverse_target(narrow(one.y, 1, 0, H)));
  forecasts.push_back(f);
  if (data.synthetic) {
    const std::vector<double> xs = row_values(select(select(one.x, 2, 0), 0, 0));
    for (int64_t t = 0; t < W; ++t) hist_x.push_back(static_cast<double>(t)), hist_y.push_back(xs[t]);
  } else {
    // the future: the last W rows of the data
    const int64_t T = data.values.size(0);
    const Tensor last = reshape(narrow(data.values, 0, T - W, W), {1, W, data.values.size(1)});
    if (data.values.size(1) == 1 || H <= o.emitted())
      forecasts.push_back(
          {"future", T, row_values(data.scaler.inverse_target(forecast::forecast_horizon(model, last, H))), {}});
    const std::vector<double> target = row_values(data.scaler.inverse_target(select(data.values, 1, 0)));
    for (int64_t r = std::max<int64_t>(0, f.origin - 3 * W); r < T; ++r)
      hist_x.push_back(static_cast<double>(r)), hist_y.push_back(target[r]);
  }

  std::string csv = "origin,index," + (data.time_column.empty() ? std::string("date") : csv_field(data.time_column)) +
                    ",step,prediction,actual\n";
  char buf[160];
  for (const Forecast& fc : forecasts)
    for (int64_t k = 0; k < H; ++k) {
      const int64_t index = fc.origin + k;
      const std::string date = index < static_cast<int64_t>(data.times.size()) ? data.times[index] : "";
      std::string actual;
      if (!fc.actual.empty()) std::snprintf(buf, sizeof buf, "%.9g", fc.actual[k]), actual = buf;
      std::snprintf(buf, sizeof buf, "%s,%lld,%s,%lld,%.9g,%s\n", fc.label.c_str(), static_cast<long long>(index),
                    csv_field(date).c_str(), static_cast<long long>(k + 1), fc.pred[k], actual.c_str());
      csv += buf;
    }
  PredictionFiles files{run.file("forecast.csv"), run.file("forecast.svg")};
  write_file_atomic(files.csv, csv);

  Plot plot;
  plot.title = "forecast (" + o.model + "): " + data.target;
  plot.x_label = data.synthetic ? "time step" : "row";
  plot.y_label = data.target;
  plot.line("history", hist_x, hist_y);
  for (const Forecast& fc : forecasts) {
    std::vector<double> xs;
    for (int64_t k = 0; k < H; ++k) xs.push_back(static_cast<double>(fc.origin + k));
    if (!fc.actual.empty()) plot.points("actual", xs, fc.actual);
    plot.line(fc.label == "test" ? "forecast" : "forecast beyond the data", xs, fc.pred);
  }
  plot.vline(static_cast<double>(forecasts[0].origin) - 0.5, "forecast origin");
  plot.save(files.svg);
  return files;
}

void plot_epoch_losses(const std::string& path, const forecast::TrainResult& result,
                       const std::string& title) {
  auto epochs = [](size_t n) {  // 1, 2, ..., n
    std::vector<double> x;
    for (size_t i = 0; i < n; ++i) x.push_back(static_cast<double>(i + 1));
    return x;
  };
  LossPlot plot;
  plot.title = title;
  plot.x_label = "epoch";
  plot.y_label = "MSE";
  plot.log_y = true;
  plot.train = {"train loss (sequence models: every step)", epochs(result.train_loss.size()),
                result.train_loss, Mark::Line, ""};
  plot.val = {"validation MSE (last step)", epochs(result.val_mse.size()), result.val_mse,
              Mark::Line, ""};
  plot_losses(path, plot);
}

}  // namespace ripple::apps
