// Tests of the accuracy figures on the original scale (models/forecast_metrics.h), each against
// values worked out by hand in the comments.
#include <gtest/gtest.h>

#include <cmath>

#include "models/forecast_metrics.h"
#include "tests/op_testing.h"

using namespace ripple;
using namespace ripple::testing;
namespace fc = ripple::forecast;

namespace {

// Two forecasts of two steps. Errors |y - yhat|: row 0: 1, 0; row 1: 0, 3. Row 1, step 1 has
// y = yhat = 0, the 0/0 term of sMAPE.
const Tensor kActual = tensor({1, 2, 0, 4}, {2, 2}, DType::Float64);
const Tensor kPred = tensor({2, 2, 0, 1}, {2, 2}, DType::Float64);

}  // namespace

TEST(ForecastMetrics, PerStepAndOverallByHand) {
  const fc::Accuracy a = fc::accuracy(kPred, kActual, {7.0 / 3});
  ASSERT_EQ(a.per_step.size(), 2u);
  // step 1: errors 1, 0
  EXPECT_NEAR(a.per_step[0].rmse, std::sqrt(0.5), 1e-12);
  EXPECT_NEAR(a.per_step[0].mae, 0.5, 1e-12);
  EXPECT_NEAR(a.per_step[0].smape, 200.0 / 2 * (1.0 / 3 + 0), 1e-12);  // 1 / (1 + 2), 0/0 := 0
  EXPECT_NEAR(a.per_step[0].mase.value(), 0.5 / (7.0 / 3), 1e-12);
  // step 2: errors 0, 3
  EXPECT_NEAR(a.per_step[1].rmse, std::sqrt(4.5), 1e-12);
  EXPECT_NEAR(a.per_step[1].mae, 1.5, 1e-12);
  EXPECT_NEAR(a.per_step[1].smape, 200.0 / 2 * (0 + 3.0 / 5), 1e-12);  // 0 / 4, 3 / (4 + 1)
  // overall: errors 1, 0, 0, 3
  EXPECT_NEAR(a.overall.rmse, std::sqrt(10.0 / 4), 1e-12);
  EXPECT_NEAR(a.overall.mae, 1.0, 1e-12);
  EXPECT_NEAR(a.overall.smape, 200.0 / 4 * (1.0 / 3 + 3.0 / 5), 1e-12);
  EXPECT_NEAR(a.overall.mase.value(), 3.0 / 7, 1e-12);
}

TEST(ForecastMetrics, SmapeIsSymmetricAndBounded) {
  // |y - yhat| / (|y| + |yhat|) is the same with y and yhat swapped, and 1 (200%) when one is 0
  const Tensor y = tensor({0, 5}, {1, 2}, DType::Float64), yhat = tensor({3, 0}, {1, 2}, DType::Float64);
  EXPECT_NEAR(fc::accuracy(yhat, y, {1}).overall.smape, 200.0, 1e-12);
  EXPECT_NEAR(fc::accuracy(kActual, kPred, {1}).overall.smape, fc::accuracy(kPred, kActual, {1}).overall.smape,
              1e-12);
  EXPECT_EQ(fc::accuracy(kActual, kActual, {1}).overall.smape, 0.0);  // all terms 0, one of them 0/0
}

TEST(ForecastMetrics, MaseScalesEachSeriesByItsOwnError) {
  // rows 0 and 1 are two series with scales 1 and 2: scaled errors 1, 0 and 0, 3 / 2
  const fc::Accuracy a = fc::accuracy(kPred, kActual, {1.0, 2.0});
  EXPECT_NEAR(a.per_step[0].mase.value(), (1.0 + 0) / 2, 1e-12);
  EXPECT_NEAR(a.per_step[1].mase.value(), (0 + 1.5) / 2, 1e-12);
  EXPECT_NEAR(a.overall.mase.value(), (1.0 + 0 + 0 + 1.5) / 4, 1e-12);
  // the scaled figures do not change RMSE, MAE or sMAPE
  EXPECT_NEAR(a.overall.mae, 1.0, 1e-12);
}

TEST(ForecastMetrics, ZeroScaleLeavesMaseAbsentNotInfinite) {
  const fc::Accuracy a = fc::accuracy(kPred, kActual, {1.0, 0.0});
  EXPECT_FALSE(a.overall.mase.has_value());
  for (const fc::Scores& s : a.per_step) EXPECT_FALSE(s.mase.has_value());
  EXPECT_NEAR(a.overall.mae, 1.0, 1e-12);  // the others are still reported
  EXPECT_FALSE(fc::accuracy(kPred, kActual, {std::nan("")}).overall.mase.has_value());
}

TEST(ForecastMetrics, SeasonalNaiveScaleByHand) {
  // 1, 3, 2, 6: changes over 1 step 2, 1, 4 (mean 7/3); over 2 steps 1, 3 (mean 2)
  const Tensor s = tensor({1, 3, 2, 6}, {1, 4}, DType::Float64);
  EXPECT_NEAR(fc::seasonal_naive_scale(s, 1), 7.0 / 3, 1e-12);
  EXPECT_NEAR(fc::seasonal_naive_scale(s, 2), 2.0, 1e-12);
  // rows are separate series: 0 -> 10 between them is no change of either
  const Tensor two = tensor({0, 1, 2, 10, 10, 10}, {2, 3}, DType::Float64);
  EXPECT_NEAR(fc::seasonal_naive_scale(two, 1), (1 + 1 + 0 + 0) / 4.0, 1e-12);
  EXPECT_EQ(fc::seasonal_naive_scale(tensor({5, 5, 5}, {1, 3}), 1), 0.0);  // constant: 0, no error
}

TEST(ForecastMetrics, ErrorsNameTheShapes) {
  expect_error_containing([] { fc::seasonal_naive_scale(tensor({1, 2}, {1, 2}), 2); },
                          "need series (S, T) with T > period >= 1, got (1, 2) and period 2");
  expect_error_containing([] { fc::accuracy(kPred, tensor({1, 2}, {1, 2}), {1}); },
                          "got (2, 2) and (1, 2)");
  expect_error_containing([] { fc::accuracy(kPred, kActual, {1, 1, 1}); },
                          "2 forecasts cannot be split into 3 series");
}
