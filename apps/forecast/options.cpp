// The forecast app's command line: flags, defaults, help and checks.
#include "apps/forecast/options.h"

#include "models/forecast_models.h"

namespace ripple::apps {

Cli forecast_cli() {
  Cli cli("forecast",
          "Trains a forecaster of time series and reports its test MSE/MAE next to the naive "
          "(last value) and linear baselines. The defaults reproduce the Keras tutorial's "
          "WaveNet-style model on its synthetic series: 10,000 series of 50 input steps and "
          "1 target, split 7,000 / 2,000 / 1,000, Adam 1e-3, batch 32, 5 epochs. With a CSV, "
          "the split is chronological and the data are z-scored on the training rows.");
  cli.add_string("data", "synthetic|FILE.csv", "synthetic", "the tutorial's generated series, or a CSV with a header row")
      .add_string("target", "COLUMN", "", "CSV: the column to forecast (default: the first besides the date)")
      .add_list("features", "COL,COL|all", "", "CSV: input columns (the target is always one); default: the target only")
      .add_switch("fill", "CSV: forward-fill empty cells instead of stopping")
      .add_string("model", "NAME", "tutorial", "tutorial, laststep, seq2seq (the book's WaveNet), wavenet (Oord et al.) or linear")
      .add_int("window", "N", 50, "input steps per forecast")
      .add_int("horizon", "N", 1, "steps to forecast")
      .add_int("emit", "N", 0, "steps the model forecasts at once (0: the horizon); longer horizons are autoregressive")
      .add_int("epochs", "N", 5, "training epochs")
      .add_int("batch", "N", 32, "examples per mini-batch")
      .add_double("lr", "X", 1e-3, "Adam learning rate")
      .add_double("final-lr", "F", 1, "decay the learning rate along a cosine to F times --lr (1: constant)")
      .add_int("seed", "N", 42, "seed for the synthetic data, the initialisation and the batches")
      .add_list("split", "A,B,C", "0.7,0.2,0.1", "train,validation,test: fractions or row (series) counts")
      .add_int("series", "N", 10000, "synthetic: number of series")
      .add_int("season", "P", 0, "also report the seasonal naive forecast with period P")
      .add_int("backtest", "STRIDE", 0, "rolling-origin backtest over the test split, every STRIDE-th origin")
      .add_int("channels", "N", 32, "wavenet: residual and skip channels")
      .add_int("stacks", "N", 2, "wavenet: stacks of dilations 1, 2, ..., 2^k (k chosen for the window)")
      .add_int("filters", "N", 0, "tutorial/laststep/seq2seq: filters per conv (0: 64, or 20 for seq2seq)")
      .add_int("linear-epochs", "N", 20, "epochs of the linear baseline")
      .add_int("threads", "N", 1, "OpenBLAS threads")
      .add_string("out", "DIR", "out/forecast", "where the checkpoint, plots and forecasts go")
      .add_switch("predict", "write DIR/forecast.csv and DIR/forecast.svg")
      .add_string("metrics", "FILE.json", "", "write the results as JSON");
  return cli;
}

ForecastOptions forecast_options(const Cli& cli) {
  ForecastOptions o;
  o.data = cli.get_string("data");
  o.target = cli.get_string("target");
  o.features = cli.get_list("features");
  o.fill = cli.get_bool("fill");
  o.model = cli.get_string("model");
  o.window = cli.get_int("window");
  o.horizon = cli.get_int("horizon");
  o.emit = cli.get_int("emit");
  o.epochs = cli.get_int("epochs");
  o.batch = cli.get_int("batch");
  o.lr = cli.get_double("lr");
  o.final_lr_fraction = cli.get_double("final-lr");
  o.seed = cli.get_int("seed");
  o.split.clear();
  for (const std::string& part : cli.get_list("split")) {
    try {
      size_t used = 0;
      o.split.push_back(std::stod(part, &used));
      if (used != part.size()) throw std::invalid_argument(part);
    } catch (const std::logic_error&) {
      throw UsageError("forecast: --split expects numbers A,B,C, got '" + part + "'");
    }
  }
  o.series = cli.get_int("series");
  o.season = cli.get_int("season");
  o.backtest = cli.get_int("backtest");
  o.channels = cli.get_int("channels");
  o.stacks = cli.get_int("stacks");
  o.filters = cli.get_int("filters");
  o.linear_epochs = cli.get_int("linear-epochs");
  o.threads = cli.get_int("threads");
  o.out = cli.get_string("out");
  o.predict = cli.get_bool("predict");
  o.metrics = cli.get_string("metrics");
  if (!(o.final_lr_fraction >= 0 && o.final_lr_fraction <= 1))
    throw UsageError("forecast: --final-lr must be in [0, 1]");
  if (o.linear_epochs < 0) throw UsageError("forecast: --linear-epochs must be at least 0");
  check_forecast_options(o);
  return o;
}

void check_forecast_options(const ForecastOptions& o) {
  auto at_least = [](const char* flag, int64_t v, int64_t low) {
    require_at_least("forecast", flag, v, low);
  };
  at_least("window", o.window, 1);
  at_least("horizon", o.horizon, 1);
  at_least("emit", o.emit, 0);
  at_least("epochs", o.epochs, 0);
  at_least("batch", o.batch, 1);
  at_least("threads", o.threads, 1);
  at_least("series", o.series, 2);
  at_least("season", o.season, 0);
  at_least("backtest", o.backtest, 0);
  at_least("channels", o.channels, 1);
  at_least("stacks", o.stacks, 1);
  at_least("filters", o.filters, 0);
  if (!(o.lr > 0)) throw UsageError("forecast: --lr must be positive");
  if (o.season > o.window) throw UsageError("forecast: --season must not exceed --window");
  if (o.split.size() != 3) throw UsageError("forecast: --split expects three parts A,B,C");
  const auto& kinds = forecast::model_kinds();
  if (std::find(kinds.begin(), kinds.end(), o.model) == kinds.end()) {
    std::string list;
    for (const auto& k : kinds) list += (list.empty() ? "" : ", ") + k;
    throw UsageError("forecast: unknown --model '" + o.model + "' (choose " + list + ")");
  }
}

}  // namespace ripple::apps
