// Tests of what forecasting real series needs: per-window normalisation (equivariance, constant
// windows, gradients), DLinear's moving average, the direct WaveNet head, every column as a
// target, and early stopping.
#include <gtest/gtest.h>

#include <cmath>

#include "autograd/ops.h"
#include "models/forecast_data.h"
#include "models/forecast_models.h"
#include "models/forecast_norm.h"
#include "models/forecast_train.h"
#include "models/wavenet.h"
#include "tests/op_testing.h"

using namespace ripple;
using namespace ripple::testing;
namespace fc = ripple::forecast;

namespace {

// A small direct WaveNet inside the normalisation, float64 for the gradient checks.
std::shared_ptr<fc::NormalizedForecaster> normalized_wavenet(fc::Norm norm, int64_t features,
                                                             DType dtype, uint64_t seed) {
  Generator gen(seed);
  auto inner = std::make_shared<fc::WaveNet>(
      fc::WaveNetOptions{.features = features, .outputs = 3, .channels = 4, .skip_channels = 4,
                         .stacks = 1, .layers_per_stack = 3, .direct = true, .dtype = dtype},
      gen);
  return std::make_shared<fc::NormalizedForecaster>(inner, norm, features, true, dtype);
}

Tensor randf(const Shape& shape, uint64_t seed) { return to_dtype(randn(shape, seed), DType::Float32); }

double max_abs_diff(const Tensor& a, const Tensor& b) {
  return max(flatten(abs(a - b)), 0).item();
}

}  // namespace

TEST(ForecastNorm, NamesRoundTrip) {
  for (const std::string& name : fc::norm_names()) EXPECT_EQ(fc::norm_name(fc::parse_norm(name)), name);
  expect_error_containing([] { fc::parse_norm("zscore"); }, "known: none, last, revin");
}

// A constant shift of a window shifts its forecast by the same constant; under RevIN a positive
// scale scales it (to about eps / var, RevIN's eps). `last` removes the level only, so the
// scale reaches the model: it is scale-equivariant when the model is (next test).
TEST(ForecastNorm, ShiftAndScaleEquivariance) {
  for (fc::Norm norm : {fc::Norm::Last, fc::Norm::RevIN}) {
    auto model = normalized_wavenet(norm, 2, DType::Float64, 3);
    model->eval();
    NoGradGuard no_grad;
    const Tensor x = to_dtype(randn({4, 12, 2}, 7), DType::Float64);
    const Tensor y = (*model)(x);
    EXPECT_EQ(y.shape(), (Shape{4, 3}));
    EXPECT_LT(max_abs_diff((*model)(x + 5.0), y + 5.0), 1e-9) << fc::norm_name(norm);
    if (norm == fc::Norm::RevIN) {
      EXPECT_LT(max_abs_diff((*model)(x * 3.0), y * 3.0), 1e-4 * max(flatten(abs(y)), 0).item() + 1e-4);
    }
  }
}

TEST(ForecastNorm, LastIsScaleEquivariantForALinearModel) {
  // A linear model after subtracting the last value: f(s x) = s f(x) exactly (no bias term).
  Generator gen(2);
  auto inner = std::make_shared<fc::LinearForecaster>(8, 1, 3, gen);
  NoGradGuard no_grad;
  for (const auto& p : inner->parameters())
    if (p.dim() == 1) kernel::copy_into(p, zeros_like(p));  // bias 0
  fc::NormalizedForecaster model(inner, fc::Norm::Last, 1);
  const Tensor x = randf({5, 8, 1}, 4);
  EXPECT_LT(max_abs_diff(model(x * 2.5), model(x) * 2.5), 1e-5);
}

TEST(ForecastNorm, ConstantWindowsGiveFiniteForecasts) {
  for (fc::Norm norm : {fc::Norm::Last, fc::Norm::RevIN}) {
    auto model = normalized_wavenet(norm, 1, DType::Float32, 5);
    NoGradGuard no_grad;
    const Tensor y = (*model)(full({3, 10, 1}, 42.0));
    for (double v : y.to_vector<double>()) EXPECT_TRUE(std::isfinite(v)) << fc::norm_name(norm);
    const Tensor z = (*model)(zeros({3, 10, 1}));
    for (double v : z.to_vector<double>()) EXPECT_TRUE(std::isfinite(v));
  }
}

TEST(ForecastNorm, GradientsMatchFiniteDifferences) {
  for (fc::Norm norm : {fc::Norm::Last, fc::Norm::RevIN}) {
    auto model = normalized_wavenet(norm, 2, DType::Float64, 11);
    const Tensor x = to_dtype(randn({3, 9, 2}, 8) * 2.0 + 1.0, DType::Float64);
    const GradcheckResult r = parameter_gradcheck(*model, x);
    EXPECT_TRUE(r.ok) << fc::norm_name(norm) << ": " << r.message;
  }
  auto model = normalized_wavenet(fc::Norm::RevIN, 2, DType::Float64, 11);
  const std::vector<std::string> params = names(model->named_parameters());
  EXPECT_NE(std::find(params.begin(), params.end(), "affine_weight"), params.end());
}

