// The forecast app's options: every flag, its default and its checks.
//
//   std::optional<apps::ForecastOptions> o = apps::parse_forecast_options(args, std::cout);
//   if (!o) return 0;                          // --help was printed
//   apps::ForecastOptions t;                   // or the defaults, set by hand in a test
//   t.series = 300;
#pragma once

#include <algorithm>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace ripple::apps {

struct ForecastOptions {
  std::string data = "synthetic";     // "synthetic" or a CSV file
  std::string target;                 // CSV: the column to forecast (default: the first numeric
                                      // one); "all": every numeric column (the "M" setting)
  bool channel_independent = true;    // --target all: each column alone through one shared model
  std::vector<std::string> features;  // CSV: input columns; empty = the target only; {"all"}
  bool fill = false;                  // CSV: forward-fill empty cells
  bool calendar = false;              // CSV: add calendar features of the time column (calendar.h)
  std::string model = "tutorial";
  std::string norm;                   // revin | last | none; "" = revin for a CSV, none synthetic
  std::string head;                   // wavenet: sequence | direct; "" = direct for a CSV
  bool linear_path = false;           // wavenet, direct head: add a Dense of the window
  int64_t window = 50, horizon = 1;
  int64_t emit = 0;                   // steps the model forecasts at once; 0 = horizon
  int64_t epochs = 5, batch = 32, seed = 42, threads = 1;
  double lr = 1e-3;
  double final_lr_fraction = 1;       // cosine decay of the lr down to this fraction
  double lr_decay = 1;                // the lr is multiplied by this after every epoch
  int64_t patience = 0;               // early stopping; 0 = off
  std::vector<double> quantiles;      // quantile levels (pinball loss); empty = point forecasts
  std::vector<double> split = {0.7, 0.2, 0.1};
  int64_t series = 10000;             // synthetic: number of series
  int64_t season = 0;                 // period of the seasonal naive baseline; 0 = none
  int64_t backtest = 0;               // rolling-origin stride over the test split; 0 = none
  int64_t channels = 32;              // wavenet
  int64_t stacks = 0;                 // wavenet; 0 = by head: 2 (sequence), 1 (direct)
  int64_t filters = 0;                // tutorial/laststep/seq2seq; 0 = the model's default
  int64_t linear_epochs = 20;         // the linear baseline's training
  std::string out = "out/forecast";
  bool predict = false;
  bool predict_only = false;          // load DIR's model and forecast after the last row of --data
  bool resume = false;                // continue the run saved in DIR/model.safetensors
  std::string metrics;

  bool synthetic() const { return data == "synthetic"; }
  bool all_targets() const { return target == "all"; }
  // The normalisation and the wavenet head once the data-dependent defaults are resolved.
  std::string norm_used() const { return !norm.empty() ? norm : synthetic() ? "none" : "revin"; }
  std::string head_used() const { return !head.empty() ? head : synthetic() ? "sequence" : "direct"; }
  // The direct head reads windows of hundreds of steps: a single stack (whose later blocks are
  // computed only where the last step needs them) keeps an epoch of ETTh2 "S" (8,209 windows of
  // 336 steps) under 10 s on one core.
  int64_t stacks_used() const { return stacks ? stacks : head_used() == "direct" ? 1 : 2; }
  int64_t emitted() const { return emit > 0 ? emit : horizon; }
  // Target steps each example needs: enough for the horizon and for training E outputs.
  int64_t target_steps() const { return std::max(horizon, emitted()); }
};

// Reads the command line (the arguments after the program name). Returns nullopt if --help was
// asked for (the help has then been written to `out`). Throws UsageError (apps/common/cli.h) with
// one line for a mistake: "forecast: --window must be at least 1, got 0".
// A run that would need more memory than the machine has (training_bytes) is refused too.
std::optional<ForecastOptions> parse_forecast_options(const std::vector<std::string>& args,
                                                      std::ostream& out);

// The bytes training with `o` needs at least, estimated before the data are read: the weights,
// their gradients and Adam's two moments, the activations of one batch kept for the backward pass
// (window x batch x width x layers, by model) and the synthetic series. A lower bound (a CSV's
// columns count as one when they are not listed), so that what it refuses cannot fit.
double training_bytes(const ForecastOptions& o);

}  // namespace ripple::apps
