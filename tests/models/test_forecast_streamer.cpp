// Tests of forecast::Streamer and the WaveNetCache under it: push by push equal to the batch
// forecast (forecast_last) for both heads, with and without a linear path, one and several
// features, warm-up histories shorter than the receptive field and none; the app's sizes in
// float32; a trained run's scaling; the shapes and the models it refuses.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "autograd/ops.h"
#include "models/forecast_norm.h"
#include "models/forecast_quantile.h"
#include "models/forecast_streamer.h"
#include "models/forecast_train.h"
#include "models/wavenet.h"
#include "tests/op_testing.h"

using namespace ripple;
using namespace ripple::testing;
namespace fc = ripple::forecast;

namespace {

// forecast_last on series[end - len .. end - 1], series (N, F): (E,)
Tensor batch_forecast(fc::Forecaster& model, const Tensor& series, int64_t end, int64_t len) {
  NoGradGuard no_grad;
  return select(model.forecast_last(unsqueeze(narrow(series, 0, end - len, len), 0)), 0, 0);
}

double max_abs_diff(const Tensor& a, const Tensor& b) { return max(flatten(abs(a - b)), 0).item(); }
double max_abs(const Tensor& a) { return max(flatten(abs(a)), 0).item(); }

// Streams `series` (N, F) after its first `history` steps and checks every forecast, the one
// after the history included, against forecast_last on windows ending at the same step: all
// steps so far while fewer than R, then the last R, and the last R + 3 once there are that many.
// An empty history has no forecast until the first push.
void expect_stream_equals_batch(const std::shared_ptr<fc::WaveNet>& net, const Tensor& series,
                                int64_t history, double tol, const std::string& what) {
  const int64_t N = series.size(0), R = net->receptive_field();
  fc::Streamer s(net, narrow(series, 0, 0, history));
  EXPECT_EQ(s.steps(), history) << what;
  if (history == 0) expect_error_containing([&] { s.forecast(); }, "no forecast before the first step");
  for (int64_t n = std::max<int64_t>(history, 1); n <= N; ++n) {  // n: steps seen
    Tensor y = n == history ? s.forecast() : s.push(select(series, 0, n - 1));
    ASSERT_EQ(y.shape(), (Shape{net->outputs()})) << what;
    EXPECT_LT(max_abs_diff(y, batch_forecast(*net, series, n, std::min(n, R))), tol) << what << ", step " << n;
    if (n >= R + 3) {
      EXPECT_LT(max_abs_diff(y, batch_forecast(*net, series, n, R + 3)), tol) << what << ", step " << n;
    }
  }
  EXPECT_EQ(s.steps(), N) << what;
}

std::shared_ptr<fc::WaveNet> wavenet(fc::WaveNetOptions o, uint64_t seed) {
  Generator gen(seed);
  return std::make_shared<fc::WaveNet>(o, gen);
}

// The network part of a linear-path WaveNet: the same weights without the linear path.
std::shared_ptr<fc::WaveNet> without_linear_path(const fc::WaveNet& net) {
  fc::WaveNetOptions o = net.options();
  o.linear_window = 0;
  auto twin = wavenet(o, 0);
  NamedTensors state;
  for (const auto& [name, t] : net.state())
    if (name.rfind("linear.", 0) != 0) state.emplace_back(name, t);
  twin->load_state(state);
  return twin;
}

// The linear path's Dense of the last W steps of series[0 .. end - 1], zeros before the start.
Tensor linear_path(const fc::WaveNet& net, const Tensor& series, int64_t end) {
  const int64_t W = net.options().linear_window, F = series.size(1), have = std::min(end, W);
  Tensor window = narrow(series, 0, end - have, have);
  if (have < W) window = concat({zeros({W - have, F}, series.dtype()), window}, 0);
  Tensor weight, bias;
  for (const auto& [name, t] : net.named_parameters()) {
    if (name == "linear.weight") weight = t;
    if (name == "linear.bias") bias = t;
  }
  NoGradGuard no_grad;
  return select(matmul(reshape(window, {1, W * F}), transpose(weight, 0, 1)), 0, 0) + bias;  // (E,)
}

}  // namespace