TEST(ForecastNorm, SequenceOutputsAreInvertedToo) {
  Generator gen(4);
  auto inner = fc::make_model({.kind = "seq2seq", .window = 10, .outputs = 2, .filters = 4}, gen);
  fc::NormalizedForecaster model(inner, fc::Norm::RevIN, 1);
  NoGradGuard no_grad;
  const Tensor x = randf({2, 10, 1}, 1);
  const Tensor y = model(x);
  EXPECT_EQ(y.shape(), (Shape{2, 10, 2}));
  EXPECT_LT(max_abs_diff(model(x + 7.0), y + 7.0), 1e-4);
}

TEST(DLinear, TrendIsTheReplicatePaddedMovingAverage) {
  Generator gen(1);
  const int64_t W = 9, k = 5;
  fc::DLinearForecaster model(W, 2, 4, k, gen);
  const Tensor x = randf({2, W, 2}, 3);
  const Tensor t = model.trend(x);
  ASSERT_EQ(t.shape(), x.shape());
  for (int64_t b = 0; b < 2; ++b)
    for (int64_t f = 0; f < 2; ++f)
      for (int64_t i = 0; i < W; ++i) {
        double want = 0;
        for (int64_t j = i - 2; j <= i + 2; ++j) want += x.at({b, std::clamp<int64_t>(j, 0, W - 1), f});
        EXPECT_NEAR(t.at({b, i, f}), want / k, 1e-5) << b << " " << i << " " << f;
      }
  EXPECT_LT(max_abs_diff(model.trend(full({1, W, 2}, 3.0)), full({1, W, 2}, 3.0)), 1e-5);
  EXPECT_EQ(model(x).shape(), (Shape{2, 4}));
  EXPECT_EQ(model.num_parameters(), 2 * (W * 2 * 4 + 4));
  expect_error_containing([&] { fc::DLinearForecaster(W, 1, 4, 4, gen); }, "odd kernel");
  expect_error_containing([&] { model(randf({2, W + 1, 2}, 1)); }, "expected x (B, 9, 2)");
}

// The moving average takes memory linear in the window: a window of 2^20 steps (whose (W, W)
// averaging matrix would be 4 TB) builds with its 2 * 2^20 weights alone.
TEST(DLinear, AWideWindowNeedsNoSquareMatrix) {
  Generator gen(1);
  const int64_t W = int64_t{1} << 20;
  fc::DLinearForecaster model(W, 1, 1, 25, gen);
  EXPECT_EQ(model.num_parameters(), 2 * (W + 1));
}

TEST(DLinear, NLinearAddsTheLastValueBack) {
  Generator gen(3);
  auto m = fc::make_model({.kind = "nlinear", .window = 6, .outputs = 2}, gen);
  NoGradGuard no_grad;
  const Tensor x = randf({3, 6, 1}, 2);
  EXPECT_LT(max_abs_diff((*m)(x + 100.0), (*m)(x) + 100.0), 1e-3);
  EXPECT_EQ(fc::make_model({.kind = "dlinear", .window = 30, .outputs = 5}, gen)->describe(),
            "DLinearForecaster(kernel=25)");
}

TEST(ForecastModels, DirectWaveNetIsTheSequenceHeadAtTheLastStep) {
  fc::WaveNetOptions o{.outputs = 4, .channels = 4, .skip_channels = 4, .stacks = 1, .layers_per_stack = 3};
  Generator g1(6), g2(6);
  fc::WaveNet seq(o, g1);
  o.direct = true;
  fc::WaveNet direct(o, g2);
  EXPECT_FALSE(direct.sequence_output());
  NoGradGuard no_grad;
  const Tensor x = randf({3, 20, 1}, 5);
  const Tensor y = direct(x);
  EXPECT_EQ(y.shape(), (Shape{3, 4}));
  EXPECT_LT(max_abs_diff(y, select(seq(x), 1, -1)), 1e-6);
  // generation works from the direct head too: 6 steps from a model that emits 4
  EXPECT_LT(max_abs_diff(direct.generate(x, 6), direct.generate(x, 6, false)), 1e-4);
}

