// Tests for apps/forecast/options: the tutorial's defaults, lists and the split, the checks
// across flags, and the help listing every flag.
#include "apps/forecast/options.h"

#include <gtest/gtest.h>

#include <sstream>

#include "apps/common/cli.h"

using namespace ripple;

namespace {

apps::ForecastOptions parse(const std::vector<std::string>& args) {
  std::ostringstream out;
  const std::optional<apps::ForecastOptions> o = apps::parse_forecast_options(args, out);
  EXPECT_TRUE(o.has_value());
  return o.value_or(apps::ForecastOptions{});
}

std::string error(const std::vector<std::string>& args) {
  std::ostringstream out;
  try {
    apps::parse_forecast_options(args, out);
  } catch (const apps::UsageError& e) {
    return e.what();
  }
  return "(no UsageError)";
}

TEST(ForecastOptions, TheTutorialsDefaults) {
  const apps::ForecastOptions o = parse({});
  EXPECT_EQ(o.data, "synthetic");
  EXPECT_EQ(o.model, "tutorial");
  EXPECT_EQ(o.window, 50);
  EXPECT_EQ(o.epochs, 5);
  EXPECT_EQ(o.lr, 1e-3);
  EXPECT_EQ(o.split, (std::vector<double>{0.7, 0.2, 0.1}));
  EXPECT_TRUE(o.features.empty());
  EXPECT_FALSE(o.predict);
}

TEST(ForecastOptions, ListsSplitAndSwitches) {
  const apps::ForecastOptions o = parse({"--features", "temp,humidity", "--split", "500,100,100",
                                         "--model", "wavenet", "--final-lr", "0.1", "--predict",
                                         "--fill", "--horizon", "3", "--emit", "1"});
  EXPECT_EQ(o.features, (std::vector<std::string>{"temp", "humidity"}));
  EXPECT_EQ(o.split, (std::vector<double>{500, 100, 100}));
  EXPECT_EQ(o.model, "wavenet");
  EXPECT_EQ(o.final_lr_fraction, 0.1);
  EXPECT_TRUE(o.predict && o.fill);
  EXPECT_EQ(o.emitted(), 1);
  EXPECT_EQ(o.target_steps(), 3);
}

TEST(ForecastOptions, BadValuesGiveOneLine) {
  EXPECT_EQ(error({"--window", "0"}), "forecast: --window must be in [1, 1000000], got 0");
  EXPECT_EQ(error({"--batch", "4611686018427387904"}), "forecast: --batch must be in [1, 1048576], got 4611686018427387904");
  EXPECT_NE(error({"--series", "100000000", "--window", "1000000"}).find("would generate more than 1073741824 values"),
            std::string::npos);
  EXPECT_EQ(error({"--series", "1"}), "forecast: --series must be in [2, 100000000], got 1");
  EXPECT_EQ(error({"--final-lr", "2"}), "forecast: --final-lr must be in [0, 1], got 2");
  EXPECT_EQ(error({"--season", "60"}), "forecast: --season must not exceed --window, got 60 > 50");
  EXPECT_EQ(error({"--split", "0.7,0.3"}), "forecast: --split expects 3 values (A,B,C), got '0.7,0.3'");
  EXPECT_EQ(error({"--split", "a,b,c"}), "forecast: --split expects numbers A,B,C, got 'a' in 'a,b,c'");
  EXPECT_EQ(error({"--quantiles", "0.1,x,0.9"}), "forecast: --quantiles expects numbers Q,Q,..., got 'x' in '0.1,x,0.9'");
  EXPECT_EQ(error({"--model", "rnn"}),
            "forecast: --model must be one of tutorial, laststep, seq2seq, wavenet, linear, nlinear, "
            "dlinear; got 'rnn'");
  EXPECT_EQ(error({"--epoch", "3"}), "forecast: unknown option '--epoch' (did you mean --epochs?)");
  EXPECT_EQ(error({"--patience", "0"}), "forecast: --patience must be at least 1, got 0");
  EXPECT_EQ(error({"--norm", "zscore"}),
            "forecast: --norm must be one of none, last, revin; got 'zscore'");
  EXPECT_EQ(error({"--lr-decay", "0"}), "forecast: --lr-decay must be in [1e-06, 1], got 0");
}

TEST(ForecastOptions, FlagsThatOnlyFitTogether) {
  EXPECT_EQ(error({"--target", "OT"}), "forecast: --target needs a CSV (--data FILE.csv)");
  EXPECT_EQ(error({"--data", "x.csv", "--channel-independent=false"}),
            "forecast: --channel-independent applies with --target all only");
  EXPECT_EQ(error({"--data", "x.csv", "--target", "all", "--features", "a"}),
            "forecast: --target all takes every column as input; drop --features");
  EXPECT_EQ(error({"--data", "x.csv", "--target", "all", "--predict"}),
            "forecast: --predict forecasts one target column; use --target COLUMN");
  EXPECT_EQ(error({"--head", "direct"}), "forecast: --head applies to --model wavenet only");
  EXPECT_EQ(error({"--model", "wavenet", "--linear-path"}),
            "forecast: --linear-path applies to --model wavenet with --head direct only");
}

TEST(ForecastOptions, NormAndHeadDefaultByData) {
  EXPECT_EQ(parse({}).norm_used(), "none");  // the tutorial stays reproduced
  EXPECT_EQ(parse({}).head_used(), "sequence");
  EXPECT_EQ(parse({"--data", "x.csv"}).norm_used(), "revin");
  EXPECT_EQ(parse({"--data", "x.csv"}).head_used(), "direct");
  EXPECT_EQ(parse({"--data", "x.csv", "--norm", "none"}).norm_used(), "none");
  const apps::ForecastOptions all = parse({"--data", "x.csv", "--target", "all"});
  EXPECT_TRUE(all.all_targets() && all.channel_independent);
}

// --predict-only takes the model as it was trained: flags that would change it are refused.
TEST(ForecastOptions, PredictOnlyTakesDataOutFillAndThreads) {
  const apps::ForecastOptions o =
      parse({"--predict-only", "--data", "new.csv", "--out", "run", "--fill", "--threads", "2"});
  EXPECT_TRUE(o.predict_only);
  EXPECT_EQ(error({"--predict-only", "--out", "run"}),
            "forecast: --predict-only needs --data NEW.csv, the rows to forecast after");
  EXPECT_EQ(error({"--predict-only", "--data", "new.csv", "--horizon", "5"}),
            "forecast: --predict-only takes the model from DIR/model.safetensors as it was trained; "
            "drop --horizon");
  EXPECT_NE(error({"--predict-only", "--data", "new.csv", "--predict"}).find("drop --predict"), std::string::npos);
  // --resume trains: it has no place in a run that trains nothing
  EXPECT_TRUE(parse({"--resume", "--epochs", "8"}).resume);
  EXPECT_FALSE(parse({}).resume);
  EXPECT_NE(error({"--predict-only", "--data", "new.csv", "--resume"}).find("drop --resume"), std::string::npos);
}

TEST(ForecastOptions, HelpListsEveryFlag) {
  std::ostringstream out;
  EXPECT_FALSE(apps::parse_forecast_options({"-h"}, out).has_value());
  for (const char* flag :
       {"--data synthetic|FILE.csv", "--target COLUMN|all", "--features COL,COL|all", "--fill",
        "--model NAME", "--norm revin|last|none", "--head direct|sequence", "--lr-decay F",
        "--patience N", "--channel-independent", "--linear-path", "--window N", "--horizon N", "--emit N", "--epochs N", "--batch N",
        "--lr X", "--final-lr F", "--seed N", "--split A,B,C", "--series N", "--season P",
        "--backtest STRIDE", "--channels N", "--stacks N", "--filters N", "--linear-epochs N",
        "--threads N", "--out DIR", "--predict", "--predict-only", "--resume", "--metrics FILE.json", "-h, --help"})
    EXPECT_NE(out.str().find(std::string("  ") + flag), std::string::npos) << flag;
}

}  // namespace

