// forecast: trains a WaveNet-style forecaster on the Keras tutorial's synthetic series or on a
// CSV series, and reports test MSE/MAE next to the naive and linear baselines. A bare `forecast`
// reproduces the tutorial: four causal dilated Conv1D(64) layers, a 1x1 conv, global average
// pooling and Dense(1), Adam 1e-3, batch 32, 5 epochs, on 10,000 series of 50 + 1 steps.
#include <cblas.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "apps/common/cli.h"
#include "apps/common/csv.h"
#include "apps/common/files.h"
#include "apps/common/forecast_output.h"
#include "apps/common/forecast_setup.h"
#include "apps/common/progress.h"
#include "autograd/ops.h"
#include "layers/checkpoint.h"

using namespace ripple;
using json = nlohmann::json;

namespace {

volatile std::sig_atomic_t g_interrupted = 0;
void on_sigint(int) { g_interrupted = 1; }

apps::Cli make_cli() {
  apps::Cli cli("forecast",
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

apps::ForecastOptions read_options(const apps::Cli& cli) {
  apps::ForecastOptions o;
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
      throw apps::UsageError("forecast: --split expects numbers A,B,C, got '" + part + "'");
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
    throw apps::UsageError("forecast: --final-lr must be in [0, 1]");
  if (o.linear_epochs < 0) throw apps::UsageError("forecast: --linear-epochs must be at least 0");
  apps::check_forecast_options(o);
  return o;
}

json config_json(const apps::ForecastOptions& o, const apps::ForecastData& d, const forecast::ModelConfig& m) {
  return {{"model", m.kind}, {"window", m.window}, {"features", d.features}, {"target", d.target},
          {"outputs", m.outputs}, {"horizon", o.horizon}, {"filters", m.filters}, {"channels", m.channels},
          {"stacks", m.stacks}, {"data", o.data}, {"epochs", o.epochs}, {"batch", o.batch}, {"lr", o.lr},
          {"seed", o.seed}};
}

void save(const std::string& path, const forecast::Forecaster& model, const apps::ForecastOptions& o,
          const apps::ForecastData& d, const forecast::TrainResult& r) {
  save_checkpoint(path, model,
                  {{"config", config_json(o, d, apps::forecast_model_config(o, d)).dump()},
                   {"scaler", json{{"mean", d.scaler.mean}, {"stddev", d.scaler.stddev}}.dump()},
                   {"train_loss", json(r.train_loss).dump()},
                   {"val_mse", json(r.val_mse).dump()}});
}

void print_errors(const char* name, const forecast::Errors& e, double scale) {
  std::printf("  %-40s MSE %.5f  MAE %.5f", name, e.mse, e.mae);
  if (scale != 1) std::printf("   (original scale: MSE %.5g  MAE %.5g)", e.mse * scale * scale, e.mae * scale);
  std::printf("\n");
}

int run(int argc, char** argv) {
  apps::Cli cli = make_cli();
  cli.parse_or_exit(argc, argv);
  const apps::ForecastOptions o = read_options(cli);
  openblas_set_num_threads(static_cast<int>(o.threads));

  // --- data and model ---
  const apps::ForecastData data = apps::load_forecast_data(o);
  std::cout << data.description << "\n";
  Generator gen(static_cast<uint64_t>(o.seed));
  auto model = apps::make_forecaster(o, data, gen);
  std::cout << summary(*model, {o.batch, o.window, static_cast<int64_t>(data.features.size())});
  const int64_t rf = model->receptive_field();
  std::printf("receptive field: %lld steps%s\n", static_cast<long long>(rf),
              o.model == "tutorial" && o.window == 50 ? " (the tutorial's printout says 30; it is 1 + 1 + 2 + 4 + 8 = 16)" : "");
  const int64_t H = o.horizon, E = o.emitted();
  if (H > E) std::printf("forecasting %lld steps autoregressively from a model that emits %lld\n",
                         static_cast<long long>(H), static_cast<long long>(E));
  std::filesystem::create_directories(o.out);
  const std::string ckpt = (std::filesystem::path(o.out) / "model.safetensors").string();

  // --- baselines ---
  const Tensor test_y = narrow(data.test.y, 1, 0, H);
  const double scale = data.scaler.target_scale();
  std::cout << "\nbaselines on the test set (" << data.test.size() << " windows, " << H << " step(s)):\n";
  const forecast::Errors naive = forecast::errors(forecast::naive_forecast(data.test.x, H), test_y);
  print_errors("naive (last value)", naive, scale);
  if (o.season > 0)
    print_errors(("seasonal naive (period " + std::to_string(o.season) + ")").c_str(),
                 forecast::errors(forecast::seasonal_naive_forecast(data.test.x, H, o.season), test_y), scale);
  forecast::Errors linear{std::nan(""), std::nan("")};
  if (o.linear_epochs > 0) {
    Generator lin_gen(static_cast<uint64_t>(o.seed) + 1);
    auto lin = forecast::train_linear_baseline(data.train, o.linear_epochs, lin_gen);
    linear = forecast::errors(narrow(forecast::predict(*lin, data.test.x), 1, 0, H), test_y);
    print_errors(("linear (Dense on the window, " + std::to_string(o.linear_epochs) + " epochs)").c_str(), linear, scale);
  }

  // --- training ---
  const int64_t batches = (data.train.size() + o.batch - 1) / o.batch;
  std::printf("\ntraining %s: %lld epochs of %lld batches\n", o.model.c_str(), static_cast<long long>(o.epochs),
              static_cast<long long>(batches));
  std::signal(SIGINT, on_sigint);
  forecast::TrainResult result;
  {
    apps::Progress progress({.total_steps = std::max<int64_t>(1, o.epochs * batches)});
    forecast::TrainOptions hooks;
    hooks.on_step = [&](int64_t step, double loss) { progress.update(step, loss); };
    hooks.on_epoch = [&](int64_t epoch, double train_loss, double val_mse, double seconds) {
      char buf[200];
      std::snprintf(buf, sizeof buf, "epoch %lld/%lld: train loss %.5f  val MSE %.5f  (%.2f s)",
                    static_cast<long long>(epoch), static_cast<long long>(o.epochs), train_loss, val_mse, seconds);
      progress.message(buf);
    };
    hooks.should_stop = [] { return g_interrupted != 0; };
    result = apps::train_forecaster(o, *model, data, gen, hooks);
    progress.finish();
  }
  save(ckpt, *model, o, data, result);
  if (result.interrupted) {
    std::cout << "interrupted after " << result.train_loss.size() << " full epoch(s); the model so far is saved to "
              << ckpt << "\n";
    return 130;
  }

  // --- results ---
  const Tensor pred = forecast::forecast(*model, data.test.x, H);  // (N, H)
  const forecast::Errors test = forecast::errors(pred, test_y);
  std::cout << "\ntest set (" << data.test.size() << " windows)" << (H > 1 ? ", all steps at the last time step" : "")
            << ":\n";
  print_errors(("model " + o.model).c_str(), test, scale);
  print_errors("naive (last value)", naive, scale);
  if (o.linear_epochs > 0) print_errors("linear", linear, scale);
  if (H > 1) std::cout << "per horizon step:\n" << apps::format_per_step(forecast::errors_per_step(pred, test_y), scale);
  std::printf("%.3f s per epoch (median; CPU time %.3f s), %lld parameters\n", result.median_seconds(),
              result.median_cpu_seconds(),
              static_cast<long long>(model->num_parameters()));

  json metrics = {{"model", o.model}, {"params", model->num_parameters()}, {"epochs", o.epochs},
                  {"horizon", H}, {"test_mse", test.mse}, {"test_mae", test.mae}, {"naive_mse", naive.mse},
                  {"linear_mse", o.linear_epochs > 0 ? json(linear.mse) : json(nullptr)},
                  {"val_mse_per_epoch", result.val_mse}, {"train_loss_per_epoch", result.train_loss},
                  {"seconds_per_epoch", result.median_seconds()},
                  {"cpu_seconds_per_epoch", result.median_cpu_seconds()}, {"receptive_field", rf}};
  if (scale != 1) metrics["test_mse_original_scale"] = test.mse * scale * scale;
  if (o.backtest > 0) {
    const apps::Backtest b = apps::run_backtest(*model, data.test, H, o.backtest);
    std::cout << "\nrolling-origin backtest: " << b.origins << " origins, every " << o.backtest
              << " test window(s)\n" << apps::format_per_step(b.per_step, scale);
    json steps = json::array();
    for (const auto& e : b.per_step) steps.push_back({{"mse", e.mse}, {"mae", e.mae}});
    metrics["backtest"] = {{"stride", o.backtest}, {"origins", b.origins}, {"per_step", steps}};
  }

  const std::string loss_plot = (std::filesystem::path(o.out) / "loss.svg").string();
  apps::plot_losses(loss_plot, result.train_loss, result.val_mse, "forecast " + o.model + ": loss per epoch");
  std::cout << "\ncheckpoint: " << ckpt << "\nloss plot:  " << loss_plot << "\n";
  if (o.predict) {
    const apps::PredictionFiles f = apps::write_predictions(*model, o, data, o.out);
    std::cout << "forecasts:  " << f.csv << "\nplot:       " << f.svg << "\n";
  }
  if (!o.metrics.empty()) apps::write_json(o.metrics, metrics);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return apps::run_app("forecast", [&] { return run(argc, argv); });
}
