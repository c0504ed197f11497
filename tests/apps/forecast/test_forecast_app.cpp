// Tests of the forecast app's data loading and training run: CSV errors through the app's loader
// (file, line, column, and the flag that helps), scaling and forward fill, and one epoch end to
// end with a backtest; every column as a target, per-window normalisation, early stopping, and
// splits too short for the window or horizon.
#include <cblas.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "apps/forecast/data.h"
#include "apps/forecast/report.h"
#include "apps/forecast/training.h"

using namespace ripple;
namespace fc = ripple::forecast;

namespace {

// A temporary CSV file, removed at the end of the test.
struct TempCsv {
  std::filesystem::path path;
  explicit TempCsv(const std::string& text, const std::string& name = "forecast_test.csv") {
    path = std::filesystem::temp_directory_path() / (std::to_string(::getpid()) + "_" + name);
    std::ofstream(path) << text;
  }
  ~TempCsv() { std::filesystem::remove(path); }
};

// A CSV of `rows` rows: date, value (a noisy sine) and temp (a ramp).
std::string sine_csv(int rows) {
  std::string s = "date,value,temp\n";
  for (int r = 0; r < rows; ++r)
    s += "2024-01-" + std::to_string(r) + "," + std::to_string(10 + 3 * std::sin(0.3 * r)) + "," +
         std::to_string(0.1 * r) + "\n";
  return s;
}

std::string load_error(const apps::ForecastOptions& o) {
  try {
    apps::load_forecast_data(o);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST(ForecastApp, CsvErrorsNameLineAndColumn) {
  apps::ForecastOptions o;
  o.window = 5;
  o.target = "value";
  {
    TempCsv f("date,value\n2024-01-01,1.0\n2024-01-02,abc\n");
    o.data = f.path.string();
    const std::string msg = load_error(o);
    EXPECT_NE(msg.find(":3"), std::string::npos) << msg;
    EXPECT_NE(msg.find("value"), std::string::npos) << msg;
    EXPECT_NE(msg.find("abc"), std::string::npos) << msg;
  }
  {
    TempCsv f("date,value\n2024-01-01,1.0\n2024-01-02,\n2024-01-03,2\n");
    o.data = f.path.string();
    EXPECT_NE(load_error(o).find("--fill"), std::string::npos) << load_error(o);
  }
  {
    TempCsv f("date,value\n2024-01-01,nan\n");
    o.data = f.path.string();
    EXPECT_NE(load_error(o).find("finite"), std::string::npos) << load_error(o);
  }
  {
    TempCsv f("1.0,2.0\n3.0,4.0\n");
    o.data = f.path.string();
    EXPECT_NE(load_error(o).find("header"), std::string::npos) << load_error(o);
  }
  {
    TempCsv f(sine_csv(40));
    o.data = f.path.string();
    o.target = "sales";
    EXPECT_NE(load_error(o).find("sales"), std::string::npos) << load_error(o);
    o.target = "value";
    o.features = {"humidity"};
    EXPECT_NE(load_error(o).find("humidity"), std::string::npos) << load_error(o);
  }
  o.features = {};
  o.data = "/nonexistent/forecast.csv";
  EXPECT_NE(load_error(o).find("/nonexistent/forecast.csv"), std::string::npos);
}

TEST(ForecastApp, CsvShorterThanWindowPlusHorizon) {
  TempCsv f(sine_csv(12));
  apps::ForecastOptions o;
  o.data = f.path.string();
  o.window = 10;
  o.horizon = 3;
  const std::string msg = load_error(o);
  EXPECT_NE(msg.find("shorter than window + horizon"), std::string::npos) << msg;
}

TEST(ForecastApp, CsvLoadsScalesAndFills) {
  TempCsv f(sine_csv(100) + "2024-02-01,,5\n2024-02-02,11,5.1\n");
  apps::ForecastOptions o;
  o.data = f.path.string();
  o.window = 8;
  o.horizon = 2;
  o.features = {"all"};
  o.fill = true;
  apps::ForecastData d = apps::load_forecast_data(o);
  EXPECT_EQ(d.features, (std::vector<std::string>{"value", "temp"}));
  EXPECT_EQ(d.time_column, "date");
  // 102 rows give 93 windows; the two whose targets straddle a split boundary belong to none
  EXPECT_EQ(d.train.size() + d.val.size() + d.test.size(), 93 - 2);
  EXPECT_EQ(d.train.x.size(2), 2);
  EXPECT_EQ(d.train.origin.front(), 8);
  EXPECT_EQ(d.test.origin.back(), 100);
  EXPECT_NEAR(d.scaler.mean[1], 0.1 * 35, 1e-6);  // temp's mean over the 71 training rows
}

TEST(ForecastApp, OneEpochLowersTheLoss) {
  // One BLAS thread, as the app uses (these matrices are too small to share), restored after.
  struct OneThread {
    int before = openblas_get_num_threads();
    OneThread() { openblas_set_num_threads(1); }
    ~OneThread() { openblas_set_num_threads(before); }
  } one_thread;
  apps::ForecastOptions o;
  o.series = 600;
  o.epochs = 1;
  o.batch = 16;
  o.lr = 3e-3;
  apps::ForecastData d = apps::load_forecast_data(o);
  ASSERT_EQ(d.train.size(), 420);
  Generator gen(1);
  auto model = apps::make_forecaster(o, d, gen);
  std::vector<double> losses;
  fc::TrainCallbacks callbacks;
  callbacks.on_step = [&](int64_t, double loss) { losses.push_back(loss); };
  fc::TrainResult r = apps::train_forecaster(o, *model, d, gen, callbacks);
  ASSERT_EQ(losses.size(), 27u);
  double first = 0, last = 0;
  for (int i = 0; i < 5; ++i) first += losses[i], last += losses[losses.size() - 1 - i];
  EXPECT_LT(last, first);
  ASSERT_EQ(r.val_mse.size(), 1u);
  EXPECT_LT(r.val_mse[0], 0.2);
  apps::Backtest b = apps::run_backtest(*model, d.test, 1, 7);
  EXPECT_EQ(b.origins, (60 + 6) / 7);
}

TEST(ForecastApp, EveryColumnAsTargetChannelIndependent) {
  TempCsv f(sine_csv(100));
  apps::ForecastOptions o;
  o.data = f.path.string();
  o.target = "all";
  o.window = 8;
  o.horizon = 2;
  o.model = "dlinear";
  apps::ForecastData d = apps::load_forecast_data(o);
  EXPECT_TRUE(d.all_targets);
  EXPECT_EQ(d.features, (std::vector<std::string>{"value", "temp"}));
  EXPECT_EQ(d.model_features(), 1);         // each column alone
  EXPECT_EQ(d.train.size() % 2, 0);         // both columns' windows
  EXPECT_EQ(d.target_scale(), 1.0);         // errors average over columns of different units
  Generator gen(1);
  auto model = apps::make_forecaster(o, d, gen);
  EXPECT_EQ(model->describe(), "NormalizedForecaster(revin, affine)");
}

TEST(ForecastApp, EveryColumnAsTargetFromAllColumns) {
  TempCsv f(sine_csv(100));
  apps::ForecastOptions o;
  o.data = f.path.string();
  o.target = "all";
  o.channel_independent = false;
  o.window = 8;
  o.horizon = 2;
  apps::ForecastData d = apps::load_forecast_data(o);
  EXPECT_EQ(d.model_features(), 2);
  // the temp column's windows (the second half) have temp first: a ramp of 0.1 per row, z-scored
  const int64_t half = d.train.size() / 2;
  EXPECT_NEAR(d.train.x.at({half, 1, 0}) - d.train.x.at({half, 0, 0}),
              0.1 / d.scaler.stddev[1], 1e-4);
}

TEST(ForecastApp, TrainsWithNormalisationAndEarlyStopping) {
  TempCsv f(sine_csv(200));
  apps::ForecastOptions o;
  o.data = f.path.string();
  o.target = "value";
  o.window = 12;
  o.horizon = 4;
  o.model = "nlinear";
  o.epochs = 8;
  o.patience = 2;
  o.lr = 0.01;
  apps::ForecastData d = apps::load_forecast_data(o);
  Generator gen(3);
  auto model = apps::make_forecaster(o, d, gen);
  const fc::TrainResult r = apps::train_forecaster(o, *model, d, gen);
  EXPECT_TRUE(r.restored_best);
  EXPECT_GE(r.best_epoch, 1);
  const Tensor pred = fc::forecast_horizon(*model, d.test.x, 4);
  for (double v : pred.to_vector<double>()) EXPECT_TRUE(std::isfinite(v));
  EXPECT_LT(fc::errors(pred, d.test.y).mse, fc::errors(fc::naive_forecast(d.test.x, 4), d.test.y).mse);
}

TEST(ForecastApp, ConstantColumnIsForecastNotDividedByZero) {
  std::string csv = "date,flat,value\n";
  for (int r = 0; r < 80; ++r) csv += std::to_string(r) + ",5," + std::to_string(std::sin(0.4 * r)) + "\n";
  TempCsv f(csv);
  for (const char* norm : {"revin", "last", "none"}) {
    apps::ForecastOptions o;
    o.data = f.path.string();
    o.target = "all";
    o.window = 6;
    o.horizon = 2;
    o.model = "linear";
    o.norm = norm;
    o.epochs = 2;
    apps::ForecastData d = apps::load_forecast_data(o);
    Generator gen(1);
    auto model = apps::make_forecaster(o, d, gen);
    const fc::TrainResult r = apps::train_forecaster(o, *model, d, gen);
    for (double v : r.train_loss) EXPECT_TRUE(std::isfinite(v)) << norm;
    const Tensor pred = fc::forecast_horizon(*model, d.test.x, 2);
    const fc::Errors e = fc::errors(pred, d.test.y);
    EXPECT_TRUE(std::isfinite(e.mse) && std::isfinite(e.mae)) << norm;
  }
}

TEST(ForecastApp, SplitsTooShortForTheWindowOrHorizon) {
  TempCsv f(sine_csv(100));
  apps::ForecastOptions o;
  o.data = f.path.string();
  o.target = "value";
  o.window = 8;
  o.horizon = 15;  // the validation split has 20 rows, the test split 10
  EXPECT_NE(load_error(o).find("the test split has 10 rows, fewer than the horizon 15"), std::string::npos)
      << load_error(o);
  o.split = {0.7, 0.1, 0.2};  // validation 10 rows
  EXPECT_NE(load_error(o).find("the validation split has 10 rows"), std::string::npos) << load_error(o);
  o.horizon = 2;
  o.window = 80;  // longer than the 70 training rows
  EXPECT_NE(load_error(o).find("training split has 70 rows"), std::string::npos) << load_error(o);
  o.window = 8;
  o.split = {0.8, 0, 0.2};
  o.patience = 2;
  EXPECT_NE(load_error(o).find("--patience needs validation rows"), std::string::npos) << load_error(o);
}

TEST(ForecastApp, EveryColumnNeedsNumbers) {
  std::string csv = "date,value,label\n";
  for (int r = 0; r < 30; ++r) csv += std::to_string(r) + "," + std::to_string(r) + ",x\n";
  TempCsv f(csv);
  apps::ForecastOptions o;
  o.data = f.path.string();
  o.target = "all";
  o.window = 4;
  const std::string msg = load_error(o);
  EXPECT_NE(msg.find("label"), std::string::npos) << msg;
  EXPECT_NE(msg.find("--target all"), std::string::npos) << msg;
}

// Every column as a target: each column's forecasts go back to its own units, and MASE is scaled
// by each column's own seasonal naive error. Column a alternates 0, 1 (changes by 1 each step, by
// 0 over two); column b is 10 + r (changes by 1 each step, by 2 over two).
TEST(ForecastApp, OriginalScalePerColumnAndMaseScales) {
  std::string csv = "date,a,b\n";
  for (int r = 0; r < 40; ++r) csv += std::to_string(r) + "," + std::to_string(r % 2) + "," + std::to_string(10 + r) + "\n";
  TempCsv f(csv);
  apps::ForecastOptions o;
  o.data = f.path.string();
  o.target = "all";
  o.window = 4;
  o.horizon = 2;
  apps::ForecastData d = apps::load_forecast_data(o);
  EXPECT_EQ(d.target_columns(), (std::vector<std::string>{"a", "b"}));
  const Tensor y = d.original_scale(d.test.y);  // (2 * n, 2)
  const int64_t n = d.test.size() / 2;
  for (int64_t i = 0; i < d.test.size(); ++i)
    for (int64_t k = 0; k < 2; ++k) {
      const int64_t row = d.test.origin[static_cast<size_t>(i)] + k;
      EXPECT_NEAR(y.at({i, k}), i < n ? row % 2 : 10 + row, 1e-4) << i << ", " << k;
    }
  EXPECT_EQ(d.mase_scales(1), (std::vector<double>{1.0, 1.0}));
  EXPECT_EQ(d.mase_scales(2), (std::vector<double>{0.0, 2.0}));

  // the naive forecast repeats the last value: on a it is off by 1, then 0; on b (a ramp) by 1,
  // then 2. Scaled by 1 (period 1), MASE is a's 0.5 and b's 1.5, 1 on average; a's scale of
  // period 2 is 0, which makes MASE undefined
  const Tensor naive = fc::naive_forecast(d.test.x, 2);
  const apps::OriginalScores p1 = apps::score_original(d, naive, naive, d.test.y, 1);
  EXPECT_TRUE(p1.mase_note.empty());
  EXPECT_NEAR(p1.naive.per_step[0].mae, (1.0 + 1.0) / 2, 1e-4);
  EXPECT_NEAR(p1.naive.per_step[1].mae, (0.0 + 2.0) / 2, 1e-4);
  EXPECT_NEAR(p1.naive.overall.mase.value(), (0.5 + 1.5) / 2, 1e-4);
  EXPECT_NEAR(p1.naive.overall.rmse, std::sqrt((1.0 + 0 + 1 + 4) / 4), 1e-4);
  const apps::OriginalScores p2 = apps::score_original(d, naive, naive, d.test.y, 2);
  EXPECT_FALSE(p2.naive.overall.mase.has_value());
  EXPECT_NE(p2.mase_note.find("'a' never change over 2 step(s)"), std::string::npos) << p2.mase_note;
  const nlohmann::json j = apps::original_json(p2);
  EXPECT_TRUE(j["model"]["mase"].is_null());
  EXPECT_EQ(j["model"]["per_step"].size(), 2u);
  EXPECT_EQ(j["mase_period"], 2);
}
