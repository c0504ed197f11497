// Tests of forecasting later from a run's checkpoint (forecast::load_trained, apps/forecast/
// predict.h): the same forecasts as the run's own, bit for bit, for each kind of model and
// normalisation; the columns and length of the new data checked; nothing written on an error.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "apps/common/run.h"
#include "apps/forecast/data.h"
#include "apps/forecast/predict.h"
#include "apps/forecast/resume.h"
#include "apps/forecast/training.h"
#include "core/file.h"
#include "layers/checkpoint.h"
#include "tests/op_testing.h"

using namespace ripple;
using namespace ripple::testing;
namespace fc = ripple::forecast;
namespace fs = std::filesystem;

namespace {

// A temporary folder, removed at the end of the test.
struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& name) {
    path = fs::temp_directory_path() / (std::to_string(::getpid()) + "_" + name);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

// date (hourly), value (a noisy sine), temp (a ramp)
std::string hourly_csv(int rows) {
  std::string s = "date,value,temp\n";
  char buf[96];
  for (int r = 0; r < rows; ++r) {
    std::snprintf(buf, sizeof buf, "2024-01-%02d %02d:00:00,%.4f,%.2f\n", 1 + r / 24, r % 24,
                  10 + 3 * std::sin(0.3 * r) + 0.1 * std::cos(1.7 * r), 0.1 * r);
    s += buf;
  }
  return s;
}

// Trains `o` one epoch and saves it to `dir` as the app does; returns the data and the model.
std::pair<apps::ForecastData, std::shared_ptr<fc::Forecaster>> train_and_save(apps::ForecastOptions o,
                                                                            const std::string& dir) {
  o.out = dir;
  apps::ForecastData d = apps::load_forecast_data(o);
  Generator gen(7);
  auto model = apps::make_forecaster(o, d, gen);
  const fc::TrainResult r = apps::train_forecaster(o, *model, d, gen);
  apps::RunDir(dir).create();
  apps::save_forecaster(apps::RunDir(dir).checkpoint(), *model, o, d, r);
  return {std::move(d), model};
}

// The "future" rows' predictions of the run's --predict file, and the values of --predict-only's.
std::vector<std::string> run_future(const std::string& csv) {
  std::vector<std::string> out;
  std::istringstream in(read_file(csv));
  for (std::string line; std::getline(in, line);)
    if (line.rfind("future,", 0) == 0) {
      std::vector<std::string> f;
      std::istringstream cells(line);
      for (std::string c; std::getline(cells, c, ',');) f.push_back(c);
      out.push_back(f.at(4));
    }
  return out;
}
std::vector<std::string> later_values(const std::string& csv) {
  std::vector<std::string> out;
  std::istringstream in(read_file(csv));
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) out.push_back(line.substr(line.rfind(',') + 1));
  return out;
}

apps::ForecastOptions small(const std::string& data) {
  apps::ForecastOptions o;
  o.data = data;
  o.target = "value";
  o.window = 16;
  o.horizon = 4;
  o.epochs = 1;
  o.batch = 16;
  o.linear_epochs = 0;
  return o;
}

// small()'s options for `model` on hourly_csv(rows), written to dir/data.csv.
apps::ForecastOptions small_on_hourly(const TempDir& dir, int rows, const std::string& model) {
  const std::string csv = dir.file("data.csv");
  write_file_atomic(csv, hourly_csv(rows));
  apps::ForecastOptions o = small(csv);
  o.model = model;
  return o;
}

}  // namespace

