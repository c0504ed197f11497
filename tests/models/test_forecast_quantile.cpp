// Quantile forecasts: the level checks, sorted (never crossing) output, the median as the point
// forecast, interval scores on hand-computed values, and a model trained on the pinball loss
// whose 80% interval holds about 80% of new data.
#include <gtest/gtest.h>

#include <cmath>

#include "autograd/ops.h"
#include "models/forecast_data.h"
#include "models/forecast_models.h"
#include "models/forecast_norm.h"
#include "models/forecast_quantile.h"
#include "models/forecast_train.h"
#include "tests/op_testing.h"

using namespace ripple;
using namespace ripple::testing;
namespace fc = ripple::forecast;

TEST(QuantileLevels, AreCheckedWithTheRuleInTheMessage) {
  fc::check_quantile_levels({0.1, 0.5, 0.9});
  fc::check_quantile_levels({0.5});
  EXPECT_EQ(error_of([] { fc::check_quantile_levels({0.9, 0.5, 0.1}); }),
            "quantile levels 0.9,0.5,0.1: must be strictly increasing, as 0.1,0.5,0.9");
  EXPECT_EQ(error_of([] { fc::check_quantile_levels({0.1, 0.5, 0.5}); }),
            "quantile levels 0.1,0.5,0.5: must be strictly increasing, as 0.1,0.5,0.9");
  EXPECT_EQ(error_of([] { fc::check_quantile_levels({0, 0.5}); }),
            "quantile levels 0,0.5: each must lie strictly between 0 and 1");
  EXPECT_EQ(error_of([] { fc::check_quantile_levels({0.1, 0.9}); }),
            "quantile levels 0.1,0.9: must include 0.5, the median, which is the point forecast");
  EXPECT_NE(error_of([] { fc::check_quantile_levels({std::nan(""), 0.5}); }).find("between 0 and 1"),
            std::string::npos);
}

TEST(QuantileForecaster, SortsEachStepAndPredictsTheMedian) {
  // a linear model of 3 levels x 2 steps whose weights make the heads cross for some windows
  Generator gen(3);
  auto inner = std::make_shared<fc::LinearForecaster>(4, 1, 6, gen);
  auto model = std::make_shared<fc::QuantileForecaster>(inner, std::vector<double>{0.1, 0.5, 0.9});
  EXPECT_EQ(model->outputs(), 2);
  EXPECT_EQ(model->median_index(), 1);
  const Tensor x = to_dtype(randn({50, 4, 1}, 5), DType::Float32);
  const Tensor raw = fc::predict(*inner, x);        // (50, 6), the unsorted heads
  const Tensor q = fc::predict_quantiles(*model, x);  // (50, 3, 2)
  ASSERT_EQ(q.shape(), (Shape{50, 3, 2}));
  const std::vector<double> r = raw.to_vector<double>(), s = q.to_vector<double>();
  int crossed = 0;
  for (int n = 0; n < 50; ++n)
    for (int e = 0; e < 2; ++e) {
      std::vector<double> heads{r[n * 6 + e], r[n * 6 + 2 + e], r[n * 6 + 4 + e]};
      crossed += !(heads[0] <= heads[1] && heads[1] <= heads[2]);
      std::sort(heads.begin(), heads.end());
      for (int i = 0; i < 3; ++i) EXPECT_EQ(s[(n * 3 + i) * 2 + e], heads[i]);
    }
  EXPECT_GT(crossed, 0);  // random heads do cross: the sort is exercised
  EXPECT_EQ(max(flatten(abs(fc::predict(*model, x) - select(q, 1, 1))), 0).item(), 0);
  EXPECT_NE(error_of([&] { fc::QuantileForecaster(inner, {0.1, 0.2, 0.5, 0.9}); }).find("not a multiple of 4"),
            std::string::npos);
}

TEST(IntervalScore, HandComputedValues) {
  // two windows, one step, levels 0.1, 0.5, 0.9; actual 1 inside [0, 2], actual 5 above [3, 4]
  const Tensor q = from_vector(std::vector<double>{0, 1, 2, 3, 3.5, 4}, {2, 3, 1});
  const Tensor y = from_vector(std::vector<double>{1, 5}, {2, 1});
  const fc::IntervalScore s = fc::score_intervals(q, y, {0.1, 0.5, 0.9});
  EXPECT_DOUBLE_EQ(s.coverage, 0.5);
  EXPECT_NEAR(s.nominal, 0.8, 1e-12);
  EXPECT_DOUBLE_EQ(s.mean_width, 1.5);  // (2 + 1) / 2
  // level 0.1: d = 1 and 2 -> 0.1 and 0.2 -> mean 0.15; 0.5: d = 0, 1.5 -> 0, 0.75 -> 0.375;
  // 0.9: d = -1, 1 -> 0.1, 0.9 -> 0.5
  EXPECT_NEAR(s.pinball[0], 0.15, 1e-12);
  EXPECT_NEAR(s.pinball[1], 0.375, 1e-12);
  EXPECT_NEAR(s.pinball[2], 0.5, 1e-12);
  EXPECT_NE(error_of([&] { fc::score_intervals(q, y, {0.1, 0.9}); }).find("(2, 3, 1)"), std::string::npos);
}

TEST(QuantileForecaster, LearnsAnIntervalWithItsNominalCoverage) {
  // y = mean of the window + gaussian noise of stddev 0.5: the 0.1 and 0.9 quantiles are the mean
  // -/+ 1.2816 * 0.5, so [q0.1, q0.9] should hold 80% of new values and be 1.28 wide
  Generator data_gen(11);
  auto make = [&](int64_t n) {
    std::vector<float> xs(static_cast<size_t>(n * 4)), ys(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
      double m = 0;
      for (int k = 0; k < 4; ++k) m += (xs[i * 4 + k] = static_cast<float>(data_gen.normal01()));
      ys[i] = static_cast<float>(m / 4 + 0.5 * data_gen.normal01());
    }
    return fc::Dataset{from_vector(xs, {n, 4, 1}), from_vector(ys, {n, 1}), std::vector<int64_t>(n)};
  };
  const fc::Dataset train = make(4000), test = make(4000);
  Generator gen(12);
  auto model = std::make_shared<fc::QuantileForecaster>(std::make_shared<fc::LinearForecaster>(4, 1, 3, gen),
                                                        std::vector<double>{0.1, 0.5, 0.9});
  fc::fit(*model, train, fc::Dataset{}, {.epochs = 8, .batch = 32, .lr = 1e-2}, gen);
  const fc::IntervalScore s = fc::score_intervals(fc::predict_quantiles(*model, test.x), test.y, model->levels());
  EXPECT_NEAR(s.coverage, 0.80, 0.03);
  EXPECT_NEAR(s.mean_width, 2 * 1.2816 * 0.5, 0.1);
}
