// Error lines, backtest, forecasts CSV and SVG, loss plot for the forecast app.
#include "apps/forecast/report.h"

#include <cstdio>

#include "apps/common/svg.h"
#include "apps/forecast/dates.h"
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
  std::vector<std::vector<double>> quantiles;  // per level, H values (--quantiles), sorted
};

std::vector<double> row_values(const Tensor& t) { return kernel::contiguous(t).to_vector<double>(); }

// The forecast of one window x (1, W, F): the point forecast and, for a quantile model, every
// level's, back on the original scale.
Forecast forecast_window(forecast::Forecaster& model, const Tensor& x, int64_t H, const ForecastData& data,
                         std::string label, int64_t origin) {
  Forecast f{std::move(label), origin, row_values(data.scaler.inverse_target(forecast::forecast_horizon(model, x, H))),
             {}, {}};
  if (auto* q = dynamic_cast<forecast::QuantileForecaster*>(&model)) {
    const Tensor levels = forecast::predict_quantiles(*q, x);  // (1, Q, E)
    for (int64_t i = 0; i < levels.size(1); ++i)
      f.quantiles.push_back(row_values(data.scaler.inverse_target(narrow(select(levels, 1, i), 1, 0, H))));
  }
  return f;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

}  // namespace

OriginalScores score_original(const ForecastData& data, const Tensor& pred, const Tensor& naive,
                              const Tensor& actual, int64_t period) {
  OriginalScores s;
  s.period = period;
  const std::vector<double> scales = data.mase_scales(period);
  const std::vector<std::string> columns = data.target_columns();
  for (size_t c = 0; c < scales.size() && s.mase_note.empty(); ++c)
    if (!(scales[c] > 0))
      s.mase_note = "MASE undefined: the training rows of '" + columns[c] + "' never change over " +
                    std::to_string(period) + " step(s), so the seasonal naive error that scales it is 0";
  const Tensor y = data.original_scale(actual);
  s.model = forecast::accuracy(data.original_scale(pred), y, scales);
  s.naive = forecast::accuracy(data.original_scale(naive), y, scales);
  return s;
}

namespace {

std::string mase_text(const forecast::Scores& s) {
  char buf[32];
  if (!s.mase) return "n/a";
  std::snprintf(buf, sizeof buf, "%.4f", *s.mase);
  return buf;
}

std::string scores_line(const std::string& name, const forecast::Scores& s) {
  char buf[200];
  std::snprintf(buf, sizeof buf, "  %-40s RMSE %.5g  MAE %.5g  sMAPE %.3f%%  MASE %s\n", name.c_str(), s.rmse,
                s.mae, s.smape, mase_text(s).c_str());
  return buf;
}

nlohmann::json scores_json(const forecast::Scores& s) {
  return {{"rmse", s.rmse}, {"mae", s.mae}, {"smape", s.smape},
          {"mase", s.mase ? nlohmann::json(*s.mase) : nlohmann::json(nullptr)}};
}

}  // namespace

std::string format_original(const OriginalScores& s, const std::string& model_name) {
  std::string out = "on the original scale (sMAPE in percent; MASE against the in-sample seasonal naive "
                    "error of period " + std::to_string(s.period) + "):\n";
  out += scores_line("model " + model_name, s.model.overall);
  out += scores_line("naive (last value)", s.naive.overall);
  if (!s.mase_note.empty()) out += "  " + s.mase_note + "\n";
  if (s.model.per_step.size() > 1) {
    out += "  step       RMSE        MAE    sMAPE %       MASE\n";
    char buf[160];
    for (size_t k = 0; k < s.model.per_step.size(); ++k) {
      const forecast::Scores& e = s.model.per_step[k];
      std::snprintf(buf, sizeof buf, "  %4zu  %9.5g  %9.5g  %9.3f  %9s\n", k + 1, e.rmse, e.mae, e.smape,
                    mase_text(e).c_str());
      out += buf;
    }
  }
  return out;
}

nlohmann::json original_json(const OriginalScores& s) {
  nlohmann::json model = scores_json(s.model.overall), steps = nlohmann::json::array();
  for (size_t k = 0; k < s.model.per_step.size(); ++k) {
    nlohmann::json step = scores_json(s.model.per_step[k]);
    step["step"] = k + 1;
    steps.push_back(step);
  }
  model["per_step"] = steps;
  return {{"mase_period", s.period},
          {"mase_note", s.mase_note.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.mase_note)},
          {"model", model}, {"naive", scores_json(s.naive.overall)}};
}

void print_errors(const std::string& name, const forecast::Errors& e, double scale) {
  std::printf("  %-40s MSE %.5f  MAE %.5f", name.c_str(), e.mse, e.mae);
  if (scale != 1) std::printf("   (original scale: MSE %.5g  MAE %.5g)", e.mse * scale * scale, e.mae * scale);
  std::printf("\n");
}

std::string interval_name(const std::vector<double>& levels) {
  char buf[80];
  std::snprintf(buf, sizeof buf, "%.0f%% interval (q%g to q%g)", 100 * (levels.back() - levels.front()), levels.front(),
                levels.back());
  return buf;
}

std::string format_intervals(const forecast::IntervalScore& s, const std::vector<double>& levels, double scale) {
  std::string out = "quantiles (sorted per step, so they never cross):\n  level   pinball loss" +
                    std::string(scale != 1 ? "   (original scale)" : "") + "\n";
  char buf[160];
  for (size_t i = 0; i < levels.size(); ++i) {
    std::snprintf(buf, sizeof buf, "  %-5g   %12.5f", levels[i], s.pinball[i]);
    out += buf;
    if (scale != 1) std::snprintf(buf, sizeof buf, "   %.5g", s.pinball[i] * scale), out += buf;
    out += "\n";
  }
  std::snprintf(buf, sizeof buf, "interval [%g, %g]: coverage %.1f%% (nominal %.0f%%), mean width %.5f",
                levels.front(), levels.back(), 100 * s.coverage, 100 * s.nominal, s.mean_width);
  out += buf;
  if (scale != 1) std::snprintf(buf, sizeof buf, " (original scale %.5g)", s.mean_width * scale), out += buf;
  return out + "\n";
}