// The target of --predict-only: for the data the run had, its forecast beyond the data is the
// run's own, to the last bit (the CSV's %.9g text identifies a float32).
TEST(ForecastPredict, SameForecastsAsTheRunBitForBit) {
  TempDir dir("forecast_predict_same");
  const std::string csv = dir.file("data.csv");
  write_file_atomic(csv, hourly_csv(160));
  struct Case {
    std::string model, norm, head;
    std::vector<std::string> features;
    int64_t emit = 0;
  };
  const std::vector<Case> cases = {{"linear", "revin", "", {}}, {"dlinear", "none", "", {"all"}},
                                   {"nlinear", "last", "", {}}, {"wavenet", "revin", "direct", {"temp"}},
                                   {"wavenet", "none", "sequence", {}, 1}, {"tutorial", "revin", "", {}, 2}};
  for (const Case& c : cases) {
    apps::ForecastOptions o = small(csv);
    o.model = c.model, o.norm = c.norm, o.head = c.head, o.features = c.features, o.emit = c.emit;
    o.channels = 4;
    o.filters = 4;
    const std::string run = dir.file("run_" + c.model + "_" + c.norm);
    auto [d, model] = train_and_save(o, run);
    apps::write_predictions(*model, o, d, apps::RunDir(run));
    const std::vector<std::string> expected = run_future(apps::RunDir(run).file("forecast.csv"));
    ASSERT_EQ(expected.size(), 4u) << c.model;

    apps::ForecastOptions later;
    later.data = csv;
    later.out = run;
    later.predict_only = true;
    std::ostringstream log;
    const apps::PredictionFiles f = apps::predict_from_checkpoint(later, log);
    EXPECT_EQ(later_values(f.csv), expected) << c.model << " " << c.norm << "\n" << log.str();
    EXPECT_TRUE(fs::exists(f.svg));
  }
}

TEST(ForecastPredict, DatesContinueAndEveryColumnIsForecast) {
  TempDir dir("forecast_predict_all");
  const std::string csv = dir.file("data.csv");
  write_file_atomic(csv, hourly_csv(120));  // the last row is 2024-01-05 23:00:00
  apps::ForecastOptions o = small(csv);
  o.target = "all";
  o.model = "linear";
  auto [d, model] = train_and_save(o, dir.file("run"));
  fc::TrainedForecaster t = fc::load_trained(dir.file("run"));
  EXPECT_TRUE(t.all_targets());
  EXPECT_EQ(t.columns, (std::vector<std::string>{"date", "value", "temp"}));
  EXPECT_EQ(t.time_column, "date");
  // the loaded model forecasts the test windows exactly as the trained one
  EXPECT_EQ(fc::forecast_horizon(*t.model, d.test.x, 4).to_vector<float>(),
            fc::forecast_horizon(*model, d.test.x, 4).to_vector<float>());
  const apps::FutureForecast f = apps::forecast_after(t, apps::read_csv(csv), false);
  EXPECT_EQ(f.targets, (std::vector<std::string>{"value", "temp"}));
  EXPECT_EQ(f.times, (std::vector<std::string>{"2024-01-06 00:00:00", "2024-01-06 01:00:00",
                                               "2024-01-06 02:00:00", "2024-01-06 03:00:00"}));
  ASSERT_EQ(f.values.size(), 2u);
  EXPECT_NEAR(f.values[1][0], 12.0, 2.0);  // temp, a ramp of 0.1 per row, stood at 11.9
}

