// The forecast app's data loading: the synthetic series or a CSV.
#include "apps/forecast/data.h"

#include <algorithm>

#include "apps/forecast/calendar.h"
#include "apps/forecast/csv.h"
#include "apps/forecast/dates.h"
#include "autograd/ops.h"
#include "core/generator.h"
#include "models/forecast_metrics.h"

namespace ripple::apps {

namespace {

std::string str(int64_t v) { return std::to_string(v); }

// "7000 / 2000 / 1000"
std::string counts(const ForecastData& d) {
  return str(d.train.size()) + " / " + str(d.val.size()) + " / " + str(d.test.size());
}

ForecastData synthetic_data(const ForecastOptions& o) {
  ForecastData d;
  if (o.patience > 0 && o.split[1] == 0)
    throw Error("--patience needs validation series; give the middle --split part some");
  d.target = "series";
  d.features = {"series"};
  d.columns = {"series"};
  d.scaler = forecast::Scaler::identity(1);
  const forecast::Split split = forecast::make_split(o.split, o.series);
  if (split.train_end < 1 || split.total - split.val_end < 1)
    throw Error("split: the training and test parts need at least one series each, got " +
                str(split.train_end) + " / " + str(split.val_end - split.train_end) + " / " +
                str(split.total - split.val_end) + " of " + str(o.series));
  Generator data_gen(static_cast<uint64_t>(o.seed));
  const Tensor series = forecast::generate_time_series(o.series, o.window + o.target_steps(), data_gen);
  const forecast::Dataset all = forecast::from_series(series, o.window, o.target_steps());
  d.train = all.rows(0, split.train_end);
  d.val = all.rows(split.train_end, split.val_end);
  d.test = all.rows(split.val_end, split.total);
  d.description = str(o.series) + " synthetic series of " + str(o.window + o.target_steps()) +
                  " steps (the tutorial's generator); " + str(o.window) + " input steps, " +
                  str(o.target_steps()) + " target step(s); train / validation / test " + counts(d);
  return d;
}

std::vector<std::string> feature_columns(const ForecastOptions& o, const CsvTable& table,
                                         const std::string& target) {
  std::vector<std::string> cols{target};
  if (o.features.size() == 1 && o.features[0] == "all") {
    const int64_t time = find_time_column(table);
    for (size_t c = 0; c < table.columns.size(); ++c)
      if (static_cast<int64_t>(c) != time && table.columns[c] != target) cols.push_back(table.columns[c]);
    return cols;
  }
  for (const std::string& f : o.features) {
    try {
      table.column_index(f);  // throws DataError listing the columns
    } catch (const DataError& e) {
      std::string given;
      for (const std::string& g : o.features) given += (given.empty() ? "" : ",") + g;
      throw DataError(std::string(e.what()) + ", in --features '" + given + "'");
    }
    if (std::find(cols.begin(), cols.end(), f) == cols.end()) cols.push_back(f);
  }
  return cols;
}

// The split is chronological, so the rows must go forward in time: when every cell of the time
// column is a date, each must come after the one above (no duplicates, no going back).
void check_time_order(const CsvTable& table, const std::vector<std::string>& times, const std::string& column) {
  std::vector<int64_t> secs;
  for (const std::string& t : times) {
    const std::optional<int64_t> s = seconds_since_epoch(t);
    if (!s) return;  // not dates: nothing to check the order of
    secs.push_back(*s);
  }
  for (size_t r = 1; r < secs.size(); ++r)
    if (secs[r] <= secs[r - 1])
      throw DataError(table.source + ":" + std::to_string(table.lines[r]) + ", column '" + column + "': " +
                      times[r] + (secs[r] == secs[r - 1] ? " repeats " : " comes before ") + times[r - 1] +
                      " of line " + std::to_string(table.lines[r - 1]) +
                      "; the chronological split needs the rows sorted by time, each time once");
}

ForecastData csv_data(const ForecastOptions& o) {
  ForecastData d;
  d.synthetic = false;
  const CsvTable table = read_csv(o.data);
  const int64_t time = find_time_column(table);
  d.columns = table.columns;
  d.target = o.target;
  d.all_targets = o.all_targets();
  if (d.all_targets) {
    for (size_t c = 0; c < table.columns.size(); ++c)
      if (static_cast<int64_t>(c) != time) d.features.push_back(table.columns[c]);
    if (d.features.empty()) throw DataError(o.data + ": no column to forecast besides the time column");
  } else if (d.target.empty()) {
    for (size_t c = 0; c < table.columns.size() && d.target.empty(); ++c)
      if (static_cast<int64_t>(c) != time) d.target = table.columns[c];
    if (d.target.empty()) throw DataError(o.data + ": no column to forecast besides the time column");
  }
  if (!d.all_targets) {
    try {
      table.column_index(d.target);
    } catch (const DataError& e) {
      throw DataError(std::string(e.what()) + ", in --target '" + d.target + "'");
    }
    d.features = feature_columns(o, table, d.target);
  }
  TimeSeries ts;
  try {
    ts = numeric_columns(table, {.columns = d.features, .forward_fill = o.fill});
  } catch (const DataError& e) {
    const std::string what = e.what();
    if (!o.fill && what.find("empty cell") != std::string::npos)
      throw DataError(what + "; pass --fill to forward-fill gaps");
    if (d.all_targets && what.find("not a number") != std::string::npos)
      throw DataError(what + " (--target all forecasts every column but the time column, so each "
                      "must be numeric)");
    throw;
  }
  d.time_column = ts.time_column;
  d.times = ts.times;
  check_time_order(table, d.times, d.time_column);
  const int64_t T = static_cast<int64_t>(ts.values[0].size()), F = static_cast<int64_t>(d.features.size());
  const int64_t need = o.window + o.target_steps();
  if (T < need)
    throw DataError(o.data + ": the series has " + str(T) + " rows, shorter than window + horizon = " +
                    str(o.window) + " + " + str(o.target_steps()) + " = " + str(need) +
                    " rows; use a smaller --window or --horizon");
  std::vector<double> raw(static_cast<size_t>(T * F));
  for (int64_t r = 0; r < T; ++r)
    for (int64_t f = 0; f < F; ++f) raw[static_cast<size_t>(r * F + f)] = ts.values[f][r];
  const Tensor values = from_vector(raw, {T, F});

  const forecast::Split split = forecast::make_split(o.split, T);
  const int64_t H = o.target_steps();
  if (split.train_end < need)
    throw DataError(o.data + ": the training split has " + str(split.train_end) +
                    " rows, fewer than window + horizon = " + str(need) + "; use a larger first --split part");
  if (split.total - split.val_end < H)
    throw DataError(o.data + ": the test split has " + str(split.total - split.val_end) +
                    " rows, fewer than the horizon " + str(H) + "; use a larger last --split part");
  const int64_t val_rows = split.val_end - split.train_end;
  if (val_rows > 0 && val_rows < H)
    throw DataError(o.data + ": the validation split has " + str(val_rows) +
                    " rows, fewer than the horizon " + str(H) +
                    "; use a larger middle --split part (or 0 for no validation)");
  if (val_rows == 0 && o.patience > 0)
    throw DataError(o.data + ": --patience needs validation rows; give the middle --split part some");
  d.scaler = forecast::Scaler::fit(values, split.train_end);  // training rows only
  d.original = values;
  d.train_rows = split.train_end;
  d.values = d.scaler.transform(values);
  if (o.calendar) {  // after the scaler: the phases are on their own fixed scale
    if (d.time_column.empty())
      throw DataError(o.data + ": --calendar needs a time column (a first column of dates), and it has none");
    const Calendar c = calendar_features(d.times, H, o.data);
    d.calendar = c.names;
    d.values = concat({d.values, c.values}, 1);
  }
  auto windows = [&](int64_t begin, int64_t end) {
    return d.all_targets ? forecast::make_column_windows(d.values, o.window, H, begin, end,
                                                         o.channel_independent)
                         : forecast::make_windows(d.values, o.window, H, begin, end);
  };
  d.train = windows(0, split.train_end);
  if (val_rows > 0) d.val = windows(split.train_end, split.val_end);
  d.test = windows(split.val_end, split.total);
  std::string cols;
  for (const auto& f : d.features) cols += (cols.empty() ? "" : ", ") + f;
  for (const auto& f : d.calendar) cols += ", " + f + " (" + str(H) + " steps ahead)";
  const std::string target =
      !d.all_targets ? "target '" + d.target + "'"
      : o.channel_independent ? "every column a target, each alone (channel-independent)"
                              : "every column a target, from all columns";
  d.description = o.data + ": " + str(T) + " rows, " + target + ", inputs " + cols +
                  (d.time_column.empty() ? "" : ", time column '" + d.time_column + "'") +
                  "; rows train / validation / test " + str(split.train_end) + " / " +
                  str(split.val_end - split.train_end) + " / " + str(split.total - split.val_end) +
                  " = windows " + counts(d) + " (z-scores fitted on the training rows)";
  return d;
}

}  // namespace

std::vector<std::string> ForecastData::target_columns() const {
  return all_targets ? features : std::vector<std::string>{target};
}

Tensor ForecastData::original_scale(const Tensor& y) const {
  if (!all_targets) return scaler.inverse_target(y);
  const int64_t F = static_cast<int64_t>(features.size()), N = y.size(0);
  if (y.dim() != 2 || N % F != 0)
    throw Error("original_scale: expected (N, H) with N a multiple of the " + str(F) + " columns, got " +
                to_string(y.shape()));
  std::vector<Tensor> parts;
  for (int64_t c = 0; c < F; ++c) parts.push_back(scaler.inverse(narrow(y, 0, c * (N / F), N / F), c));
  return concat(parts, 0);
}

std::vector<double> ForecastData::mase_scales(int64_t period) const {
  NoGradGuard no_grad;
  if (synthetic)  // each training series: its window followed by its targets
    return {forecast::seasonal_naive_scale(concat({select(train.x, 2, 0), train.y}, 1), period)};
  std::vector<double> scales;
  for (int64_t c = 0; c < (all_targets ? static_cast<int64_t>(features.size()) : 1); ++c)
    scales.push_back(forecast::seasonal_naive_scale(
        reshape(narrow(select(original, 1, c), 0, 0, train_rows), {1, train_rows}), period));
  return scales;
}

ForecastData load_forecast_data(const ForecastOptions& o) {
  return o.data == "synthetic" ? synthetic_data(o) : csv_data(o);
}

}  // namespace ripple::apps
