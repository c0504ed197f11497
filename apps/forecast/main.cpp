// forecast: trains a WaveNet-style forecaster on the Keras tutorial's synthetic series or on a
// CSV series, and reports test MSE/MAE next to the naive and linear baselines (and RMSE, MAE,
// sMAPE and MASE on the original scale, per horizon step and overall). With --quantiles it
// forecasts an interval and reports its pinball losses, coverage and width. A bare `forecast`
// reproduces the tutorial: four causal dilated Conv1D(64) layers, a 1x1 conv, global average
// pooling and Dense(1), Adam 1e-3, batch 32, 5 epochs, on 10,000 series of 50 + 1 steps.
// `forecast --predict-only --out DIR --data NEW.csv` trains nothing: it forecasts after the last
// row of NEW.csv with the model a run saved in DIR (apps/forecast/predict.h). The checkpoint is
// written at every epoch's end with the training state; `--resume` continues from it
// (apps/forecast/resume.h), and Ctrl-C stops at once and says how to resume.
#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "apps/common/cli.h"
#include "apps/common/interrupt.h"
#include "apps/common/progress.h"
#include "apps/common/ranks.h"
#include "apps/common/run.h"
#include "apps/forecast/data.h"
#include "apps/forecast/options.h"
#include "apps/forecast/predict.h"
#include "apps/forecast/report.h"
#include "apps/forecast/resume.h"
#include "apps/forecast/training.h"
#include "autograd/ops.h"

using namespace ripple;
using json = nlohmann::json;