nlohmann::json interval_json(const forecast::IntervalScore& s, const std::vector<double>& levels, double scale) {
  nlohmann::json j = {{"levels", levels}, {"pinball", s.pinball}, {"coverage", s.coverage},
                      {"nominal", s.nominal}, {"mean_width", s.mean_width}};
  if (scale != 1) {
    std::vector<double> p;
    for (double v : s.pinball) p.push_back(v * scale);
    j["pinball_original_scale"] = p;
    j["mean_width_original_scale"] = s.mean_width * scale;
  }
  return j;
}

Backtest run_backtest(forecast::Forecaster& model, const forecast::Dataset& test, int64_t horizon,
                      int64_t stride) {
  if (stride < 1) throw Error("backtest: stride must be >= 1, got " + std::to_string(stride));
  std::vector<int64_t> idx;
  for (int64_t i = 0; i < test.size(); i += stride) idx.push_back(i);
  if (idx.empty()) throw Error("backtest: the test split has no windows");
  // the shape given: one origin would otherwise make a 0-d index and select a single window's rows
  const forecast::Dataset origins = test.select(from_vector(idx, {static_cast<int64_t>(idx.size())}));
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
  Forecast f = forecast_window(model, one.x, H, data, "test", data.synthetic ? W : one.origin[0]);
  f.actual = row_values(data.scaler.inverse_target(narrow(one.y, 1, 0, H)));
  forecasts.push_back(f);
  int64_t rows = 0;  // the rows the plot spans, for its date labels
  if (data.synthetic) {
    const std::vector<double> xs = row_values(select(select(one.x, 2, 0), 0, 0));
    for (int64_t t = 0; t < W; ++t) hist_x.push_back(static_cast<double>(t)), hist_y.push_back(xs[t]);
  } else {
    // the future: the last W rows of the data
    const int64_t T = data.values.size(0);
    const Tensor last = reshape(narrow(data.values, 0, T - W, W), {1, W, data.values.size(1)});
    if (data.values.size(1) == 1 || H <= o.emitted()) forecasts.push_back(forecast_window(model, last, H, data, "future", T));
    const std::vector<double> target = row_values(data.scaler.inverse_target(select(data.values, 1, 0)));
    for (int64_t r = std::max<int64_t>(0, f.origin - 3 * W); r < T; ++r)
      hist_x.push_back(static_cast<double>(r)), hist_y.push_back(target[r]);
    rows = T + H;
  }

  std::string csv = "origin,index," + (data.time_column.empty() ? std::string("date") : csv_field(data.time_column)) +
                    ",step,prediction,actual";
  char buf[160];
  for (double level : o.quantiles) std::snprintf(buf, sizeof buf, ",q%g", level), csv += buf;
  csv += "\n";
  const std::vector<std::string> future_dates =
      data.times.empty() ? std::vector<std::string>{} : continue_dates(data.times, H).value_or(std::vector<std::string>{});
  for (const Forecast& fc : forecasts)
    for (int64_t k = 0; k < H; ++k) {
      const int64_t index = fc.origin + k;
      const auto T = static_cast<int64_t>(data.times.size());
      const std::string date = index < T ? data.times[index]
                               : index - T < static_cast<int64_t>(future_dates.size()) ? future_dates[index - T] : "";
      std::string actual;
      if (!fc.actual.empty()) std::snprintf(buf, sizeof buf, "%.9g", fc.actual[k]), actual = buf;
      std::snprintf(buf, sizeof buf, "%s,%lld,%s,%lld,%.9g,%s", fc.label.c_str(), static_cast<long long>(index),
                    csv_field(date).c_str(), static_cast<long long>(k + 1), fc.pred[k], actual.c_str());
      csv += buf;
      for (const auto& level : fc.quantiles) std::snprintf(buf, sizeof buf, ",%.9g", level[k]), csv += buf;
      csv += "\n";
    }
  PredictionFiles files{run.file("forecast.csv"), run.file("forecast.svg")};

  Plot plot;
  plot.title = "forecast (" + o.model + "): " + data.target;
  plot.x_label = data.synthetic ? "time step" : data.times.empty() ? "row" : data.time_column;
  plot.y_label = data.target;
  if (!data.synthetic) plot.x_tick_label = date_labels(data.times, rows);
  for (const Forecast& fc : forecasts) {
    std::vector<double> xs;
    for (int64_t k = 0; k < H; ++k) xs.push_back(static_cast<double>(fc.origin + k));
    if (fc.quantiles.size() >= 2)
      plot.band(fc.label == "test" ? interval_name(o.quantiles) : "", xs, fc.quantiles.front(), fc.quantiles.back(),
                "#7f7f7f");
  }
  plot.line("history", hist_x, hist_y);
  for (const Forecast& fc : forecasts) {
    std::vector<double> xs;
    for (int64_t k = 0; k < H; ++k) xs.push_back(static_cast<double>(fc.origin + k));
    if (!fc.actual.empty()) plot.points("actual", xs, fc.actual);
    plot.line(fc.label == "test" ? "forecast" : "forecast beyond the data", xs, fc.pred);
  }
  plot.vline(static_cast<double>(forecasts[0].origin) - 0.5, "forecast origin");
  const std::string svg = plot.render();  // everything is computed before anything is written
  write_file_atomic(files.csv, csv);
  write_file_atomic(files.svg, svg);
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