TEST(ForecastStreamer, SequenceHeadEqualsTheBatchForecastPushByPush) {
  // R = 2 + 2 * (1 + 2 + 4) = 16; histories shorter and longer than it, and none
  for (int64_t F : {1, 3})
    for (int64_t history : {0, 1, 5, 20}) {
      auto net = wavenet({.features = F, .outputs = 3, .channels = 5, .skip_channels = 4, .stacks = 2,
                          .layers_per_stack = 3, .dtype = DType::Float64}, 10 + F);
      ASSERT_EQ(net->receptive_field(), 16);
      expect_stream_equals_batch(net, randn({history + 40, F}, 20 + history), history, 1e-10,
                                 "F " + std::to_string(F) + ", history " + std::to_string(history));
    }
}

TEST(ForecastStreamer, DirectHeadEqualsThePrunedForward) {
  // the direct head's forward computes each block only at the steps the last one needs
  for (int64_t F : {1, 2})
    for (int64_t stacks : {1, 2}) {
      auto net = wavenet({.features = F, .outputs = 4, .channels = 4, .skip_channels = 3, .stacks = stacks,
                          .layers_per_stack = 4, .direct = true, .dtype = DType::Float64}, 30 + stacks);
      const int64_t R = net->receptive_field();  // 17 or 32
      for (int64_t history : {int64_t{3}, R + 5})
        expect_stream_equals_batch(net, randn({history + 2 * R, F}, 40 + history), history, 1e-10,
                                   "F " + std::to_string(F) + ", stacks " + std::to_string(stacks) +
                                       ", history " + std::to_string(history));
    }
}

TEST(ForecastStreamer, LinearPathReadsTheLastWindow) {
  // W >= R: the forecast is forecast_last on the last W steps once W have been seen; before that
  // the network's forecast on all steps so far plus the Dense of the window padded with zeros
  for (int64_t F : {1, 2}) {
    auto net = wavenet({.features = F, .outputs = 3, .channels = 4, .skip_channels = 4, .stacks = 1,
                        .layers_per_stack = 3, .direct = true, .linear_window = 12, .dtype = DType::Float64}, 50 + F);
    ASSERT_EQ(net->receptive_field(), 9);
    auto network = without_linear_path(*net);
    const Tensor series = randn({40, F}, 60 + F);
    fc::Streamer s(net, narrow(series, 0, 0, 4));
    EXPECT_EQ(s.context(), 12);
    for (int64_t n = 4; n <= 40; ++n) {
      const Tensor y = n == 4 ? s.forecast() : s.push(select(series, 0, n - 1));
      const Tensor parts = batch_forecast(*network, series, n, std::min<int64_t>(n, 9)) + linear_path(*net, series, n);
      EXPECT_LT(max_abs_diff(y, parts), 1e-10) << "F " << F << ", step " << n;
      if (n >= 12) {
        EXPECT_LT(max_abs_diff(y, batch_forecast(*net, series, n, 12)), 1e-10) << "F " << F << ", step " << n;
      }
    }
  }
  // W < R: the network reads R steps, the linear path W; no single forward takes both
  auto net = wavenet({.features = 2, .outputs = 2, .channels = 3, .skip_channels = 3, .stacks = 1,
                      .layers_per_stack = 4, .direct = true, .linear_window = 6, .dtype = DType::Float64}, 70);
  ASSERT_EQ(net->receptive_field(), 17);
  auto network = without_linear_path(*net);
  const Tensor series = randn({50, 2}, 71);
  fc::Streamer s(net, narrow(series, 0, 0, 2));
  EXPECT_EQ(s.context(), 17);
  for (int64_t n = 3; n <= 50; ++n) {
    const Tensor y = s.push(select(series, 0, n - 1));
    EXPECT_LT(max_abs_diff(y, batch_forecast(*network, series, n, std::min<int64_t>(n, 17)) + linear_path(*net, series, n)), 1e-10)
        << "step " << n;
  }
}