TEST(ForecastData, EveryColumnAsTheTarget) {
  // values[r] = (r, 100 + r, 200 + r): three columns
  std::vector<float> v;
  for (int r = 0; r < 10; ++r) v.insert(v.end(), {float(r), float(100 + r), float(200 + r)});
  const Tensor values = from_vector(v, {10, 3});  // float32
  const fc::Dataset ci = fc::make_column_windows(values, 4, 2, 0, 10, true);
  const int64_t N = 10 - 4 - 2 + 1;  // 5 windows per column
  EXPECT_EQ(ci.x.shape(), (Shape{3 * N, 4, 1}));
  EXPECT_EQ(ci.y.shape(), (Shape{3 * N, 2}));
  EXPECT_EQ(ci.x.at({N, 0, 0}), 100);      // column 1's first window
  EXPECT_EQ(ci.y.at({2 * N + 1, 0}), 205);  // column 2, second window: target row 5
  EXPECT_EQ(ci.origin[N], 4);
  const fc::Dataset all = fc::make_column_windows(values, 4, 2, 0, 10, false);
  EXPECT_EQ(all.x.shape(), (Shape{3 * N, 4, 3}));
  // column 2 as the target: its inputs rotated to 2, 0, 1
  EXPECT_EQ(all.x.at({2 * N, 0, 0}), 200);
  EXPECT_EQ(all.x.at({2 * N, 0, 1}), 0);
  EXPECT_EQ(all.x.at({2 * N, 0, 2}), 100);
  EXPECT_EQ(all.y.at({2 * N, 1}), 205);
  // the naive forecast repeats each target's own last value
  EXPECT_EQ(fc::naive_forecast(all.x, 2).at({N, 0}), 103);
}

TEST(ForecastTrain, PatienceStopsAndRestoresTheBestEpoch) {
  Generator gen(42);
  const fc::Dataset all = fc::from_series(fc::generate_time_series(200, 12, gen), 10, 2);
  const fc::Dataset train = all.rows(0, 150), val = all.rows(150, 200);
  auto model = fc::make_model({.kind = "linear", .window = 10, .outputs = 2}, gen);
  // a learning rate far too high: validation gets worse after the first epochs
  const fc::TrainResult r = fc::fit(*model, train, val, {.epochs = 30, .lr = 0.5, .patience = 2}, gen);
  ASSERT_GE(r.best_epoch, 1);
  EXPECT_TRUE(r.restored_best);
  EXPECT_EQ(static_cast<int64_t>(r.val_mse.size()), std::min<int64_t>(30, r.best_epoch + 2));
  for (double v : r.val_mse) EXPECT_GE(v, r.best_val_mse);
  EXPECT_NEAR(fc::errors(fc::predict(*model, val.x), val.y).mse, r.best_val_mse, 1e-9);
  expect_error_containing([&] { fc::fit(*model, train, fc::Dataset{}, {.patience = 1}, gen); },
                          "needs validation windows");
}

TEST(ForecastTrain, EpochDecayScalesEachEpochsLearningRate) {
  // With a decay of 1e-6 the second epoch barely moves the weights: two epochs end where one did.
  Generator g0(1);
  const fc::Dataset d = fc::from_series(fc::generate_time_series(64, 12, g0), 10, 2);
  auto run = [&](int64_t epochs, double decay) {
    Generator gen(5);
    auto m = fc::make_model({.kind = "linear", .window = 10, .outputs = 2}, gen);
    const Tensor start = kernel::clone(m->parameters()[0]);
    fc::fit(*m, d, fc::Dataset{}, {.epochs = epochs, .lr = 0.01, .epoch_decay = decay}, gen);
    return std::pair{start, m->parameters()[0]};
  };
  const auto [start, one] = run(1, 1);
  const auto [start2, two_decayed] = run(2, 1e-6);
  const auto [start3, two] = run(2, 1);
  const double moved = max_abs_diff(one, start);
  EXPECT_GT(moved, 1e-3);
  EXPECT_LT(max_abs_diff(two_decayed, one), 1e-4 * moved);
  EXPECT_GT(max_abs_diff(two, one), 0.1 * moved);
}

TEST(ForecastModels, DirectWaveNetWithALinearPath) {
  Generator gen(8);
  fc::WaveNet net({.features = 2, .outputs = 3, .channels = 3, .skip_channels = 3, .stacks = 1,
                   .layers_per_stack = 2, .direct = true, .linear_window = 6, .dtype = DType::Float64},
                  gen);
  const Tensor x = randn({2, 6, 2}, 4);
  EXPECT_EQ(net(x).shape(), (Shape{2, 3}));
  const GradcheckResult r = parameter_gradcheck(net, x);
  EXPECT_TRUE(r.ok) << r.message;
  EXPECT_EQ(names(net.named_parameters()).back(), "linear.bias");
  expect_error_containing([&] { net(randn({2, 7, 2}, 4)); }, "linear path reads windows of 6 steps");
  expect_error_containing([&] { fc::WaveNet({.linear_window = 6}, gen); }, "without the direct head");
  // longer horizons slide the window instead of the cached generation
  Generator g2(9);
  auto uni = fc::make_model({.kind = "wavenet", .window = 6, .outputs = 2, .channels = 3,
                             .stacks = 1, .direct = true, .linear_path = true},
                            g2);
  EXPECT_EQ(fc::forecast_horizon(*uni, randf({4, 6, 1}, 2), 5).shape(), (Shape{4, 5}));
  expect_error_containing([&] { dynamic_cast<fc::WaveNet&>(*uni).generate(randf({1, 6, 1}, 2), 3); },
                          "slide the window");
}