namespace {

// The command that continues this run: its arguments with --resume.
std::string resume_command(const std::vector<std::string>& args) {
  std::string cmd = "forecast";
  for (const std::string& a : args)
    cmd += " " + (a.find_first_of(" '\"$") == std::string::npos ? a : "'" + a + "'");
  return std::find(args.begin(), args.end(), "--resume") == args.end() ? cmd + " --resume" : cmd;
}

int run(int argc, char** argv) {
  dist::Communicator& world = apps::join_world();  // mpirun -np N: rank 0 prints and writes
  const std::vector<std::string> args = apps::arguments(argc, argv);
  const std::optional<apps::ForecastOptions> parsed = apps::parse_forecast_options(args, std::cout);
  if (!parsed) return 0;  // --help
  const apps::ForecastOptions& o = *parsed;
  openblas_set_num_threads(static_cast<int>(o.threads));
  if (o.predict_only && world.size() > 1)
    throw apps::UsageError("forecast: --predict-only runs in one process: start it without mpirun");
  if (o.predict_only) {
    const apps::PredictionFiles f = apps::predict_from_checkpoint(o, std::cout);
    std::cout << "forecasts:  " << f.csv << "\nplot:       " << f.svg << "\n";
    return 0;
  }

  // --- data and model ---
  const apps::RunDir dir(o.out);
  dir.check_writable();  // every file the run writes, checked before any work
  if (!o.metrics.empty()) apps::check_writable_file(o.metrics, "--metrics");
  const apps::ForecastData data = apps::load_forecast_data(o);
  std::cout << data.description << "\n";
  if (o.backtest > data.test.size())
    throw apps::DataError("--backtest " + std::to_string(o.backtest) + " exceeds the " + std::to_string(data.test.size()) +
                    " test windows, so only the first would be an origin; give at most " +
                    std::to_string(data.test.size()));
  const std::string ckpt = dir.checkpoint();
  std::optional<forecast::FitState> resume;  // refused before anything is written
  if (o.resume) resume = apps::load_fit_state(ckpt, o, data);
  Generator gen(static_cast<uint64_t>(o.seed));
  auto model = apps::make_forecaster(o, data, gen);
  // summary runs a forward pass: a batch no larger than the training windows, as training does
  std::cout << summary(*model, {std::max<int64_t>(1, std::min(o.batch, data.train.size())), o.window,
                                data.model_features()});
  const int64_t rf = model->receptive_field();
  std::printf("receptive field: %lld steps%s\n", static_cast<long long>(rf),
              o.model == "tutorial" && o.window == 50 ? " (the tutorial's printout says 30; it is 1 + 1 + 2 + 4 + 8 = 16)" : "");
  const int64_t H = o.horizon, E = o.emitted();
  if (H > E) std::printf("forecasting %lld steps autoregressively from a model that emits %lld\n",
                         static_cast<long long>(H), static_cast<long long>(E));
  if (o.batch < world.size())
    throw apps::UsageError("forecast: --batch " + std::to_string(o.batch) + " is smaller than the " + std::to_string(world.size()) +
                     " processes: each takes a slice of every batch, so give at least one window per process");
  if (world.root()) dir.create();

  // --- baselines ---
  const Tensor test_y = narrow(data.test.y, 1, 0, H);
  const double scale = data.target_scale();
  std::cout << "\nbaselines on the test set (" << data.test.size() << " windows, " << H << " step(s)):\n";
  const Tensor naive_pred = forecast::naive_forecast(data.test.x, H);  // (N, H)
  const forecast::Errors naive = forecast::errors(naive_pred, test_y);
  apps::print_errors("naive (last value)", naive, scale);
  if (o.season > 0)
    apps::print_errors("seasonal naive (period " + std::to_string(o.season) + ")",
                 forecast::errors(forecast::seasonal_naive_forecast(data.test.x, H, o.season), test_y), scale);
  forecast::Errors linear{std::nan(""), std::nan("")};
  if (o.linear_epochs > 0) {
    Generator lin_gen(static_cast<uint64_t>(o.seed) + 1);
    auto lin = forecast::train_linear_baseline(data.train, o.linear_epochs, lin_gen);
    linear = forecast::errors(narrow(forecast::predict(*lin, data.test.x), 1, 0, H), test_y);
    apps::print_errors("linear (Dense on the window, " + std::to_string(o.linear_epochs) + " epochs)", linear, scale);
  }

  // --- training ---
  const int64_t batches = (data.train.size() + o.batch - 1) / o.batch;
  if (o.batch > data.train.size())
    std::printf("note: --batch %lld exceeds the %lld training windows; each epoch is one batch of them all\n",
                static_cast<long long>(o.batch), static_cast<long long>(data.train.size()));
  std::printf("\ntraining %s (per-window normalisation: %s): %lld epochs of %lld batches%s\n",
              o.model.c_str(), o.norm_used().c_str(), static_cast<long long>(o.epochs),
              static_cast<long long>(batches),
              o.patience > 0 ? (", early stopping after " + std::to_string(o.patience) +
                                " epoch(s) without improvement").c_str() : "");
  if (world.size() > 1)
    std::printf("data parallel: %d processes, each about %lld of the %lld windows of a batch\n", world.size(),
                static_cast<long long>((o.batch + world.size() - 1) / world.size()), static_cast<long long>(o.batch));
  if (resume)
    std::printf("resuming %s after epoch %lld of %lld\n", ckpt.c_str(), static_cast<long long>(resume->epoch),
                static_cast<long long>(o.epochs));
  apps::catch_interrupts();
  forecast::TrainResult result;
  {
    apps::Progress progress({.total_steps = std::max<int64_t>(1, o.epochs * batches),
                             .first_step = resume ? resume->epoch * batches : 0});
    forecast::TrainCallbacks callbacks;
    callbacks.on_step = [&](int64_t step, double loss) { progress.update(step, loss); };
    callbacks.on_epoch = [&](int64_t epoch, double train_loss, double val_mse, double seconds) {
      char buf[200];
      std::snprintf(buf, sizeof buf, "epoch %lld/%lld: train loss %.5f  val MSE %.5f  (%.2f s)",
                    static_cast<long long>(epoch), static_cast<long long>(o.epochs), train_loss, val_mse, seconds);
      progress.message(buf);
    };
    callbacks.should_stop = [] { return apps::interrupted(); };
    callbacks.on_checkpoint = [&](const forecast::FitState& s) {
      if (world.root()) apps::save_fit_state(ckpt, s, o, data);
    };
    result = apps::train_forecaster(o, *model, data, gen, callbacks, resume ? &*resume : nullptr,
                                    world.size() > 1 ? &world : nullptr);
    progress.finish();
  }
  if (result.restored_best)
    std::printf("%s; restored the best epoch, %lld (validation MSE %.5f)\n",
                result.stopped_early ? ("stopped early after " + std::to_string(result.train_loss.size()) +
                                        " epochs").c_str() : "trained every epoch",
                static_cast<long long>(result.best_epoch), result.best_val_mse);
  if (result.interrupted) {  // the checkpoint holds the last epoch boundary, saved at its end
    std::cout << "interrupted in epoch " << result.train_loss.size() + 1 << "; " << ckpt << " holds the run after epoch "
              << result.train_loss.size() << ". Continue with:\n  " << resume_command(args) << "\n";
    return apps::interrupted_exit_code();
  }

  // --- results ---
  const Tensor pred = forecast::forecast_horizon(*model, data.test.x, H);  // (N, H)
  const forecast::Errors test = forecast::errors(pred, test_y);
  std::cout << "\ntest set (" << data.test.size() << " windows)" << (H > 1 ? ", all steps at the last time step" : "")
            << ":\n";
  apps::print_errors("model " + o.model, test, scale);
  apps::print_errors("naive (last value)", naive, scale);
  if (o.linear_epochs > 0) apps::print_errors("linear", linear, scale);
  if (H > 1) std::cout << "per horizon step:\n" << apps::format_per_step(forecast::errors_per_step(pred, test_y), scale);
  const apps::OriginalScores original =
      apps::score_original(data, pred, naive_pred, test_y, o.season > 0 ? o.season : 1);
  std::cout << apps::format_original(original, o.model);
  forecast::IntervalScore intervals;
  if (auto* q = dynamic_cast<forecast::QuantileForecaster*>(model.get())) {
    intervals = forecast::score_intervals(narrow(forecast::predict_quantiles(*q, data.test.x), 2, 0, H), test_y,
                                          o.quantiles);
    std::cout << apps::format_intervals(intervals, o.quantiles, scale);
  }
  std::printf("%.3f s per epoch (median; CPU time %.3f s), %lld parameters\n", result.median_seconds(),
              result.median_cpu_seconds(),
              static_cast<long long>(model->num_parameters()));

  json metrics = {{"model", o.model}, {"norm", o.norm_used()}, {"target", data.target}, {"calendar", data.calendar},
                  {"params", model->num_parameters()}, {"epochs", o.epochs},
                  {"epochs_run", result.train_loss.size()},
                  {"best_epoch", result.best_epoch}, {"best_val_mse", result.best_val_mse},
                  {"horizon", H}, {"test_mse", test.mse}, {"test_mae", test.mae}, {"naive_mse", naive.mse},
                  {"linear_mse", o.linear_epochs > 0 ? json(linear.mse) : json(nullptr)},
                  {"val_mse_per_epoch", result.val_mse}, {"train_loss_per_epoch", result.train_loss},
                  {"seconds_per_epoch", result.median_seconds()},
                  {"cpu_seconds_per_epoch", result.median_cpu_seconds()}, {"receptive_field", rf}};
  metrics["original_scale"] = apps::original_json(original);
  if (!o.quantiles.empty()) metrics["quantiles"] = apps::interval_json(intervals, o.quantiles, scale);
  if (scale != 1) {
    metrics["test_mse_original_scale"] = test.mse * scale * scale;
    metrics["test_mae_original_scale"] = test.mae * scale;
  }
  if (o.backtest > 0) {
    const apps::Backtest b = apps::run_backtest(*model, data.test, H, o.backtest);
    std::cout << "\nrolling-origin backtest: " << b.origins << " origins, every " << o.backtest
              << " test window(s)\n" << apps::format_per_step(b.per_step, scale);
    json steps = json::array();
    for (const auto& e : b.per_step) steps.push_back({{"mse", e.mse}, {"mae", e.mae}});
    metrics["backtest"] = {{"stride", o.backtest}, {"origins", b.origins}, {"per_step", steps}};
  }

  const std::string loss_plot = dir.loss_plot();
  if (!world.root()) return 0;  // the files are rank 0's to write
  apps::plot_epoch_losses(loss_plot, result, "forecast " + o.model + ": loss per epoch");
  std::cout << "\ncheckpoint: " << ckpt << "\nloss plot:  " << loss_plot << "\n";
  if (o.predict) {
    const apps::PredictionFiles f = apps::write_predictions(*model, o, data, dir);
    std::cout << "forecasts:  " << f.csv << "\nplot:       " << f.svg << "\n";
  }
  if (!o.metrics.empty()) apps::write_json(o.metrics, metrics);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return apps::leave_world(apps::run_app("forecast", [&] { return run(argc, argv); }));
}
