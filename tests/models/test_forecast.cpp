// Tests of the forecast models: data generation, windows, split and scaling, the five models'
// shapes, a float64 gradcheck of the WaveNet residual block, receptive fields, causality, and
// cached vs uncached generation. The app's loader and training run: tests/apps/forecast.
#include <gtest/gtest.h>

#include <cmath>

#include "autograd/gradcheck.h"
#include "autograd/ops.h"
#include "layers/receptive_field.h"
#include "models/forecast_data.h"
#include "models/forecast_models.h"
#include "models/forecast_train.h"
#include "models/wavenet.h"

using namespace ripple;
namespace fc = ripple::forecast;

TEST(ForecastData, GeneratorShapesAndRange) {
  Generator gen(1);
  Tensor s = fc::generate_time_series(200, 51, gen);
  ASSERT_EQ(s.shape(), (Shape{200, 51}));
  auto v = s.to_vector<double>();
  double mean = 0, lo = 1e9, hi = -1e9;
  for (double x : v) mean += x, lo = std::min(lo, x), hi = std::max(hi, x);
  mean /= static_cast<double>(v.size());
  EXPECT_GE(lo, -0.75);  // |0.5 sin| + |0.2 sin| + 0.05
  EXPECT_LE(hi, 0.75);
  EXPECT_LT(std::abs(mean), 0.1);
  EXPECT_GT(hi - lo, 1.0);
  EXPECT_THROW(fc::generate_time_series(0, 51, gen), Error);
}

TEST(ForecastData, FromSeriesTargetsLineUp) {
  Tensor s = reshape(arange(2 * 8), {2, 8});  // two series 0..7 and 8..15
  fc::Dataset d = fc::from_series(s, 5, 3);
  EXPECT_EQ(d.x.shape(), (Shape{2, 5, 1}));
  EXPECT_EQ(d.y.shape(), (Shape{2, 3}));
  const Tensor y_seq = fc::sequence_targets(d, 3);
  EXPECT_EQ(y_seq.shape(), (Shape{2, 5, 3}));
  EXPECT_EQ(d.x.at({1, 4, 0}), 12);
  EXPECT_EQ(d.y.at({1, 0}), 13);
  EXPECT_EQ(y_seq.at({0, 0, 0}), 1);  // one step after input step 0
  EXPECT_EQ(y_seq.at({0, 2, 1}), 4);
  for (int k = 0; k < 3; ++k) EXPECT_EQ(y_seq.at({1, 4, k}), d.y.at({1, k}));
  EXPECT_EQ(fc::sequence_targets(d, 2).shape(), (Shape{2, 5, 2}));
  EXPECT_THROW(fc::sequence_targets(d, 4), Error);
  EXPECT_EQ(fc::Dataset(d.rows(1, 2)).origin, std::vector<int64_t>{1});
}

TEST(ForecastData, WindowsCountEveryTargetInTheSplit) {
  // values[r] = (r, 100 + r): target column 0, one extra feature
  std::vector<float> v;
  for (int r = 0; r < 30; ++r) v.push_back(static_cast<float>(r)), v.push_back(static_cast<float>(100 + r));
  Tensor values = from_vector(v, {30, 2});
  fc::Dataset train = fc::make_windows(values, 4, 2, 0, 20);
  EXPECT_EQ(train.size(), 20 - 2 - 4 + 1);  // first targets at rows 4 .. 18
  EXPECT_EQ(train.origin.front(), 4);
  EXPECT_EQ(train.x.at({0, 3, 1}), 103);
  EXPECT_EQ(train.y.at({0, 1}), 5);
  fc::Dataset test = fc::make_windows(values, 4, 2, 20, 30);  // inputs may reach back into train
  EXPECT_EQ(test.size(), 9);
  EXPECT_EQ(test.origin.front(), 20);
  EXPECT_EQ(test.x.at({0, 0, 0}), 16);
  EXPECT_EQ(test.y.at({8, 1}), 29);
  EXPECT_THROW(fc::make_windows(values, 4, 2, 29, 30), Error);
}

TEST(ForecastData, ScalerFitsTrainingRowsOnly) {
  std::vector<double> v;
  for (int r = 0; r < 10; ++r) v.push_back(r < 6 ? (r % 2 ? 11.0 : 9.0) : 1000.0);
  Tensor values = from_vector(v, {10, 1});
  fc::Scaler s = fc::Scaler::fit(values, 6);
  EXPECT_DOUBLE_EQ(s.mean[0], 10.0);
  EXPECT_DOUBLE_EQ(s.stddev[0], 1.0);
  Tensor z = s.transform(values);
  EXPECT_FLOAT_EQ(static_cast<float>(z.at({0, 0})), -1.0f);
  EXPECT_FLOAT_EQ(static_cast<float>(z.at({9, 0})), 990.0f);
  EXPECT_NEAR(s.inverse_target(z).at({9, 0}), 1000.0, 1e-3);
}