TEST(ForecastStreamer, TheAppsSizesInFloat32) {
  // float32, as the app trains: the stream and forecast_last sum in different orders, so they
  // agree to rounding. The direct head of the ETTh2 runs (32 channels, one stack for a window of
  // 336: R = 513, 96 outputs) and the sequence head of the synthetic runs (window 50: two stacks,
  // R = 64).
  Generator gen(80);
  auto direct = std::dynamic_pointer_cast<fc::WaveNet>(
      fc::make_model({.kind = "wavenet", .window = 336, .outputs = 96, .stacks = 1, .direct = true}, gen));
  auto sequence = std::dynamic_pointer_cast<fc::WaveNet>(fc::make_model({.kind = "wavenet", .window = 50}, gen));
  ASSERT_EQ(direct->receptive_field(), 513);
  ASSERT_EQ(sequence->receptive_field(), 64);
  for (const auto& net : {direct, sequence}) {
    const int64_t R = net->receptive_field();
    const Tensor series = to_dtype(randn({R + 8, 1}, 81), DType::Float32);
    fc::Streamer s(net, narrow(series, 0, 0, R));
    for (int64_t n = R + 1; n <= R + 8; ++n) {
      const Tensor y = s.push(select(series, 0, n - 1)), want = batch_forecast(*net, series, n, R);
      EXPECT_LT(max_abs_diff(y, want), 1e-5 * std::max(1.0, max_abs(want))) << net->describe() << ", step " << n;
    }
  }
}

TEST(ForecastStreamer, LongStreamsAndReset) {
  // many times around every queue; reset starts again as a new Streamer would
  auto net = wavenet({.outputs = 2, .channels = 3, .skip_channels = 3, .stacks = 2, .layers_per_stack = 2,
                      .dtype = DType::Float64}, 90);
  const int64_t R = net->receptive_field();  // 8
  const Tensor series = randn({200, 1}, 91);
  fc::Streamer s(net, narrow(series, 0, 0, 150));  // only the last R steps of a long history are read
  for (int64_t n = 151; n <= 200; ++n)
    EXPECT_LT(max_abs_diff(s.push(select(series, 0, n - 1)), batch_forecast(*net, series, n, R)), 1e-10);
  s.reset(narrow(series, 0, 0, 3));
  EXPECT_EQ(s.steps(), 3);
  EXPECT_LT(max_abs_diff(s.forecast(), batch_forecast(*net, series, 3, 3)), 1e-10);
  EXPECT_LT(max_abs_diff(s.push(select(series, 0, 3)), batch_forecast(*net, series, 4, 4)), 1e-10);
}

TEST(ForecastStreamer, NoGradientsTheModesKeptAndTheCallersTensorsCopied) {
  auto net = wavenet({.features = 2, .outputs = 2, .channels = 3, .skip_channels = 3, .stacks = 1,
                      .layers_per_stack = 2, .direct = true, .linear_window = 5, .dtype = DType::Float64}, 95);
  const Tensor series = randn({12, 2}, 96);
  Tensor history = kernel::clone(narrow(series, 0, 0, 6));
  fc::Streamer s(net, history);
  history.set_flat(10, 99.0);  // the stream kept copies
  Tensor x = kernel::clone(select(series, 0, 6));
  net->train();
  const Tensor y = s.push(x);
  EXPECT_FALSE(y.requires_grad());
  EXPECT_TRUE(net->is_training());  // pushes run in eval mode and restore the model's
  x.set_flat(0, -99.0);
  EXPECT_LT(max_abs_diff(y, batch_forecast(*net, series, 7, 5)), 1e-10);
  EXPECT_LT(max_abs_diff(s.push(select(series, 0, 7)), batch_forecast(*net, series, 8, 5)), 1e-10);
}

TEST(ForecastStreamer, ATrainedRunStreamsOnTheCsvsScale) {
  fc::TrainedForecaster t;
  Generator gen(100);
  t.config = {.kind = "wavenet", .window = 20, .features = 2, .outputs = 3, .channels = 4, .stacks = 1};
  t.model = fc::normalized(fc::make_model(t.config, gen), fc::Norm::None, 2);
  t.scaler.mean = {400.0, -3.0};
  t.scaler.stddev = {20.0, 0.5};
  t.features = {"co2", "temp"};
  t.target = "co2";
  t.horizon = 3;
  const Tensor raw = randn({40, 2}, 101) * tensor({10.0, 0.4}, {}, DType::Float64) +
                    tensor({400.0, -3.0}, {}, DType::Float64);  // as read from the CSV
  const Tensor z = t.scaler.transform(raw);          // as the model sees it (float32)
  fc::Streamer s(t, narrow(raw, 0, 0, 25));
  const int64_t R = s.receptive_field();  // 2 + 31 = 33
  for (int64_t n = 26; n <= 40; ++n) {
    const Tensor y = s.push(select(raw, 0, n - 1));  // ppm
    const Tensor want = batch_forecast(*t.model, z, n, std::min(n, R));  // z-scores
    EXPECT_LT(max_abs_diff((y - 400.0) / 20.0, want), 1e-5 * std::max(1.0, max_abs(want))) << "step " << n;
  }
  t.calendar = {"hour_sin", "hour_cos"};  // computed from the time column, which a stream lacks
  expect_error_containing([&] { fc::Streamer{t}; }, "calendar features (2, from its time column)");
  t.calendar.clear();
  t.target = "all";
  expect_error_containing([&] { fc::Streamer{t}; }, "target \"all\"");
}

