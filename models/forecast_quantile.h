/// @file
/// Quantile forecasts: prediction intervals from one head per quantile level, trained with the
/// pinball loss (quantile_loss in autograd/ops.h), as Darts' QuantileRegression and GluonTS do.
///
/// A model that forecasts E steps is built to emit Q * E values instead, level-major: value
/// i * E + e is the levels[i] quantile of step e. Trained on the pinball loss, each head learns
/// its quantile of the target given the window: with levels 0.1, 0.5, 0.9, the interval
/// [q0.1, q0.9] should hold 80% of the actual values (its "nominal coverage"), and the median
/// q0.5 is the point forecast (the one MSE, MAE and the plots use).
///
/// Quantile crossing. Nothing in separate heads keeps q0.1 <= q0.5 <= q0.9 for every window.
/// predict_quantiles sorts the Q values of each step (Chernozhukov et al. 2010, "rearrangement"):
/// the sorted curve is a valid set of quantiles and its pinball loss is never higher than the
/// unsorted one's. So the output never crosses; the raw heads, during training, may.
///
/// @code{.cpp}
///   auto inner = forecast::make_model({.kind = "linear", .window = 96, .outputs = 3 * 24}, gen);
///   auto model = std::make_shared<forecast::QuantileForecaster>(inner, std::vector{0.1, 0.5, 0.9});
///   forecast::fit(*model, train, val, {.epochs = 10}, gen);        // pinball loss
///   Tensor q = forecast::predict_quantiles(*model, test.x);        // (N, 3, 24), sorted
///   Tensor y = forecast::predict(*model, test.x);                  // (N, 24), the median
/// @endcode
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "forecast_models.h"

namespace ripple::forecast {

/// Checks a list of quantile levels: each in (0, 1), strictly increasing, 0.5 among them (the
/// point forecast). Throws ripple::Error naming the list and the rule.
void check_quantile_levels(const std::vector<double>& levels);

/// A forecaster whose inner model emits Q * E values, read as Q quantile levels of E steps.
class QuantileForecaster : public Forecaster {
 public:
  /// Throws ripple::Error unless `levels` passes check_quantile_levels and the inner model's
  /// outputs are a multiple of Q.
  QuantileForecaster(std::shared_ptr<Forecaster> inner, std::vector<double> levels);
  /// The inner model's output: (B, Q * E) or (B, T, Q * E), level-major, unsorted.
  Tensor forward(const Tensor& x) override;
  std::string describe() const override;
  bool sequence_output() const override { return inner_->sequence_output(); }
  /// E, the steps forecast (not Q * E).
  int64_t outputs() const override { return inner_->outputs() / static_cast<int64_t>(levels_.size()); }
  int64_t receptive_field() const override { return inner_->receptive_field(); }
  const std::vector<double>& levels() const { return levels_; }
  /// The index of 0.5 in levels().
  int64_t median_index() const;
  Forecaster& inner() { return *inner_; }

 private:
  std::shared_ptr<Forecaster> inner_;
  std::vector<double> levels_;
};

/// The quantile forecasts after the last input step, in eval mode without gradients:
/// x (N, T, F) -> (N, Q, E), sorted along Q (never crossing). Computed in chunks of `chunk`.
Tensor predict_quantiles(QuantileForecaster& model, const Tensor& x, int64_t chunk = 1024);

/// How good a set of quantile forecasts is, against the actual values.
struct IntervalScore {
  std::vector<double> pinball;  ///< per level: the mean pinball loss over windows and steps
  double coverage = 0;          ///< the fraction of actual values inside [first level, last level]
  double nominal = 0;           ///< what that fraction should be: last level - first level
  double mean_width = 0;        ///< mean of last level - first level
};

/// Scores q (N, Q, E) of `levels` against y (N, E). Throws ripple::Error naming shapes.
IntervalScore score_intervals(const Tensor& q, const Tensor& y, const std::vector<double>& levels);

}  // namespace ripple::forecast