// A run that could not fit in memory is refused before any work, naming its sizes; the estimate
// grows with the window, the batch and the width, and the tutorial's run is far from the limit.
TEST(ForecastOptions, ModelsBeyondMemoryAreRefusedWithTheEstimate) {
  const double tutorial = apps::training_bytes(parse({}));
  EXPECT_GT(tutorial, 1e5);
  EXPECT_LT(tutorial, 1e9);
  auto bytes = [](std::vector<std::string> args) { return apps::training_bytes(parse(args)); };
  EXPECT_GT(bytes({"--window", "500"}), bytes({"--window", "50"}));
  EXPECT_GT(bytes({"--batch", "64"}), bytes({"--batch", "32"}));
  EXPECT_GT(bytes({"--model", "wavenet", "--channels", "64"}), bytes({"--model", "wavenet", "--channels", "32"}));
  EXPECT_GT(bytes({"--model", "wavenet", "--head", "sequence"}), bytes({"--model", "wavenet", "--head", "direct"}));
  EXPECT_GT(bytes({"--model", "dlinear", "--horizon", "96"}), bytes({"--model", "linear", "--horizon", "96"}));
  if (apps::physical_memory_bytes() == 0) GTEST_SKIP() << "the physical memory is unknown here";
  const std::string wavenet = error({"--model", "wavenet", "--channels", "65536", "--window", "100000",
                                     "--batch", "1048576", "--series", "2"});
  EXPECT_EQ(wavenet.find("forecast: the model and a batch would need about "), 0u) << wavenet;
  EXPECT_NE(wavenet.find("(--model wavenet, --window 100000, --batch 1048576, --channels 65536, --stacks 2), "
                         "more than this machine's "),
            std::string::npos)
      << wavenet;
  EXPECT_NE(error({"--model", "linear", "--window", "1000000", "--batch", "1048576", "--series", "2"})
                .find("(--model linear, --window 1000000, --batch 1048576), more than this machine's"),
            std::string::npos);
  EXPECT_NE(error({"--filters", "65536"}).find("(--model tutorial, --window 50, --batch 32, --filters 65536)"),
            std::string::npos);
  // --predict-only takes its sizes from the checkpoint: nothing to estimate
  EXPECT_EQ(error({"--predict-only", "--data", "new.csv"}), "(no UsageError)");
}