TEST(ForecastPredict, BadInputIsRefusedAndNothingIsWritten) {
  TempDir dir("forecast_predict_bad");
  const std::string csv = dir.file("data.csv");
  write_file_atomic(csv, hourly_csv(100));
  const std::string run = dir.file("run");
  train_and_save(small(csv), run);
  const std::string ckpt = apps::RunDir(run).checkpoint(), before = read_file(ckpt);
  write_file_atomic(apps::RunDir(run).file("forecast.csv"), "earlier\n");
  apps::ForecastOptions later;
  later.out = run;
  later.predict_only = true;
  auto error = [&](const std::string& data, const std::string& out) {
    later.data = data;
    later.out = out;
    std::ostringstream log;
    try {
      apps::predict_from_checkpoint(later, log);
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  write_file_atomic(dir.file("other.csv"), "date,value,humidity\n2024-01-01,1,2\n");
  EXPECT_NE(error(dir.file("other.csv"), run).find("its columns (date, value, humidity) differ from those the model "
                                                   "was trained on (date, value, temp)"),
            std::string::npos);
  write_file_atomic(dir.file("short.csv"), "date,value,temp\n2024-01-01,1,2\n2024-01-02,1,2\n");
  EXPECT_NE(error(dir.file("short.csv"), run).find("2 rows, fewer than the model's window of 16 steps"),
            std::string::npos);
  EXPECT_NE(error(csv, dir.file("nowhere")).find("model.safetensors"), std::string::npos);
  fs::create_directories(dir.file("corrupt"));
  write_file_atomic(dir.file("corrupt/model.safetensors"), "corrupt");
  EXPECT_NE(error(csv, dir.file("corrupt")).find("corrupt/model.safetensors"), std::string::npos);
  fs::create_directories(dir.file("old"));  // a checkpoint from before the columns were saved
  auto [d, model] = train_and_save(small(csv), dir.file("old"));
  apps::save_checkpoint_with_config(dir.file("old/model.safetensors"), *model, {{"model", "linear"}},
                                    {{"scaler", "{}"}});
  EXPECT_NE(error(csv, dir.file("old")).find("train it again"), std::string::npos);
  EXPECT_EQ(read_file(ckpt), before);  // the checkpoint is only read
  EXPECT_EQ(read_file(apps::RunDir(run).file("forecast.csv")), "earlier\n");
  EXPECT_EQ(error(csv, run), "(no error)");  // the good data still work
  EXPECT_EQ(read_file(ckpt), before);
}

// --quantiles: the run's forecast file and --predict-only's have a column per level, the same
// values bit for bit, the median as the prediction, and the levels never cross.
TEST(ForecastPredict, QuantileColumnsMatchTheRunAndNeverCross) {
  TempDir dir("forecast_predict_quantiles");
  apps::ForecastOptions o = small_on_hourly(dir, 160, "linear");
  o.quantiles = {0.1, 0.5, 0.9};
  const std::string run = dir.file("run");
  auto [d, model] = train_and_save(o, run);
  apps::write_predictions(*model, o, d, apps::RunDir(run));
  auto rows = [](const std::string& file) {
    std::vector<std::vector<std::string>> out;
    std::istringstream in(read_file(file));
    for (std::string line; std::getline(in, line);) {
      out.emplace_back();
      std::istringstream cells(line);
      for (std::string c; std::getline(cells, c, ',');) out.back().push_back(c);
    }
    return out;
  };
  const auto ran = rows(apps::RunDir(run).file("forecast.csv"));
  EXPECT_EQ(ran[0], (std::vector<std::string>{"origin", "index", "date", "step", "prediction", "actual", "q0.1",
                                              "q0.5", "q0.9"}));
  std::vector<std::vector<std::string>> future;  // prediction, q0.1, q0.5, q0.9 of the rows beyond the data
  for (const auto& r : ran)
    if (r[0] == "future") {
      future.push_back({r[4], r[6], r[7], r[8]});
      EXPECT_EQ(r[2].substr(0, 11), "2024-01-07 ");  // dates continue past the data (row 160 on)
    }
  ASSERT_EQ(future.size(), 4u);

  apps::ForecastOptions later;
  later.data = o.data;
  later.out = run;
  later.predict_only = true;
  std::ostringstream log;
  const auto after = rows(apps::predict_from_checkpoint(later, log).csv);
  EXPECT_EQ(after[0], (std::vector<std::string>{"step", "date", "value", "q0.1", "q0.5", "q0.9"}));
  ASSERT_EQ(after.size(), 5u);
  for (size_t k = 0; k < 4; ++k) {
    EXPECT_EQ((std::vector<std::string>{after[k + 1][2], after[k + 1][3], after[k + 1][4], after[k + 1][5]}),
              future[k]);
    EXPECT_EQ(after[k + 1][2], after[k + 1][4]);  // the prediction is the median
    EXPECT_LE(std::stod(after[k + 1][3]), std::stod(after[k + 1][4]));
    EXPECT_LE(std::stod(after[k + 1][4]), std::stod(after[k + 1][5]));
  }
  EXPECT_NE(read_file(apps::RunDir(run).file("forecast.svg")).find("80% interval (q0.1 to q0.9)"), std::string::npos);
}

// A checkpoint whose metadata holds a field of the wrong type is refused with the file, the field
// and the type expected named, for forecasting (load_trained) and resuming (load_fit_state), and
// nlohmann's own words ("[json.exception.type_error.302] ...") never reach the user.
TEST(ForecastCheckpoint, WrongTypesInTheMetadataNameFileFieldAndType) {
  TempDir dir("forecast_metadata_types");
  apps::ForecastOptions o = small_on_hourly(dir, 100, "linear");
  o.out = dir.file("run");
  apps::ForecastData d = apps::load_forecast_data(o);
  Generator gen(7);
  auto model = apps::make_forecaster(o, d, gen);
  fc::FitState saved;
  fc::TrainCallbacks callbacks;
  callbacks.on_checkpoint = [&](const fc::FitState& s) { saved = s.clone(); };
  apps::train_forecaster(o, *model, d, gen, callbacks);
  apps::RunDir(o.out).create();
  const std::string path = apps::RunDir(o.out).checkpoint();
  apps::save_fit_state(path, saved, o, d);
  const Checkpoint good = load_safetensors(path);
  ASSERT_NO_THROW(fc::load_trained(o.out));
  ASSERT_NO_THROW(apps::load_fit_state(path, o, d));

  // rewrites metadata `key` with field = value and returns what loading it says
  auto refusal = [&](const std::string& key, const std::string& field, const nlohmann::json& value, bool resume) {
    Metadata meta = good.metadata;
    nlohmann::json j = nlohmann::json::parse(meta.at(key));
    j[field] = value;
    meta[key] = j.dump();
    save_safetensors(path, good.tensors, meta);
    const std::string message =
        resume ? error_of([&] { apps::load_fit_state(path, o, d); }) : error_of([&] { fc::load_trained(o.out); });
    EXPECT_EQ(message.find("json.exception"), std::string::npos) << message;
    return message;
  };
  const std::string at = path + ": metadata ";
  EXPECT_EQ(refusal("config", "window", "16", false), at + "\"config\" field \"window\" must be an integer, got \"16\"");
  EXPECT_EQ(refusal("config", "features", "value", false),
            at + "\"config\" field \"features\" must be a list of strings, got \"value\"");
  EXPECT_EQ(refusal("config", "channel_independent", 1, false),
            at + "\"config\" field \"channel_independent\" must be true or false, got 1");
  EXPECT_EQ(refusal("config", "model", nullptr, false), at + "\"config\" field \"model\" must be a string, got null");
  EXPECT_EQ(refusal("scaler", "mean", {"a"}, false), at + "\"scaler\" field \"mean\" must be a list of numbers, got [\"a\"]");
  EXPECT_EQ(refusal("config", "horizon", 4.5, false), at + "\"config\" field \"horizon\" must be an integer, got 4.5");
  EXPECT_EQ(refusal("fit_state", "epoch", "1", true), at + "\"fit_state\" field \"epoch\" must be an integer, got \"1\"");
  EXPECT_EQ(refusal("fit_state", "epoch_lr", true, true),
            at + "\"fit_state\" field \"epoch_lr\" must be a number, got true");
  EXPECT_EQ(refusal("fit_state", "seconds", 3, true), at + "\"fit_state\" field \"seconds\" must be a list of numbers, got 3");
  EXPECT_EQ(refusal("fit_state", "generator", {"1", "2", "3", "-4"}, true),
            at + "\"fit_state\" field \"generator\" word 3 is not a 64-bit unsigned integer");
  EXPECT_EQ(refusal("fit_state", "generator", {"0", "0", "0", "0"}, true),
            at + "\"fit_state\" field \"generator\" is all zeros, which is not a state xoshiro256** can be in");
}

// Sizes in "config" that describe more weights than the checkpoint's tensors hold are refused
// before the model is built, naming the file and the fields: a dlinear whose window was raised
// to the numbers of its tensors divided by its outputs (which an earlier check let through, and
// for which the model then allocated a (W, W) matrix: 4 GB from a 128 KB file at W = 32768).
TEST(ForecastCheckpoint, SizesBeyondItsTensorsAreRefusedBeforeTheModelIsBuilt) {
  TempDir dir("forecast_metadata_sizes");
  apps::ForecastOptions o = small_on_hourly(dir, 100, "dlinear");
  o.out = dir.file("run");
  train_and_save(o, o.out);
  const std::string path = apps::RunDir(o.out).checkpoint();
  const Checkpoint good = load_safetensors(path);
  ASSERT_NO_THROW(fc::load_trained(o.out));
  uint64_t numbers = 0;
  for (const auto& [name, t] : good.tensors) numbers += static_cast<uint64_t>(t.numel());
  nlohmann::json config = nlohmann::json::parse(good.metadata.at("config"));
  const int64_t outputs = config.at("outputs").get<int64_t>();
  const auto window = static_cast<int64_t>(numbers) / outputs;
  config["window"] = window;
  Metadata meta = good.metadata;
  meta["config"] = config.dump();
  save_safetensors(path, good.tensors, meta);
  const std::string message = error_of([&] { fc::load_trained(o.out); });
  EXPECT_EQ(message.rfind(path + ": its \"config\" (model dlinear, window " + std::to_string(window) + ", ", 0), 0u)
      << message;
  EXPECT_NE(message.find("more than the " + std::to_string(numbers) + " numbers of its tensors"), std::string::npos)
      << message;
}