TEST(ForecastData, SplitFractionsAndCounts) {
  fc::Split a = fc::make_split({0.7, 0.2, 0.1}, 10000);
  EXPECT_EQ(a.train_end, 7000);
  EXPECT_EQ(a.val_end, 9000);
  fc::Split b = fc::make_split({70, 20, 10}, 1000);
  EXPECT_EQ(b.val_end, 90);
  EXPECT_EQ(b.total, 100);
  EXPECT_THROW(fc::make_split({0.5, 0.2}, 10), Error);
  EXPECT_THROW(fc::make_split({800, 200, 100}, 1000), Error);
}

TEST(ForecastData, NaiveAndSeasonalNaive) {
  Tensor x = reshape(arange(6), {1, 6, 1});  // 0 1 2 3 4 5
  EXPECT_EQ(fc::naive_forecast(x, 3).to_vector<double>(), (std::vector<double>{5, 5, 5}));
  EXPECT_EQ(fc::seasonal_naive_forecast(x, 5, 2).to_vector<double>(), (std::vector<double>{4, 5, 4, 5, 4}));
  EXPECT_THROW(fc::seasonal_naive_forecast(x, 1, 7), Error);
  // one step ahead keeps its (N, 1) shape, like the targets it is compared with
  EXPECT_EQ(fc::seasonal_naive_forecast(x, 1, 2).shape(), (Shape{1, 1}));
  EXPECT_EQ(fc::naive_forecast(x, 1).shape(), (Shape{1, 1}));
  fc::Errors e = fc::errors(tensor({1, 2}), tensor({0, 4}));
  EXPECT_DOUBLE_EQ(e.mse, 2.5);
  EXPECT_DOUBLE_EQ(e.mae, 1.5);
}

TEST(ForecastModels, OutputShapes) {
  Generator gen(3);
  Tensor x = gen.normal({4, 20, 2});
  for (const std::string& kind : fc::model_kinds()) {
    auto m = fc::make_model({.kind = kind, .window = 20, .features = 2, .outputs = 3, .channels = 4}, gen);
    Tensor y = (*m)(x);
    if (m->sequence_output()) EXPECT_EQ(y.shape(), (Shape{4, 20, 3})) << kind;
    else EXPECT_EQ(y.shape(), (Shape{4, 3})) << kind;
    EXPECT_EQ(m->forecast_last(x).shape(), (Shape{4, 3})) << kind;
  }
  EXPECT_THROW(fc::make_model({.kind = "rnn"}, gen), Error);
}

TEST(ForecastModels, TutorialReceptiveFieldIs16) {
  Generator gen(0);
  auto m = fc::make_model({.kind = "tutorial"}, gen);
  EXPECT_EQ(m->receptive_field(), 16);
  EXPECT_EQ(receptive_field(*m), 16);
  const std::string table = summary(*m, {32, 50, 1});
  EXPECT_NE(table.find("GlobalAveragePooling1d"), std::string::npos);
  EXPECT_EQ(m->num_parameters(), 192 + 3 * 8256 + 4160 + 65);  // 29,185, as the PyTorch anchor
  EXPECT_EQ(fc::make_model({.kind = "seq2seq"}, gen)->receptive_field(), 31);
  EXPECT_EQ(fc::layers_for_window(50, 2), 5);
  auto w = fc::make_model({.kind = "wavenet", .window = 50, .channels = 4}, gen);
  EXPECT_EQ(w->receptive_field(), 2 + 2 * 31);
}

TEST(ForecastModels, WaveNetBlockGradcheck) {
  Generator gen(5);
  const int64_t C = 3, S = 2;
  std::vector<Tensor> in = {gen.normal({2, 6, C}, 0, 1, DType::Float64),
                            gen.normal({2, C, 2 * C}, 0, 0.5, DType::Float64),
                            gen.normal({2 * C}, 0, 0.5, DType::Float64),
                            gen.normal({1, C, C + S}, 0, 0.5, DType::Float64),
                            gen.normal({C + S}, 0, 0.5, DType::Float64)};
  auto residual = [](const std::vector<Tensor>& t) {
    return fc::wavenet_block(t[0], t[1], t[2], t[3], t[4], 2).residual;
  };
  auto skip = [](const std::vector<Tensor>& t) {
    return fc::wavenet_block(t[0], t[1], t[2], t[3], t[4], 2).skip;
  };
  GradcheckResult r = gradcheck(residual, in);
  EXPECT_TRUE(r.ok) << "residual: " << r.message;
  r = gradcheck(skip, in);
  EXPECT_TRUE(r.ok) << "skip: " << r.message;
  const fc::WaveNetBlockOutput o = fc::wavenet_block(in[0], in[1], in[2], in[3], in[4], 2);
  EXPECT_EQ(o.residual.shape(), (Shape{2, 6, C}));
  EXPECT_EQ(o.skip.shape(), (Shape{2, 6, S}));
}

