// The forecast app's command line: flags, defaults, help and checks.
#include "apps/forecast/options.h"

#include "apps/common/cli.h"
#include "models/forecast_models.h"
#include "models/forecast_norm.h"
#include "models/forecast_quantile.h"
#include "models/wavenet.h"

namespace ripple::apps {
namespace {
// The largest window, horizon and width the flags accept: beyond any series or model that trains
// here, and small enough that sums and products of them never overflow.
constexpr int64_t kMaxSteps = 1000000, kMaxWidth = 65536;
constexpr int64_t kMaxSyntheticValues = int64_t{1} << 30;  // 4 GB of float32
}  // namespace

double training_bytes(const ForecastOptions& o) {
  const auto d = [](int64_t v) { return static_cast<double>(v); };
  const double B = d(o.batch), W = d(o.window), E = d(o.emitted());
  // the input columns per step: unknown before the CSV is read with --features all or --target
  // all, so one there (a lower bound)
  const bool listed = !o.features.empty() && o.features != std::vector<std::string>{"all"};
  const double F = listed ? d(static_cast<int64_t>(o.features.size())) + 1 : 1;
  double params = 0, activations = B * W * F;  // the batch's windows
  if (o.model == "tutorial" || o.model == "laststep") {
    const double f = d(o.filters ? o.filters : 64);  // four dilated convs (kernel 2) and a 1x1
    params = 2 * F * f + 3 * 2 * f * f + f * f + f * E;
    activations += 5 * 2 * B * W * f;  // each conv's output and its ReLU's
  } else if (o.model == "seq2seq") {
    const double f = d(o.filters ? o.filters : 20);  // eight dilated convs and a 1x1 to E
    params = 2 * F * f + 7 * 2 * f * f + f * E;
    activations += 8 * 2 * B * W * f + B * W * E;
  } else if (o.model == "wavenet") {
    const double C = d(o.channels), S = d(o.stacks_used());
    const double blocks = S * d(forecast::layers_for_window(o.window, o.stacks_used()));
    // per block: a kernel-2 conv to filter and gate (4 C^2), 1x1 residual and skip convs (2 C^2)
    params = F * C + blocks * 6 * C * C + C * E + (o.linear_path ? W * F * E : 0);
    // per block and step: filter, gate, tanh, sigmoid, their product, residual and skip; the
    // direct head computes its blocks after the first only where the last step needs them
    activations += 7 * B * W * C * (o.head_used() == "direct" ? 1 : blocks);
  } else {  // linear, nlinear, dlinear: Dense layers of the window (dlinear: two, and its trend)
    const double dense = o.model == "dlinear" ? 2 : 1;
    params = dense * W * F * E;
    // dlinear's trend: the moving average's im2col (K taps per step), the trend and the remainder
    const double K = d(forecast::ModelConfig{}.trend_kernel);
    activations += (o.model == "dlinear" ? (K + 2) * B * W * F : 0) + dense * B * E;
  }
  const double data = o.synthetic() ? d(o.series) * (W + d(o.target_steps())) : 0;
  // float32: the weights, their gradients and Adam's two moments; the activations kept for the
  // backward pass; the generated series
  return 4 * (4 * params + activations + data);
}

std::optional<ForecastOptions> parse_forecast_options(const std::vector<std::string>& args,
                                                      std::ostream& out) {
  ForecastOptions o;
  Cli cli("forecast",
          "Trains a forecaster of time series and reports its test MSE/MAE next to the naive "
          "(last value) and linear baselines. The defaults reproduce the Keras tutorial's "
          "WaveNet-style model on its synthetic series: 10,000 series of 50 input steps and "
          "1 target, split 7,000 / 2,000 / 1,000, Adam 1e-3, batch 32, 5 epochs. With a CSV, "
          "the split is chronological, the data are z-scored on the training rows and every "
          "input window is normalised on its own (--norm revin).");
  cli.add("data", o.data, "synthetic|FILE.csv",
          "the tutorial's generated series, or a CSV with a header row");
  cli.add("target", o.target, "COLUMN|all",
          "CSV: the column to forecast (default: the first besides the date); all: every "
          "numeric column, scored on the average over the columns");
  cli.add_switch("channel-independent", o.channel_independent,
                 "with --target all: each column alone through one shared model (default); "
                 "=false: every column as input to forecast each");
  cli.add("features", o.features, "COL,COL|all",
          "CSV: input columns (the target is always one); default: the target only");
  cli.add_switch("fill", o.fill, "CSV: forward-fill empty cells instead of stopping");
  cli.add_switch("calendar", o.calendar,
                 "CSV: add known-future calendar features of the time column as inputs (hour of "
                 "day, day of week, day of year as sine/cosine pairs, those finer than a year "
                 "and coarser than the step)");
  cli.add("model", o.model, "NAME",
          "tutorial, laststep, seq2seq (the book's WaveNet), wavenet (Oord et al.), linear, "
          "nlinear or dlinear (Zeng et al.)")
      ->check(one_of(forecast::model_kinds()));
  cli.add("norm", o.norm, "revin|last|none",
          "normalise each input window on its own and invert on the forecast: RevIN (mean and "
          "std), the last value (NLinear) or none (default: revin for a CSV, none synthetic)")
      ->check(one_of(forecast::norm_names()));
  cli.add("head", o.head, "direct|sequence",
          "wavenet: all steps at once from the last step (direct), or a forecast at every step "
          "as the book trains it (sequence); default: direct for a CSV, sequence synthetic")
      ->check(one_of({"direct", "sequence"}));
  cli.add_switch("linear-path", o.linear_path,
                 "wavenet, direct head: add a Dense layer of the window to the forecast (LSTNet's "
                 "linear component)");
  cli.add("window", o.window, "N", "input steps per forecast")->check(in_range(1, kMaxSteps));
  cli.add("horizon", o.horizon, "N", "steps to forecast")->check(in_range(1, kMaxSteps));
  cli.add("emit", o.emit, "N",
          "steps the model forecasts at once (0: the horizon); longer horizons are autoregressive")
      ->check(in_range(0, kMaxSteps));
  cli.add("epochs", o.epochs, "N", "training epochs")->check(in_range(0, 1000000));
  cli.add("batch", o.batch, "N", "examples per mini-batch")->check(in_range(1, int64_t{1} << 20));
  cli.add("lr", o.lr, "X", "Adam learning rate")->check(positive());
  cli.add("final-lr", o.final_lr_fraction, "F",
          "decay the learning rate along a cosine to F times --lr (1: constant)")
      ->check(between(0, 1));
  cli.add("lr-decay", o.lr_decay, "F",
          "multiply the learning rate by F after every epoch (LTSF-Linear: 0.5)")
      ->check(between(1e-6, 1));
  cli.add("patience", o.patience, "N",
          "stop when the validation MSE has not improved for N epochs; keep the best epoch")
      ->check(at_least(1))
      ->default_str("off");
  cli.add("quantiles", o.quantiles, "Q,Q,...",
          "forecast these quantile levels, one head each, trained on the pinball loss; the "
          "median is the point forecast, the outer two the interval (e.g. 0.1,0.5,0.9)");
  cli.add("seed", o.seed, "N", "seed for the synthetic data, the initialisation and the batches");
  cli.add("split", o.split, "A,B,C", "train,validation,test: fractions or row (series) counts")
      ->check(non_negative());
  cli.add("series", o.series, "N", "synthetic: number of series")->check(in_range(2, 100000000));
  cli.add("season", o.season, "P",
          "also report the seasonal naive forecast with period P; P is MASE's period too (0: 1)")
      ->check(at_least(0));
  cli.add("backtest", o.backtest, "STRIDE",
          "rolling-origin backtest over the test split, every STRIDE-th origin")
      ->check(at_least(0));
  cli.add("channels", o.channels, "N", "wavenet: residual and skip channels")->check(in_range(1, kMaxWidth));
  cli.add("stacks", o.stacks, "N",
          "wavenet: stacks of dilations 1, 2, ..., 2^k, k chosen for the window (0: 2 with the "
          "sequence head, 1 direct)")
      ->check(in_range(0, 64));
  cli.add("filters", o.filters, "N",
          "tutorial/laststep/seq2seq: filters per conv (0: 64, or 20 for seq2seq)")
      ->check(in_range(0, kMaxWidth));
  cli.add("linear-epochs", o.linear_epochs, "N", "epochs of the linear baseline")
      ->check(in_range(0, 1000000));
  cli.add("threads", o.threads, "N", "OpenBLAS threads")->check(in_range(1, 256));
  cli.add("out", o.out, "DIR", "where the checkpoint, plots and forecasts go");
  cli.add_switch("predict", o.predict, "write DIR/forecast.csv and DIR/forecast.svg");
  cli.add_switch("predict-only", o.predict_only,
                 "train nothing: load DIR/model.safetensors and forecast the horizon after the last "
                 "row of --data NEW.csv into DIR/forecast.csv and DIR/forecast.svg");
  cli.add_switch("resume", o.resume,
                 "continue the run saved in DIR/model.safetensors (written at every epoch's end) "
                 "with the same flags, as if it had never stopped; --epochs may grow");
  cli.add("metrics", o.metrics, "FILE.json", "write the results as JSON");
  if (!cli.parse(args, out)) return std::nullopt;

  if (o.predict_only) {  // the model, its columns and its scaler come from the checkpoint
    if (o.synthetic())
      throw UsageError("forecast: --predict-only needs --data NEW.csv, the rows to forecast after");
    for (const char* flag : {"target", "channel-independent", "features", "model", "norm", "head", "linear-path",
                             "calendar", "window", "horizon", "emit", "epochs", "batch", "lr", "final-lr", "lr-decay",
                             "patience", "quantiles", "seed", "split", "series", "season", "backtest", "channels", "stacks",
                             "filters", "linear-epochs", "predict", "metrics", "resume"})
      if (cli.given(flag))
        throw UsageError(std::string("forecast: --predict-only takes the model from DIR/model.safetensors "
                                     "as it was trained; drop --") + flag);
    return o;
  }

  if (o.synthetic() && o.series * (o.window + o.target_steps()) > kMaxSyntheticValues)
    throw UsageError("forecast: --series " + std::to_string(o.series) + " of --window " + std::to_string(o.window) +
                     " + " + std::to_string(o.target_steps()) + " steps would generate more than " +
                     std::to_string(kMaxSyntheticValues) + " values (" +
                     std::to_string(kMaxSyntheticValues * 4 / 1000000) + " MB); use fewer or shorter series");
  if (o.season > o.window)
    throw UsageError("forecast: --season must not exceed --window, got " + std::to_string(o.season) +
                     " > " + std::to_string(o.window));
  if (o.synthetic() && !o.target.empty())
    throw UsageError("forecast: --target needs a CSV (--data FILE.csv)");
  if (cli.given("channel-independent") && !o.all_targets())
    throw UsageError("forecast: --channel-independent applies with --target all only");
  if (o.all_targets() && !o.features.empty())
    throw UsageError("forecast: --target all takes every column as input; drop --features");
  if (o.all_targets() && (o.predict || o.backtest > 0))
    throw UsageError(std::string("forecast: ") + (o.predict ? "--predict" : "--backtest") +
                     " forecasts one target column; use --target COLUMN");
  if (o.calendar && o.synthetic())
    throw UsageError("forecast: --calendar needs a CSV with a time column (--data FILE.csv)");
  if (o.calendar && o.all_targets())
    throw UsageError("forecast: --calendar applies to one target column; use --target COLUMN");
  if (cli.given("head") && o.model != "wavenet")
    throw UsageError("forecast: --head applies to --model wavenet only");
  if (!o.quantiles.empty()) {
    try {
      forecast::check_quantile_levels(o.quantiles);
    } catch (const Error& e) {
      throw UsageError("forecast: --quantiles" + std::string(e.what()).substr(std::string("quantile levels").size()));
    }
    if (o.emitted() < o.horizon)
      throw UsageError("forecast: --quantiles needs the model to emit the whole horizon at once "
                       "(an autoregressive forecast feeds back one value, not an interval); drop --emit");
  }
  if (o.linear_path && (o.model != "wavenet" || o.head_used() != "direct"))
    throw UsageError("forecast: --linear-path applies to --model wavenet with --head direct only");
  const double need = training_bytes(o);
  if (const uint64_t have = physical_memory_bytes(); have > 0 && need > static_cast<double>(have)) {
    std::string sizes = "--model " + o.model + ", --window " + std::to_string(o.window) + ", --batch " +
                        std::to_string(o.batch);
    if (o.model == "wavenet")
      sizes += ", --channels " + std::to_string(o.channels) + ", --stacks " + std::to_string(o.stacks_used());
    else if (o.filters) sizes += ", --filters " + std::to_string(o.filters);
    if (o.emitted() > 1) sizes += ", " + std::to_string(o.emitted()) + " steps emitted (--horizon, --emit)";
    throw UsageError("forecast: the model and a batch would need about " + format_bytes(need) + " of memory (" +
                     sizes + "), more than this machine's " + format_bytes(static_cast<double>(have)));
  }
  return o;
}

}  // namespace ripple::apps
