// --calendar: the features on hand-computed dates, the shift by the horizon, the cycles chosen by
// the step, the errors; covariates passed through the per-window normalisation; and a run with
// calendar features forecast again from its checkpoint, bit for bit.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <sstream>

#include "apps/common/run.h"
#include "apps/forecast/calendar.h"
#include "apps/forecast/csv.h"
#include "apps/forecast/data.h"
#include "apps/forecast/predict.h"
#include "apps/forecast/training.h"
#include "autograd/ops.h"
#include "core/file.h"
#include "models/forecast_norm.h"
#include "tests/op_testing.h"

using namespace ripple;
using namespace ripple::testing;
namespace fc = ripple::forecast;
namespace fs = std::filesystem;

namespace {

std::string data_error(const std::function<void()>& f) {
  try {
    f();
  } catch (const apps::DataError& e) {
    return e.what();
  }
  return "(no DataError)";
}

}  // namespace

TEST(Calendar, HourlyRowsGetHourWeekdayAndYearday) {
  // 2024-01-01 was a Monday: weekday phase 0; 06:00 is a quarter of the day
  const apps::Calendar c =
      apps::calendar_features({"2024-01-01 00:00:00", "2024-01-01 06:00:00", "2024-01-01 12:00:00"}, 0, "t.csv");
  EXPECT_EQ(c.names, (std::vector<std::string>{"hour_sin", "hour_cos", "weekday_sin", "weekday_cos", "yearday_sin",
                                               "yearday_cos"}));
  ASSERT_EQ(c.values.shape(), (Shape{3, 6}));
  const std::vector<double> v = c.values.to_vector<double>();
  EXPECT_NEAR(v[0], 0, 1e-6);   // hour 0: sin 0, cos 1
  EXPECT_NEAR(v[1], 1, 1e-6);
  EXPECT_NEAR(v[6], 1, 1e-6);   // 06:00: sin 1, cos 0
  EXPECT_NEAR(v[7], 0, 1e-6);
  EXPECT_NEAR(v[12], 0, 1e-6);  // 12:00: sin 0, cos -1
  EXPECT_NEAR(v[13], -1, 1e-6);
  EXPECT_NEAR(v[2], 0, 1e-6);   // Monday 00:00: the week starts
  EXPECT_NEAR(v[3], 1, 1e-6);
  EXPECT_NEAR(v[5], 1, 1e-3);   // 1 January: the year starts (to a day of the mean year)
}

TEST(Calendar, RowsCarryTheCalendarOfTheStepAHorizonAhead) {
  std::vector<std::string> days;
  for (int d = 1; d <= 20; ++d) days.push_back("2024-03-" + std::string(d < 10 ? "0" : "") + std::to_string(d));
  const apps::Calendar now = apps::calendar_features(days, 0, "t.csv"), ahead = apps::calendar_features(days, 3, "t.csv");
  EXPECT_EQ(now.names, (std::vector<std::string>{"weekday_sin", "weekday_cos", "yearday_sin", "yearday_cos"}));
  // row t of the shifted features is row t + 3 of the unshifted ones, and past the end the dates
  // continue: row 19 carries 2024-03-23, a Saturday, like 2024-03-16 (row 15)
  EXPECT_EQ(narrow(ahead.values, 0, 0, 17).to_vector<float>(), narrow(now.values, 0, 3, 17).to_vector<float>());
  EXPECT_NEAR(ahead.values.at({19, 0}), now.values.at({15, 0}), 1e-6);
  EXPECT_NEAR(ahead.values.at({19, 1}), now.values.at({15, 1}), 1e-6);
}

TEST(Calendar, ErrorsNameTheCellOrTheStep) {
  EXPECT_EQ(data_error([] { apps::calendar_features({"2024-01-01", "noon"}, 1, "t.csv"); }),
            "t.csv: --calendar: time cell 'noon' of data row 2 is not a date (YYYY-MM-DD or YYYY-MM-DD HH:MM:SS)");
  EXPECT_EQ(data_error([] { apps::calendar_features({"2020-01-01", "2021-01-01"}, 1, "t.csv"); }),
            "t.csv: --calendar: a step of a year or more has no cycle to describe");
  EXPECT_EQ(data_error([] { apps::calendar_features({"2024-01-02", "2024-01-01"}, 1, "t.csv"); }),
            "t.csv: --calendar: the last two times do not increase");
}