TEST(ForecastModels, WaveNetSummaryShowsEachBlocksTwoOutputs) {
  Generator gen(9);
  fc::WaveNet net({.channels = 4, .skip_channels = 3, .stacks = 1, .layers_per_stack = 2}, gen);
  const std::string table = summary(net, {2, 10, 1});
  const size_t row = table.find("  WaveNetBlock(4, skip=3, dilation=2)");
  ASSERT_NE(row, std::string::npos) << table;
  const std::string line = table.substr(row, table.find('\n', row) - row);
  EXPECT_NE(line.find("(2, 10, 4), (2, 10, 3)"), std::string::npos) << table;  // residual, skip
  EXPECT_NE(table.find("  Conv1d(3, 1, kernel_size=1, padding=causal)"), std::string::npos) << table;
}

TEST(ForecastModels, WaveNetIsCausal) {
  Generator gen(6);
  fc::WaveNet net({.channels = 4, .skip_channels = 3, .stacks = 2, .layers_per_stack = 3}, gen);
  NoGradGuard no_grad;
  Tensor x = gen.normal({1, 24, 1});
  Tensor y = net(x);
  Tensor x2 = kernel::clone(x);
  for (int64_t t = 15; t < 24; ++t) x2.set_flat(t, 5.0);  // change the future of step 14
  Tensor y2 = net(x2);
  for (int64_t t = 0; t < 15; ++t) EXPECT_FLOAT_EQ(static_cast<float>(y.at({0, t, 0})), static_cast<float>(y2.at({0, t, 0})));
  EXPECT_NE(y.at({0, 15, 0}), y2.at({0, 15, 0}));
  // the receptive field: step 23 does not see step 23 - 16 = 7 (field 2 + 2 * 7 = 16)
  Tensor x3 = kernel::clone(x);
  x3.set_flat(7, 9.0);
  EXPECT_FLOAT_EQ(static_cast<float>(net(x3).at({0, 23, 0})), static_cast<float>(y.at({0, 23, 0})));
  x3.set_flat(8, 9.0);
  EXPECT_NE(net(x3).at({0, 23, 0}), y.at({0, 23, 0}));
}

TEST(ForecastModels, CachedGenerationMatchesUncached) {
  Generator gen(7);
  for (int64_t E : {1, 3}) {
    fc::WaveNet net({.outputs = E, .channels = 5, .skip_channels = 4, .stacks = 2, .layers_per_stack = 3,
                     .dtype = DType::Float64}, gen);
    for (int64_t T : {3, 12}) {  // shorter and longer than the largest dilation
      Tensor h = gen.normal({2, T, 1}, 0, 1, DType::Float64);
      Tensor a = net.generate(h, 8, true), b = net.generate(h, 8, false);
      ASSERT_EQ(a.shape(), (Shape{2, 8}));
      for (int64_t i = 0; i < a.numel(); ++i) EXPECT_NEAR(a.at_flat(i), b.at_flat(i), 1e-10) << "E " << E << " T " << T;
    }
  }
}

TEST(ForecastModels, AutoregressiveSlidesTheWindow) {
  Generator gen(8);
  auto m = fc::make_model({.kind = "linear", .window = 4, .outputs = 1}, gen);
  Tensor x = gen.normal({2, 4, 1});
  Tensor y = fc::forecast_horizon(*m, x, 3);
  ASSERT_EQ(y.shape(), (Shape{2, 3}));
  Tensor w = x;  // by hand: forecast one step, slide, repeat
  for (int64_t k = 0; k < 3; ++k) {
    Tensor next = fc::predict(*m, w);
    EXPECT_NEAR(next.at({1, 0}), y.at({1, k}), 1e-6);
    w = narrow(concat({w, reshape(next, {2, 1, 1})}, 1), 1, 1, 4);
  }
  EXPECT_THROW(fc::forecast_horizon(*m, gen.normal({2, 4, 2}), 3), Error);
}
