// --predict-only for the forecast app (predict.h).
#include "apps/forecast/predict.h"

#include <algorithm>
#include <cstdio>
#include <ostream>

#include "apps/common/svg.h"
#include "apps/forecast/calendar.h"
#include "apps/forecast/dates.h"
#include "autograd/ops.h"
#include "core/kernels.h"
#include "models/forecast_train.h"

namespace ripple::apps {

namespace {

std::string str(int64_t v) { return std::to_string(v); }

std::string joined(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
  return s;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::vector<double> values_of(const Tensor& t) { return kernel::contiguous(t).to_vector<double>(); }

}  // namespace

FutureForecast forecast_after(forecast::TrainedForecaster& t, const CsvTable& table, bool fill) {
  std::vector<std::string> have = table.columns, want = t.columns;
  std::sort(have.begin(), have.end());
  std::sort(want.begin(), want.end());
  if (have != want)
    throw DataError(table.source + ": its columns (" + joined(table.columns) +
                    ") differ from those the model was trained on (" + joined(t.columns) + ")");
  const TimeSeries ts = numeric_columns(table, {.columns = t.features, .forward_fill = fill});
  const int64_t T = static_cast<int64_t>(ts.values[0].size()), F = static_cast<int64_t>(t.features.size());
  const int64_t W = t.config.window, H = t.horizon;
  if (T < W)
    throw DataError(table.source + ": " + str(T) + " rows, fewer than the model's window of " + str(W) +
                    " steps");
  std::vector<double> raw(static_cast<size_t>(T * F));
  for (int64_t r = 0; r < T; ++r)
    for (int64_t f = 0; f < F; ++f) raw[static_cast<size_t>(r * F + f)] = ts.values[f][r];
  Tensor values = t.scaler.transform(from_vector(raw, {T, F}));  // (T, F), as the run scaled it
  if (!t.calendar.empty()) {  // the run's calendar features, H rows ahead
    const Calendar c = calendar_features(ts.times, t.calendar_shift, table.source);
    if (c.names != t.calendar)
      throw DataError(table.source + ": its time step gives other calendar features than the run's");
    values = concat({values, c.values}, 1);
  }

  FutureForecast out;
  out.rows = T;
  out.history_start = std::max<int64_t>(0, T - 3 * W);
  NoGradGuard no_grad;
  auto* quantile_model = dynamic_cast<forecast::QuantileForecaster*>(t.model.get());
  if (quantile_model) out.levels = quantile_model->levels();
  if (!t.all_targets()) {  // the target is column 0; the same steps as the run's --predict
    const Tensor last = reshape(narrow(values, 0, T - W, W), {1, W, values.size(1)});
    out.targets = {t.target};
    out.values = {values_of(t.scaler.inverse_target(forecast::forecast_horizon(*t.model, last, H)))};
    if (quantile_model) {
      const Tensor q = forecast::predict_quantiles(*quantile_model, last);  // (1, Q, E)
      out.quantiles.emplace_back();
      for (int64_t i = 0; i < q.size(1); ++i)
        out.quantiles[0].push_back(values_of(t.scaler.inverse_target(narrow(select(q, 1, i), 1, 0, H))));
    }
  } else {  // every column in turn, alone or rotated to the front, as make_column_windows cuts them
    const Tensor last = narrow(values, 0, T - W, W);  // (W, F)
    std::vector<Tensor> windows;
    for (int64_t c = 0; c < F; ++c) {
      std::vector<int64_t> cols{c};
      for (int64_t j = 1; !t.channel_independent && j < F; ++j) cols.push_back((c + j) % F);
      windows.push_back(unsqueeze(index_select(last, 1, from_vector(cols, {static_cast<int64_t>(cols.size())})), 0));
    }
    const Tensor batch = concat(windows, 0);
    const Tensor pred = forecast::forecast_horizon(*t.model, batch, H);  // (F, H)
    out.targets = t.features;
    for (int64_t c = 0; c < F; ++c) out.values.push_back(values_of(t.scaler.inverse(select(pred, 0, c), c)));
    if (quantile_model) {
      const Tensor q = forecast::predict_quantiles(*quantile_model, batch);  // (F, Q, E)
      for (int64_t c = 0; c < F; ++c) {
        out.quantiles.emplace_back();
        for (int64_t i = 0; i < q.size(1); ++i)
          out.quantiles[c].push_back(values_of(t.scaler.inverse(narrow(select(select(q, 0, c), 0, i), 0, 0, H), c)));
      }
    }
  }
  for (const std::string& name : out.targets) {
    const std::vector<double>& v = ts.column(name);
    out.history.emplace_back(v.begin() + out.history_start, v.end());
  }
  if (!ts.time_column.empty()) {
    out.row_times = ts.times;
    out.times = continue_dates(ts.times, H).value_or(std::vector<std::string>{});
  }
  return out;
}

PredictionFiles predict_from_checkpoint(const ForecastOptions& o, std::ostream& log) {
  const RunDir run(o.out);
  forecast::TrainedForecaster t = forecast::load_trained(o.out);
  const FutureForecast f = forecast_after(t, read_csv(o.data), o.fill);
  const int64_t H = t.horizon;
  log << "loaded " << run.checkpoint() << ": " << t.config.kind << " (per-window normalisation "
      << forecast::norm_name(t.norm) << "), window " << t.config.window << ", horizon " << H << ", "
      << (t.all_targets() ? "every column a target" : "target '" + t.target + "'")
      << (t.calendar.empty() ? "" : ", " + std::to_string(t.calendar.size()) + " calendar features")
      << (t.quantiles.empty() ? "" : ", quantiles " + std::to_string(t.quantiles.size())) << "\n"
      << o.data << ": " << f.rows << " rows; forecasting the " << H << " step(s) after the last"
      << (t.time_column.empty() ? "" : f.times.empty() ? " (its time column does not continue as dates: "
                                                         "the steps are numbered)"
                                                       : " (dates continued at the series' step)")
      << "\n";

  const bool dated = !f.times.empty();
  std::string csv = "step";
  auto cell = [&csv](const std::string& text) { csv.push_back(','), csv.append(csv_field(text)); };
  if (dated) cell(t.time_column);
  char buf[64];
  for (const auto& name : f.targets) {
    cell(name);
    for (double level : f.levels)
      std::snprintf(buf, sizeof buf, "q%g", level), cell(f.targets.size() == 1 ? std::string(buf) : name + "_" + buf);
  }
  csv += "\n";
  for (int64_t k = 0; k < H; ++k) {
    csv += str(k + 1);
    if (dated) cell(f.times[static_cast<size_t>(k)]);
    for (size_t c = 0; c < f.targets.size(); ++c) {
      std::snprintf(buf, sizeof buf, ",%.9g", f.values[c][static_cast<size_t>(k)]), csv += buf;
      for (const auto& level : f.quantiles.empty() ? std::vector<std::vector<double>>{} : f.quantiles[c])
        std::snprintf(buf, sizeof buf, ",%.9g", level[static_cast<size_t>(k)]), csv += buf;
    }
    csv += "\n";
  }

  Plot plot;
  plot.title = "forecast (" + t.config.kind + ") after the last row of " + o.data;
  plot.x_label = f.row_times.empty() ? "row" : t.time_column;
  plot.y_label = f.targets.size() == 1 ? f.targets[0] : "value";
  plot.x_tick_label = date_labels(f.row_times, f.rows + H);
  for (size_t c = 0; c < f.targets.size(); ++c) {
    std::vector<double> hx, fx;
    for (size_t r = 0; r < f.history[c].size(); ++r) hx.push_back(static_cast<double>(f.history_start + r));
    for (int64_t k = 0; k < H; ++k) fx.push_back(static_cast<double>(f.rows + k));
    const std::string suffix = f.targets.size() == 1 ? "" : " " + f.targets[c];
    if (f.levels.size() >= 2)
      plot.band(interval_name(f.levels) + suffix, fx, f.quantiles[c].front(), f.quantiles[c].back());
    plot.line("history" + suffix, hx, f.history[c]);
    plot.line("forecast" + suffix, fx, f.values[c]);
  }
  plot.vline(static_cast<double>(f.rows) - 0.5, "forecast origin");

  PredictionFiles files{run.file("forecast.csv"), run.file("forecast.svg")};
  const std::string svg = plot.render();  // everything is computed before anything is written
  write_file_atomic(files.csv, csv);
  write_file_atomic(files.svg, svg);
  return files;
}

}  // namespace ripple::apps