TEST(ForecastStreamer, BadShapesNameThem) {
  auto net = wavenet({.features = 3, .outputs = 2, .channels = 3, .skip_channels = 3, .stacks = 1,
                      .layers_per_stack = 2}, 110);
  expect_error_containing([&] { fc::Streamer(net, zeros({5, 2})); }, "expected the history (T, 3), one row per step of 3 feature(s), got (5, 2)");
  expect_error_containing([&] { fc::Streamer(net, zeros({1, 5, 3})); }, "got (1, 5, 3)");
  fc::Streamer s(net, zeros({4, 3}));
  expect_error_containing([&] { s.push(zeros({2})); }, "expected x_t (3,), one value per feature, got (2,)");
  expect_error_containing([&] { s.push(zeros({1, 3})); }, "got (1, 3)");
  expect_error_containing([&] { s.push(scalar(1.0)); }, "got ()");
  EXPECT_EQ(s.steps(), 4);  // nothing was pushed
  fc::WaveNetCache cache(*net, zeros({2, 4, 3}));
  expect_error_containing([&] { cache.push(zeros({1, 3})); }, "expected x (2, 3), one step of each series, got (1, 3)");
  expect_error_containing([&] { fc::WaveNetCache(*net, zeros({4, 3})); }, "expected the history (B, T, 3), got (4, 3)");
}

TEST(ForecastStreamer, ModelsThatCannotBeStreamedAreRefused) {
  Generator gen(120);
  auto inner = fc::make_model({.kind = "wavenet", .window = 24, .outputs = 2, .stacks = 1, .direct = true}, gen);
  for (fc::Norm norm : {fc::Norm::Last, fc::Norm::RevIN}) {
    const std::string message = error_of([&] { fc::Streamer(fc::normalized(inner, norm, 1)); });
    EXPECT_NE(message.find("normalises every window by its own"), std::string::npos) << message;
    EXPECT_NE(message.find("change with every new step"), std::string::npos) << message;
    EXPECT_NE(message.find("--norm none"), std::string::npos) << message;
  }
  // a trained run with RevIN is refused the same way
  fc::TrainedForecaster t;
  t.model = fc::normalized(inner, fc::Norm::RevIN, 1);
  t.scaler = fc::Scaler::identity(1);
  t.target = "y";
  expect_error_containing([&] { fc::Streamer{t}; }, "(revin)");
  // Norm::None around a WaveNet streams the WaveNet
  fc::Streamer none(std::make_shared<fc::NormalizedForecaster>(inner, fc::Norm::None, 1), zeros({3, 1}));
  EXPECT_EQ(none.outputs(), 2);
  // other models have no convolution states to cache
  expect_error_containing([&] { fc::Streamer(fc::make_model({.kind = "linear", .window = 24}, gen)); },
                          "streams a WaveNet (models/wavenet.h), whose dilated convolutions it caches; got LinearForecaster");
  expect_error_containing([&] { fc::Streamer(fc::make_model({.kind = "seq2seq"}, gen)); }, "got Seq2SeqWaveNet");
  // quantile forecasts are not streamed (yet)
  auto quantiles = fc::make_model({.kind = "wavenet", .window = 24, .outputs = 6, .stacks = 1, .direct = true}, gen);
  expect_error_containing(
      [&] { fc::Streamer(std::make_shared<fc::QuantileForecaster>(quantiles, std::vector<double>{0.1, 0.5, 0.9})); },
      "the model forecasts quantiles");
  expect_error_containing([&] { fc::Streamer{std::shared_ptr<fc::Forecaster>()}; }, "no model");
}
