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
  EXPECT_EQ(error({"--window", "0"}), "forecast: --window must be at least 1, got 0");
  EXPECT_EQ(error({"--series", "1"}), "forecast: --series must be at least 2, got 1");
  EXPECT_EQ(error({"--final-lr", "2"}), "forecast: --final-lr must be in [0, 1], got 2");
  EXPECT_EQ(error({"--season", "60"}), "forecast: --season must not exceed --window, got 60 > 50");
  EXPECT_EQ(error({"--split", "0.7,0.3"}), "forecast: --split expects 3 values (A,B,C)");
  EXPECT_EQ(error({"--split", "a,b,c"}), "forecast: --split expects numbers A,B,C, got 'a'");
  EXPECT_EQ(error({"--model", "rnn"}),
            "forecast: --model must be one of tutorial, laststep, seq2seq, wavenet, linear; got 'rnn'");
  EXPECT_EQ(error({"--epoch", "3"}), "forecast: unknown option '--epoch' (did you mean --epochs?)");
}

TEST(ForecastOptions, HelpListsEveryFlag) {
  std::ostringstream out;
  EXPECT_FALSE(apps::parse_forecast_options({"-h"}, out).has_value());
  for (const char* flag :
       {"--data synthetic|FILE.csv", "--target COLUMN", "--features COL,COL|all", "--fill",
        "--model NAME", "--window N", "--horizon N", "--emit N", "--epochs N", "--batch N",
        "--lr X", "--final-lr F", "--seed N", "--split A,B,C", "--series N", "--season P",
        "--backtest STRIDE", "--channels N", "--stacks N", "--filters N", "--linear-epochs N",
        "--threads N", "--out DIR", "--predict", "--metrics FILE.json", "-h, --help"})
    EXPECT_NE(out.str().find(std::string("  ") + flag), std::string::npos) << flag;
}

}  // namespace