TEST(NormalizedForecaster, CovariatesPassThroughUnnormalised) {
  // a linear model on 2 series features and 2 covariates: shifting the series by c shifts the
  // forecast by c (RevIN's equivariance), while shifting a covariate changes it otherwise
  Generator gen(4);
  auto inner = std::make_shared<fc::LinearForecaster>(6, 4, 3, gen);
  fc::NormalizedForecaster model(inner, fc::Norm::RevIN, 4, true, DType::Float32, 2);
  const Tensor x = to_dtype(randn({5, 6, 4}, 8), DType::Float32);
  NoGradGuard no_grad;
  const Tensor y = model(x);
  const Tensor shift_series = concat({narrow(x, 2, 0, 2) + 10.0, narrow(x, 2, 2, 2)}, 2);
  EXPECT_LT(max(flatten(abs(model(shift_series) - (y + 10.0))), 0).item(), 1e-3);
  const Tensor shift_covariates = concat({narrow(x, 2, 0, 2), narrow(x, 2, 2, 2) + 1.0}, 2);
  EXPECT_GT(max(flatten(abs(model(shift_covariates) - y)), 0).item(), 1e-3);  // seen as they are
  EXPECT_EQ(model.parameters().size(), inner->parameters().size() + 2);     // affine over the series only
}

TEST(ForecastCalendar, PredictOnlyGivesTheRunsForecastsWithCalendarFeatures) {
  const fs::path dir = fs::temp_directory_path() / (std::to_string(::getpid()) + "_forecast_calendar");
  fs::create_directories(dir);
  std::string csv = "date,value\n";
  char buf[64];
  for (int r = 0; r < 200; ++r) {
    std::snprintf(buf, sizeof buf, "2024-02-%02d %02d:00:00,%.4f\n", 1 + r / 24, r % 24, 10 + std::sin(0.26 * r));
    csv += buf;
  }
  const std::string data = (dir / "data.csv").string();
  write_file_atomic(data, csv);
  apps::ForecastOptions o;
  o.data = data, o.target = "value", o.model = "linear", o.window = 24, o.horizon = 6, o.epochs = 1;
  o.linear_epochs = 0, o.calendar = true, o.out = (dir / "run").string();
  apps::ForecastData d = apps::load_forecast_data(o);
  EXPECT_EQ(d.calendar.size(), 6u);
  EXPECT_EQ(d.model_features(), 7);
  Generator gen(1);
  auto model = apps::make_forecaster(o, d, gen);
  const fc::TrainResult r = apps::train_forecaster(o, *model, d, gen);
  apps::RunDir(o.out).create();
  apps::save_forecaster(apps::RunDir(o.out).checkpoint(), *model, o, d, r);
  const apps::PredictionFiles ran = apps::write_predictions(*model, o, d, apps::RunDir(o.out));
  std::vector<std::string> expected;
  std::istringstream in(read_file(ran.csv));
  for (std::string line; std::getline(in, line);)
    if (line.rfind("future,", 0) == 0) {  // origin, index, date, step, prediction, actual (empty)
      std::vector<std::string> f;
      std::istringstream cells(line);
      for (std::string c; std::getline(cells, c, ',');) f.push_back(c);
      expected.push_back(f.at(4));
    }
  apps::ForecastOptions later;
  later.data = data, later.out = o.out, later.predict_only = true;
  std::ostringstream log;
  std::istringstream got(read_file(apps::predict_from_checkpoint(later, log).csv));
  std::vector<std::string> values;
  std::string line;
  std::getline(got, line);
  while (std::getline(got, line)) values.push_back(line.substr(line.rfind(',') + 1));
  ASSERT_EQ(values.size(), 6u);
  EXPECT_EQ(values, expected);
  fs::remove_all(dir);
}
